//! `stabletill sales list [--day YYYY-MM-DD] [--json]`: the sales log, newest first. `sales
//! export` and `sales report` live in `sales_export.rs` and `sales_report.rs`.

use std::process::ExitCode;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use stabletill_till::{list_sales, SaleView, TillConfig, TillError, TillHome};

use crate::args::SalesCommand;
use crate::exit;

pub fn run(home: &TillHome, command: SalesCommand) -> ExitCode {
    let (day, json) = match command {
        SalesCommand::List { day, json } => (day, json),
        SalesCommand::Export { day, to, format, out } => {
            return super::sales_export::run(home, &day, to.as_deref(), &format, out)
        }
        SalesCommand::Report { day, json } => return super::sales_report::run(home, &day, json),
    };
    let day = match day.as_deref().map(parse_day).transpose() {
        Ok(day) => day,
        Err(e) => return exit::report(&e),
    };
    let sales = match list_sales(home, day) {
        Ok(sales) => sales,
        Err(e) => return exit::report(&e),
    };
    if json {
        match serde_json::to_string(&sales) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::FAILURE.into();
            }
        }
    } else {
        // Times on the shop's clock, like the business day that chose them.
        let zone =
            TillConfig::load(home).map_or_else(|_| TimeZone::system(), |c| c.calendar().zone().clone());
        print_table(&sales, &zone);
    }
    exit::SUCCESS.into()
}

/// A `--day` value: YYYY-MM-DD.
pub fn parse_day(text: &str) -> Result<Date, TillError> {
    text.trim().parse::<Date>().map_err(|_| {
        TillError::InvalidSetting(format!("{text:?} is not a day: write it as YYYY-MM-DD, e.g. 2026-11-21"))
    })
}

fn print_table(sales: &[SaleView], zone: &TimeZone) {
    if sales.is_empty() {
        println!("No sales.");
        return;
    }
    println!(
        "{:<19} {:>12} {:>14} {:<9} {:<10} {:<11} merchantOrderId",
        "created", "amount", "crypto due", "network", "state", "status"
    );
    for s in sales {
        let created = s
            .created_at
            .parse::<jiff::Timestamp>()
            .map(|t| t.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|_| s.created_at.clone());
        let due = s
            .crypto_payment_amount
            .as_ref()
            .map(|m| format!("{} {}", m.value, m.currency))
            .unwrap_or_default();
        println!(
            "{created:<19} {:>12} {due:>14} {:<9} {:<10} {:<11} {}",
            format!("{} {}", s.order_amount.value, s.order_amount.currency),
            s.network,
            s.state.as_str(),
            s.status.as_deref().unwrap_or("-"),
            s.merchant_order_id
        );
    }
}
