//! The app's commands driven through Tauri's IPC on the mock runtime, against a demo till (the
//! in-process simulator) or an unconfigured real till. The real `tauri.conf.json` and
//! `capabilities/` are used, so a command missing from the capability fails here too.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use stabletill_app::{app_builder, open_till, Launch};
use stabletill_till::TillHome;
use tauri::test::{mock_builder, MockRuntime};
use tauri::{App, Listener, WebviewWindow, WebviewWindowBuilder};

#[path = "support/ipc.rs"]
mod ipc;

struct TestApp {
    // Kept alive for the webview; dropped at the end of the test with the temporary home.
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _home: Option<tempfile::TempDir>,
}

fn launch(demo: bool) -> TestApp {
    let home = tempfile::tempdir().expect("temporary home");
    let mut app = launch_at(home.path(), demo);
    app._home = Some(home);
    app
}

/// The app on an existing home, as when the shop starts it again.
fn launch_at(home: &std::path::Path, demo: bool) -> TestApp {
    let launch = Launch { home: TillHome::at(home), demo };
    let app = app_builder(mock_builder(), &launch)
        .build(tauri::generate_context!("../tauri.conf.json"))
        .expect("the app builds on the mock runtime");
    open_till(app.handle(), &launch);
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("main window");
    TestApp { app, window, _home: None }
}

impl TestApp {
    /// Invokes `command` as the UI would; `Err` holds the serialised error.
    fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        ipc::invoke(&self.window, command, args)
    }

    fn start_sale(&self, amount: &str) -> Result<Value, Value> {
        self.invoke("start_sale", json!({"amount": amount, "currency": "USDT", "network": "tron"}))
    }

    /// Polls recent_sales until the sale is in `state`, or fails after `limit`.
    fn wait_for_state(&self, merchant_order_id: &str, state: &str, limit: Duration) -> Value {
        let deadline = Instant::now() + limit;
        loop {
            let sales = self.invoke("recent_sales", json!({})).expect("recent sales");
            let sale = sales
                .as_array()
                .and_then(|all| all.iter().find(|s| s["merchantOrderId"] == merchant_order_id))
                .cloned()
                .expect("the sale is listed");
            if sale["state"] == state {
                return sale;
            }
            assert!(
                Instant::now() < deadline,
                "sale still {} after {limit:?}, expected {state}",
                sale["state"]
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn option<'a>(options: &'a Value, currency: &str, network: &str) -> &'a Value {
    options
        .as_array()
        .and_then(|all| all.iter().find(|o| o["currency"] == currency && o["network"] == network))
        .unwrap_or_else(|| panic!("{currency} on {network} is listed: {options}"))
}

#[test]
fn demo_app_reports_demo_mode_and_is_ready() {
    let app = launch(true);
    let info = app.invoke("app_info", json!({})).expect("app_info");
    assert_eq!(info["demo"], true);
    assert_eq!(info["ready"], true);
    assert_eq!(info["gateway"], "demo");
    assert_eq!(info["problem"], Value::Null);
    assert!(
        info.get("secret").is_none() && !info.to_string().contains("demo-secret"),
        "no secret crosses: {info}"
    );
}

#[test]
fn method_options_follow_the_amount() {
    let app = launch(true);
    let options = app.invoke("method_options", json!({"amount": "12.50"})).expect("options for 12.50");
    let tron = option(&options, "USDT", "tron");
    assert_eq!(tron["available"], true);
    assert_eq!(tron["label"], "USDT · TRON Network");
    assert_eq!(tron["networkDisplayName"], "TRON Network");

    let options = app.invoke("method_options", json!({"amount": "5"})).expect("options for 5");
    assert_eq!(option(&options, "USDT", "tron")["available"], true);
    for currency in ["USDT", "USDC", "USD1"] {
        let ethereum = option(&options, currency, "ethereum");
        assert_eq!(ethereum["available"], false, "{ethereum}");
        let reason = ethereum["reason"].as_str().unwrap_or_default();
        assert!(reason.starts_with("Minimum 10") && reason.ends_with(currency), "{ethereum}");
    }
}

#[test]
fn a_bad_amount_is_one_error_shape() {
    let app = launch(true);
    let error = app.start_sale("abc").expect_err("abc is not an amount");
    assert_eq!(error["code"], "invalid_amount");
    assert!(error["message"].as_str().is_some_and(|m| m.contains("not an amount")), "{error}");
    assert_eq!(error.as_object().map(|o| o.len()), Some(2), "only code and message: {error}");
}

#[test]
fn a_demo_sale_is_shown_with_qr_and_gets_paid() {
    let app = launch(true);
    let started = app.start_sale("12.50").expect("sale starts");
    let sale = &started["sale"];
    assert_eq!(sale["state"], "awaiting");
    assert_eq!(sale["orderAmount"], json!({"value": "12.50", "currency": "USDT"}));
    assert_eq!(sale["cryptoPaymentAmount"], json!({"value": "13.00", "currency": "USDT"}));
    assert!(sale["depositAddress"].as_str().is_some_and(|a| a.starts_with('T') && a.len() == 34), "{sale}");
    assert!(sale["expiresAt"].as_str().is_some());
    assert!(
        started["qr"].as_str().is_some_and(|qr| qr.starts_with("data:image/svg+xml;base64,")),
        "{started}"
    );

    let id = sale["merchantOrderId"].as_str().expect("merchantOrderId").to_owned();
    let (events, received) = std::sync::mpsc::channel::<Value>();
    app.app.listen_any("sale-updated", move |event| {
        let _ = events.send(serde_json::from_str(event.payload()).expect("a SaleView payload"));
    });
    app.invoke("simulate_payment", json!({"merchantOrderId": id})).expect("demo payment");
    let paid = app.wait_for_state(&id, "paid", Duration::from_secs(20));
    assert_eq!(paid["cryptoPaidAmount"], json!({"value": "13.00", "currency": "USDT"}));
    assert_eq!(paid["status"], "SUCCEEDED");

    // The window hears about it too, as the payment screen does: the event follows the ledger's
    // commit, so it may come a moment after the state above was read.
    let mut states = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while states.last() != Some(&json!("paid")) {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        match received.recv_timeout(left) {
            Ok(view) if view["merchantOrderId"] == id.as_str() => states.push(view["state"].clone()),
            Ok(_) => {}
            Err(_) => panic!("no sale-updated event said paid within 5 s; events: {states:?}"),
        }
    }
}

#[test]
fn a_cancelled_sale_stays_listed_as_cancelled() {
    let app = launch(true);
    let started = app.start_sale("3").expect("sale starts");
    let id = started["sale"]["merchantOrderId"].as_str().expect("merchantOrderId").to_owned();
    let cancelled = app.invoke("cancel_sale", json!({"merchantOrderId": id})).expect("cancel");
    assert_eq!(cancelled["state"], "cancelled");
    // The watcher keeps following the order (a late payment must not be lost), and its polls
    // must not turn the sale back into "awaiting".
    app.wait_for_state(&id, "cancelled", Duration::from_secs(2));
    std::thread::sleep(Duration::from_millis(1600));
    app.wait_for_state(&id, "cancelled", Duration::ZERO);
}

#[test]
fn an_unconfigured_till_opens_the_first_run_and_can_switch_to_demo() {
    let app = launch(false);
    let info = app.invoke("app_info", json!({})).expect("app_info");
    assert_eq!(info["demo"], false);
    assert_eq!(info["ready"], false);
    let missing = info["missing"].as_array().expect("missing list");
    assert!(missing.contains(&json!("merchant_id")), "{info}");
    let code = info["problem"]["code"].as_str().expect("a problem code");
    assert!(["not_configured", "keyring_unavailable"].contains(&code), "{info}");

    let error = app
        .invoke("simulate_payment", json!({"merchantOrderId": "ST-TEST-0000000000000000"}))
        .expect_err("not demo");
    assert_eq!(error["code"], "not_available");
    let error = app.start_sale("12.50").expect_err("no till open");
    assert_eq!(error["code"], code);

    let info = app.invoke("start_demo", json!({})).expect("switch to demo");
    assert_eq!(info["demo"], true);
    assert_eq!(info["ready"], true);
    let started = app.start_sale("12.50").expect("a demo sale after the switch");
    assert_eq!(started["sale"]["cryptoPaymentAmount"]["value"], "13.00");
}

/// Needs the OS keyring (a real till keeps its secret there): run inside dbus-run-session with
/// gnome-keyring unlocked, as scripts/test does.
#[test]
fn after_a_restart_the_sale_on_the_counter_is_shown_again() {
    use stabletill_simulator::{RunningSimulator, SimulatorConfig};
    use stabletill_till::{ConfigKey, SecretStore, TillConfig};

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let simulator = runtime.block_on(RunningSimulator::start(SimulatorConfig::demo())).unwrap();
    let home_dir = tempfile::tempdir().unwrap();
    let home = TillHome::at(home_dir.path());
    TillConfig::set(&home, ConfigKey::MerchantId, simulator.merchant_id()).unwrap();
    TillConfig::set(&home, ConfigKey::Gateway, &simulator.url()).unwrap();
    let secrets = SecretStore::platform(&home).expect("the OS keyring (see scripts/test)");
    secrets.set(simulator.secret()).expect("the OS keyring (see scripts/test)");

    let first = launch_at(home_dir.path(), false);
    let sale = first.start_sale("12.50").expect("a sale starts");
    let id = sale["sale"]["merchantOrderId"].as_str().unwrap().to_owned();
    drop(first); // the till closes (or crashes) with the customer still at the counter

    let again = launch_at(home_dir.path(), false);
    let reopened = again.invoke("sale_on_counter", json!({})).expect("sale_on_counter");
    assert_eq!(reopened["sale"]["merchantOrderId"], id.as_str());
    assert_eq!(reopened["sale"]["cryptoPaymentAmount"]["value"], "13.00");
    assert!(reopened["qr"].as_str().unwrap().starts_with("data:image/svg+xml;base64,"));

    // Once it is paid, it is no longer the sale on the counter.
    simulator.pay(&id, None).unwrap();
    again.wait_for_state(&id, "paid", Duration::from_secs(10));
    assert_eq!(again.invoke("sale_on_counter", json!({})).unwrap(), Value::Null);
    secrets.clear().unwrap();
}
