//! The CSV export: RFC 4180 (comma-separated, CRLF line ends, quotes where needed), UTF-8, one
//! row per sale with the columns of [`EXPORT_COLUMNS`]. Amounts are written digit for digit as
//! stored: the CSV is the exact record.

use std::borrow::Cow;
use std::io::Write;

use rust_decimal::Decimal;

use super::cells::{exceptions_text, local_time_text, neutralised};
use super::{ExportPeriod, ExportSummary, EXPORT_COLUMNS};
use crate::report::add_to_book;
use crate::{Ledger, LedgerError, SaleRecord};

impl Ledger {
    /// Writes the sales of `period` to `out` as CSV, oldest first, and says how many and what
    /// they add up to. `out` is flushed but not synced: making the file durable is the caller's.
    pub fn export_csv<W: Write>(&self, period: &ExportPeriod, out: W) -> Result<ExportSummary, LedgerError> {
        let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(out);
        writer.write_record(EXPORT_COLUMNS).map_err(csv_error)?;
        let mut summary = ExportSummary { rows: 0, totals: Default::default() };
        self.for_each_sale(period.from, period.until, |sale| {
            for cell in csv_row(&sale, period) {
                writer.write_field(cell.as_bytes()).map_err(csv_error)?;
            }
            // An empty record ends the row begun field by field.
            writer.write_record(None::<&[u8]>).map_err(csv_error)?;
            summary.rows += 1;
            add_to_book(&mut summary.totals, &sale)
        })?;
        writer.flush().map_err(|err| LedgerError::Export(err.to_string()))?;
        Ok(summary)
    }
}

/// One sale's cells. Text that came from outside (the gateway, a wallet, a cashier) is
/// neutralised; the amount columns are left as the plain numbers they are.
fn csv_row<'a>(sale: &'a SaleRecord, period: &ExportPeriod) -> [Cow<'a, str>; 16] {
    let text = |value: Option<&'a str>| neutralised(value.unwrap_or_default());
    let amount = |value: Option<Decimal>| Cow::Owned(value.map(|v| v.to_string()).unwrap_or_default());
    [
        Cow::Owned(sale.id.to_string()),
        text(Some(&sale.merchant_order_id)),
        text(sale.acquiring_order_id.as_deref()),
        Cow::Owned(local_time_text(sale.created_at, &period.zone)),
        Cow::Owned(sale.finished_at.map(|at| local_time_text(at, &period.zone)).unwrap_or_default()),
        Cow::Borrowed(sale.state.as_str()),
        text(sale.raw_status.as_deref()),
        Cow::Owned(exceptions_text(&sale.exceptions)),
        amount(Some(sale.order_amount)),
        text(Some(&sale.currency)),
        amount(sale.crypto_amount),
        amount(sale.crypto_paid_amount),
        text(sale.crypto_currency.as_deref()),
        text(Some(&sale.network)),
        text(sale.deposit_address.as_deref()),
        text(sale.cashier.as_deref()),
    ]
}

fn csv_error(err: csv::Error) -> LedgerError {
    LedgerError::Export(err.to_string())
}

#[cfg(test)]
mod tests;
