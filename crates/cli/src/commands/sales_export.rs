//! `stabletill sales export --day YYYY-MM-DD [--to YYYY-MM-DD] --format csv|xlsx --out PATH`:
//! business days to a file, written atomically, recorded in the audit log as "cli".

use std::path::PathBuf;
use std::process::ExitCode;

use stabletill_till::{BackOffice, ExportFormat, ExportRequest, ManagerPass, TillError, TillHome};

use super::sales::parse_day;
use crate::exit;

pub fn run(home: &TillHome, day: &str, to: Option<&str>, format: &str, out: PathBuf) -> ExitCode {
    match export(home, day, to, format, out) {
        Ok(()) => exit::SUCCESS.into(),
        Err(e) => exit::report(&e),
    }
}

fn export(home: &TillHome, day: &str, to: Option<&str>, format: &str, out: PathBuf) -> Result<(), TillError> {
    // Every argument is checked before anything is opened or written.
    let first_day = parse_day(day)?;
    let last_day = to.map(parse_day).transpose()?.unwrap_or(first_day);
    let format: ExportFormat = format.parse()?;
    let request = ExportRequest { first_day, last_day, format, out };
    let outcome = BackOffice::open(home)?.export_sales(&ManagerPass::cli(), &request)?;
    let days = if first_day == last_day {
        format!("business day {first_day}")
    } else {
        format!("business days {first_day} to {last_day}")
    };
    println!("{} sales written to {} ({}, {days})", outcome.rows, outcome.path.display(), format.as_str());
    Ok(())
}
