//! Exporting a range of business days to a file: the days placed on the shop's calendar, the
//! ledger's CSV or XLSX writer, and the file written atomically — a crash or a full disk leaves
//! the previous file (or none), never half an export that looks whole.

use std::io::BufWriter;
use std::path::PathBuf;
use std::str::FromStr;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use stabletill_ledger::{CurrencyBook, ExportPeriod, Ledger};

use crate::atomic_file::write_atomically;
use crate::{BusinessCalendar, TillError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// RFC 4180 CSV, UTF-8: the exact record.
    Csv,
    /// An Excel workbook with typed cells and a Totals sheet.
    Xlsx,
}

impl ExportFormat {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

impl FromStr for ExportFormat {
    type Err = TillError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Self::Csv),
            "xlsx" => Ok(Self::Xlsx),
            other => {
                Err(TillError::InvalidSetting(format!("{other:?} is not an export format: use csv or xlsx")))
            }
        }
    }
}

/// What to export: business days `first_day` to `last_day`, both included.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportRequest {
    pub first_day: Date,
    pub last_day: Date,
    pub format: ExportFormat,
    /// The file to write; replaced if it exists.
    pub out: PathBuf,
}

/// What was exported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportOutcome {
    /// Sales written, one row each.
    pub rows: u64,
    pub path: PathBuf,
    pub format: ExportFormat,
    pub first_day: Date,
    pub last_day: Date,
    /// The instants the days cover: sales created in `[from, until)`.
    pub from: Timestamp,
    pub until: Timestamp,
    /// The exported sales added up exactly, as the Z-report adds them up.
    pub totals: CurrencyBook,
}

/// Writes the export `request` asks for from `ledger`.
pub(crate) fn export_sales(
    ledger: &Ledger,
    calendar: &BusinessCalendar,
    request: &ExportRequest,
) -> Result<ExportOutcome, TillError> {
    let (from, until) = calendar.range_bounds(request.first_day, request.last_day)?;
    let period = ExportPeriod { from, until, zone: calendar.zone().clone() };
    let summary = write_atomically(&request.out, |temporary, file| {
        Ok(match request.format {
            ExportFormat::Csv => ledger.export_csv(&period, BufWriter::new(file))?,
            ExportFormat::Xlsx => ledger.export_xlsx(&period, temporary)?,
        })
    })?;
    tracing::info!(
        rows = summary.rows,
        format = request.format.as_str(),
        path = %request.out.display(),
        "sales exported"
    );
    Ok(ExportOutcome {
        rows: summary.rows,
        path: request.out.clone(),
        format: request.format,
        first_day: request.first_day,
        last_day: request.last_day,
        from,
        until,
        totals: summary.totals,
    })
}
