//! The windows' command permissions in the real app, through WebDriver: from the cashier window
//! and from the customer display, every registered command (read from the app's sources, so a new
//! one is included the day it is added) is invoked the way a page script would,
//! `window.__TAURI_INTERNALS__.invoke(...)`, and must be refused by Tauri's ACL unless the
//! window's capability grants it. `src-tauri/tests/capabilities.rs` checks the same rules (and the
//! manager PIN) through Tauri's IPC on the mock runtime; this one proves the real runtime agrees.
//! Needs a display, tauri-driver and the built app (scripts/test provides all three); without
//! them it fails with what to install, it never skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use fantoccini::wd::WindowHandle;
use serde_json::{json, Value};
use stabletill_tests::app_commands::AppCommands;
use stabletill_tests::{run_scenario, DemoApp, Screen};

/// A scenario that takes longer has hung; it is stopped (and the app with it).
const SCENARIO: Duration = Duration::from_secs(240);
/// The customer display opens once the till has started.
const CUSTOMER_WINDOW: Duration = Duration::from_secs(20);
/// The one command of the manager's folder the cashier window may invoke.
const CASHIER_OPENS_MANAGER: &str = "open_manager_window";

/// How an invoke from a page ended.
#[derive(Debug)]
enum Answer {
    Ok(Value),
    /// Refused before the command ran: Tauri's ACL answers a bare message ("… not allowed …"),
    /// never the commands' `{code, message}`.
    RefusedByAcl,
    /// The command ran and answered an error.
    Error(Value),
}

/// Invokes `command` with `args` from the current window's page, as its own scripts would.
async fn invoke(app: &DemoApp, command: &str, args: Value) -> anyhow::Result<Answer> {
    let answer = app
        .client()
        .execute_async(
            "const [command, args, done] = arguments;
             const internals = window.__TAURI_INTERNALS__;
             if (!internals || typeof internals.invoke !== 'function') { done({ missing: true }); return; }
             internals.invoke(command, args).then(
               (value) => done({ ok: value === undefined ? null : value }),
               (error) => done({ err: error === undefined ? null : error }),
             );",
            vec![json!(command), args],
        )
        .await
        .with_context(|| format!("invoking {command} from the page"))?;
    if answer.get("missing").is_some() {
        bail!("the page has no window.__TAURI_INTERNALS__.invoke: is this page in the app?");
    }
    if let Some(value) = answer.get("ok") {
        return Ok(Answer::Ok(value.clone()));
    }
    match answer.get("err").cloned().unwrap_or(Value::Null) {
        Value::String(message) if message.contains("not allowed") => Ok(Answer::RefusedByAcl),
        other => Ok(Answer::Error(other)),
    }
}

/// Invokes every command in `commands` and expects the ACL to refuse each.
async fn expect_refused(app: &DemoApp, window: &str, commands: &BTreeSet<String>) -> anyhow::Result<()> {
    let mut reached = Vec::new();
    for command in commands {
        match invoke(app, command, json!({})).await? {
            Answer::RefusedByAcl => {}
            Answer::Ok(value) => reached.push(format!("{command}: answered {value}")),
            Answer::Error(error) => reached.push(format!("{command}: ran and answered the error {error}")),
        }
    }
    ensure!(
        reached.is_empty(),
        "the {window} window reached commands its capability does not grant:\n  {}",
        reached.join("\n  ")
    );
    Ok(())
}

#[test]
fn each_real_window_is_refused_every_command_not_granted_to_it() {
    let commands = AppCommands::of_repository(env!("CARGO_MANIFEST_DIR"));
    run_scenario(SCENARIO, async move {
        let home = DemoApp::new_home()?;
        // A customer display on the one monitor Xvfb has, so its window exists to be tested.
        std::fs::create_dir_all(home.path().join("demo"))?;
        std::fs::write(home.path().join("demo/config.toml"), "customer_display = \"1\"\n")?;
        let app = DemoApp::start_in("security-capabilities", home).await?;
        let outcome = check_windows(&app, &commands).await;
        app.finish(outcome).await
    });
}

async fn check_windows(app: &DemoApp, commands: &AppCommands) -> anyhow::Result<()> {
    let cashier = app.client().window().await?;

    // The channel works: a command the cashier window is granted answers.
    match invoke(app, "app_info", json!({})).await? {
        Answer::Ok(info) => ensure!(info["demo"] == true, "app_info from the cashier window: {info}"),
        other => bail!("app_info, granted to the cashier window, did not answer: {other:?}"),
    }
    let not_granted: BTreeSet<String> =
        commands.registered.difference(&commands.granted_to("main")).cloned().collect();
    let manager_only: BTreeSet<String> =
        commands.manager().into_iter().filter(|command| command != CASHIER_OPENS_MANAGER).collect();
    ensure!(manager_only.len() >= 10, "too few manager commands found in the sources: {manager_only:?}");
    expect_refused(app, "cashier", &not_granted.union(&manager_only).cloned().collect()).await?;

    let customer = customer_window(app, &cashier).await?;
    app.client().switch_to_window(customer).await?;
    match invoke(app, "customer_view", json!({})).await? {
        Answer::Ok(view) => ensure!(view["demo"] == true, "customer_view from the customer display: {view}"),
        other => bail!("customer_view, the customer display's own command, did not answer: {other:?}"),
    }
    let all_but_its_own: BTreeSet<String> =
        commands.registered.difference(&commands.granted_to("customer")).cloned().collect();
    let own: BTreeSet<String> = ["customer_view", "subscribe"].map(String::from).into();
    ensure!(
        commands.granted_to("customer") == own,
        "the customer display is granted more than customer_view and its event channels: {:?}",
        commands.granted_to("customer")
    );
    expect_refused(app, "customer display", &all_but_its_own).await?;
    // It hears the counter, not the manager's or the cashier's own news.
    let heard = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const channel = '__CHANNEL__:' + window.__TAURI_INTERNALS__.transformCallback(() => {});
             window.__TAURI_INTERNALS__.invoke('subscribe', { topic: 'till-opened', channel })
               .then(() => done('subscribed'), (error) => done(JSON.stringify(error)));",
            vec![],
        )
        .await?;
    ensure!(
        heard.as_str().is_some_and(|answer| answer.contains("does not hear")),
        "the customer display could hear the manager's till-opened: {heard}"
    );
    // Nor may it speak for the cashier.
    let emitted = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('plugin:event|emit', { event: 'sale-updated', payload: {} })
               .then(() => done('emitted'), (error) => done(String(error)));",
            vec![],
        )
        .await?;
    ensure!(
        emitted.as_str().is_some_and(|message| message.contains("not allowed")),
        "the customer display could emit an event to the cashier window: {emitted}"
    );
    app.client().switch_to_window(cashier).await?;
    Ok(())
}

/// The customer display's window handle, once it has opened and loaded `customer.html`.
async fn customer_window(app: &DemoApp, cashier: &WindowHandle) -> anyhow::Result<WindowHandle> {
    let deadline = Instant::now() + CUSTOMER_WINDOW;
    loop {
        for handle in app.client().windows().await? {
            if &handle == cashier {
                continue;
            }
            app.client().switch_to_window(handle.clone()).await?;
            let url = app.client().current_url().await?;
            app.client().switch_to_window(cashier.clone()).await?;
            if url.path().ends_with("customer.html") {
                return Ok(handle);
            }
        }
        if Instant::now() > deadline {
            bail!(
                "no customer display window (customer.html) among WebDriver's windows after {CUSTOMER_WINDOW:?}; \
                 the demo's config.toml sets customer_display = \"1\""
            );
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}
