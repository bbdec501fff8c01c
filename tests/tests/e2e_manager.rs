//! The real app's manager window, driven through WebDriver like a manager would: open it from the
//! cashier screen, set up a till from scratch against a local gateway (the setup wizard, with
//! "Test connection"), choose a PIN, read a day's close, export it, and get locked out by wrong
//! PINs; add a cashier and turn sign-in on, so the counter asks for a sign-in and the day's close
//! names the cashier; void a sale with a reason; copy the diagnostics. Needs a display,
//! tauri-driver, the built app and (for the setup) the OS keyring; scripts/test provides all of
//! them. Screenshots go to target/e2e-artifacts/manager-*.png.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, ensure, Context};
use fantoccini::elements::Element;
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use rust_decimal::Decimal;
use serde_json::json;
use stabletill_gateway::GatewayKind;
use stabletill_ledger::{Ledger, NewSale, OrderDetails, SaleException, SaleState, StatusUpdate};
use stabletill_tests::{artifacts_dir, built_binary, run_scenario, TauriDriver};
use tempfile::TempDir;

const UI: Duration = Duration::from_secs(10);
const READY: Duration = Duration::from_secs(60);
const SCENARIO: Duration = Duration::from_secs(240);
const PIN: &str = "2468";

/// One app at a time, stopped after SCENARIO (see `run_scenario`).
fn run(scenario: impl std::future::Future<Output = anyhow::Result<()>>) {
    run_scenario(SCENARIO, scenario);
}

/// The app under tauri-driver, with the manager window opened from the cashier screen.
struct ManagerApp {
    client: Client,
    cashier: WindowHandle,
    manager: Option<WindowHandle>,
    // Kept for the app's lifetime: its data directory.
    _home: TempDir,
    exports: TempDir,
    name: String,
    // Dropped last: stops tauri-driver, WebKitWebDriver and the app.
    driver: TauriDriver,
}

impl ManagerApp {
    /// Starts the app (`--demo` or a real till) in `home`, in UTC so the seeded days are plain.
    async fn start(name: &str, demo: bool, home: TempDir) -> anyhow::Result<Self> {
        let app = built_binary("stabletill-app")?;
        if std::env::var_os("DISPLAY").is_none_or(|display| display.is_empty()) {
            bail!("DISPLAY is not set: run the tests under `xvfb-run -a` (scripts/test does)");
        }
        let exports = tempfile::Builder::new().prefix("stabletill-exports-").tempdir()?;
        let log = artifacts_dir()?.join(format!("{name}.log"));
        let env: [(&str, &OsStr); 5] = [
            ("STABLETILL_HOME", home.path().as_os_str()),
            // No one answers a save dialog in a test: exports go straight to this folder.
            ("STABLETILL_EXPORT_DIR", exports.path().as_os_str()),
            ("TZ", OsStr::new("UTC")),
            ("WEBKIT_DISABLE_DMABUF_RENDERER", OsStr::new("1")),
            ("NO_AT_BRIDGE", OsStr::new("1")),
        ];
        let driver = TauriDriver::start(&log, &env)?;
        let mut args = vec![json!("--home"), json!(home.path())];
        if demo {
            args.insert(0, json!("--demo"));
        }
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": args },
        });
        let serde_json::Value::Object(capabilities) = capabilities else { bail!("capabilities") };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let client = tokio::time::timeout(READY, builder.connect(&driver.url()))
            .await
            .with_context(|| format!("the app did not start; see {}", log.display()))?
            .with_context(|| format!("tauri-driver could not start the app; see {}", log.display()))?;
        let cashier = client.window().await?;
        let app =
            Self { client, cashier, manager: None, _home: home, exports, name: name.to_owned(), driver };
        app.wait_for(r#"body[data-ready="true"]"#, READY).await.context("the cashier window got ready")?;
        Ok(app)
    }

    /// Clicks the cashier's `button` (a testid) and switches to the manager window it opens.
    async fn open_manager(&mut self, button: &str) -> anyhow::Result<()> {
        self.click(button).await?;
        let deadline = tokio::time::Instant::now() + UI;
        let manager = loop {
            let windows = self.client.windows().await?;
            if let Some(window) = windows.into_iter().find(|w| *w != self.cashier) {
                break window;
            }
            if tokio::time::Instant::now() > deadline {
                bail!("no manager window opened after clicking {button}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        self.client.switch_to_window(manager.clone()).await?;
        self.manager = Some(manager);
        self.wait_for(r#"body[data-ready="true"]"#, UI).await.context("the manager window got ready")?;
        Ok(())
    }

    async fn to_cashier(&self) -> anyhow::Result<()> {
        Ok(self.client.switch_to_window(self.cashier.clone()).await?)
    }

    async fn to_manager(&self) -> anyhow::Result<()> {
        let manager = self.manager.clone().context("the manager window is not open")?;
        Ok(self.client.switch_to_window(manager).await?)
    }

    async fn by_testid(&self, id: &str) -> anyhow::Result<Element> {
        self.client.find(Locator::Css(&testid(id))).await.with_context(|| format!("no [data-testid={id}]"))
    }

    async fn click(&self, id: &str) -> anyhow::Result<()> {
        for attempt in 1..=3 {
            match self.by_testid(id).await?.click().await {
                Ok(()) => return Ok(()),
                Err(error) if attempt < 3 => {
                    eprintln!("retrying the click on [data-testid={id}]: {error}");
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                Err(error) => return Err(error).with_context(|| format!("cannot click [data-testid={id}]")),
            }
        }
        unreachable!()
    }

    async fn type_into(&self, id: &str, text: &str) -> anyhow::Result<()> {
        let field = self.by_testid(id).await?;
        field.clear().await?;
        field.send_keys(text).await.with_context(|| format!("cannot type into [data-testid={id}]"))
    }

    /// The rendered text (innerText), read through a script (WebKitWebDriver hides overflow text).
    async fn text(&self, id: &str) -> anyhow::Result<String> {
        let element = self.by_testid(id).await?;
        let text = self
            .client
            .execute("return arguments[0].innerText;", vec![serde_json::to_value(&element)?])
            .await?;
        Ok(text.as_str().unwrap_or_default().trim().to_owned())
    }

    async fn wait_for_text(&self, id: &str, check: impl Fn(&str) -> bool) -> anyhow::Result<String> {
        let deadline = tokio::time::Instant::now() + UI;
        loop {
            let text = self.text(id).await.unwrap_or_default();
            if check(&text) {
                return Ok(text);
            }
            if tokio::time::Instant::now() > deadline {
                bail!("[data-testid={id}] still shows {text:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn wait_for(&self, css: &str, timeout: Duration) -> anyhow::Result<Element> {
        self.client
            .wait()
            .at_most(timeout)
            .every(Duration::from_millis(50))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("nothing matched {css} within {timeout:?}"))
    }

    /// `target/e2e-artifacts/<name>-<what>.png` of the current window, once painted (see
    /// stabletill_tests::DemoApp::screenshot for why a pixel is repainted meanwhile).
    async fn screenshot(&self, what: &str) -> anyhow::Result<()> {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const pixel = document.createElement('div');
                 pixel.id = 'e2e-repaint';
                 pixel.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none';
                 document.body.append(pixel);
                 let frame = 0;
                 (function repaint() {
                   if (!pixel.isConnected) return;
                   pixel.style.background = frame++ % 2 ? 'rgba(0,0,0,0)' : 'rgba(0,0,0,0.01)';
                   requestAnimationFrame(repaint);
                 })();
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = tokio::time::timeout(Duration::from_secs(20), self.client.screenshot()).await;
        let _ = self.client.execute("document.getElementById('e2e-repaint')?.remove();", vec![]).await;
        let path = artifacts_dir()?.join(format!("{}-{what}.png", self.name));
        std::fs::write(&path, png.context("no screenshot within 20 s")??)?;
        eprintln!("screenshot: {}", path.display());
        Ok(())
    }

    async fn finish(self, outcome: anyhow::Result<()>) -> anyhow::Result<()> {
        if outcome.is_err() {
            let _ = self.screenshot("failure").await;
        }
        let log = self.driver.log().display().to_string();
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        drop(self);
        outcome.with_context(|| format!("app and driver log: {log}"))
    }
}

fn testid(id: &str) -> String {
    format!(r#"[data-testid="{id}"]"#)
}

#[test]
fn a_manager_reads_the_close_exports_it_and_wrong_pins_lock_the_screens() {
    run(async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-manager-").tempdir()?;
        let day = seed_yesterday(&home.path().join("demo"))?;
        let mut app = ManagerApp::start("manager-demo", true, home).await?;
        let outcome = close_and_export(&mut app, &day).await;
        app.finish(outcome).await
    });
}

async fn close_and_export(app: &mut ManagerApp, day: &str) -> anyhow::Result<()> {
    app.open_manager("open-manager").await?;
    // The demo has its own PIN: the manager window asks for one first.
    app.wait_for(r#"[data-testid="choose-pin"]:not([hidden])"#, UI).await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;

    // The daily close of the seeded day.
    app.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
    app.client
        .execute(
            "const input = document.getElementById('report-day'); input.value = arguments[0];
             input.dispatchEvent(new Event('change'));",
            vec![json!(day)],
        )
        .await?;
    app.wait_for(&format!(r#"[data-testid="report"][data-day="{day}"]"#), UI).await?;
    let takings = app.wait_for_text("takings-USDT", |t| t.contains("81.59")).await?;
    eprintln!("USDT takings: {takings:?}");
    ensure!(app.text("report-count").await? == "11", "eleven sales that day");
    let exceptions = app.text("report-exceptions").await?;
    ensure!(
        exceptions.contains("Underpaid")
            && exceptions.contains("Voided")
            && exceptions.contains("goods returned"),
        "each exception is listed: {exceptions:?}"
    );
    let chart = app.by_testid("report-chart").await?.attr("src").await?.unwrap_or_default();
    ensure!(chart.starts_with("data:image/svg+xml;base64,"), "the chart is an inline SVG image");
    app.screenshot("report").await?;
    for (id, what) in [("report-exceptions", "report-exceptions"), ("report-chart", "report-chart")] {
        app.client
            .execute(
                "document.querySelector(`[data-testid='${arguments[0]}']`).scrollIntoView({block: 'start'});",
                vec![json!(id)],
            )
            .await?;
        app.screenshot(what).await?;
    }

    // Export that day as CSV; the save dialog is bypassed by STABLETILL_EXPORT_DIR.
    app.click("tab-export").await?;
    for (id, value) in [("export-first-day", day), ("export-last-day", day)] {
        app.client
            .execute(
                "document.querySelector(`[data-testid='${arguments[0]}']`).value = arguments[1];",
                vec![json!(id), json!(value)],
            )
            .await?;
    }
    app.click("export-start").await?;
    let rows = app.wait_for_text("export-rows", |t| t.starts_with('✓')).await?;
    ensure!(rows.contains("11 sales"), "the export says how many sales it wrote: {rows:?}");
    let file = app.exports.path().join(format!("stabletill-sales-{day}.csv"));
    let csv = std::fs::read_to_string(&file).with_context(|| format!("{} was written", file.display()))?;
    ensure!(csv.lines().count() == 12, "a header and eleven sales: {csv}");
    app.screenshot("export").await?;

    // Settings are checked where they are typed; the audit log has every step so far.
    app.click("tab-settings").await?;
    app.wait_for(r#"[data-testid="setting-day-cutoff"]"#, UI).await?;
    app.type_into("setting-day-cutoff", "4am").await?;
    app.click("setting-day-cutoff-save").await?;
    let refused = app.wait_for_text("setting-day-cutoff-message", |t| !t.is_empty()).await?;
    ensure!(refused.contains("e.g. 04:00"), "a bad cut-off says what to write: {refused:?}");
    app.screenshot("settings").await?;
    app.click("tab-audit").await?;
    let log = app.wait_for_text("audit-log", |t| t.contains("Sales exported")).await?;
    ensure!(log.contains("PIN set") && log.contains("Daily close viewed"), "the audit log: {log:?}");
    app.screenshot("audit").await?;

    // Lock, then five wrong PINs lock the screens with a countdown.
    app.click("manager-lock").await?;
    app.wait_for(r#"[data-testid="unlock-screen"]:not([hidden])"#, UI).await?;
    for attempt in 1..=5 {
        app.type_into("unlock-pin", "0000").await?;
        app.click("unlock").await?;
        if attempt < 5 {
            let left = 5 - attempt;
            app.wait_for_text("unlock-message", |t| {
                t.contains(&format!("{left})")) || t.contains(&format!("{left} tr"))
            })
            .await?;
        }
    }
    let message = app.wait_for_text("unlock-message", |t| t.contains("Try again in")).await?;
    ensure!(message.contains("locked"), "the lockout says so: {message:?}");
    ensure!(!app.by_testid("unlock").await?.is_enabled().await?, "Unlock waits for the lockout to end");
    app.screenshot("lockout").await?;
    Ok(())
}

#[test]
fn the_setup_wizard_sets_up_a_till_that_takes_sales() {
    run(async {
        let gateway = stabletill_till::DemoGateway::start(GatewayKind::PayStableCoin).await?;
        let stabletill_till::ShopGateway::PayStableCoin(setup) = gateway.setup()? else {
            anyhow::bail!("the PayStableCoin demo gateway gave another kind of setup");
        };
        let home = tempfile::Builder::new().prefix("stabletill-e2e-setup-").tempdir()?;
        let mut app = ManagerApp::start("manager-setup", false, home).await?;
        let outcome = set_up(
            &mut app,
            &setup.environment.to_string(),
            &setup.credentials.merchant_id,
            setup.credentials.secret.expose(),
        )
        .await;
        let finished = app.finish(outcome).await;
        gateway.shutdown().await;
        finished
    });
}

async fn set_up(app: &mut ManagerApp, url: &str, merchant_id: &str, secret: &str) -> anyhow::Result<()> {
    app.wait_for(r#"[data-testid="first-run"]:not([hidden])"#, UI).await?;
    app.open_manager("open-setup").await?;
    app.wait_for(r#"[data-testid="setup-welcome"]:not([hidden])"#, UI).await?;
    app.screenshot("wizard-welcome").await?;
    app.click("setup-start").await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;

    app.wait_for(r#"[data-testid="setup-wizard"]:not([hidden])"#, UI).await?;
    app.type_into("setup-shop-name", "Corner Café").await?;
    app.type_into("setup-day-cutoff", "25:00").await?;
    app.click("setup-shop-next").await?;
    let error = app.wait_for(r#".field-error[data-for="day-cutoff"]:not(:empty)"#, UI).await?;
    ensure!(error.text().await?.contains("04:00"), "a bad cut-off is refused next to its field");
    app.screenshot("wizard-shop-error").await?;
    app.type_into("setup-day-cutoff", "04:00").await?;
    app.click("setup-shop-next").await?;

    app.wait_for(r#"#step-gateway:not([hidden])"#, UI).await?;
    app.click("setup-env-custom").await?;
    app.type_into("setup-gateway-url", url).await?;
    app.type_into("setup-merchant-id", merchant_id).await?;
    app.type_into("setup-secret", "not-the-secret").await?;
    app.click("setup-test").await?;
    let verdict = app.wait_for_text("connection-result", |t| t.contains('✗')).await?;
    ensure!(verdict.contains("refused the API secret"), "a wrong secret is named: {verdict:?}");
    app.type_into("setup-secret", secret).await?;
    app.click("setup-test").await?;
    let verdict = app.wait_for_text("connection-result", |t| t.contains('✓')).await?;
    ensure!(verdict.contains("TRON"), "the methods are listed: {verdict:?}");
    app.screenshot("wizard-gateway").await?;
    app.click("setup-gateway-next").await?;

    app.wait_for(r#"#step-open:not([hidden])"#, UI).await?;
    let summary = app.text("setup-summary").await?;
    ensure!(summary.contains("Corner Café") && summary.contains("stored in the keyring"), "{summary:?}");
    ensure!(!summary.contains(secret), "the secret is never shown");
    app.screenshot("wizard-open").await?;
    app.click("setup-open").await?;
    app.wait_for(r#"#step-done:not([hidden])"#, Duration::from_secs(20)).await?;

    // The cashier window starts over, ready to charge.
    app.to_cashier().await?;
    app.wait_for(r#"#sale-screen:not([hidden])"#, Duration::from_secs(20)).await?;
    let shop = app.client.find(Locator::Id("shop-name")).await?.text().await?;
    ensure!(shop.contains("Corner Café"), "the cashier screen names the shop: {shop:?}");
    app.to_manager().await?;
    app.click("setup-finish").await?;
    app.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
    Ok(())
}

/// The wizard for a BlockATM shop: no merchant ID; the till makes its signing key and shows
/// only the public key, the shop registers it with the gateway (here: the test starts the
/// gateway with that key), the connection test signs with it, and the opened till charges.
#[test]
fn the_setup_wizard_sets_up_a_blockatm_till_with_a_key_it_makes_itself() {
    run(async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-blockatm-").tempdir()?;
        let mut app = ManagerApp::start("manager-setup-blockatm", false, home).await?;
        let mut gateway = None;
        let outcome = set_up_blockatm(&mut app, &mut gateway).await;
        let finished = app.finish(outcome).await;
        if let Some(gateway) = gateway {
            gateway.shutdown().await;
        }
        finished
    });
}

async fn set_up_blockatm(
    app: &mut ManagerApp,
    gateway: &mut Option<stabletill_simulator::blockatm::RunningBlockAtmSimulator>,
) -> anyhow::Result<()> {
    use stabletill_gateway::blockatm::{ApiKey, PublicKey};
    use stabletill_simulator::blockatm::{BlockAtmSimulatorConfig, RunningBlockAtmSimulator};
    const API_KEY: &str = "blockatm-e2e-api-key";

    app.wait_for(r#"[data-testid="first-run"]:not([hidden])"#, UI).await?;
    app.open_manager("open-setup").await?;
    app.click("setup-start").await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;
    app.wait_for(r#"[data-testid="setup-wizard"]:not([hidden])"#, UI).await?;
    app.type_into("setup-shop-name", "Kiosk Nord").await?;
    app.click("setup-shop-next").await?;

    app.wait_for(r#"#step-gateway:not([hidden])"#, UI).await?;
    app.click("setup-kind-blockatm").await?;
    app.wait_for(r#"[data-testid="setup-signing-key"]:not([hidden])"#, UI).await?;
    ensure!(
        !app.by_testid("setup-merchant-id").await?.is_displayed().await?,
        "BlockATM asks for no merchant ID"
    );
    app.click("setup-signing-key-new").await?;
    let public = app.wait_for_text("setup-public-key", |t| t.contains("BEGIN PUBLIC KEY")).await?;
    let page = app.client.source().await?;
    ensure!(!page.contains("PRIVATE KEY"), "only the public key reaches the page");
    app.screenshot("wizard-blockatm-key").await?;

    // The shop registers the public key with BlockATM: the gateway knows nothing else.
    let config = BlockAtmSimulatorConfig {
        api_key: ApiKey::new(API_KEY),
        public_key: PublicKey::from_public_key_pem(&public)?,
        merchant_key: None,
        ..BlockAtmSimulatorConfig::demo()
    };
    let started = gateway.insert(RunningBlockAtmSimulator::start(config).await?);
    app.click("setup-env-custom").await?;
    app.type_into("setup-gateway-url", &started.url()).await?;
    app.type_into("setup-secret", API_KEY).await?;
    app.click("setup-test").await?;
    let verdict = app.wait_for_text("connection-result", |t| t.contains('✓') || t.contains('✗')).await?;
    ensure!(
        verdict.contains('✓') && verdict.contains("Polygon"),
        "BlockATM's methods are listed: {verdict:?}"
    );
    app.screenshot("wizard-blockatm-gateway").await?;
    app.click("setup-gateway-next").await?;

    app.wait_for(r#"#step-open:not([hidden])"#, UI).await?;
    let summary = app.text("setup-summary").await?;
    ensure!(summary.contains("BlockATM") && summary.contains("Signing key"), "{summary:?}");
    ensure!(!summary.contains(API_KEY), "the API key is never shown");
    app.click("setup-open").await?;
    app.wait_for(r#"#step-done:not([hidden])"#, Duration::from_secs(20)).await?;

    // The cashier charges through BlockATM, signed with the key the till made.
    app.to_cashier().await?;
    app.wait_for(r#"#sale-screen:not([hidden])"#, Duration::from_secs(20)).await?;
    for key in ["key-5", "key-dot", "key-5", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for(r#"[data-testid="method-USDT-polygon"]:not([disabled])"#, UI).await?;
    app.click("method-USDT-polygon").await?;
    app.wait_for(r#"[data-testid="method-USDT-polygon"][aria-checked="true"]"#, UI).await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(20)).await?;
    let address = app.text("deposit-address").await?;
    ensure!(address.replace(' ', "").starts_with("0x"), "the Polygon address is shown: {address:?}");
    Ok(())
}

/// Writes a busy yesterday (UTC) into the sales log at `home`: three currencies, three networks,
/// two cashiers, an underpaid sale, one paid late and a void. Returns the day, "YYYY-MM-DD".
fn seed_yesterday(home: &Path) -> anyhow::Result<String> {
    std::fs::create_dir_all(home)?;
    let mut ledger = Ledger::open(&home.join("sales.sqlite3"))?;
    let today = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs() / 86_400;
    let start = (today - 1) * 86_400;
    let at = |hh: u64, mm: u64| -> anyhow::Result<_> {
        let time = UNIX_EPOCH + Duration::from_secs(start + hh * 3600 + mm * 60);
        Ok(time.try_into()?)
    };
    let dec = |text: &str| Decimal::from_str(text).expect("a decimal");
    // (time, amount, currency, network, state, crypto due, crypto paid, flag, cashier)
    let sales = [
        ((9, 5), "12.50", "USDT", "tron", SaleState::Paid, "13.00", Some("13.00"), None, "Anna"),
        ((9, 40), "4.20", "USDT", "tron", SaleState::Paid, "4.70", Some("4.70"), None, "Anna"),
        ((10, 15), "45.00", "USDC", "ethereum", SaleState::Paid, "46.20", Some("46.20"), None, "Ben"),
        ((11, 2), "8.00", "USDT", "bsc", SaleState::Expired, "8.10", None, None, "Ben"),
        (
            (12, 30),
            "23.90",
            "USDT",
            "tron",
            SaleState::Paid,
            "24.40",
            Some("24.00"),
            Some(SaleException::Underpaid),
            "Anna",
        ),
        ((13, 10), "6.00", "USDT", "tron", SaleState::Failed, "6.50", None, None, "Anna"),
        ((14, 45), "120.00", "USDC", "ethereum", SaleState::Paid, "121.20", Some("121.20"), None, "Ben"),
        ((16, 20), "15.00", "USDT", "tron", SaleState::Void, "15.50", Some("15.50"), None, "Anna"),
        (
            (17, 5),
            "9.99",
            "USDT",
            "bsc",
            SaleState::Paid,
            "10.09",
            Some("10.09"),
            Some(SaleException::PaidLate),
            "Ben",
        ),
        ((18, 30), "31.00", "USDT", "tron", SaleState::Paid, "31.50", Some("31.50"), None, "Anna"),
        ((19, 10), "20.00", "USD1", "bsc", SaleState::Paid, "20.10", Some("20.10"), None, "Ben"),
    ];
    for (n, ((hh, mm), amount, currency, network, state, due, paid, flag, cashier)) in
        sales.into_iter().enumerate()
    {
        let id = format!("ST-E2EMGR-{n:02}-{hh:02}{mm:02}-SEEDED");
        let created = at(hh, mm)?;
        ledger.insert_sale(&NewSale {
            merchant_order_id: id.clone(),
            gateway: "paystablecoin".into(),
            order_amount: dec(amount),
            currency: currency.into(),
            network: network.into(),
            created_at: created,
            expires_at: Some(at(hh, mm + 15)?),
            cashier: Some(cashier.into()),
        })?;
        let awaiting = StatusUpdate {
            state: SaleState::Awaiting,
            raw_status: Some("PENDING".into()),
            crypto_paid_amount: None,
            at: created,
            source: "create".into(),
            note: None,
            exceptions: Vec::new(),
        };
        let details = OrderDetails {
            acquiring_order_id: Some(format!("ACQ{n:04}")),
            deposit_address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE".into(),
            crypto_amount: dec(due),
            crypto_currency: currency.into(),
            network_display_name: format!("{network} network"),
            expires_at: at(hh, mm + 15)?,
            payment_link: None,
        };
        ledger.record_order(&id, &details, &awaiting)?;
        let (final_state, raw) = match state {
            SaleState::Void => (SaleState::Paid, "SUCCEEDED"),
            SaleState::Expired => (SaleState::Expired, "EXPIRED"),
            SaleState::Failed => (SaleState::Failed, "FAILED"),
            _ => (SaleState::Paid, "SUCCEEDED"),
        };
        ledger.record_status(
            &id,
            &StatusUpdate {
                state: final_state,
                raw_status: Some(raw.into()),
                crypto_paid_amount: paid.map(dec),
                at: at(hh, mm + 3)?,
                source: "poll".into(),
                note: None,
                exceptions: flag.into_iter().collect(),
            },
        )?;
        if state == SaleState::Void {
            ledger.record_status(
                &id,
                &StatusUpdate {
                    state: SaleState::Void,
                    raw_status: None,
                    crypto_paid_amount: None,
                    at: at(hh + 1, mm)?,
                    source: "manager".into(),
                    note: Some("goods returned, refunded in cash".into()),
                    exceptions: Vec::new(),
                },
            )?;
        }
    }
    let date = civil_date(today - 1);
    Ok(date)
}

/// "YYYY-MM-DD" of a day counted from 1970-01-01 (Howard Hinnant's civil_from_days).
fn civil_date(days: u64) -> String {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The manager's first PIN in a fresh demo: chosen, which unlocks the manager screens.
async fn choose_demo_pin(app: &mut ManagerApp) -> anyhow::Result<()> {
    app.open_manager("open-manager").await?;
    app.wait_for(r#"[data-testid="choose-pin"]:not([hidden])"#, UI).await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;
    app.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
    Ok(())
}

#[test]
fn a_signed_in_cashier_takes_a_sale_and_the_close_names_them() {
    run(async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-cashier-").tempdir()?;
        let mut app = ManagerApp::start("manager-cashier", true, home).await?;
        let outcome = cashier_signs_in_and_sells(&mut app).await;
        app.finish(outcome).await
    });
}

async fn cashier_signs_in_and_sells(app: &mut ManagerApp) -> anyhow::Result<()> {
    choose_demo_pin(app).await?;

    // Add Anna (a mistyped second PIN first), then turn sign-in on.
    app.click("tab-cashiers").await?;
    app.wait_for(r#"[data-testid="cashier-list"]"#, UI).await?;
    app.type_into("cashier-name", "Anna").await?;
    app.type_into("cashier-pin", "1357").await?;
    app.type_into("cashier-pin-again", "1358").await?;
    app.click("cashier-add").await?;
    app.wait_for_text("cashier-message", |t| t.contains("not the same")).await?;
    app.type_into("cashier-pin", "1357").await?;
    app.type_into("cashier-pin-again", "1357").await?;
    app.click("cashier-add").await?;
    app.wait_for_text("cashier-list", |t| t.contains("Anna")).await?;
    app.click("cashier-sign-in").await?;
    app.wait_for(r#"[data-testid="cashier-sign-in"]:checked"#, UI).await?;
    app.screenshot("cashiers").await?;

    // The counter now asks for a sign-in before anything else; a wrong PIN is refused.
    app.to_cashier().await?;
    app.wait_for(r#"[data-testid="signin-screen"]:not([hidden])"#, UI).await?;
    let names = app.text("signin-names").await?;
    ensure!(names == "Anna", "the sign-in screen lists the cashiers: {names:?}");
    app.click("signin-name").await?;
    for key in ["signin-key-9", "signin-key-9", "signin-key-9", "signin-key-9"] {
        app.click(key).await?;
    }
    app.click("signin-submit").await?;
    app.wait_for_text("signin-message", |t| t.contains("Wrong name or PIN")).await?;
    app.screenshot("signin").await?;
    // The keyboard works too, and its digits never reach the amount behind.
    app.client.active_element().await?.send_keys("1357\u{E007}").await?;
    app.wait_for(r#"[data-testid="signin-screen"][hidden]"#, UI).await?;
    let who = app.wait_for_text("signed-in-as", |t| !t.is_empty()).await?;
    ensure!(who == "Signed in as Anna", "the top bar says who is signed in: {who:?}");
    let amount = app.text("amount").await?;
    ensure!(!amount.contains("135"), "the PIN did not land in the amount: {amount:?}");

    // Anna takes a demo sale of 6.40 USDT.
    for key in ["key-6", "key-dot", "key-4", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", |t| t == "6.40").await?;
    app.click("method-USDT-tron").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    app.click("simulate-payment").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(15)).await?;
    app.screenshot("signed-in-sale").await?;

    // The day's close names her; so does the Sales tab.
    app.to_manager().await?;
    app.click("tab-report").await?;
    let cashiers = app.wait_for_text("report-cashiers", |t| t.contains("Anna")).await?;
    ensure!(cashiers.contains("6.40 USDT"), "Anna's takings are in the close: {cashiers:?}");
    app.click("tab-sales").await?;
    let row = app.wait_for_text("sales-list", |t| t.contains("6.40")).await?;
    ensure!(row.contains("Anna") && row.contains("Paid"), "the sale records its cashier: {row:?}");

    // Signing out at the counter brings the sign-in screen back.
    app.to_cashier().await?;
    app.click("sign-out").await?;
    app.wait_for(r#"[data-testid="signin-screen"]:not([hidden])"#, UI).await?;
    app.to_manager().await?;
    app.click("tab-audit").await?;
    let log = app.wait_for_text("audit-log", |t| t.contains("Cashier signed out")).await?;
    ensure!(
        log.contains("Cashier added")
            && log.contains("Cashier signed in")
            && log.contains("Wrong cashier PIN"),
        "the audit log has the cashier steps: {log:?}"
    );
    Ok(())
}

#[test]
fn a_manager_voids_a_sale_with_a_reason_and_copies_the_diagnostics() {
    run(async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-void-").tempdir()?;
        let day = seed_yesterday(&home.path().join("demo"))?;
        let mut app = ManagerApp::start("manager-void", true, home).await?;
        let outcome = void_and_copy_diagnostics(&mut app, &day).await;
        app.finish(outcome).await
    });
}

async fn void_and_copy_diagnostics(app: &mut ManagerApp, day: &str) -> anyhow::Result<()> {
    choose_demo_pin(app).await?;
    app.click("tab-sales").await?;
    app.client
        .execute(
            "const input = document.getElementById('sales-day'); input.value = arguments[0];
             input.dispatchEvent(new Event('change'));",
            vec![json!(day)],
        )
        .await?;
    app.wait_for_text("sales-list", |t| t.contains("12.50")).await?;
    let rows = app.client.find_all(Locator::Css(&testid("sales-row"))).await?;
    ensure!(rows.len() == 11, "the seeded day has eleven sales, found {}", rows.len());
    // The first sale of the day (09:05, 12.50 USDT, paid by Anna) is the last row.
    let first = rows.last().context("a row")?;
    first.find(Locator::Css(&testid("sales-void"))).await?.click().await?;
    app.wait_for(r#"[data-testid="void-dialog"]:not([hidden])"#, UI).await?;
    let shown = app.text("void-sale").await?;
    ensure!(shown.contains("12.50 USDT") && shown.contains("Anna"), "the dialog names the sale: {shown:?}");
    app.type_into("void-reason", "Customer returned the goods, refunded in cash").await?;
    app.type_into("void-pin", "0000").await?;
    app.screenshot("void-dialog").await?;
    app.click("void-confirm").await?;
    app.wait_for_text("void-message", |t| t.contains("Wrong PIN")).await?;
    app.type_into("void-pin", PIN).await?;
    app.click("void-confirm").await?;
    app.wait_for(r#"[data-testid="void-dialog"][hidden]"#, UI).await?;
    let rows = app.client.find_all(Locator::Css(&testid("sales-row"))).await?;
    let voided = rows.last().context("a row")?.text().await?;
    ensure!(
        voided.contains("Void") && voided.contains("Customer returned the goods"),
        "the sale shows as void with its reason: {voided:?}"
    );
    app.screenshot("sales-voided").await?;

    // The daily close lists the void with its reason; the audit log has who voided it.
    app.click("tab-report").await?;
    app.client
        .execute(
            "const input = document.getElementById('report-day'); input.value = arguments[0];
             input.dispatchEvent(new Event('change'));",
            vec![json!(day)],
        )
        .await?;
    let exceptions =
        app.wait_for_text("report-exceptions", |t| t.contains("Customer returned the goods")).await?;
    ensure!(exceptions.matches("Voided").count() == 2, "the seeded void and this one: {exceptions:?}");
    app.click("tab-audit").await?;
    let log = app.wait_for_text("audit-log", |t| t.contains("Sale voided")).await?;
    ensure!(log.contains("Customer returned the goods"), "{log:?}");

    // Copy diagnostics: the confirmation shows, and what was copied holds no PIN hash.
    app.click("copy-diagnostics").await?;
    let copied = app.wait_for_text("diagnostics-copied", |t| !t.is_empty()).await?;
    ensure!(copied.starts_with("Copied"), "the manager sees it was copied: {copied:?}");
    // What the clipboard holds now, as a paste would get it.
    let text = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.clipboard.readText().then(done, (e) => done(`unreadable: ${e}`));",
            vec![],
        )
        .await?;
    let text = text.as_str().unwrap_or_default();
    ensure!(text.contains("StableTill app") && text.contains("settings"), "the clipboard: {text}");
    ensure!(!text.contains("$argon2"), "no PIN hash in the diagnostics: {text}");
    app.screenshot("diagnostics-copied").await?;
    Ok(())
}
