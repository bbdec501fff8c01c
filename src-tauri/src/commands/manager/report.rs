//! The daily close (Z-report) of one business day: the till's exact totals, its chart as an
//! `<img>` data URL, the plain text for a receipt printer, and the report's instants as the
//! shop's local times (the zone may not be the computer's, or have an IANA name JS knows).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;
use stabletill_till::{TillConfig, TillError, ZReport};
use tauri::{AppHandle, Runtime, State};

use super::{blocking, BackOfficeSlot};
use crate::IpcError;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportView {
    #[serde(flatten)]
    pub report: ZReport,
    /// `data:image/svg+xml;base64,…` of the paid-by-hour chart.
    pub chart: String,
    /// The report as plain text.
    pub text: String,
    pub local: LocalTimes,
}

/// The report's instants on the shop's clock.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LocalTimes {
    /// "2026-11-21 04:00"
    pub from: String,
    pub until: String,
    /// "14:05"
    pub first_sale: Option<String>,
    pub last_sale: Option<String>,
    /// One per exception, in the same order.
    pub exceptions: Vec<String>,
}

/// The close of business `day` ("YYYY-MM-DD"; today when absent).
#[tauri::command]
pub async fn day_report<R: Runtime>(
    app: AppHandle<R>,
    day: Option<String>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ReportView, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let day = day.filter(|d| !d.trim().is_empty()).map(|d| parse_day(&d)).transpose()?;
    blocking(move || {
        let day = match day {
            Some(day) => day,
            None => TillConfig::load(&unlocked.home)?.calendar().today()?,
        };
        let report = unlocked.office.day_report(&unlocked.pass, day)?;
        let chart = format!("data:image/svg+xml;base64,{}", STANDARD.encode(report.chart_svg()?));
        let local = local_times(&report);
        Ok(ReportView { text: report.to_text(), chart, local, report })
    })
    .await
}

/// "2026-11-21" → a date, or `invalid_setting` saying how to write one.
pub(crate) fn parse_day(text: &str) -> Result<Date, IpcError> {
    text.trim().parse::<Date>().map_err(|_| {
        IpcError::from(TillError::InvalidSetting(format!(
            "{text:?} is not a day: write it as YYYY-MM-DD, e.g. 2026-11-21"
        )))
    })
}

fn local_times(report: &ZReport) -> LocalTimes {
    let at = |instant: Timestamp, pattern: &str| {
        instant.to_zoned(report.zone().clone()).strftime(pattern).to_string()
    };
    let day = &report.report;
    LocalTimes {
        from: at(day.from, "%Y-%m-%d %H:%M"),
        until: at(day.until, "%Y-%m-%d %H:%M"),
        first_sale: day.first_sale.as_ref().map(|sale| at(sale.created_at, "%H:%M")),
        last_sale: day.last_sale.as_ref().map(|sale| at(sale.created_at, "%H:%M")),
        exceptions: day.exceptions.iter().map(|line| at(line.created_at, "%H:%M")).collect(),
    }
}
