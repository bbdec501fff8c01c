//! Exporting the sales of a period for the accountant: CSV (the exact record, RFC 4180) and XLSX
//! (typed cells for a spreadsheet, with a Totals sheet). Both stream the sales from one prepared
//! statement, so a year of sales never sits in memory, and both count what they wrote into the
//! same exact totals the daily report uses.

mod cells;
mod csv_file;
mod xlsx_file;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::Serialize;

use crate::report::CurrencyBook;

/// The columns of both exports, in order: one row per sale.
pub const EXPORT_COLUMNS: [&str; 16] = [
    "localId",
    "merchantOrderId",
    "acquiringOrderId",
    "created",
    "finished",
    "state",
    "gatewayStatus",
    "exceptions",
    "orderAmount",
    "orderCurrency",
    "cryptoDue",
    "cryptoPaid",
    "cryptoCurrency",
    "network",
    "depositAddress",
    "cashier",
];

/// Which sales an export holds, and the zone its times are written in.
#[derive(Debug, Clone)]
pub struct ExportPeriod {
    /// Sales created in `[from, until)`.
    pub from: Timestamp,
    pub until: Timestamp,
    /// The shop's zone: every time is written as the shop's local time with its UTC offset.
    pub zone: TimeZone,
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    /// Sales written, one row each.
    pub rows: u64,
    /// The written sales added up, exactly as the daily report adds them up.
    pub totals: CurrencyBook,
}
