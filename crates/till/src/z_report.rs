//! The daily close (Z-report) as the manager's screen and the CLI get it: the ledger's exact
//! arithmetic for one business day, placed on the shop's calendar and named with its shop, zone
//! and cut-off. Printing it as text is in `report_text.rs`, its chart in `report_chart.rs`.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;
use stabletill_ledger::{DayReport, Ledger};

use crate::business_day::format_day_cutoff;
use crate::{TillConfig, TillError};

/// One business day's close. Serialises as the ledger's [`DayReport`] (`day`, `count`,
/// `currencies.<CUR>.paid`, … amounts as decimal strings, times as UTC instants) plus `timeZone`,
/// `dayCutoff`, `shopName` and `tillId`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZReport {
    #[serde(flatten)]
    pub report: DayReport,
    /// The zone the day was placed in, e.g. "Europe/Berlin".
    pub time_zone: String,
    /// When the business day starts, "HH:MM".
    pub day_cutoff: String,
    pub shop_name: Option<String>,
    pub till_id: String,
    /// For showing the report's instants as the shop's local times.
    #[serde(skip)]
    pub(crate) zone: TimeZone,
}

impl ZReport {
    /// Adds up business `day` from `ledger` with the calendar in `config`.
    pub(crate) fn build(ledger: &Ledger, config: &TillConfig, day: Date) -> Result<Self, TillError> {
        let calendar = config.calendar();
        let report = ledger.day_report(&calendar.report_period(day)?)?;
        Ok(Self {
            report,
            time_zone: calendar.zone_name(),
            day_cutoff: format_day_cutoff(calendar.cutoff()),
            shop_name: config.shop_name.clone(),
            till_id: config.till_id.clone(),
            zone: calendar.zone().clone(),
        })
    }

    /// The shop's zone, for showing the report's instants as local times.
    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }
}

#[cfg(test)]
mod reconcile_tests;
#[cfg(test)]
mod tests;
