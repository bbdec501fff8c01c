//! `stabletill sales report --day YYYY-MM-DD [--json]`: the daily close (Z-report) of one
//! business day, as text or as the JSON shape `sales report --help` documents. Recorded in the
//! audit log as "cli".

use std::process::ExitCode;

use stabletill_till::{BackOffice, ManagerPass, TillError, TillHome};

use super::sales::parse_day;
use crate::exit;

pub fn run(home: &TillHome, day: &str, json: bool) -> ExitCode {
    match report(home, day, json) {
        Ok(()) => exit::SUCCESS.into(),
        Err(e) => exit::report(&e),
    }
}

fn report(home: &TillHome, day: &str, json: bool) -> Result<(), TillError> {
    let day = parse_day(day)?;
    let report = BackOffice::open(home)?.day_report(&ManagerPass::cli(), day)?;
    if json {
        let text = serde_json::to_string(&report)
            .map_err(|e| TillError::Storage(format!("the report cannot be written as JSON: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", report.to_text());
    }
    Ok(())
}
