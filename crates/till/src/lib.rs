//! The sale lifecycle of a StableTill: where a till keeps its data, its settings, the API secret
//! in the OS keyring, amount checks, and creating, polling and recording a sale; and the
//! manager's side (business days, the daily close, exports, the manager PIN, the audit log). The
//! desktop app and the `stabletill` CLI are thin layers over this crate.

mod amount;
mod amount_sum;
mod answer_check;
mod atomic_file;
mod back_office;
mod business_day;
mod cashiers;
mod config;
mod demo;
mod diagnostics;
mod error;
mod exceptions;
mod export;
mod follow;
mod gateway_check;
mod gateway_setup;
mod home;
mod instance_lock;
mod keyring_platform;
mod logging;
mod methods;
mod order_id;
mod payment_link;
mod pin;
mod pin_guard;
mod privacy;
mod qr;
mod report_chart;
mod report_text;
mod sale_view;
mod sales_query;
mod scheduler;
mod secret_store;
mod start;
mod state_mapping;
mod till;
mod z_report;

pub use amount::{parse_amount, AmountError};
pub use amount_sum::add_amounts;
pub use answer_check::{check_new_order, AskedOrder};
pub use back_office::{public_key_pem, AuditAction, BackOffice, ManagerPass, CLI_ACTOR, UNLOCK_LIFETIME};
pub use business_day::BusinessCalendar;
pub use cashiers::{Cashier, CounterSignIn, SignInStatus};
pub use config::{
    ConfigKey, CounterSettings, CustomerDisplay, MethodChoice, TillConfig, DEFAULT_ORDER_LIFETIME,
    DEFAULT_RETURN_AFTER,
};
pub use demo::DemoGateway;
pub use diagnostics::Diagnostics;
pub use error::{ErrorCode, TillError};
pub use export::{ExportFormat, ExportOutcome, ExportRequest};
pub use gateway_setup::{BlockAtmSetup, GatewaySetup, ShopGateway};
pub use home::TillHome;
pub use instance_lock::HomeLock;
pub use logging::{
    daily_log_files, last_log_lines, log_filter, MaskAddresses, PrivacySwitch, KEPT_LOG_FILES, LOG_ENV,
};
pub use methods::{MethodOption, MethodView};
pub use payment_link::{atomic_units, payment_link, qr_payload};
pub use pin::{Pin, PinHash};
pub use pin_guard::{PinGuard, PinStatus, ATTEMPTS_BEFORE_LOCKOUT};
pub use privacy::{mask_address, mask_addresses_in};
pub use qr::{qr_svg, qr_terminal};
pub use sale_view::{MoneyView, SaleView};
pub use sales_query::list_sales;
pub use scheduler::{Attention, GatewayHealth, PollScheduler, EXPIRY_GRACE};
pub use secret_store::SecretStore;
pub use till::{Till, WatchOutcome};
pub use z_report::ZReport;

pub use stabletill_gateway::{ApiSecret, GatewayEnvironment, GatewayKind};
pub use stabletill_ledger::{
    AuditEntry, AuditFilter, CurrencyBook, CurrencyTotals, DayReport, ExceptionKind, ExceptionLine,
    SaleException, SaleState,
};
