//! StableTill's sales log: every sale the till starts, every status the gateway reports for it,
//! kept in a local SQLite file so nothing is lost to a crash or a restart.
//!
//! The ledger records what it is told; it knows nothing of the gateway, Tauri or the UI. Money is
//! [`rust_decimal::Decimal`] in Rust and a decimal string in SQLite (never a float); timestamps are
//! [`jiff::Timestamp`] in Rust and unix milliseconds in SQLite.

mod audit;
mod backup;
mod error;
mod exception;
mod export;
mod file_check;
mod integrity;
mod ledger;
mod migration;
mod read;
mod report;
mod row;
mod sale;
mod scan;
mod state;
#[cfg(test)]
mod test_support;
mod write;

pub use audit::{AuditEntry, AuditFilter};
pub use error::LedgerError;
pub use exception::SaleException;
pub use export::{ExportPeriod, ExportSummary, EXPORT_COLUMNS};
pub use ledger::Ledger;
pub use report::{
    CashierTotals, CurrencyBook, CurrencyTotals, DayReport, ExceptionKind, ExceptionLine, HourTotals,
    NetworkTotals, ReportPeriod, SaleMoment, StateTotals, Totals,
};
pub use sale::{NewSale, OrderDetails, SaleEvent, SaleRecord, SalesFilter, StatusUpdate};
pub use state::SaleState;
