//! The kill test: sales are charged through the real `stabletill` binary and the process is
//! SIGKILLed at random moments (before the create is sent, while it is in flight, while polling).
//! After `stabletill sync`, nothing may be lost, nothing created twice, every sale must be final
//! (or void with a reason) and the sales log must pass SQLite's integrity check.
//!
//! 20 kills by default (CI); `STABLETILL_KILLS=200` for the soak run (scripts/kill-soak).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use rand::Rng;
use serde_json::Value;
use stabletill_ledger::{Ledger, SaleState};
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

fn stabletill(home: &std::path::Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_stabletill"));
    command.arg("--home").arg(home).env_remove("STABLETILL_HOME");
    command
}

fn kills() -> usize {
    std::env::var("STABLETILL_KILLS").ok().and_then(|v| v.parse().ok()).unwrap_or(20)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sales_survive_being_killed_at_any_moment() {
    let mut config = SimulatorConfig::demo();
    // Customers pay shortly after the QR appears; the gateway answers with some delay, so kills
    // land before, during and after the create as well as while polling.
    config.auto_pay_after = Some(Duration::from_millis(400));
    config.confirmation_delay = Duration::from_millis(300);
    // A slow gateway that sometimes cuts the line after storing the order: kills then often land
    // while a create is in flight, the moment where an order is easiest to lose or repeat.
    config.faults = "latency=100..600ms,reset-after-commit=0.1,5xx=0.05".parse().unwrap();
    let simulator = RunningSimulator::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_path_buf();

    let configure = |args: &[&str], stdin: Option<&str>| {
        let mut child =
            stabletill(&home).args(args).stdin(Stdio::piped()).stdout(Stdio::null()).spawn().unwrap();
        if let Some(text) = stdin {
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        assert!(
            child.wait().unwrap().success(),
            "{args:?} (the secret needs the OS keyring, as in scripts/test)"
        );
    };
    configure(&["config", "set", "merchant-id", simulator.merchant_id()], None);
    configure(&["config", "set", "gateway", &simulator.url()], None);
    // Short-lived orders, so a sale killed before its create was sent can be given up (voided)
    // within the test: that is only safe once the expiry it asked for has passed.
    configure(&["config", "set", "order-lifetime", "20s"], None);
    configure(&["secret", "set"], Some(&format!("{}\n", simulator.secret().expose())));

    let runs = kills();
    let home_for_kills = home.clone();
    tokio::task::spawn_blocking(move || {
        let mut rng = rand::rng();
        for i in 0..runs {
            let amount = format!("{}.{:02}", rng.random_range(1..200), rng.random_range(0..100));
            let mut child = stabletill(&home_for_kills)
                .args([
                    "charge",
                    &amount,
                    "--currency",
                    "USDT",
                    "--network",
                    "tron",
                    "--json",
                    "--timeout",
                    "20",
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Spread over start-up, the create, and polling up to and past the payment.
            std::thread::sleep(Duration::from_millis(rng.random_range(0..2500)));
            let _ = child.kill(); // SIGKILL: no clean-up of any kind
            let _ = child.wait();
            if i % 5 == 4 {
                // Some restarts happen mid-series, as a shop would reopen the till.
                let _ = stabletill(&home_for_kills)
                    .args(["sync", "--timeout", "1"])
                    .stdout(Stdio::null())
                    .status();
            }
        }
    })
    .await
    .unwrap();

    let sync = tokio::task::spawn_blocking({
        let home = home.clone();
        move || stabletill(&home).args(["sync", "--timeout", "120", "--json"]).output().unwrap()
    })
    .await
    .unwrap();
    assert!(sync.status.success(), "sync settles every sale: {}", String::from_utf8_lossy(&sync.stderr));

    // What the gateway holds, and how often each order was created.
    let log = simulator.request_log();
    let mut created: BTreeMap<String, usize> = BTreeMap::new();
    for request in log.iter().filter(|r| r.method == "POST" && r.code == "00000") {
        *created.entry(request.merchant_order_id.clone().unwrap_or_default()).or_default() += 1;
    }
    let doubles: Vec<_> = created.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubles.is_empty(), "orders created twice: {doubles:?}");

    let ledger = Ledger::open(&home.join("sales.sqlite3")).unwrap();
    ledger.integrity_check().expect("the sales log passes PRAGMA integrity_check");
    let sales = ledger.list_sales(&Default::default()).unwrap();
    let in_ledger: BTreeSet<&str> = sales.iter().map(|s| s.merchant_order_id.as_str()).collect();
    let lost: Vec<&String> = created.keys().filter(|id| !in_ledger.contains(id.as_str())).collect();
    assert!(lost.is_empty(), "orders the gateway holds but the sales log lost: {lost:?}");

    for sale in &sales {
        assert!(sale.state.is_terminal(), "{} is still {:?}", sale.merchant_order_id, sale.state);
        if sale.state == SaleState::Void {
            assert!(sale.reason.is_some(), "{} is void without a reason", sale.merchant_order_id);
            assert!(
                !created.contains_key(&sale.merchant_order_id),
                "{} was voided but exists",
                sale.merchant_order_id
            );
        } else {
            let id = &sale.merchant_order_id;
            assert_eq!(created.get(id), Some(&1), "{id} ended {:?} without an order", sale.state);
        }
    }
    let sync_lines: Vec<Value> =
        String::from_utf8_lossy(&sync.stdout).lines().filter_map(|l| serde_json::from_str(l).ok()).collect();
    eprintln!(
        "kill test: {runs} kills, {} sales in the log, {} orders at the gateway, {} changes settled by sync, 0 lost, 0 double creates",
        sales.len(),
        created.len(),
        sync_lines.len()
    );
    simulator.shutdown().await;
}
