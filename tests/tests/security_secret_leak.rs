//! The API secret and the BlockATM signing key never leave the OS keyring. A full session of the
//! real app (not demo mode) with a distinctive secret (`leak-canary-…`) and a freshly made
//! signing key, logging at trace level: set-up (PayStableCoin: in the manager's wizard, where
//! the secret is typed), a paid sale, CSV and XLSX exports, and forced errors (a wrong secret, a
//! gateway answering 5xx). Then these are searched for the secret (plain, hex, base64 at every
//! alignment) and the signing keys (each PEM line, the DER, the raw scalar in hex and base64):
//! - the data directory (settings, sales log with its WAL, logs), the exports (the XLSX unpacked),
//!   the app's stderr, and WebKit's own data and cache directories;
//! - the page source, field values and web storage of every window: the cashier's, the manager's
//!   and the customer display (WebDriver switches between them);
//! - every IPC answer and event the windows got once the recorder was in (answers from before,
//!   at page load, are asked again), and the answer of every command the app registers, each
//!   called from a window allowed to call it (a test fails when a new command is not called);
//! - the command line and environment of every process of the app, WebKit's included.
//!
//! No hit is allowed. Controls prove each place was read (something known is found there).
//! The gateways are simulators in this test's process, so they can take a random secret (the
//! `stabletill simulator` binary only serves fixed demo credentials, which would prove little).
//! Needs a display, tauri-driver, the built app and CLI, and an unlocked OS keyring:
//! `scripts/test-session cargo test -p stabletill-tests --test security_secret_leak`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::hash_map::RandomState;
use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, ensure, Context};
use fantoccini::wd::WindowHandle;
use serde_json::{json, Value};
use stabletill_gateway::blockatm::{ApiKey, PublicKey, SigningKey};
use stabletill_gateway::ApiSecret;
use stabletill_simulator::blockatm::{BlockAtmSimulatorConfig, RunningBlockAtmSimulator};
use stabletill_simulator::{FaultConfig, RunningSimulator, SimulatorConfig};
use stabletill_tests::app_commands::AppCommands;
use stabletill_tests::{cli_binary, run_scenario, RealApp, Screen};
use stabletill_till::{SecretStore, TillHome};
use tempfile::TempDir;

#[path = "security_secret_leak/page_scripts.rs"]
mod page_scripts;
#[path = "security_secret_leak/search.rs"]
mod search;

use page_scripts::{EVENTS, HARVEST, PAGE_STATE, RECORDER, SWEEP};
use search::{Haystacks, Needles};

const UI: Duration = Duration::from_secs(15);
/// Put into the app's environment, so the search must find it there.
const ENVIRONMENT_PROBE: &str = "environment-probe-5c2f";
const SCENARIO: Duration = Duration::from_secs(300);
const PIN: &str = "8642";

/// Every command that only reads, with arguments that make it answer; called from every window.
fn read_commands() -> Value {
    json!([
        ["app_info", {}],
        ["method_options", { "amount": "12.50" }],
        ["sale_on_counter", {}],
        ["recent_sales", {}],
        ["add_amounts", { "items": ["1.00", "2.50"] }],
        ["counter_settings", {}],
        ["check_gateway", {}],
        ["customer_view", {}],
        ["cashier_status", {}],
        ["manager_status", {}],
        ["manager_settings", {}],
        ["day_report", { "day": null }],
        ["day_sales", { "day": null }],
        ["signing_key_status", {}],
        ["audit_log", { "limit": 1000 }],
        ["list_cashiers", {}],
        ["diagnostics", {}],
    ])
}

/// The commands that change something, called once more at the end with arguments that change
/// nothing lasting: the same secret, the same PIN, a sale that does not exist, an amount of 0.
/// `clear_api_secret` comes last.
fn changing_commands(secret: &str, gateway: &str, merchant_id: &str) -> Value {
    let day = today();
    json!([
        ["open_manager_window", {}],
        ["lock_manager", {}],
        ["unlock_manager", { "pin": PIN, "name": null }],
        ["set_first_pin", { "pin": PIN }],
        ["change_pin", { "current": PIN, "newPin": PIN }],
        ["change_setting", { "key": "privacy-mode", "value": "off" }],
        ["test_connection", { "gateway": gateway, "merchantId": merchant_id, "secret": secret }],
        ["open_till", {}],
        ["set_api_secret", { "secret": secret }],
        ["start_demo", {}],
        ["start_sale", { "amount": "0", "currency": "USDT", "network": "tron" }],
        ["simulate_payment", { "merchantOrderId": "ST-NO-SUCH-SALE" }],
        ["cancel_sale", { "merchantOrderId": "ST-NO-SUCH-SALE" }],
        ["void_sale", { "merchantOrderId": "ST-NO-SUCH-SALE", "reason": "test", "pin": PIN }],
        ["clear_counter", {}],
        ["cashier_sign_in", { "name": "nobody", "pin": "0000" }],
        ["cashier_sign_out", {}],
        ["add_cashier", { "name": "Canary", "pin": "1357" }],
        ["remove_cashier", { "name": "Canary" }],
        ["export_sales", { "firstDay": day, "lastDay": day, "format": "csv" }],
        // Replaces the signing key: the new one is searched for too (see `signing_key_in_keyring`).
        ["new_signing_key", {}],
        ["clear_api_secret", {}],
    ])
}

/// The calls in `list` that the window `label` is granted (src-tauri/capabilities): a call from
/// any other window is only refused, which says nothing about what the command answers.
fn granted_calls(label: &str, list: &Value) -> Value {
    let granted = AppCommands::of_repository(env!("CARGO_MANIFEST_DIR")).granted_to(label);
    let calls = list.as_array().cloned().unwrap_or_default();
    Value::Array(
        calls.into_iter().filter(|call| granted.contains(call[0].as_str().unwrap_or_default())).collect(),
    )
}

/// Not called by the sweep, and why. Every other registered command is.
const NOT_SWEPT: [(&str, &str); 3] = [
    ("restart_app", "ends the session; answers nothing but ok"),
    (
        "subscribe",
        "called by the recorder in every window, on every topic (RECORDER; its answers are recorded)",
    ),
    ("setup_try_demo", "turns the app into the demo; the demo holds no real secret"),
];

/// The sweep covers every command the app registers (src-tauri/src/lib.rs), each from a window
/// that may call it, so a new command cannot slip past this test.
#[test]
fn the_sweep_calls_every_registered_command() {
    let commands = AppCommands::of_repository(env!("CARGO_MANIFEST_DIR"));
    let all_calls = [read_commands(), changing_commands("x", "http://127.0.0.1:9", "MCH")];
    let mut swept = BTreeSet::new();
    for list in &all_calls {
        for label in WINDOWS {
            for call in granted_calls(label, list).as_array().unwrap() {
                swept.insert(call[0].as_str().unwrap().to_owned());
            }
        }
    }
    let mut named: BTreeSet<String> = all_calls
        .iter()
        .flat_map(|list| list.as_array().unwrap().iter().map(|call| call[0].as_str().unwrap().to_owned()))
        .collect();
    let ungranted: Vec<&String> = named.difference(&swept).collect();
    assert!(ungranted.is_empty(), "swept commands no window may call: {ungranted:?}");
    named.extend(NOT_SWEPT.iter().map(|(name, _)| (*name).to_owned()));
    let missing: Vec<&String> = commands.registered.difference(&named).collect();
    assert!(missing.is_empty(), "commands the leak test never calls: {missing:?}; add them to its sweep");
    let unknown: Vec<&String> = named.difference(&commands.registered).collect();
    assert!(unknown.is_empty(), "the sweep names commands the app does not have: {unknown:?}");
}

/// The app's window labels: the cashier's, the customer display, the manager's.
const WINDOWS: [&str; 3] = ["main", "customer", "manager"];

/// A value no one else would write: `leak-canary-` and 96 random bits in hex.
fn canary() -> String {
    let random = |salt: u64| {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(salt);
        hasher.finish()
    };
    format!("leak-canary-{:016x}{:08x}", random(1), random(2) as u32)
}

// --- The session ---------------------------------------------------------------------------

/// `stabletill --home HOME ARGS`, which must succeed; returns stdout.
fn stabletill(home: &Path, args: &[&str], stdin: Option<&str>) -> anyhow::Result<String> {
    let mut child = Command::new(cli_binary()?)
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("STABLETILL_HOME")
        .env("STABLETILL_LOG", "trace")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(text) = stdin {
        child.stdin.take().context("stdin")?.write_all(text.as_bytes())?;
    }
    drop(child.stdin.take());
    let out = child.wait_with_output()?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    ensure!(out.status.success(), "stabletill {args:?}: {stderr}");
    Ok(format!("{stdout}{stderr}"))
}

/// The app, its windows, and everything the session has gathered so far.
struct Session {
    app: RealApp,
    home: TempDir,
    exports: TempDir,
    /// The app's XDG data, cache and config directories: WebKit's storage and caches.
    profile: TempDir,
    haystacks: Haystacks,
    /// How many IPC answers and events the recorder kept, per window label.
    recorded: Vec<(String, usize)>,
    /// How many of those were events (through the recorder's own channels).
    events: usize,
}

impl Session {
    async fn start(name: &str, home: TempDir) -> anyhow::Result<Self> {
        let exports = tempfile::Builder::new().prefix("stabletill-leak-exports-").tempdir()?;
        let profile = tempfile::Builder::new().prefix("stabletill-leak-profile-").tempdir()?;
        let [data, cache, config] = ["data", "cache", "config"].map(|dir| profile.path().join(dir));
        let env: [(&str, &OsStr); 7] = [
            ("STABLETILL_LOG", OsStr::new("trace")),
            // Found in the app's environment, or the search of /proc is broken.
            ("STABLETILL_LEAK_PROBE", OsStr::new(ENVIRONMENT_PROBE)),
            // No one answers a save dialog in a test: exports go straight to this folder.
            ("STABLETILL_EXPORT_DIR", exports.path().as_os_str()),
            ("TZ", OsStr::new("UTC")),
            ("XDG_DATA_HOME", data.as_os_str()),
            ("XDG_CACHE_HOME", cache.as_os_str()),
            ("XDG_CONFIG_HOME", config.as_os_str()),
        ];
        let app = RealApp::start(name, home.path(), &env).await?;
        let session = Self {
            app,
            home,
            exports,
            profile,
            haystacks: Haystacks::default(),
            recorded: Vec::new(),
            events: 0,
        };
        session.record().await?;
        Ok(session)
    }

    /// Starts recording in the current window (again after a reload; once otherwise).
    async fn record(&self) -> anyhow::Result<()> {
        let installed = self.app.client().execute(RECORDER, vec![json!(EVENTS)]).await?;
        let installed = installed.as_str().unwrap_or_default();
        ensure!(installed == "installed" || installed == "already", "the IPC recorder: {installed}");
        Ok(())
    }

    /// Takes what the current window's recorder kept into the haystacks.
    async fn harvest(&mut self, label: &str) -> anyhow::Result<()> {
        let log = self.app.client().execute(HARVEST, vec![]).await?;
        let entries = log.as_array().cloned().unwrap_or_default();
        self.recorded.push((label.to_owned(), entries.len()));
        for (n, entry) in entries.iter().enumerate() {
            let text = entry.as_str().unwrap_or_default().to_owned();
            self.events += usize::from(text.starts_with("event "));
            self.haystacks.add(format!("IPC recorded in the {label} window #{n}: {text:.80}"), text);
        }
        Ok(())
    }

    /// The answers to `calls` from the current window, and its page source.
    async fn sweep(&mut self, label: &str, calls: Value) -> anyhow::Result<()> {
        self.harvest(label).await?;
        let answers = self.app.client().execute_async(SWEEP, vec![calls]).await?;
        for entry in answers.as_array().cloned().unwrap_or_default() {
            let text = entry.as_str().unwrap_or_default().to_owned();
            eprintln!("{label}: {text:.160}");
            ensure!(!text.contains("not allowed on window"), "a granted command was refused: {text}");
            self.haystacks.add(format!("IPC answer in the {label} window: {text:.80}"), text);
        }
        let source = self.app.page_source().await?;
        self.haystacks.add(format!("page source of the {label} window"), source);
        let state = self.app.client().execute(PAGE_STATE, vec![]).await?;
        self.haystacks.add(format!("field values and web storage of the {label} window"), state.to_string());
        Ok(())
    }

    /// The command line and environment of every process of the app.
    fn processes(&mut self) -> anyhow::Result<()> {
        let pids = self.app.processes();
        let mut names = Vec::new();
        for pid in pids {
            let Ok(cmdline) = std::fs::read(format!("/proc/{pid}/cmdline")) else { continue };
            let environ = std::fs::read(format!("/proc/{pid}/environ"))
                .with_context(|| format!("cannot read /proc/{pid}/environ"))?;
            let name =
                String::from_utf8_lossy(cmdline.split(|b| *b == 0).next().unwrap_or_default()).into_owned();
            self.haystacks.add(format!("command line of {name} ({pid})"), cmdline);
            self.haystacks.add(format!("environment of {name} ({pid})"), environ);
            names.push(name);
        }
        eprintln!("processes searched: {names:?}");
        ensure!(
            names.iter().any(|n| n.ends_with("stabletill-app")),
            "the app's process was found: {names:?}"
        );
        ensure!(
            names.iter().any(|n| n.contains("WebKitWebProcess")),
            "WebKit's web process was found: {names:?}"
        );
        Ok(())
    }

    /// Stops the app, then takes in the data directory, the exports and the app's stderr.
    /// `controls` are (text, place) pairs that must be found: proof each place was read.
    async fn finish(
        mut self,
        outcome: anyhow::Result<()>,
        needles: &Needles,
        controls: &[(&str, &str)],
    ) -> anyhow::Result<()> {
        let log = self.app.driver_log().to_path_buf();
        self.app.finish(outcome).await?;
        let files = self.haystacks.add_files(self.home.path())?;
        let exported = self.haystacks.add_files(self.exports.path())?;
        let webkit = self.haystacks.add_files(self.profile.path())?;
        self.haystacks.add(format!("the app's stderr ({})", log.display()), std::fs::read(&log)?);
        eprintln!(
            "searched {} places: {files} files in the data directory, {exported} exports, {webkit} files of WebKit's, IPC kept per window {:?}",
            self.haystacks.0.len(),
            self.recorded
        );
        ensure!(exported >= 2, "the CSV and the XLSX export were written ({exported} files)");
        ensure!(webkit > 0, "WebKit kept nothing in its data directories: were they moved?");
        let logged = self.haystacks.total_bytes("/logs/");
        ensure!(logged > 10_000, "the app logged at trace level into logs/ ({logged} bytes)");
        ensure!(
            self.recorded.iter().map(|(_, n)| n).sum::<usize>() >= 10,
            "the windows' IPC answers were recorded: {:?}",
            self.recorded
        );
        // The session's sales change state: the recorder's channels heard about them.
        ensure!(self.events > 0, "the recorder heard no event in any window: are its channels open?");
        // Each place was really read: something that must be there is found there.
        for (needle, place) in controls {
            let mut control = Needles::default();
            control.add("control", needle.as_bytes());
            let found = self.haystacks.hits(&control);
            ensure!(
                found.iter().any(|hit| hit.contains(place)),
                "{needle:?} was not found in {place}: that place was not searched"
            );
        }
        let hits = self.haystacks.hits(needles);
        if !hits.is_empty() {
            bail!("the secret leaked ({} hits):\n  {}", hits.len(), hits.join("\n  "));
        }
        Ok(())
    }
}

/// The till's signing key as the keyring has it now (PKCS#8 PEM), if there is one: the sweep
/// made a new one, which must not leak either.
async fn signing_key_in_keyring(home: &Path) -> anyhow::Result<Option<String>> {
    let home = TillHome::at(home);
    tokio::task::spawn_blocking(move || -> anyhow::Result<Option<String>> {
        let key = SecretStore::platform(&home)?.signing_key()?;
        key.map(|key| key.to_pkcs8_pem().map_err(|e| anyhow::anyhow!("{e}"))).transpose()
    })
    .await?
}

/// Removes the till's secrets from the keyring (blocking D-Bus, so off the async runtime).
async fn forget_secrets(home: TillHome) {
    let _ = tokio::task::spawn_blocking(move || {
        if let Ok(store) = SecretStore::platform(&home) {
            let _ = store.clear();
            let _ = store.clear_signing_key();
        }
    })
    .await;
}

/// A window that is not one of `known` (the customer display opens a moment after the cashier's).
async fn window_other_than(app: &RealApp, known: &[WindowHandle]) -> anyhow::Result<Option<WindowHandle>> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(window) = app.windows().await?.into_iter().find(|w| !known.contains(w)) {
            return Ok(Some(window));
        }
        if tokio::time::Instant::now() > deadline {
            return Ok(None);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Today in UTC, as the export's day fields take it.
fn today() -> String {
    jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date().to_string()
}

/// Types 12.50, charges USDT on Tron and waits until the gateway's auto-payment shows as paid.
async fn take_paid_sale(app: &RealApp) -> anyhow::Result<()> {
    app.wait_for("#sale-screen:not([hidden])", Duration::from_secs(20)).await?;
    app.click("key-clear").await?;
    for key in ["key-1", "key-2", "key-dot", "key-5", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |t| t == "12.50").await?;
    app.click("method-USDT-tron").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(30))
        .await
        .context("the sale was paid")?;
    Ok(())
}

/// The gateway answers every request with a 5xx while the cashier charges: the counter says so
/// (an unconfirmed sale, or the trouble panel). Then the gateway recovers.
async fn gateway_trouble(app: &RealApp, set_faults: impl Fn(FaultConfig)) -> anyhow::Result<()> {
    app.click("new-sale").await?;
    app.wait_for("#sale-screen:not([hidden])", UI).await?;
    app.click("key-clear").await?;
    for key in ["key-3", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |t| t == "30").await?;
    app.click("method-USDT-tron").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    set_faults("5xx=1".parse().map_err(|e| anyhow::anyhow!("{e}"))?);
    app.click("charge").await?;
    let shown = app
        .wait_for(
            r#"[data-testid="counter-status"]:not([hidden]), [data-testid="error"]:not([hidden]),
               [data-testid="payment-screen"]:not([hidden]):not([data-state="awaiting"])"#,
            Duration::from_secs(40),
        )
        .await
        .context("the counter shows the gateway's trouble")?;
    eprintln!("forced error shown: {:.200}", shown.text().await.unwrap_or_default());
    app.screenshot("gateway-trouble").await?;
    set_faults(FaultConfig::default());
    Ok(())
}

/// Exports today as CSV, then as XLSX, from the manager window.
async fn export_today(app: &RealApp, exports: &Path) -> anyhow::Result<()> {
    app.click("tab-export").await?;
    let day = today();
    for format in ["csv", "xlsx"] {
        for id in ["export-first-day", "export-last-day"] {
            app.client()
                .execute(
                    "document.querySelector(`[data-testid='${arguments[0]}']`).value = arguments[1];",
                    vec![json!(id), json!(day)],
                )
                .await?;
        }
        app.click(&format!("export-format-{format}")).await?;
        app.click("export-start").await?;
        let deadline = tokio::time::Instant::now() + UI;
        loop {
            let written = std::fs::read_dir(exports)?
                .flatten()
                .any(|e| e.path().extension().is_some_and(|ext| ext == format));
            if written {
                break;
            }
            if tokio::time::Instant::now() > deadline {
                bail!("no {format} export appeared in {}", exports.display());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    Ok(())
}

#[test]
fn a_paystablecoin_session_leaks_no_secret() {
    run_scenario(SCENARIO, async {
        let secret = canary();
        let simulator = RunningSimulator::start(SimulatorConfig {
            secret: ApiSecret::new(secret.clone()),
            auto_pay_after: Some(Duration::from_secs(1)),
            ..SimulatorConfig::demo()
        })
        .await?;
        let mut needles = Needles::default();
        needles.add_all_forms("the API secret", secret.as_bytes());

        let home = tempfile::Builder::new().prefix("stabletill-e2e-leak-").tempdir()?;
        // The customer display on the one monitor there is, so that window is searched too.
        stabletill(home.path(), &["config", "set", "customer-display", "1"], None)?;
        let mut session = Session::start("leak-paystablecoin", home).await?;
        let outcome = paystablecoin_session(&mut session, &simulator, &secret).await;
        let keyring = TillHome::at(session.home.path());
        let merchant_id = simulator.merchant_id().to_owned();
        if let Some(pem) = signing_key_in_keyring(session.home.path()).await? {
            needles.add_private_key("the signing key the manager made", &pem)?;
        }
        let finished = session.finish(outcome, &needles, &controls(&merchant_id, "Canary Café")).await;
        forget_secrets(keyring).await;
        simulator.shutdown().await;
        finished
    });
}

/// What each searched place must hold, so that a place left unread fails the test.
fn controls<'a>(merchant_id: &'a str, shop: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        (ENVIRONMENT_PROBE, "stabletill-app"),
        ("--home", "command line of /"),
        ("TRACE", "/logs/stabletill."),
        ("TRACE", "the app's stderr"),
        (merchant_id, "config.toml"),
        ("12.50", ".csv"),
        ("12.5", ".xlsx!xl/"),
        (shop, "IPC recorded in the manager window"),
        (shop, "IPC answer in the customer window"),
        ("\"state\":\"paid\"", "IPC recorded in the cashier window"),
        ("customer.js", "page source of the customer window"),
        ("Export", "page source of the manager window"),
        ("Charge", "page source of the main window"),
        ("localStorage=", "field values and web storage of the manager window"),
    ]
}

async fn paystablecoin_session(
    session: &mut Session,
    simulator: &RunningSimulator,
    secret: &str,
) -> anyhow::Result<()> {
    let app = &session.app;
    let cashier = app.cashier();
    let customer = window_other_than(app, std::slice::from_ref(&cashier)).await?;

    // Set-up in the manager's wizard, where the secret is typed: first a wrong one.
    app.wait_for(r#"[data-testid="first-run"]:not([hidden])"#, UI).await?;
    let known: Vec<WindowHandle> = [Some(cashier.clone()), customer.clone()].into_iter().flatten().collect();
    let manager = app.open_window("open-setup", &known).await?;
    session.record().await?;
    let app = &session.app;
    app.wait_for(r#"[data-testid="setup-welcome"]:not([hidden])"#, UI).await?;
    app.click("setup-start").await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;
    app.wait_for(r#"[data-testid="setup-wizard"]:not([hidden])"#, UI).await?;
    app.type_into("setup-shop-name", "Canary Café").await?;
    app.type_into("setup-day-cutoff", "00:00").await?;
    app.click("setup-shop-next").await?;
    app.wait_for("#step-gateway:not([hidden])", UI).await?;
    app.click("setup-env-custom").await?;
    app.type_into("setup-gateway-url", &simulator.url()).await?;
    app.type_into("setup-merchant-id", simulator.merchant_id()).await?;
    app.type_into("setup-secret", &format!("{secret}-wrong")).await?;
    app.click("setup-test").await?;
    let verdict = app.wait_for_text("connection-result", UI, |t| t.contains('✗')).await?;
    ensure!(verdict.contains("refused the API secret"), "the wrong secret is refused: {verdict:?}");
    app.type_into("setup-secret", secret).await?;
    app.click("setup-test").await?;
    app.wait_for_text("connection-result", UI, |t| t.contains('✓')).await?;
    app.click("setup-gateway-next").await?;
    app.wait_for("#step-open:not([hidden])", UI).await?;
    app.click("setup-open").await?;
    app.wait_for("#step-done:not([hidden])", Duration::from_secs(20)).await?;
    app.click("setup-finish").await?;
    app.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
    session.harvest("manager").await?;

    // A paid sale, then a gateway in trouble, at the counter.
    let app = &session.app;
    app.switch_to(&cashier).await?;
    session.record().await?;
    take_paid_sale(&session.app).await?;
    gateway_trouble(&session.app, |faults| {
        simulator.set_faults(faults).expect("valid faults");
    })
    .await?;
    session.harvest("cashier").await?;

    // The export, in the manager window.
    session.app.switch_to(&manager).await?;
    export_today(&session.app, session.exports.path()).await?;

    let customer = customer.context("the customer display did not open (customer-display = 1)")?;
    let (url, merchant_id) = (simulator.url(), simulator.merchant_id());
    sweep_every_window(session, [&manager, &cashier, &customer], [secret, &url, merchant_id]).await
}

/// Every window's answers to the commands it may call and its page (the changing commands last,
/// from the manager window last); the `stabletill doctor` report; and the app's processes.
async fn sweep_every_window(
    session: &mut Session,
    [manager, cashier, customer]: [&WindowHandle; 3],
    [secret, gateway, merchant_id]: [&str; 3],
) -> anyhow::Result<()> {
    let changing = changing_commands(secret, gateway, merchant_id);
    for (label, window) in [("customer", customer), ("main", cashier), ("manager", manager)] {
        session.app.switch_to(window).await?;
        session.record().await?;
        session.sweep(label, granted_calls(label, &read_commands())).await?;
        session.sweep(label, granted_calls(label, &changing)).await?;
        session.harvest(label).await?;
    }
    let doctor = stabletill(session.home.path(), &["doctor"], None)?;
    session.haystacks.add("stabletill doctor", doctor);
    session.processes()
}

#[test]
fn a_blockatm_session_leaks_neither_the_api_key_nor_the_signing_key() {
    run_scenario(SCENARIO, async {
        let api_key = canary();
        let home = tempfile::Builder::new().prefix("stabletill-e2e-leak-blockatm-").tempdir()?;
        // The till makes its own key pair; the gateway learns only the public half.
        let mut said = Vec::new();
        let printed = stabletill(home.path(), &["secret", "new-signing-key"], None)
            .context("the signing key goes to the OS keyring: run inside scripts/test-session")?;
        let public_pem = printed
            .find("-----BEGIN PUBLIC KEY-----")
            .and_then(|start| {
                printed[start..].find("-----END PUBLIC KEY-----").map(|end| &printed[start..start + end + 24])
            })
            .with_context(|| format!("new-signing-key printed no public key: {printed}"))?;
        said.push(("stabletill secret new-signing-key", printed.clone()));
        let public_key = PublicKey::from_public_key_pem(public_pem).map_err(|e| anyhow::anyhow!("{e}"))?;
        let keyring = TillHome::at(home.path());
        let private_pem = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
            let key = SecretStore::platform(&keyring)?.signing_key()?;
            key.context("the signing key is in the keyring")?
                .to_pkcs8_pem()
                .map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await??;
        let mut needles = Needles::default();
        needles.add_all_forms("the API key", api_key.as_bytes());
        needles.add_private_key("the signing key", &private_pem)?;

        let mut config =
            BlockAtmSimulatorConfig::for_merchant(ApiKey::new(api_key.clone()), SigningKey::generate()?);
        config.public_key = public_key;
        config.merchant_key = None;
        config.auto_pay_after = Some(Duration::from_secs(1));
        let simulator = RunningBlockAtmSimulator::start(config).await?;
        for args in [
            ["config", "set", "gateway-kind", "blockatm"],
            ["config", "set", "gateway", &simulator.url()],
            ["config", "set", "customer-display", "1"],
            ["config", "set", "shop-name", "Canary Kiosk"],
            ["config", "set", "merchant-id", "MCH_CANARY_KIOSK"],
            ["config", "set", "day-cutoff", "00:00"],
        ] {
            stabletill(home.path(), &args, None)?;
        }
        said.push((
            "stabletill secret set",
            stabletill(home.path(), &["secret", "set"], Some(&format!("{api_key}\n")))?,
        ));
        said.push(("stabletill secret status", stabletill(home.path(), &["secret", "status"], None)?));
        let mut session = Session::start("leak-blockatm", home).await?;
        for (command, output) in said {
            session.haystacks.add(format!("the output of {command}"), output);
        }
        let outcome = blockatm_session(&mut session, &simulator, &api_key).await;
        let keyring = TillHome::at(session.home.path());
        match signing_key_in_keyring(session.home.path()).await? {
            Some(pem) => needles.add_private_key("the signing key the manager made", &pem)?,
            None => bail!("the signing key is gone from the keyring"),
        }
        let finished = session.finish(outcome, &needles, &controls("MCH_CANARY_KIOSK", "Canary Kiosk")).await;
        forget_secrets(keyring).await;
        simulator.shutdown().await;
        finished
    });
}

async fn blockatm_session(
    session: &mut Session,
    simulator: &RunningBlockAtmSimulator,
    api_key: &str,
) -> anyhow::Result<()> {
    let cashier = session.app.cashier();
    let customer = window_other_than(&session.app, std::slice::from_ref(&cashier)).await?;
    take_paid_sale(&session.app).await?;
    gateway_trouble(&session.app, |faults| {
        simulator.set_faults(faults).expect("valid faults");
    })
    .await?;
    session.harvest("cashier").await?;

    // The manager window: a PIN, the export, and every window's answers and page.
    let known: Vec<WindowHandle> = [Some(cashier.clone()), customer.clone()].into_iter().flatten().collect();
    let manager = session.app.open_window("open-manager", &known).await?;
    session.record().await?;
    let app = &session.app;
    app.wait_for(r#"[data-testid="choose-pin"]:not([hidden])"#, UI).await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;
    app.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
    export_today(app, session.exports.path()).await?;
    let customer = customer.context("the customer display did not open (customer-display = 1)")?;
    let url = simulator.url();
    sweep_every_window(session, [&manager, &cashier, &customer], [api_key, &url, "MCH_CANARY_KIOSK"]).await
}
