//! `stabletill charge AMOUNT --currency CUR --network NET [--json] [--timeout SECS]`: creates the
//! order, shows what the customer must pay (QR, address, exact crypto amount, expiry) and follows
//! the order until it is final. With `--json`, stdout carries one JSON object per state change.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use stabletill_till::{qr_terminal, Attention, PollScheduler, SaleState, SaleView, TillHome, WatchOutcome};
use tokio::time::Instant;

use crate::args::ChargeArgs;
use crate::exit;
use crate::open::configured_till;

pub async fn run(home: &TillHome, args: ChargeArgs) -> ExitCode {
    let till = match configured_till(home).await {
        Ok(till) => Arc::new(till),
        Err(e) => return exit::report(&e),
    };
    // The scheduler also reconciles sales left open by an earlier run, in the background.
    let scheduler = match PollScheduler::start(till.clone(), Attention::Counter) {
        Ok(scheduler) => scheduler,
        Err(e) => return exit::report(&e),
    };
    let sale = match till.start_sale(&args.amount, &args.currency, &args.network).await {
        Ok(sale) => sale,
        Err(e) => return exit::report(&e),
    };
    if args.json {
        print_json(&sale);
    } else {
        print_payment_request(&sale);
    }
    scheduler.follow(&sale.merchant_order_id, true);
    let deadline = args.timeout.map(|secs| Instant::now() + Duration::from_secs(secs));
    let json = args.json;
    let watch = scheduler.wait_until_final(&till, &sale.merchant_order_id, deadline, |view| {
        if json {
            print_json(view);
        } else {
            println!("→ {}", describe(view));
        }
    });
    let outcome = tokio::select! {
        outcome = watch => outcome,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("Stopped waiting. Sale {} stays open in the sales log.", sale.merchant_order_id);
            return ExitCode::from(130);
        }
    };
    match outcome {
        Ok(WatchOutcome::Finished(view)) if view.state == SaleState::Paid => exit::SUCCESS.into(),
        Ok(WatchOutcome::Finished(view)) => {
            eprintln!("The payment was not made: {}", describe(&view));
            exit::PAYMENT_NOT_MADE.into()
        }
        Ok(WatchOutcome::TimedOut(view)) => {
            eprintln!(
                "Still {} after {} s. Sale {} stays open in the sales log.",
                view.state.as_str(),
                args.timeout.unwrap_or_default(),
                view.merchant_order_id
            );
            exit::TIMED_OUT.into()
        }
        Err(e) => exit::report(&e),
    }
}

fn print_json(view: &SaleView) {
    match serde_json::to_string(view) {
        Ok(line) => println!("{line}"),
        Err(e) => eprintln!("error: cannot encode the sale: {e}"),
    }
}

fn print_payment_request(sale: &SaleView) {
    let due = sale
        .crypto_payment_amount
        .as_ref()
        .map(|m| format!("{} {}", m.value, m.currency))
        .unwrap_or_default();
    let address = sale.deposit_address.clone().unwrap_or_default();
    let network = sale.network_display_name.clone().unwrap_or_else(|| sale.network.clone());
    let currency = sale.crypto_payment_amount.as_ref().map(|m| m.currency.clone()).unwrap_or_default();
    match qr_terminal(&address) {
        Ok(qr) => println!("{qr}"),
        Err(e) => eprintln!("({e})"),
    }
    println!(
        "Sale:        {} {}  ({})",
        sale.order_amount.value, sale.order_amount.currency, sale.merchant_order_id
    );
    println!("Send exactly {due}");
    println!("Network:     {network} — send {currency} on {network} ONLY; other networks lose the payment");
    println!("To address:  {address}");
    println!("Expires at:  {}", sale.expires_at.as_deref().map(local_time).unwrap_or_default());
    println!("Waiting for payment…");
}

fn describe(view: &SaleView) -> String {
    let raw = view.status.as_deref().unwrap_or("-");
    match view.state {
        SaleState::Awaiting => format!("waiting for payment ({raw})"),
        SaleState::Processing => format!("payment seen on chain, confirming ({raw})"),
        SaleState::Paid => {
            let paid =
                view.crypto_paid_amount.as_ref().map(|m| format!(": {} {} received", m.value, m.currency));
            format!("PAID ✓{}", paid.unwrap_or_default())
        }
        SaleState::Failed => format!("failed ({raw})"),
        SaleState::Expired => format!("expired without payment ({raw})"),
        SaleState::Cancelled => "cancelled".to_owned(),
        SaleState::Void => "void".to_owned(),
        SaleState::Creating => "creating the order".to_owned(),
    }
}

/// RFC 3339 UTC → "14:32:05" in this computer's time zone.
fn local_time(text: &str) -> String {
    text.parse::<jiff::Timestamp>()
        .map(|t| t.to_zoned(jiff::tz::TimeZone::system()).strftime("%H:%M:%S %Z").to_string())
        .unwrap_or_else(|_| text.to_owned())
}
