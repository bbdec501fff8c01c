//! Reading the sales log without a gateway: listings for the CLI and reports.

use jiff::civil::Date;
use stabletill_ledger::{Ledger, SalesFilter};

use crate::{BusinessCalendar, SaleView, TillConfig, TillError, TillHome};

/// Sales created on business `day` (the shop's time zone and day cut-off from the settings; all
/// sales when `None`), newest first, read straight from the sales log in `home`. Needs no secret
/// and no network, and writes nothing.
pub fn list_sales(home: &TillHome, day: Option<Date>) -> Result<Vec<SaleView>, TillError> {
    if !home.sales_log().exists() {
        return Ok(Vec::new());
    }
    let calendar = TillConfig::load(home)?.calendar();
    sales_on_day(&Ledger::open(&home.sales_log())?, &calendar, day)
}

pub(crate) fn sales_on_day(
    ledger: &Ledger,
    calendar: &BusinessCalendar,
    day: Option<Date>,
) -> Result<Vec<SaleView>, TillError> {
    let filter = match day {
        None => SalesFilter::default(),
        Some(day) => {
            let (from, until) = calendar.bounds(day)?;
            SalesFilter { from: Some(from), until: Some(until), limit: None }
        }
    };
    Ok(ledger.list_sales(&filter)?.iter().map(SaleView::from).collect())
}
