//! `stabletill sync [--timeout SECS] [--json]`: reconciles every sale that is not final with the
//! gateway (after a crash, a power cut, a till closed mid-sale) and waits until each is final,
//! is given up after its expiry grace, or the timeout passes. Prints every change.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use stabletill_till::{Attention, PollScheduler, SaleView, TillHome};
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

use crate::args::SyncArgs;
use crate::exit;
use crate::open::configured_till;

pub async fn run(home: &TillHome, args: SyncArgs) -> ExitCode {
    let till = match configured_till(home).await {
        Ok(till) => Arc::new(till),
        Err(e) => return exit::report(&e),
    };
    let open = match till.open_sales() {
        Ok(open) => open,
        Err(e) => return exit::report(&e),
    };
    if open.is_empty() {
        if !args.json {
            println!("Every sale is settled; nothing to reconcile.");
        }
        return exit::SUCCESS.into();
    }
    if !args.json {
        println!("Reconciling {} open sale(s) with the gateway…", open.len());
    }
    let scheduler = match PollScheduler::start(till.clone(), Attention::Every) {
        Ok(scheduler) => scheduler,
        Err(e) => return exit::report(&e),
    };
    let mut updates = scheduler.subscribe();
    let mut following = scheduler.following();
    let deadline = args.timeout.map(|secs| Instant::now() + Duration::from_secs(secs));
    let far = Instant::now() + Duration::from_secs(365 * 24 * 3600);
    loop {
        if *following.borrow() == 0 {
            break;
        }
        tokio::select! {
            update = updates.recv() => match update {
                Ok(view) => print_change(&view, args.json),
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            },
            changed = following.changed() => if changed.is_err() { break },
            () = tokio::time::sleep_until(deadline.unwrap_or(far)) => break,
        }
    }
    // Changes that arrived together with the last count update.
    while let Ok(view) = updates.try_recv() {
        print_change(&view, args.json);
    }
    summarise(&till, &open, args.json)
}

fn print_change(view: &SaleView, json: bool) {
    if json {
        match serde_json::to_string(view) {
            Ok(line) => println!("{line}"),
            Err(e) => eprintln!("error: cannot encode the sale: {e}"),
        }
    } else {
        println!(
            "{}  {} {}  → {} ({})",
            view.merchant_order_id,
            view.order_amount.value,
            view.order_amount.currency,
            view.state.as_str(),
            view.status.as_deref().unwrap_or("-")
        );
    }
}

/// Exit 0 when every sale that was open is now final; 4 when some are still open.
fn summarise(till: &stabletill_till::Till, open: &[SaleView], json: bool) -> ExitCode {
    let mut by_state: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut still_open = Vec::new();
    for sale in open {
        match till.sale(&sale.merchant_order_id) {
            Ok(now) if now.state.is_terminal() => *by_state.entry(now.state.as_str()).or_default() += 1,
            Ok(now) => still_open.push(now),
            Err(e) => eprintln!("error: {e}"),
        }
    }
    if !json {
        let settled: Vec<String> = by_state.iter().map(|(state, n)| format!("{n} {state}")).collect();
        println!("Settled: {}", if settled.is_empty() { "none".to_owned() } else { settled.join(", ") });
    }
    if still_open.is_empty() {
        return exit::SUCCESS.into();
    }
    for sale in &still_open {
        eprintln!(
            "Still {}: {} (the next sync or the app keeps watching it)",
            sale.state.as_str(),
            sale.merchant_order_id
        );
    }
    exit::TIMED_OUT.into()
}
