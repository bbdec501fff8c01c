//! `stabletill methods [--json]`: what the gateway offers, in its display order.

use std::process::ExitCode;

use stabletill_till::{MethodView, TillHome};

use crate::args::MethodsArgs;
use crate::exit;
use crate::open::configured_till;

pub async fn run(home: &TillHome, args: MethodsArgs) -> ExitCode {
    let methods = match configured_till(home).await {
        Ok(till) => till.methods().await,
        Err(e) => Err(e),
    };
    let methods: Vec<MethodView> = match methods {
        Ok(methods) => methods.iter().map(MethodView::from).collect(),
        Err(e) => return exit::report(&e),
    };
    if args.json {
        match serde_json::to_string(&methods) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("error: {e}");
                return exit::FAILURE.into();
            }
        }
    } else {
        println!("{:<6} {:<10} {:<22} {:>10} {:>10}  confirms in", "coin", "network", "name", "min", "max");
        for m in &methods {
            let confirm = m.estimated_confirmation_time_sec.map(|s| format!("~{s} s")).unwrap_or_default();
            println!(
                "{:<6} {:<10} {:<22} {:>10} {:>10}  {confirm}",
                m.currency, m.network, m.network_display_name, m.min_amount, m.max_amount
            );
        }
    }
    exit::SUCCESS.into()
}
