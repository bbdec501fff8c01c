//! The real app with its manager window, driven through WebDriver like a manager would: start it
//! (demo or a real till) on a data directory, open the manager window from the cashier screen,
//! switch between the two, choose the first PIN. Exports go to a folder of the test's (no save
//! dialog), and the app runs in UTC so seeded days are plain.

use std::ffi::OsStr;
use std::time::Duration;

use anyhow::{bail, Context};
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

use crate::{artifacts_dir, built_binary, Screen, TauriDriver};

/// How long a manager screen may take to answer a click.
const UI: Duration = Duration::from_secs(10);
/// From launch to the cashier window's ready signal, on a slow CI machine.
const READY: Duration = Duration::from_secs(60);

/// The app under tauri-driver, with the manager window opened from the cashier screen.
#[derive(Debug)]
pub struct ManagerApp {
    pub client: Client,
    cashier: WindowHandle,
    manager: Option<WindowHandle>,
    // Kept for the app's lifetime: its data directory.
    _home: TempDir,
    /// Where exports are written (no save dialog in a test).
    pub exports: TempDir,
    name: String,
    // Dropped last: stops tauri-driver, WebKitWebDriver and the app.
    driver: TauriDriver,
}

impl crate::Screen for ManagerApp {
    fn client(&self) -> &Client {
        &self.client
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl ManagerApp {
    /// Starts the app (`--demo` or a real till) in `home`, in UTC so the seeded days are plain.
    pub async fn start(name: &str, demo: bool, home: TempDir) -> anyhow::Result<Self> {
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
    pub async fn open_manager(&mut self, button: &str) -> anyhow::Result<()> {
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

    pub async fn to_cashier(&self) -> anyhow::Result<()> {
        Ok(self.client.switch_to_window(self.cashier.clone()).await?)
    }

    pub async fn to_manager(&self) -> anyhow::Result<()> {
        let manager = self.manager.clone().context("the manager window is not open")?;
        Ok(self.client.switch_to_window(manager).await?)
    }

    pub async fn finish(self, outcome: anyhow::Result<()>) -> anyhow::Result<()> {
        if outcome.is_err() {
            let _ = self.screenshot("failure").await;
        }
        let log = self.driver.log().display().to_string();
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        drop(self);
        outcome.with_context(|| format!("app and driver log: {log}"))
    }

    /// The manager's first PIN in a fresh demo: chosen, which unlocks the manager screens.
    pub async fn choose_demo_pin(&mut self, pin: &str) -> anyhow::Result<()> {
        self.open_manager("open-manager").await?;
        self.wait_for(r#"[data-testid="choose-pin"]:not([hidden])"#, UI).await?;
        self.type_into("choose-pin-new", pin).await?;
        self.type_into("choose-pin-again", pin).await?;
        self.click("choose-pin-save").await?;
        self.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
        Ok(())
    }
}
