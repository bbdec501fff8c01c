//! `stabletill sales list [--day YYYY-MM-DD] [--json]`: the sales log, newest first.

use std::process::ExitCode;

use stabletill_till::{list_sales, SaleView, TillHome};

use crate::args::SalesCommand;
use crate::exit;

pub fn run(home: &TillHome, command: SalesCommand) -> ExitCode {
    let SalesCommand::List { day, json } = command;
    let day = match day.as_deref().map(str::parse::<jiff::civil::Date>).transpose() {
        Ok(day) => day,
        Err(_) => {
            eprintln!(
                "error: {:?} is not a day: write it as YYYY-MM-DD, e.g. 2026-11-21",
                day.unwrap_or_default()
            );
            return exit::BAD_INPUT.into();
        }
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
        print_table(&sales);
    }
    exit::SUCCESS.into()
}

fn print_table(sales: &[SaleView]) {
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
            .map(|t| t.to_zoned(jiff::tz::TimeZone::system()).strftime("%Y-%m-%d %H:%M:%S").to_string())
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
