//! The manager window's commands driven through Tauri's IPC on the mock runtime, with the real
//! `tauri.conf.json` and `capabilities/`: the cashier window is refused every manager command,
//! the PIN locks out after five wrong tries, settings are checked, the daily close adds up, an
//! export writes its file, and the setup opens a till the cashier can charge with.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use stabletill_app::commands::manager::ExportTarget;
use stabletill_app::{app_builder, open_till, Launch};
use stabletill_till::TillHome;
use tauri::test::{mock_builder, MockRuntime};
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

#[path = "support/ipc.rs"]
mod ipc;
use ipc::invoke;

const PIN: &str = "4711";

struct TestApp {
    app: App<MockRuntime>,
    main: WebviewWindow<MockRuntime>,
    manager: WebviewWindow<MockRuntime>,
    _home: tempfile::TempDir,
}

fn launch(demo: bool) -> TestApp {
    let home = tempfile::tempdir().expect("temporary home");
    let (app, main, manager) = launch_at(home.path(), demo);
    TestApp { app, main, manager, _home: home }
}

fn launch_at(
    home: &Path,
    demo: bool,
) -> (App<MockRuntime>, WebviewWindow<MockRuntime>, WebviewWindow<MockRuntime>) {
    let launch = Launch { home: TillHome::at(home), demo };
    let app = app_builder(mock_builder(), &launch)
        .build(tauri::generate_context!("../tauri.conf.json"))
        .expect("the app builds on the mock runtime");
    open_till(app.handle(), &launch);
    let main = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("main window");
    // Opened the way the cashier's "Manager" button opens it.
    invoke(&main, "open_manager_window", json!({})).expect("the cashier window may open the manager window");
    let manager = app.get_webview_window("manager").expect("the manager window is open");
    (app, main, manager)
}

impl TestApp {
    fn manager(&self, command: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.manager, command, args)
    }

    fn cashier(&self, command: &str, args: Value) -> Result<Value, Value> {
        invoke(&self.main, command, args)
    }

    fn set_pin_and_unlock(&self) -> Value {
        let status = self.manager("set_first_pin", json!({"pin": PIN})).expect("the first PIN is set");
        assert_eq!(status["unlocked"], true, "{status}");
        status
    }

    /// A demo sale of `amount` USDT on Tron, paid by the simulated customer.
    fn paid_demo_sale(&self, amount: &str) -> String {
        let started = self
            .cashier("start_sale", json!({"amount": amount, "currency": "USDT", "network": "tron"}))
            .expect("a demo sale starts");
        let id = started["sale"]["merchantOrderId"].as_str().unwrap().to_owned();
        self.cashier("simulate_payment", json!({"merchantOrderId": id})).expect("demo payment");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let sales = self.cashier("recent_sales", json!({})).expect("recent sales");
            let paid =
                sales.as_array().unwrap().iter().any(|s| s["merchantOrderId"] == id && s["state"] == "paid");
            if paid {
                return id;
            }
            assert!(Instant::now() < deadline, "the demo sale was not paid in time");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn code(error: &Value) -> &str {
    error["code"].as_str().unwrap_or_else(|| panic!("an IpcError: {error}"))
}

#[test]
fn the_cashier_window_is_refused_every_manager_command() {
    let app = launch(true);
    let manager_commands = [
        ("manager_status", json!({})),
        ("unlock_manager", json!({"pin": PIN})),
        ("lock_manager", json!({})),
        ("set_first_pin", json!({"pin": PIN})),
        ("change_pin", json!({"current": PIN, "newPin": "1234"})),
        ("manager_settings", json!({})),
        ("change_setting", json!({"key": "shop-name", "value": "Hijacked"})),
        ("set_api_secret", json!({"secret": "stolen"})),
        ("clear_api_secret", json!({})),
        ("test_connection", json!({"gateway": "sandbox", "merchantId": "MCH_1"})),
        ("open_till", json!({})),
        ("setup_try_demo", json!({})),
        ("restart_app", json!({})),
        ("day_report", json!({})),
        ("export_sales", json!({"firstDay": "2026-01-01", "lastDay": "2026-01-01", "format": "csv"})),
        ("audit_log", json!({})),
        ("list_cashiers", json!({})),
        ("add_cashier", json!({"name": "Mallory", "pin": "1234"})),
        ("remove_cashier", json!({"name": "Anna"})),
        ("day_sales", json!({})),
        ("void_sale", json!({"merchantOrderId": "ST-x", "reason": "r", "pin": PIN})),
    ];
    for (command, args) in manager_commands {
        let refused = app.cashier(command, args).expect_err(command);
        // Refused by the capability check itself: not our error shape, and nothing ran.
        assert!(refused.get("code").is_none(), "{command} reached the command from main: {refused}");
        assert!(refused.to_string().contains("not allowed"), "{command}: {refused}");
    }
    // Nothing ran: no PIN was set from the cashier window.
    let status = app.manager("manager_status", json!({})).expect("the manager window may ask");
    assert_eq!(status["pin"]["isSet"], false, "{status}");
    // And the manager window is refused the cashier's commands.
    let refused = app.manager("start_sale", json!({"amount": "1", "currency": "USDT", "network": "tron"}));
    assert!(refused.expect_err("start_sale from manager").to_string().contains("not allowed"));
    for command in ["cashier_status", "cashier_sign_in", "cashier_sign_out"] {
        let refused = app.manager(command, json!({"name": "Anna", "pin": "1357"})).expect_err(command);
        assert!(refused.to_string().contains("not allowed"), "{command} from manager: {refused}");
    }
}

#[test]
fn every_manager_screen_needs_the_pin_and_lock_locks() {
    let app = launch(true);
    for command in ["manager_settings", "day_report", "audit_log"] {
        let error = app.manager(command, json!({})).expect_err(command);
        assert_eq!(code(&error), "pin_required", "{command}: {error}");
    }
    let status = app.set_pin_and_unlock();
    assert_eq!(status["actor"], "manager");
    assert!(status["locksAt"].as_str().is_some(), "{status}");
    assert!(!status.to_string().contains(PIN), "no PIN crosses: {status}");
    app.manager("day_report", json!({})).expect("unlocked");

    let status = app.manager("lock_manager", json!({})).expect("lock");
    assert_eq!(status["unlocked"], false);
    assert_eq!(code(&app.manager("day_report", json!({})).expect_err("locked")), "pin_required");
    let again = app.manager("set_first_pin", json!({"pin": "9999"})).expect_err("only the first PIN");
    assert_eq!(code(&again), "pin_required", "{again}");
}

#[test]
fn five_wrong_pins_lock_the_manager_screens() {
    let app = launch(false);
    app.set_pin_and_unlock();
    app.manager("lock_manager", json!({})).expect("lock");
    for left in (1..=4).rev() {
        let error = app.manager("unlock_manager", json!({"pin": "0000"})).expect_err("wrong PIN");
        assert_eq!(code(&error), "wrong_pin", "{error}");
        assert!(error["message"].as_str().unwrap().contains(&format!(": {left})")), "{error}");
    }
    let error = app.manager("unlock_manager", json!({"pin": "0000"})).expect_err("fifth wrong PIN");
    assert_eq!(code(&error), "pin_locked", "{error}");
    assert!(error["message"].as_str().unwrap().contains("try again in 30 s"), "{error}");
    // While locked out even the right PIN is not checked.
    let error = app.manager("unlock_manager", json!({"pin": PIN})).expect_err("locked out");
    assert_eq!(code(&error), "pin_locked", "{error}");
    let status = app.manager("manager_status", json!({})).expect("status");
    assert_eq!(status["unlocked"], false);
    assert_eq!(status["pin"]["attemptsLeft"], 0);
    assert!(status["pin"]["lockedUntil"].as_str().is_some(), "the countdown needs the end: {status}");
}

#[test]
fn settings_are_checked_and_each_change_is_recorded() {
    let app = launch(false);
    app.set_pin_and_unlock();
    let error = app
        .manager("change_setting", json!({"key": "day-cutoff", "value": "25:00"}))
        .expect_err("no 25 o'clock");
    assert_eq!(code(&error), "invalid_setting");
    assert!(error["message"].as_str().unwrap().contains("e.g. 04:00"), "{error}");
    let error =
        app.manager("change_setting", json!({"key": "colour", "value": "red"})).expect_err("no such key");
    assert_eq!(code(&error), "invalid_setting");
    let error = app
        .manager("change_setting", json!({"key": "merchant-id", "value": "not an id!"}))
        .expect_err("bad merchant ID");
    assert!(error["message"].as_str().unwrap().contains("is not a merchant ID"), "{error}");

    let changed = app
        .manager("change_setting", json!({"key": "day-cutoff", "value": "04:00"}))
        .expect("a good cut-off");
    assert_eq!(changed["setting"]["value"], "04:00");
    // No till is open (nothing set up yet): nothing to restart.
    assert_eq!(changed["restartNeeded"], false);
    app.manager("change_setting", json!({"key": "shop-name", "value": "Corner Café"})).expect("shop name");

    let view = app.manager("manager_settings", json!({})).expect("settings");
    let setting =
        |key: &str| view["settings"].as_array().unwrap().iter().find(|s| s["key"] == key).cloned().unwrap();
    assert_eq!(setting("day-cutoff")["value"], "04:00");
    assert_eq!(setting("shop-name")["value"], "Corner Café");
    assert!(setting("time-zone")["help"].as_str().unwrap().contains("IANA"));

    let log = app.manager("audit_log", json!({})).expect("audit log");
    let actions: Vec<&str> = log.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "setting_changed").count(), 2, "{log}");
    assert!(actions.contains(&"unlock") && actions.contains(&"pin_set"), "{log}");
    let entry = log.as_array().unwrap().iter().find(|e| e["action"] == "setting_changed").unwrap();
    assert_eq!(entry["actor"], "manager");
    assert!(entry["local"].as_str().unwrap().len() == 19, "{entry}");
}

#[test]
fn the_daily_close_adds_up_the_days_sales() {
    let app = launch(true);
    let first = app.paid_demo_sale("12.50");
    app.paid_demo_sale("7.25");
    app.set_pin_and_unlock();
    let status = app.manager("manager_status", json!({})).expect("status");
    assert_eq!(status["demo"], true);
    let today = status["today"].as_str().expect("the business day now").to_owned();

    let report = app.manager("day_report", json!({"day": today})).expect("the daily close");
    assert_eq!(report["day"], today.as_str());
    assert_eq!(report["count"], 2);
    let usdt = &report["currencies"]["USDT"];
    assert_eq!(usdt["paid"], "19.75", "{report}");
    assert_eq!(usdt["states"]["paid"]["count"], 2);
    assert_eq!(usdt["networks"]["tron"]["paid"], "19.75");
    assert_eq!(report["firstSale"]["merchantOrderId"], first.as_str());
    assert!(report["local"]["firstSale"].as_str().unwrap().len() == 5, "HH:MM: {report}");
    assert!(report["chart"].as_str().unwrap().starts_with("data:image/svg+xml;base64,"));
    assert!(report["text"].as_str().unwrap().contains("19.75"), "{}", report["text"]);

    let error = app.manager("day_report", json!({"day": "21.11.2026"})).expect_err("not a day");
    assert_eq!(code(&error), "invalid_setting");
}

#[test]
fn an_export_writes_its_file_without_the_dialog() {
    let app = launch(true);
    let id = app.paid_demo_sale("12.50");
    app.set_pin_and_unlock();
    let folder = tempfile::tempdir().unwrap();
    app.app.state::<ExportTarget>().save_to_folder(folder.path().to_path_buf());
    let today = app.manager("manager_status", json!({})).unwrap()["today"].as_str().unwrap().to_owned();

    let done = app
        .manager("export_sales", json!({"firstDay": today, "lastDay": today, "format": "csv"}))
        .expect("the export");
    assert_eq!(done["cancelled"], false);
    assert_eq!(done["rows"], 1);
    assert_eq!(done["totals"]["USDT"]["paid"], "12.50");
    let path = Path::new(done["path"].as_str().unwrap()).to_path_buf();
    assert_eq!(path, folder.path().join(format!("stabletill-sales-{today}.csv")));
    let csv = std::fs::read_to_string(&path).expect("the file was written");
    assert!(csv.lines().count() == 2 && csv.contains(&id), "{csv}");

    let done = app
        .manager("export_sales", json!({"firstDay": today, "lastDay": today, "format": "xlsx"}))
        .expect("an XLSX export");
    assert!(Path::new(done["path"].as_str().unwrap()).is_file());

    let error = app
        .manager("export_sales", json!({"firstDay": "2026-02-02", "lastDay": "2026-02-01", "format": "csv"}))
        .expect_err("backwards");
    assert!(error["message"].as_str().unwrap().contains("before it starts"), "{error}");
    let error = app
        .manager("export_sales", json!({"firstDay": today, "lastDay": today, "format": "pdf"}))
        .expect_err("no pdf");
    assert_eq!(code(&error), "invalid_setting");
    let log = app.manager("audit_log", json!({})).unwrap();
    assert!(log.as_array().unwrap().iter().any(|e| e["action"] == "export"), "{log}");
}

#[test]
fn the_demo_keeps_its_api_secret_to_itself() {
    let app = launch(true);
    app.set_pin_and_unlock();
    let error = app.manager("set_api_secret", json!({"secret": "x"})).expect_err("demo");
    assert_eq!(code(&error), "not_available");
}

/// The whole setup from the manager window against a local gateway, ending with a sale at the
/// cashier window — no restart. Needs the OS keyring: run inside dbus-run-session with
/// gnome-keyring unlocked, as scripts/test does.
#[test]
fn the_setup_opens_a_till_the_cashier_can_charge_with() {
    use stabletill_simulator::{RunningSimulator, SimulatorConfig};

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let simulator = runtime.block_on(RunningSimulator::start(SimulatorConfig::demo())).unwrap();
    let app = launch(false);
    let status = app.manager("manager_status", json!({})).unwrap();
    assert_eq!(status["setupNeeded"], true, "{status}");
    let error = app
        .cashier("start_sale", json!({"amount": "12.50", "currency": "USDT", "network": "tron"}))
        .expect_err("nothing is set up yet");
    assert!(["not_configured", "keyring_unavailable"].contains(&code(&error)), "{error}");

    app.set_pin_and_unlock();
    app.manager("change_setting", json!({"key": "gateway", "value": simulator.url()})).unwrap();
    app.manager("change_setting", json!({"key": "merchant-id", "value": simulator.merchant_id()})).unwrap();

    let wrong = app
        .manager(
            "test_connection",
            json!({"gateway": simulator.url(), "merchantId": simulator.merchant_id(), "secret": "not-the-secret"}),
        )
        .expect("a test that fails still answers");
    assert_eq!(wrong["ok"], false);
    assert_eq!(wrong["code"], "wrong_secret", "{wrong}");

    let secret = simulator.secret().expose().to_owned();
    app.manager("set_api_secret", json!({"secret": secret})).expect("the OS keyring (see scripts/test)");
    // With no secret typed, the stored one is tested.
    let check = app
        .manager(
            "test_connection",
            json!({"gateway": simulator.url(), "merchantId": simulator.merchant_id()}),
        )
        .unwrap();
    assert_eq!(check["ok"], true, "{check}");
    assert!(check["methods"].as_array().unwrap().iter().any(|m| m == "USDT · TRON Network"), "{check}");

    let view = app.manager("manager_settings", json!({})).unwrap();
    assert_eq!(view["secretSet"], true);
    assert!(!view.to_string().contains(&secret), "the secret never comes back: {view}");

    let status = app.manager("open_till", json!({})).expect("the till opens");
    assert_eq!(status["ready"], true, "{status}");
    assert_eq!(status["setupNeeded"], false);
    let info = app.cashier("app_info", json!({})).unwrap();
    assert_eq!(info["ready"], true, "{info}");
    let sale = app
        .cashier("start_sale", json!({"amount": "12.50", "currency": "USDT", "network": "tron"}))
        .expect("the cashier takes a sale right after the setup");
    assert_eq!(sale["sale"]["state"], "awaiting");

    // Settings changed now need a restart: the open till keeps the ones it opened with.
    let changed = app.manager("change_setting", json!({"key": "order-lifetime", "value": "10m"})).unwrap();
    assert_eq!(changed["restartNeeded"], true);
    app.manager("clear_api_secret", json!({})).expect("the secret is removed");
    assert_eq!(app.manager("manager_settings", json!({})).unwrap()["secretSet"], false);
}

#[test]
fn with_sign_in_on_no_sale_starts_until_a_cashier_signs_in_and_the_sale_records_them() {
    let app = launch(true);
    let off = app.cashier("cashier_status", json!({})).expect("the counter may ask");
    assert_eq!((off["required"].clone(), off["cashier"].clone()), (json!(false), Value::Null), "{off}");
    let error = app.manager("list_cashiers", json!({})).expect_err("locked");
    assert_eq!(code(&error), "pin_required");
    app.set_pin_and_unlock();

    // Sign-in cannot go on with nobody to sign in; a bad PIN or a taken name adds nobody.
    let error = app
        .manager("change_setting", json!({"key": "cashier-sign-in", "value": "on"}))
        .expect_err("no cashiers yet");
    assert!(error["message"].as_str().unwrap().starts_with("add a cashier first"), "{error}");
    let error = app.manager("add_cashier", json!({"name": "Anna", "pin": "12"})).expect_err("short PIN");
    assert_eq!(code(&error), "invalid_setting");
    let list = app.manager("add_cashier", json!({"name": "Anna", "pin": "1357"})).expect("Anna added");
    assert_eq!(list, json!({"signIn": false, "cashiers": ["Anna"]}));
    let error = app.manager("add_cashier", json!({"name": "anna", "pin": "2468"})).expect_err("taken");
    assert_eq!(code(&error), "invalid_setting");
    app.manager("change_setting", json!({"key": "cashier-sign-in", "value": "on"})).expect("sign-in on");

    let refused = app
        .cashier("start_sale", json!({"amount": "3.50", "currency": "USDT", "network": "tron"}))
        .expect_err("nobody is signed in");
    assert_eq!(code(&refused), "sign_in_required", "{refused}");
    assert!(app.cashier("recent_sales", json!({})).unwrap().as_array().unwrap().is_empty(), "no sale row");

    let error = app.cashier("cashier_sign_in", json!({"name": "Anna", "pin": "0000"})).expect_err("wrong");
    assert_eq!(code(&error), "wrong_pin");
    assert!(error["message"].as_str().unwrap().contains("before sign-in locks: 4"), "{error}");
    let status =
        app.cashier("cashier_sign_in", json!({"name": "Anna", "pin": "1357"})).expect("Anna signs in");
    assert_eq!(status["cashier"], "Anna");
    assert!(!status.to_string().contains("1357") && !status.to_string().contains("argon2"), "{status}");

    let id = app.paid_demo_sale("3.50");
    let sales = app.manager("day_sales", json!({})).expect("the day's sales");
    let sale = sales.as_array().unwrap().iter().find(|s| s["merchantOrderId"] == id).expect("listed");
    assert_eq!(sale["cashier"], "Anna");
    let report = app.manager("day_report", json!({})).expect("report");
    assert_eq!(report["cashiers"][0]["cashier"], "Anna", "{}", report["cashiers"]);

    // Removing the last cashier while sign-in is on is refused; signing out stops the sales.
    let error = app.manager("remove_cashier", json!({"name": "Anna"})).expect_err("last one");
    assert!(error["message"].as_str().unwrap().contains("turn cashier sign-in off first"), "{error}");
    let status = app.cashier("cashier_sign_out", json!({})).expect("sign out");
    assert_eq!(status["cashier"], Value::Null);
    let refused = app
        .cashier("start_sale", json!({"amount": "1", "currency": "USDT", "network": "tron"}))
        .expect_err("signed out");
    assert_eq!(code(&refused), "sign_in_required");

    let audit = app.manager("audit_log", json!({})).expect("audit");
    let actions: Vec<String> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|row| format!("{} {}", row["actor"].as_str().unwrap(), row["action"].as_str().unwrap()))
        .collect();
    for expected in [
        "manager cashier_added",
        "manager setting_changed",
        "unknown wrong_cashier_pin",
        "Anna sign_in",
        "Anna sign_out",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} not in {actions:?}");
    }
}

#[test]
fn a_void_needs_the_pin_again_and_a_reason_and_shows_in_the_days_sales() {
    let app = launch(true);
    app.set_pin_and_unlock();
    let id = app.paid_demo_sale("7.25");
    let void = |reason: &str, pin: &str| {
        app.manager("void_sale", json!({"merchantOrderId": id, "reason": reason, "pin": pin}))
    };
    let error = void("goods returned", "0000").expect_err("wrong PIN");
    assert_eq!(code(&error), "wrong_pin", "{error}");
    let error = void("  ", PIN).expect_err("no reason");
    assert_eq!(code(&error), "invalid_setting", "{error}");
    let error = app
        .manager("void_sale", json!({"merchantOrderId": "ST-no-such", "reason": "x", "pin": PIN}))
        .expect_err("no such sale");
    assert_eq!(code(&error), "not_found");

    let voided = void("goods returned, refunded in cash", PIN).expect("voided");
    assert_eq!(
        (voided["state"].as_str(), voided["reason"].as_str()),
        (Some("void"), Some("goods returned, refunded in cash"))
    );
    let sales = app.manager("day_sales", json!({})).expect("the day's sales");
    assert_eq!(sales[0]["state"], "void", "{sales}");
    let recent = app.cashier("recent_sales", json!({})).expect("the counter's list");
    assert_eq!(recent[0]["state"], "void", "{recent}");
    let error = void("twice", PIN).expect_err("already void");
    assert_eq!(code(&error), "not_available", "{error}");
    let report = app.manager("day_report", json!({})).expect("report");
    assert_eq!(report["exceptions"][0]["kind"], "void", "{}", report["exceptions"]);

    let audit = app.manager("audit_log", json!({})).expect("audit");
    let void_line = audit.as_array().unwrap().iter().find(|row| row["action"] == "void").expect("audited");
    assert_eq!(void_line["actor"], "manager");
    assert!(void_line["detail"].as_str().unwrap().contains("goods returned"), "{void_line}");
}

/// A BlockATM till set up from the manager window alone: the till makes its signing key (only
/// the public half comes back), the shop registers that key with the gateway, and the cashier
/// charges through it. Needs the OS keyring, as above.
#[test]
fn a_blockatm_till_makes_its_signing_key_and_charges_once_the_key_is_registered() {
    use stabletill_gateway::blockatm::{ApiKey, PublicKey};
    use stabletill_simulator::blockatm::{BlockAtmSimulatorConfig, RunningBlockAtmSimulator};

    let app = launch(false);
    app.set_pin_and_unlock();
    app.manager("change_setting", json!({"key": "gateway-kind", "value": "blockatm"})).unwrap();
    let none = app.manager("signing_key_status", json!({})).expect("the OS keyring (see scripts/test)");
    assert_eq!(none["publicKeyPem"], Value::Null, "{none}");

    let made = app.manager("new_signing_key", json!({})).expect("a key is made in the keyring");
    let public = made["publicKeyPem"].as_str().expect("its public key").to_owned();
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"), "{public}");
    assert!(!made.to_string().contains("PRIVATE"), "the private key never comes back: {made}");
    assert_eq!(app.manager("signing_key_status", json!({})).unwrap()["publicKeyPem"], public.as_str());

    // The shop registers the public key with the gateway; the gateway knows nothing else.
    let api_key = "blockatm-api-key-for-this-test";
    let config = BlockAtmSimulatorConfig {
        api_key: ApiKey::new(api_key),
        public_key: PublicKey::from_public_key_pem(&public).expect("a P-256 public key"),
        merchant_key: None,
        ..BlockAtmSimulatorConfig::demo()
    };
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let simulator = runtime.block_on(RunningBlockAtmSimulator::start(config)).unwrap();
    app.manager("change_setting", json!({"key": "gateway", "value": simulator.url()})).unwrap();
    app.manager("set_api_secret", json!({"secret": api_key})).unwrap();
    // "Test connection" asks BlockATM itself, signed with the stored key; no merchant ID needed.
    let check = app
        .manager("test_connection", json!({"gateway": simulator.url(), "merchantId": ""}))
        .expect("the test answers");
    assert_eq!(check["ok"], true, "{check}");
    assert!(check["methods"].as_array().unwrap().iter().any(|m| m == "USDT · Polygon"), "{check}");

    let status = app.manager("open_till", json!({})).expect("the till opens");
    assert_eq!(status["ready"], true, "{status}");
    let sale = app
        .cashier("start_sale", json!({"amount": "7.25", "currency": "USDT", "network": "tron"}))
        .expect("the gateway accepts orders signed with the key the till made");
    assert_eq!(sale["sale"]["state"], "awaiting", "{sale}");
    let audit = app.manager("audit_log", json!({})).unwrap();
    assert!(audit.to_string().contains("signing_key_set"), "the new key is in the audit log: {audit}");
}
