//! The counter's commands and the customer display's capability, through Tauri's IPC on the mock
//! runtime with the real `tauri.conf.json` and `capabilities/`: the `customer` window may read the
//! sale and hear about the counter, never start, cancel or pay a sale; the cashier's `main` window
//! may.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};
use stabletill_app::{app_builder, open_till, Launch};
use stabletill_till::{ConfigKey, TillConfig, TillHome};
use tauri::test::{mock_builder, MockRuntime};
use tauri::{App, Listener, WebviewWindow, WebviewWindowBuilder};

#[path = "support/ipc.rs"]
mod ipc;
use ipc::invoke;

struct TestApp {
    app: App<MockRuntime>,
    main: WebviewWindow<MockRuntime>,
    customer: WebviewWindow<MockRuntime>,
    _home: tempfile::TempDir,
}

/// A demo till with both windows; `settings` are written to the demo home first.
fn launch_demo(settings: &[(ConfigKey, &str)]) -> TestApp {
    let home_dir = tempfile::tempdir().expect("temporary home");
    let home = TillHome::at(home_dir.path());
    for (key, value) in settings {
        TillConfig::set(&home.demo(), *key, value).expect("a valid setting");
    }
    let launch = Launch { home, demo: true };
    let app = app_builder(mock_builder(), &launch)
        .build(tauri::generate_context!("../tauri.conf.json"))
        .expect("the app builds on the mock runtime");
    open_till(app.handle(), &launch);
    let main = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("main window");
    let customer =
        WebviewWindowBuilder::new(&app, "customer", Default::default()).build().expect("customer window");
    TestApp { app, main, customer, _home: home_dir }
}

impl TestApp {
    fn main(&self, command: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.main, command, args)
    }

    fn customer(&self, command: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.customer, command, args)
    }
}

fn sale_args(amount: &str, currency: &str, network: &str) -> Value {
    json!({"amount": amount, "currency": currency, "network": network})
}

/// Refused by the ACL: Tauri's own refusal (a string), not one of our `{code, message}` errors.
fn assert_refused(outcome: Result<Value, Value>, what: &str) {
    let error = outcome.expect_err(what);
    assert!(error.is_string(), "{what}: refused by the capability, not by the command: {error}");
    assert!(error.as_str().unwrap_or_default().contains("not allowed"), "{what}: {error}");
}

#[test]
fn the_customer_window_can_read_but_never_change_a_sale() {
    let app = launch_demo(&[]);
    // Reading works from the customer display, before and during a sale.
    let idle = app.customer("customer_view", json!({})).expect("customer_view");
    assert_eq!(idle["counter"], Value::Null);
    assert_eq!(idle["demo"], true);
    assert!(idle["currencies"].as_array().is_some_and(|c| c.contains(&json!("USDT"))), "{idle}");

    // Nothing that changes state, whatever the arguments.
    assert_refused(app.customer("start_sale", sale_args("12.50", "USDT", "tron")), "start_sale");
    let started = app.main("start_sale", sale_args("12.50", "USDT", "tron")).expect("the cashier may");
    let id = started["sale"]["merchantOrderId"].as_str().expect("id").to_owned();
    assert_refused(app.customer("simulate_payment", json!({"merchantOrderId": id})), "simulate_payment");
    assert_refused(app.customer("cancel_sale", json!({"merchantOrderId": id})), "cancel_sale");
    assert_refused(app.customer("clear_counter", json!({})), "clear_counter");
    assert_refused(app.customer("start_demo", json!({})), "start_demo");
    // Nor may it forge an event for the cashier's window.
    let forged = json!({"event": "sale-updated", "payload": {"merchantOrderId": id, "state": "paid"}});
    assert_refused(app.customer("plugin:event|emit", forged), "emitting an event");

    // The customer display sees the cashier's sale, QR and all.
    let view = app.customer("customer_view", json!({})).expect("customer_view");
    assert_eq!(view["counter"]["sale"]["merchantOrderId"], id.as_str());
    assert_eq!(view["counter"]["qr"], started["qr"]);
    assert_eq!(view["counter"]["sale"]["cryptoPaymentAmount"]["value"], "13.00");

    // The cashier's window may do all of it.
    app.main("simulate_payment", json!({"merchantOrderId": id})).expect("the cashier may simulate");
    let other = app.main("start_sale", sale_args("3", "USDT", "tron")).expect("another sale");
    let other_id = other["sale"]["merchantOrderId"].as_str().expect("id").to_owned();
    let cancelled = app.main("cancel_sale", json!({"merchantOrderId": other_id})).expect("cancel");
    assert_eq!(cancelled["state"], "cancelled");
    // …and the customer display learns of the cancel at once.
    let view = app.customer("customer_view", json!({})).expect("customer_view");
    assert_eq!(view["counter"]["sale"]["state"], "cancelled");
}

#[test]
fn the_customer_display_hears_about_the_counter_and_nothing_of_the_managers() {
    let app = launch_demo(&[]);
    // A channel as the page's `new Channel()` makes it: its id, from the page's callbacks.
    let channel = |id: u32| format!("__CHANNEL__:{id}");
    for (topic, id) in [("counter-changed", 1), ("sale-updated", 2)] {
        app.customer("subscribe", json!({"topic": topic, "channel": channel(id)}))
            .unwrap_or_else(|error| panic!("the customer display hears {topic}: {error}"));
    }
    for topic in ["gateway-health", "till-opened", "export-progress", "cashiers-changed"] {
        let refused = app
            .customer("subscribe", json!({"topic": topic, "channel": channel(3)}))
            .expect_err("a topic of another window");
        assert_eq!(refused["code"], "not_available", "{topic}: {refused}");
        assert!(refused["message"].as_str().unwrap_or("").contains("does not hear"), "{refused}");
    }
    // The cashier's window hears the gateway's health, the manager's window does not exist here.
    app.main("subscribe", json!({"topic": "gateway-health", "channel": channel(4)})).expect("main hears it");
}

#[test]
fn the_counter_goes_idle_for_both_windows() {
    let app = launch_demo(&[]);
    let (events, received) = mpsc::channel::<Value>();
    app.app.listen_any("counter-changed", move |event| {
        let _ = events.send(serde_json::from_str(event.payload()).expect("JSON payload"));
    });
    let started = app.main("start_sale", sale_args("12.50", "USDT", "tron")).expect("sale");
    let shown = received.recv_timeout(Duration::from_secs(5)).expect("counter-changed for the new sale");
    assert_eq!(shown["sale"]["merchantOrderId"], started["sale"]["merchantOrderId"]);
    assert_eq!(shown["qrText"], started["sale"]["depositAddress"], "links are off: the bare address");

    app.main("clear_counter", json!({})).expect("back to idle");
    let idle = received.recv_timeout(Duration::from_secs(5)).expect("counter-changed for idle");
    assert_eq!(idle, Value::Null);
    assert_eq!(app.customer("customer_view", json!({})).expect("view")["counter"], Value::Null);
}

#[test]
fn items_add_up_exactly_in_rust() {
    let app = launch_demo(&[]);
    let sum = |items: Value| app.main("add_amounts", json!({"items": items}));
    assert_eq!(sum(json!(["12.50", "3"])).unwrap(), "15.50");
    assert_eq!(sum(json!(["0.10", "0.20"])).unwrap(), "0.30");
    assert_eq!(sum(json!(["19.99", "0.01", "5"])).unwrap(), "25.00");
    let error = sum(json!(["12.50", "abc"])).expect_err("not an amount");
    assert_eq!(error["code"], "invalid_amount");
    let error = sum(json!([])).expect_err("nothing rung up");
    assert_eq!(error["code"], "invalid_amount");
}

#[test]
fn the_shops_settings_shape_the_tiles_and_the_qr() {
    let app = launch_demo(&[
        (ConfigKey::DefaultMethod, "USDC/tron"),
        (ConfigKey::HiddenMethods, "USDT/ethereum, USD1/bsc"),
        (ConfigKey::PaymentLinks, "on"),
        (ConfigKey::ReturnAfter, "30s"),
    ]);
    let settings = app.main("counter_settings", json!({})).expect("settings");
    assert_eq!(settings["defaultMethod"], json!({"currency": "USDC", "network": "tron"}));
    assert_eq!(settings["paymentLinks"], true);
    assert_eq!(settings["returnAfter"], 30);
    assert_eq!(settings["chime"], true);

    let options = app.main("method_options", json!({"amount": "12.50"})).expect("options");
    let listed: Vec<String> = options
        .as_array()
        .unwrap()
        .iter()
        .map(|o| format!("{}/{}", o["currency"].as_str().unwrap(), o["network"].as_str().unwrap()))
        .collect();
    assert!(
        listed.contains(&"USDC/tron".to_owned()) && listed.contains(&"USDT/bsc".to_owned()),
        "{listed:?}"
    );
    assert!(
        !listed.contains(&"USDT/ethereum".to_owned()) && !listed.contains(&"USD1/bsc".to_owned()),
        "{listed:?}"
    );
    let hidden = app.main("start_sale", sale_args("12.50", "USDT", "ethereum")).expect_err("hidden");
    assert_eq!(hidden["code"], "unknown_method");
    assert!(hidden["message"].as_str().unwrap().contains("hidden-methods"), "{hidden}");

    // Payment links: EIP-681 with BSC's 18 decimals for the amount due (12.50 + 0.10 fee)…
    let bsc = app.main("start_sale", sale_args("12.50", "USDT", "bsc")).expect("bsc sale");
    let address = bsc["sale"]["depositAddress"].as_str().unwrap();
    assert_eq!(bsc["sale"]["cryptoPaymentAmount"]["value"], "12.60");
    assert_eq!(
        bsc["qrText"],
        format!("ethereum:0x55d398326f99059fF775485246999027B3197955@56/transfer?address={address}&uint256=12600000000000000000")
    );
    // …and TRON keeps the bare address.
    let tron = app.main("start_sale", sale_args("12.50", "USDC", "tron")).expect("tron sale");
    assert_eq!(tron["qrText"], tron["sale"]["depositAddress"]);
}

#[test]
fn the_gateway_check_reports_health() {
    let app = launch_demo(&[]);
    let health = app.main("check_gateway", json!({})).expect("the demo gateway answers");
    assert_eq!(health, json!({"state": "ok"}));
    assert_refused(app.customer("check_gateway", json!({})), "check_gateway");
}
