//! The XLSX export: a "Sales" sheet with typed cells (amounts as numbers showing their own
//! decimals, times as real date cells in the shop's local time) and a "Totals" sheet.
//!
//! Excel stores every number as a binary double (about 15 significant digits), so an amount like
//! 0.1 or one with 18 decimals is shown rounded and cannot be summed exactly there. The CSV export
//! and the daily report are the exact record; the workbook is for reading and charting.

use std::collections::HashMap;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::cells::{exceptions_text, fitted_to_cell};
use super::{ExportPeriod, ExportSummary, EXPORT_COLUMNS};
use crate::report::{add_to_book, CurrencyBook, StateTotals};
use crate::{Ledger, LedgerError, SaleRecord};

/// Rows of sales on one sheet: Excel's 1,048,576 rows less the header. More sales continue on
/// "Sales 2", "Sales 3", …
const SALES_PER_SHEET: u32 = 1_048_575;

/// Where each typed column is; the rest are text.
const CREATED: u16 = 3;
const FINISHED: u16 = 4;
const ORDER_AMOUNT: u16 = 8;
const CRYPTO_DUE: u16 = 10;
const CRYPTO_PAID: u16 = 11;

impl Ledger {
    /// Writes the sales of `period` to a new workbook at `path` (replacing a file there), oldest
    /// first. The sheets are written in constant-memory mode through temporary files beside
    /// `path`, so memory stays flat however many sales there are.
    pub fn export_xlsx(&self, period: &ExportPeriod, path: &Path) -> Result<ExportSummary, LedgerError> {
        self.export_xlsx_paged(period, path, SALES_PER_SHEET)
    }

    /// [`Ledger::export_xlsx`] with a smaller sheet, so tests can see a second sheet begin.
    pub(crate) fn export_xlsx_paged(
        &self,
        period: &ExportPeriod,
        path: &Path,
        per_sheet: u32,
    ) -> Result<ExportSummary, LedgerError> {
        let mut book = SalesBook::new(path, period.zone.clone())?;
        let mut summary = ExportSummary { rows: 0, totals: CurrencyBook::new() };
        self.for_each_sale(period.from, period.until, |sale| {
            if summary.rows % u64::from(per_sheet) == 0 {
                book.start_sheet(summary.rows / u64::from(per_sheet) + 1)?;
            }
            let row = u32::try_from(summary.rows % u64::from(per_sheet)).unwrap_or(u32::MAX - 1) + 1;
            book.write_sale(row, &sale)?;
            summary.rows += 1;
            add_to_book(&mut summary.totals, &sale)
        })?;
        if summary.rows == 0 {
            // A workbook with only a header still says what would have been there.
            book.start_sheet(1)?;
        }
        book.write_totals(&summary.totals)?;
        book.workbook.save(path).map_err(xlsx_error)?;
        Ok(summary)
    }
}

/// The workbook being written and the formats its cells share.
struct SalesBook {
    workbook: Workbook,
    zone: TimeZone,
    formats: CellFormats,
}

/// Made once and shared by every cell that uses them (a million rows need no million formats).
struct CellFormats {
    header: Format,
    date: Format,
    /// One number format per count of decimals, e.g. 2 → "0.00".
    amounts: HashMap<u32, Format>,
}

impl CellFormats {
    /// "0.00" for two decimals, "0" for none: each amount shows the decimals it was stored with.
    fn amount(&mut self, scale: u32) -> &Format {
        self.amounts.entry(scale).or_insert_with(|| {
            let decimals = "0".repeat(usize::try_from(scale).unwrap_or(0));
            let pattern = if decimals.is_empty() { "0".to_owned() } else { format!("0.{decimals}") };
            Format::new().set_num_format(pattern)
        })
    }
}

impl SalesBook {
    fn new(path: &Path, zone: TimeZone) -> Result<Self, LedgerError> {
        let mut workbook = Workbook::new();
        // The sheets' temporary files go beside the export: that folder is known to be writable
        // and to have room for what the export will hold anyway.
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            workbook.set_tempdir(dir).map_err(xlsx_error)?;
        }
        let formats = CellFormats {
            header: Format::new().set_bold(),
            date: Format::new().set_num_format("yyyy-mm-dd hh:mm:ss"),
            amounts: HashMap::new(),
        };
        Ok(Self { workbook, zone, formats })
    }

    /// Adds sales sheet number `number` (1 is "Sales") with its header row.
    fn start_sheet(&mut self, number: u64) -> Result<(), LedgerError> {
        let name = if number == 1 { "Sales".to_owned() } else { format!("Sales {number}") };
        let zone_name = self.zone.iana_name().unwrap_or("local time").to_owned();
        let header = &self.formats.header;
        let sheet = self.workbook.add_worksheet_with_constant_memory();
        sheet.set_name(name).map_err(xlsx_error)?;
        for (column, title) in (0u16..).zip(EXPORT_COLUMNS) {
            // The date columns say which clock they show: Excel dates have no zone.
            let title = match column {
                CREATED | FINISHED => format!("{title} ({zone_name})"),
                _ => title.to_owned(),
            };
            sheet.write_string_with_format(0, column, title, header).map_err(xlsx_error)?;
        }
        for (column, width) in [(1, 30), (2, 20), (CREATED, 20), (FINISHED, 20), (14, 44)] {
            sheet.set_column_width(column, width).map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
        Ok(())
    }

    fn write_sale(&mut self, row: u32, sale: &SaleRecord) -> Result<(), LedgerError> {
        let created = excel_time(sale.created_at, &self.zone)?;
        let finished = sale.finished_at.map(|at| excel_time(at, &self.zone)).transpose()?;
        let amounts = [
            (ORDER_AMOUNT, Some(sale.order_amount)),
            (CRYPTO_DUE, sale.crypto_amount),
            (CRYPTO_PAID, sale.crypto_paid_amount),
        ];
        let texts = [
            (1, Some(sale.merchant_order_id.as_str())),
            (2, sale.acquiring_order_id.as_deref()),
            (5, Some(sale.state.as_str())),
            (6, sale.raw_status.as_deref()),
            (9, Some(sale.currency.as_str())),
            (12, sale.crypto_currency.as_deref()),
            (13, Some(sale.network.as_str())),
            (14, sale.deposit_address.as_deref()),
            (15, sale.cashier.as_deref()),
        ];
        let SalesBook { workbook, formats, .. } = self;
        let sheet = current_sheet(workbook)?;
        // The local id is an SQLite rowid: far below 2^53, so a double holds it exactly.
        sheet.write_number(row, 0, sale.id as f64).map_err(xlsx_error)?;
        // String cells are never formulas in a workbook, so no text needs neutralising here.
        for (column, text) in texts {
            if let Some(text) = text.filter(|text| !text.is_empty()) {
                sheet.write_string(row, column, fitted_to_cell(text)).map_err(xlsx_error)?;
            }
        }
        sheet.write_datetime_with_format(row, CREATED, &created, &formats.date).map_err(xlsx_error)?;
        if let Some(finished) = finished {
            sheet.write_datetime_with_format(row, FINISHED, &finished, &formats.date).map_err(xlsx_error)?;
        }
        let flags = exceptions_text(&sale.exceptions);
        if !flags.is_empty() {
            sheet.write_string(row, 7, flags).map_err(xlsx_error)?;
        }
        for (column, amount) in amounts {
            if let Some(amount) = amount {
                let number = excel_number(amount)?;
                sheet
                    .write_number_with_format(row, column, number, formats.amount(amount.scale()))
                    .map_err(xlsx_error)?;
            }
        }
        Ok(())
    }

    /// The "Totals" sheet: per currency, then per network, one row per state that had sales.
    fn write_totals<'a>(&mut self, totals: &'a CurrencyBook) -> Result<(), LedgerError> {
        let mut rows: Vec<(&str, &str, &'static str, u64, [Decimal; 3])> = Vec::new();
        let mut push = |currency: &'a str, network: &'a str, states: &StateTotals| {
            for (state, line) in states.rows().into_iter().filter(|(_, line)| line.count > 0) {
                rows.push((
                    currency,
                    network,
                    state,
                    line.count,
                    [line.order_amount, line.crypto_due, line.crypto_paid],
                ));
            }
        };
        for (currency, by_currency) in totals {
            push(currency, "all", &by_currency.states);
            for (network, by_network) in &by_currency.networks {
                push(currency, network, &by_network.states);
            }
        }
        let SalesBook { workbook, formats, .. } = self;
        let sheet = workbook.add_worksheet();
        sheet.set_name("Totals").map_err(xlsx_error)?;
        let titles = ["currency", "network", "state", "count", "orderAmount", "cryptoDue", "cryptoPaid"];
        for (column, title) in (0u16..).zip(titles) {
            sheet.write_string_with_format(0, column, title, &formats.header).map_err(xlsx_error)?;
        }
        let mut row = 1;
        for (currency, network, state, count, amounts) in rows {
            sheet.write_string(row, 0, fitted_to_cell(currency)).map_err(xlsx_error)?;
            sheet.write_string(row, 1, fitted_to_cell(network)).map_err(xlsx_error)?;
            sheet.write_string(row, 2, state).map_err(xlsx_error)?;
            // A count of sales: far below 2^53, exact as a double.
            sheet.write_number(row, 3, count as f64).map_err(xlsx_error)?;
            for (column, amount) in (4u16..).zip(amounts) {
                let number = excel_number(amount)?;
                sheet
                    .write_number_with_format(row, column, number, formats.amount(amount.scale()))
                    .map_err(xlsx_error)?;
            }
            row += 1;
        }
        let note = "Excel keeps numbers as binary doubles (about 15 significant digits): amounts \
                    here may show rounded. The CSV export and the Z-report are the exact record.";
        sheet.write_string(row + 1, 0, note).map_err(xlsx_error)?;
        sheet.set_column_width(0, 12).map_err(xlsx_error)?;
        sheet.set_column_width(1, 12).map_err(xlsx_error)?;
        for column in 4..=6 {
            sheet.set_column_width(column, 18).map_err(xlsx_error)?;
        }
        Ok(())
    }
}

/// The sheet rows are being written to: the last one added.
fn current_sheet(workbook: &mut Workbook) -> Result<&mut Worksheet, LedgerError> {
    workbook
        .worksheets_mut()
        .last_mut()
        .ok_or_else(|| LedgerError::Export("no sales sheet was started".to_owned()))
}

/// The nearest double to the decimal: parsing its exact text rounds once, correctly.
fn excel_number(amount: Decimal) -> Result<f64, LedgerError> {
    amount
        .to_string()
        .parse::<f64>()
        .map_err(|err| LedgerError::Export(format!("{amount} cannot be written as a number: {err}")))
}

/// The shop's local wall-clock time of `at` as an Excel date cell (Excel dates have no zone).
fn excel_time(at: Timestamp, zone: &TimeZone) -> Result<ExcelDateTime, LedgerError> {
    let local = zone.to_datetime(at);
    let out_of_range =
        |err: XlsxError| LedgerError::Export(format!("{local} cannot be a spreadsheet date: {err}"));
    let number = |value: i8| u8::try_from(value).unwrap_or_default();
    let year =
        u16::try_from(local.year()).map_err(|_| LedgerError::Export(format!("{local} is before year 0")))?;
    let millisecond = u16::try_from(local.subsec_nanosecond() / 1_000_000).unwrap_or_default();
    ExcelDateTime::from_ymd(year, number(local.month()), number(local.day()))
        .and_then(|date| {
            date.and_hms_milli(
                u16::from(number(local.hour())),
                number(local.minute()),
                number(local.second()),
                millisecond,
            )
        })
        .map_err(out_of_range)
}

fn xlsx_error(err: XlsxError) -> LedgerError {
    LedgerError::Export(err.to_string())
}

#[cfg(test)]
mod tests;
