//! Which window may invoke which command, checked against the sources of truth rather than a
//! hand-kept list: the commands registered in `src/lib.rs` (`generate_handler!`), the permissions
//! `build.rs` declares, the `#[tauri::command]` functions under `src/commands/`, and the grants in
//! `capabilities/*.json`. A new command is picked up here the moment it is registered, and must
//! then be declared, granted deliberately, and (if it is a manager command) refuse without the PIN.
//!
//! The invocations go through Tauri's own IPC entry point (`Webview::on_message`) with the
//! runtime authority compiled from the real `tauri.conf.json` and `capabilities/`: on the mock
//! runtime that is the same ACL check the real app makes (see `tauri::webview::on_message`; only
//! the webview underneath is mocked). `tests/tests/security_capabilities.rs` repeats the cashier
//! window's and the customer display's part in the real app through WebDriver.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{json, Value};
use stabletill_app::{app_builder, open_till, Launch};
use stabletill_till::TillHome;
use tauri::test::{mock_builder, MockRuntime};
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

// The same reading of the sources as the WebDriver test in `tests/` uses.
#[path = "../../tests/src/app_commands.rs"]
mod app_commands;
use app_commands::AppCommands;

#[path = "support/ipc.rs"]
mod ipc;
use ipc::invoke;

/// Every window's one shared command: a channel for its own event topics (each window hears only
/// its own; `src/window_events.rs`).
const EVERY_WINDOW: &str = "subscribe";
/// The customer display may only hear about the counter and read the sale on it.
const CUSTOMER_COMMANDS: [&str; 2] = ["customer_view", EVERY_WINDOW];
/// The one command of `src/commands/manager/` the cashier window may invoke: its "Manager" button.
const CASHIER_OPENS_MANAGER: &str = "open_manager_window";
/// The manager window's "Copy diagnostics": granted to it, though defined outside the manager's
/// folder because the text holds nothing secret.
const MANAGER_SUPPORT: &str = "diagnostics";

/// Manager commands that by design answer without an unlocked PIN, and why. Every other command
/// in `src/commands/manager/` must answer `pin_required` while the screens are locked.
const PIN_FREE: [(&str, &str); 5] = [
    ("open_manager_window", "the cashier's button: opens the window that then asks for the PIN"),
    ("manager_status", "tells the locked window whether to show the PIN pad or the setup"),
    ("unlock_manager", "is the PIN check itself (with the lockout)"),
    ("lock_manager", "only takes the unlock away"),
    ("setup_try_demo", "the same as the cashier's own \"Try the demo\" button"),
];

/// Sets the first PIN without one, during the setup; refused (`pin_required`) once a PIN is set.
const FIRST_PIN: &str = "set_first_pin";

/// Arguments that get a manager command past its argument checks to its PIN check. A manager
/// command not listed is called with `{}`; if that fails on a missing argument, add it here.
fn sample_args(command: &str) -> Value {
    match command {
        "set_first_pin" => json!({"pin": "9999"}),
        "change_pin" => json!({"current": "4711", "newPin": "1234"}),
        "change_setting" => json!({"key": "shop-name", "value": "Hijacked"}),
        "set_api_secret" => json!({"secret": "stolen"}),
        "test_connection" => json!({"gateway": "sandbox", "merchantId": "MCH_1", "secret": "x"}),
        "export_sales" => json!({"firstDay": "2026-01-01", "lastDay": "2026-01-01", "format": "csv"}),
        "day_report" | "day_sales" => json!({"day": "2026-01-01"}),
        "add_cashier" => json!({"name": "Mallory", "pin": "1234"}),
        "remove_cashier" => json!({"name": "Anna"}),
        "void_sale" => {
            json!({"merchantOrderId": "ST-TEST-0000000000000000", "reason": "refund", "pin": "4711"})
        }
        _ => json!({}),
    }
}

fn commands() -> AppCommands {
    AppCommands::read(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn registered_commands() -> BTreeSet<String> {
    commands().registered
}

fn manager_commands() -> BTreeSet<String> {
    commands().manager()
}

#[test]
fn every_registered_command_is_declared_and_every_declared_one_registered() {
    let commands = commands();
    let (registered, declared) = (&commands.registered, &commands.declared);
    let functions: BTreeSet<String> = commands.functions.keys().cloned().collect();
    let only_registered: Vec<_> = registered.difference(declared).collect();
    let only_declared: Vec<_> = declared.difference(registered).collect();
    assert!(
        only_registered.is_empty() && only_declared.is_empty(),
        "src/lib.rs (generate_handler!) and build.rs (permissions) must list the same commands:\n  \
         registered but not declared in build.rs: {only_registered:?}\n  declared but not registered: {only_declared:?}"
    );
    let unregistered: Vec<_> = functions.difference(registered).collect();
    assert!(
        unregistered.is_empty(),
        "#[tauri::command] functions not in generate_handler!: {unregistered:?}"
    );
    let elsewhere: Vec<_> = registered.difference(&functions).collect();
    assert!(elsewhere.is_empty(), "registered commands not defined under src/commands/: {elsewhere:?}");
}

#[test]
fn the_capabilities_grant_each_window_only_its_own_commands() {
    let commands = commands();
    let registered = &commands.registered;
    let granted = |window: &str| commands.granted_to(window);

    let customer = granted("customer");
    let expected: BTreeSet<String> = CUSTOMER_COMMANDS.iter().map(|c| c.to_string()).collect();
    assert_eq!(customer, expected, "the customer display may only read the sale on the counter");
    for window in ["customer", "main", "manager"] {
        // Tauri's own permissions (events, windows, …): no window needs any.
        let core = commands.other_permissions.get(window).cloned().unwrap_or_default();
        assert!(core.is_empty(), "the {window} window is granted Tauri's own commands: {core:?}");
    }

    let manager_only: BTreeSet<String> =
        commands.manager().into_iter().filter(|c| c != CASHIER_OPENS_MANAGER).collect();
    let leaked: Vec<_> = granted("main").intersection(&manager_only).cloned().collect();
    assert!(leaked.is_empty(), "the cashier window is granted manager commands: {leaked:?}");
    let manager_sale: Vec<_> = granted("manager")
        .difference(&manager_only)
        .filter(|c| ![MANAGER_SUPPORT, EVERY_WINDOW].contains(&c.as_str()))
        .cloned()
        .collect();
    assert!(manager_sale.is_empty(), "the manager window is granted cashier commands: {manager_sale:?}");

    for (window, granted) in &commands.granted {
        let unknown: Vec<_> = granted.difference(registered).collect();
        assert!(
            unknown.is_empty(),
            "capabilities grant {window} commands that are not registered: {unknown:?}"
        );
    }
    let all_granted: BTreeSet<String> = commands.granted.values().flatten().cloned().collect();
    let ungranted: Vec<_> = registered.difference(&all_granted).collect();
    assert!(
        ungranted.is_empty(),
        "registered commands no window is granted (dead, or a forgotten grant): {ungranted:?}"
    );
}

struct TestApp {
    _app: App<MockRuntime>,
    main: WebviewWindow<MockRuntime>,
    manager: WebviewWindow<MockRuntime>,
    customer: WebviewWindow<MockRuntime>,
    _home: tempfile::TempDir,
}

/// A real (not demo) till with nothing set up: the manager commands then stop at the PIN, not
/// at the demo's own refusals.
fn launch() -> TestApp {
    let home = tempfile::tempdir().expect("temporary home");
    let launch = Launch { home: TillHome::at(home.path()), demo: false };
    let app = app_builder(mock_builder(), &launch)
        .build(tauri::generate_context!("../tauri.conf.json"))
        .expect("the app builds on the mock runtime");
    open_till(app.handle(), &launch);
    let main = WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("main window");
    let customer =
        WebviewWindowBuilder::new(&app, "customer", Default::default()).build().expect("customer window");
    invoke(&main, CASHIER_OPENS_MANAGER, json!({})).expect("the cashier window may open the manager window");
    let manager = app.get_webview_window("manager").expect("the manager window is open");
    TestApp { _app: app, main, manager, customer, _home: home }
}

/// Refused by the ACL itself: a bare message, not the commands' `{code, message}` shape, so the
/// command never ran.
fn refused_by_acl(answer: &Result<Value, Value>) -> bool {
    matches!(answer, Err(Value::String(message)) if message.contains("not allowed"))
}

#[test]
fn the_customer_display_is_refused_every_command_but_its_own() {
    let app = launch();
    for command in registered_commands() {
        let answer = invoke(&app.customer, &command, json!({}));
        if CUSTOMER_COMMANDS.contains(&command.as_str()) {
            assert!(!refused_by_acl(&answer), "the customer display needs {command}: {answer:?}");
        } else {
            assert!(refused_by_acl(&answer), "the customer display reached {command}: {answer:?}");
        }
    }
}

#[test]
fn each_window_is_refused_every_command_not_granted_to_it() {
    let app = launch();
    let commands = commands();
    for (window, label) in [(&app.main, "main"), (&app.manager, "manager")] {
        let granted = commands.granted_to(label);
        for command in registered_commands().difference(&granted) {
            // Arguments that would let the command do its worst, had the ACL let it through.
            let answer = invoke(window, command, sample_args(command));
            assert!(refused_by_acl(&answer), "the {label} window reached {command}: {answer:?}");
        }
    }
    // What the cashier window must never reach, whatever the capabilities say.
    for command in manager_commands().iter().filter(|c| *c != CASHIER_OPENS_MANAGER) {
        let answer = invoke(&app.main, command, sample_args(command));
        assert!(refused_by_acl(&answer), "the cashier window reached manager command {command}: {answer:?}");
    }
    let status = invoke(&app.manager, "manager_status", json!({})).expect("the manager window may ask");
    assert_eq!(status["pin"]["isSet"], false, "nothing the cashier window sent set a PIN: {status}");
}

#[test]
fn every_manager_command_refuses_until_the_pin_is_typed() {
    let app = launch();
    let pin_free: BTreeSet<&str> = PIN_FREE.iter().map(|(command, _)| *command).collect();
    let guarded: Vec<String> =
        manager_commands().into_iter().filter(|command| !pin_free.contains(command.as_str())).collect();
    assert!(guarded.len() >= 10, "too few PIN-guarded manager commands found: {guarded:?}");
    let stale: Vec<_> = pin_free.iter().filter(|c| !manager_commands().contains(**c)).collect();
    assert!(stale.is_empty(), "PIN_FREE names commands that no longer exist: {stale:?}");

    let expect_pin_required = |when: &str, skip: &[&str]| {
        for command in guarded.iter().filter(|command| !skip.contains(&command.as_str())) {
            let answer = invoke(&app.manager, command, sample_args(command));
            let error = answer.as_ref().expect_err(command);
            assert!(
                error["code"] == "pin_required",
                "{command} {when} answered {answer:?}, not pin_required. A manager command must check the \
                 unlock first (`desk.unlocked(&app)`); if it got no further than its arguments, give it \
                 sample arguments in sample_args(); if it is PIN-free by design, add it to PIN_FREE with why"
            );
        }
    };
    // No PIN set yet: nothing is unlocked, so nothing opens; the setup starts with the one
    // command that works only now, set_first_pin.
    expect_pin_required("before any PIN was set", &[FIRST_PIN]);

    let status = invoke(&app.manager, "set_first_pin", json!({"pin": "4711"})).expect("the first PIN");
    assert_eq!(status["unlocked"], true, "{status}");
    invoke(&app.manager, "lock_manager", json!({})).expect("lock");
    expect_pin_required("after lock_manager", &[]);

    let wrong = invoke(&app.manager, "unlock_manager", json!({"pin": "0000"})).expect_err("a wrong PIN");
    assert_eq!(wrong["code"], "wrong_pin", "{wrong}");
    expect_pin_required("after a wrong PIN", &[]);

    // The right PIN opens them (the daily close, for one): the refusals above were the PIN.
    invoke(&app.manager, "unlock_manager", json!({"pin": "4711"})).expect("the right PIN");
    let report = invoke(&app.manager, "day_report", json!({})).expect("unlocked: the daily close opens");
    assert!(report.get("day").is_some(), "{report}");
}
