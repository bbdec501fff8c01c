//! The sale lifecycle of a StableTill: where a till keeps its data, its settings, the API secret
//! in the OS keyring, amount checks, and creating, polling and recording a sale. The desktop app
//! and the `stabletill` CLI are thin layers over this crate.

mod amount;
mod config;
mod demo;
mod error;
mod exceptions;
mod follow;
mod home;
mod keyring_platform;
mod methods;
mod order_id;
mod qr;
mod sale_view;
mod sales_query;
mod scheduler;
mod secret_store;
mod start;
mod state_mapping;
mod till;

pub use amount::{parse_amount, AmountError};
pub use config::{ConfigKey, TillConfig, DEFAULT_ORDER_LIFETIME};
pub use demo::DemoGateway;
pub use error::{ErrorCode, TillError};
pub use home::TillHome;
pub use methods::{MethodOption, MethodView};
pub use qr::{qr_svg, qr_terminal};
pub use sale_view::{MoneyView, SaleView};
pub use sales_query::list_sales;
pub use scheduler::{Attention, GatewayHealth, PollScheduler, EXPIRY_GRACE};
pub use secret_store::SecretStore;
pub use till::{GatewaySetup, Till, WatchOutcome};

pub use stabletill_gateway::{ApiSecret, GatewayEnvironment};
pub use stabletill_ledger::{SaleException, SaleState};
