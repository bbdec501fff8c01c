//! Reading the sales log without a gateway: listings for the CLI and reports.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use stabletill_ledger::{Ledger, SalesFilter};

use crate::{SaleView, TillError, TillHome};

/// Sales created on `day` (a calendar day in this computer's time zone; all when `None`),
/// newest first, read straight from the sales log in `home`. Needs no secret and no network.
pub fn list_sales(home: &TillHome, day: Option<Date>) -> Result<Vec<SaleView>, TillError> {
    if !home.sales_log().exists() {
        return Ok(Vec::new());
    }
    sales_on_day(&Ledger::open(&home.sales_log())?, day)
}

pub(crate) fn sales_on_day(ledger: &Ledger, day: Option<Date>) -> Result<Vec<SaleView>, TillError> {
    let filter = match day {
        None => SalesFilter::default(),
        Some(day) => {
            let start = day.to_zoned(TimeZone::system()).map_err(|e| {
                TillError::InvalidSetting(format!("{day} cannot be placed in this time zone: {e}"))
            })?;
            let end = start
                .tomorrow()
                .map_err(|e| TillError::InvalidSetting(format!("{day} has no next day: {e}")))?;
            SalesFilter { from: Some(start.timestamp()), until: Some(end.timestamp()), limit: None }
        }
    };
    Ok(ledger.list_sales(&filter)?.iter().map(SaleView::from).collect())
}
