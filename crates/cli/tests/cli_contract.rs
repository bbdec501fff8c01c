//! The `stabletill` command-line contract, exercised as a manager would from a terminal: the real
//! binary against an in-process simulator, with the secret in the real OS keyring (run inside
//! `dbus-run-session` with gnome-keyring unlocked, as scripts/test does).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

/// A till home in a temporary directory, with its keyring entry removed afterwards.
struct Till {
    dir: tempfile::TempDir,
}

impl Till {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().unwrap() }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, None)
    }

    fn run_with_stdin(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stabletill"))
            .arg("--home")
            .arg(self.dir.path())
            .args(args)
            .env_remove("STABLETILL_HOME")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the stabletill binary runs");
        if let Some(text) = stdin {
            child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        }
        drop(child.stdin.take());
        child.wait_with_output().unwrap()
    }

    /// Points the till at the simulator and stores its secret in the OS keyring.
    fn configure(&self, simulator: &RunningSimulator, secret: &str) {
        assert_ok(&self.run(&["config", "set", "merchant-id", simulator.merchant_id()]));
        assert_ok(&self.run(&["config", "set", "gateway", &simulator.url()]));
        let out = self.run_with_stdin(&["secret", "set"], Some(&format!("{secret}\n")));
        assert!(
            out.status.success(),
            "`secret set` needs the OS keyring (run inside dbus-run-session with gnome-keyring unlocked, as scripts/test does): {}",
            stderr(&out)
        );
    }
}

impl Drop for Till {
    fn drop(&mut self) {
        let _ = self.run(&["secret", "clear"]);
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(out.status.success(), "command failed: {}{}", stdout(out), stderr(out));
}

async fn simulator(auto_pay: Option<Duration>) -> RunningSimulator {
    let mut config = SimulatorConfig::demo();
    config.auto_pay_after = auto_pay;
    config.confirmation_delay = Duration::from_millis(300);
    RunningSimulator::start(config).await.unwrap()
}

fn creates(simulator: &RunningSimulator) -> usize {
    simulator.request_log().iter().filter(|r| r.method == "POST").count()
}

/// Runs the CLI off the async runtime, so the in-process simulator keeps answering meanwhile.
async fn run(till: &Till, args: &[&str]) -> Output {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let home = till.dir.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_stabletill"))
            .arg("--home")
            .arg(&home)
            .args(&args)
            .env_remove("STABLETILL_HOME")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_charge_is_paid_and_lands_in_the_sales_log() {
    let simulator = simulator(Some(Duration::from_millis(500))).await;
    let till = Till::new();
    till.configure(&simulator, simulator.secret().expose());

    let methods: Value = serde_json::from_str(&stdout(&run(&till, &["methods", "--json"]).await)).unwrap();
    let first = &methods[0];
    assert_eq!((first["currency"].as_str(), first["network"].as_str()), (Some("USDT"), Some("tron")));

    let out = run(
        &till,
        &["charge", "12.50", "--currency", "USDT", "--network", "tron", "--json", "--timeout", "30"],
    )
    .await;
    assert!(out.status.success(), "charge should succeed: {}", stderr(&out));
    let lines: Vec<Value> =
        stdout(&out).lines().map(|l| serde_json::from_str(l).expect("every line is JSON")).collect();
    assert!(lines.len() >= 2, "one line per state change: {lines:?}");
    for line in &lines {
        for field in ["merchantOrderId", "status", "depositAddress", "cryptoPaymentAmount"] {
            assert!(!line[field].is_null(), "{field} missing in {line}");
        }
        assert_eq!(
            line["cryptoPaymentAmount"]["value"], "13.00",
            "the customer pays the crypto amount, fee included"
        );
        assert_eq!(line["cryptoPaymentAmount"]["currency"], "USDT");
    }
    assert_eq!(lines.last().unwrap()["status"], "SUCCEEDED");
    let id = lines[0]["merchantOrderId"].as_str().unwrap().to_owned();
    assert_eq!(creates(&simulator), 1, "exactly one order was requested");

    let sales: Value =
        serde_json::from_str(&stdout(&run(&till, &["sales", "list", "--json"]).await)).unwrap();
    let sale = &sales[0];
    assert_eq!(sale["merchantOrderId"], id.as_str());
    assert_eq!(sale["status"], "SUCCEEDED");
    assert_eq!(sale["orderAmount"]["value"], "12.50");
    assert_eq!(sale["cryptoPaymentAmount"]["value"], "13.00");
    assert_eq!(sale["network"], "tron");
    assert!(sale["createdAt"].as_str().is_some_and(|t| t.starts_with("20")));

    let today = jiff::Zoned::now().date().to_string();
    let on_day: Value =
        serde_json::from_str(&stdout(&run(&till, &["sales", "list", "--day", &today, "--json"]).await))
            .unwrap();
    assert_eq!(on_day.as_array().map(Vec::len), Some(1));
    let other: Value =
        serde_json::from_str(&stdout(&run(&till, &["sales", "list", "--day", "2001-01-01", "--json"]).await))
            .unwrap();
    assert_eq!(other, serde_json::json!([]));
    simulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_amounts_and_methods_are_refused_without_an_order() {
    let simulator = simulator(None).await;
    let till = Till::new();
    till.configure(&simulator, simulator.secret().expose());
    for (amount, network, expect) in [
        ("abc", "tron", "not an amount"),
        ("-1", "tron", "more than zero"),
        ("0", "tron", "more than zero"),
        ("12.3456789", "tron", "more than 6 decimals"),
        ("1e3", "tron", "not an amount"),
        ("12,50", "tron", "\"12.50\""),
        ("", "tron", "enter an amount"),
        ("0.50", "tron", "below the minimum"),
        ("20000", "tron", "above the maximum"),
        ("12.50", "solana", "not offered"),
    ] {
        let out = run(&till, &["charge", amount, "--currency", "USDT", "--network", network]).await;
        assert_eq!(out.status.code(), Some(2), "{amount:?} on {network}: {}", stderr(&out));
        assert!(stderr(&out).contains(expect), "{amount:?}: expected {expect:?} in {}", stderr(&out));
    }
    assert_eq!(creates(&simulator), 0, "no order may be requested for bad input");
    let sales: Value =
        serde_json::from_str(&stdout(&run(&till, &["sales", "list", "--json"]).await)).unwrap();
    assert_eq!(sales, serde_json::json!([]), "nothing was written to the sales log");
    simulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_settings_a_wrong_secret_and_a_dead_gateway_are_explained() {
    let simulator = simulator(None).await;
    let till = Till::new();
    let out = run(&till, &["charge", "12.50", "--currency", "USDT", "--network", "tron"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no merchant ID"), "{}", stderr(&out));

    assert_ok(&till.run(&["config", "set", "merchant-id", simulator.merchant_id()]));
    assert_ok(&till.run(&["config", "set", "gateway", &simulator.url()]));
    let _ = till.run(&["secret", "clear"]);
    let out = run(&till, &["charge", "12.50", "--currency", "USDT", "--network", "tron"]).await;
    assert!(stderr(&out).contains("no API secret"), "{}", stderr(&out));

    till.configure(&simulator, "not-the-right-secret");
    let out = run(&till, &["methods"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("refused the signature"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("not-the-right-secret"), "the secret is never printed");

    let out = till.run(&["config", "set", "gateway", "http://127.0.0.1:9"]);
    assert_ok(&out);
    let out = run(&till, &["charge", "12.50", "--currency", "USDT", "--network", "tron"]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("cannot be reached"), "{}", stderr(&out));

    let out = till.run(&["config", "set", "gateway", "http://gateway.example.com"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("use https"), "{}", stderr(&out));
    simulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unpaid_charge_stops_at_the_timeout_and_stays_open() {
    let simulator = simulator(None).await;
    let till = Till::new();
    till.configure(&simulator, simulator.secret().expose());
    let out = run(&till, &["charge", "5", "--currency", "USDC", "--network", "bsc", "--timeout", "2"]).await;
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("stays open"), "{}", stderr(&out));
    assert!(stdout(&out).contains("5.10 USDC"), "the exact crypto amount is shown: {}", stdout(&out));
    let sales: Value =
        serde_json::from_str(&stdout(&run(&till, &["sales", "list", "--json"]).await)).unwrap();
    assert_eq!(sales[0]["state"], "awaiting");
    simulator.shutdown().await;
}

#[test]
fn secret_status_and_clear_never_print_the_secret() {
    let till = Till::new();
    let out = till.run_with_stdin(&["secret", "set"], Some("s3cr3t-value-123\n"));
    assert!(out.status.success(), "needs the OS keyring: {}", stderr(&out));
    let status = till.run(&["secret", "status"]);
    assert!(stdout(&status).contains("is stored"));
    let show = till.run(&["config", "show"]);
    assert!(stdout(&show).contains("stored in the OS keyring"));
    for out in [&out, &status, &show] {
        assert!(!stdout(out).contains("s3cr3t-value-123") && !stderr(out).contains("s3cr3t-value-123"));
    }
    assert!(!std::fs::read_to_string(till.dir.path().join("config.toml")).unwrap().contains("s3cr3t"));
    assert!(stdout(&till.run(&["secret", "clear"])).contains("removed"));
    assert!(stdout(&till.run(&["secret", "status"])).contains("No API secret"));
    let out = till.run_with_stdin(&["secret", "set"], Some(""));
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_simulator_subcommand_announces_its_demo_credentials_first() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stabletill"))
        .args(["simulator", "--port", "0", "--auto-pay", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let banner: Value = serde_json::from_str(&line).expect("first line is JSON");
    assert!(banner["url"].as_str().is_some_and(|u| u.starts_with("http://127.0.0.1:")), "{banner}");
    assert_eq!(banner["merchantId"], "MCH_DEMO_STABLETILL");
    assert!(banner["secret"].as_str().is_some_and(|s| !s.is_empty()));
}
