//! The real StableTill app in demo mode, driven through WebDriver: start it in a fresh data
//! directory, find elements by `data-testid`, wait for the UI, take screenshots.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use tempfile::TempDir;

use crate::{app_binary, artifacts_dir, Screen, TauriDriver};

/// How long the app may take from launch to `body[data-ready="true"]` on a slow CI machine.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// `target/debug/stabletill-app --demo --home <temp dir>` under tauri-driver (or the installed app
/// `$STABLETILL_APP` names).
#[derive(Debug)]
pub struct DemoApp {
    client: Client,
    // Dropped after the client is closed: stops tauri-driver, WebKitWebDriver and the app.
    driver: TauriDriver,
    home: TempDir,
    name: String,
}

impl crate::Screen for DemoApp {
    fn client(&self) -> &Client {
        &self.client
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl DemoApp {
    /// Launches the app with a fresh data directory and waits until its UI says it is ready.
    /// `name` names the log and screenshots in `target/e2e-artifacts/`.
    pub async fn start(name: &str) -> anyhow::Result<Self> {
        Self::start_in(name, Self::new_home()?).await
    }

    /// A fresh, empty data directory for [`Self::start_in`], to prepare (settings) before launch.
    pub fn new_home() -> anyhow::Result<TempDir> {
        Ok(tempfile::Builder::new().prefix("stabletill-e2e-").tempdir()?)
    }

    /// Launches the app on `home` (prepared by the test, or left by an earlier run) and waits
    /// until its UI says it is ready.
    pub async fn start_in(name: &str, home: TempDir) -> anyhow::Result<Self> {
        let app = app_binary()?;
        if std::env::var_os("DISPLAY").is_none_or(|display| display.is_empty()) {
            bail!("DISPLAY is not set: the app needs an X display; run the tests under `xvfb-run -a` (scripts/test does)");
        }
        let log = artifacts_dir()?.join(format!("{name}.log"));
        let env: [(&str, &OsStr); 3] = [
            // The same directory as --home, in case a launcher drops the arguments.
            ("STABLETILL_HOME", home.path().as_os_str()),
            // Software rendering in Xvfb: WebKitGTK's DMA-BUF renderer needs a GPU.
            ("WEBKIT_DISABLE_DMABUF_RENDERER", OsStr::new("1")),
            // No accessibility bridge: nothing reads the screen in a test session.
            ("NO_AT_BRIDGE", OsStr::new("1")),
        ];
        let driver = TauriDriver::start(&log, &env)?;

        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": app,
                "args": ["--demo", "--home", home.path()],
            },
        });
        let serde_json::Value::Object(capabilities) = capabilities else {
            bail!("capabilities must be a JSON object");
        };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);
        let client = tokio::time::timeout(READY_TIMEOUT, builder.connect(&driver.url()))
            .await
            .with_context(|| {
                format!("the app did not start within {READY_TIMEOUT:?}; see {}", log.display())
            })?
            .with_context(|| format!("tauri-driver could not start the app; see {}", log.display()))?;
        let size = window_size_asked()?;
        let name = match size {
            Some((width, height)) => format!("{name}-{width}x{height}"),
            None => name.to_owned(),
        };
        let started = Self { client, driver, home, name };
        // With a customer display the session may begin on that window: tests start at the
        // cashier's.
        started.switch_to_cashier().await?;
        if let Some((width, height)) = size {
            started.resize(width, height).await?;
        }
        started
            .client
            .wait()
            .at_most(READY_TIMEOUT)
            .for_element(Locator::Css(r#"body[data-ready="true"]"#))
            .await
            .with_context(|| {
                format!(
                    "the app did not set body[data-ready=\"true\"] within {READY_TIMEOUT:?}; see {}",
                    log.display()
                )
            })?;
        Ok(started)
    }

    /// The data directory the app was started with (`--home`).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// Demo mode's sales log, which never mixes with the real one.
    pub fn demo_sales_log(&self) -> PathBuf {
        self.home.path().join("demo").join("sales.sqlite3")
    }

    /// Where this run's demo gateway listens (`http://127.0.0.1:PORT`), from the app's log: the
    /// simulator logs its address when it starts, and its `/_simulator/...` control routes let a
    /// test act as the gateway or the customer (fail an order, pay late, move its clock).
    pub async fn demo_gateway_url(&self) -> anyhow::Result<String> {
        let logs = self.home.path().join("logs");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mut last = None;
            // Daily files, named by date: oldest first, so the newest address is read last.
            let mut files: Vec<PathBuf> =
                std::fs::read_dir(&logs).into_iter().flatten().flatten().map(|entry| entry.path()).collect();
            files.sort();
            for file in files {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                for line in text.lines().filter(|line| line.contains("simulator listening")) {
                    if let Some(addr) = line.split_whitespace().find_map(|word| word.strip_prefix("addr=")) {
                        last = Some(format!("http://{addr}"));
                    }
                }
            }
            // A restarted app logs a new address below the old one, in the same day's file.
            if let Some(url) = last {
                return Ok(url);
            }
            if Instant::now() > deadline {
                bail!("no \"simulator listening addr=...\" line in {} after 10 s", logs.display());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Closes the app the way a cashier does (its window), then starts it again on the same data
    /// directory; `name` names the new run's log and screenshots.
    pub async fn restart(self, name: &str) -> anyhow::Result<Self> {
        let Self { client, driver, home, name: _ } = self;
        // Closing the cashier's window quits the app (and WebDriver's session with it).
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close_window()).await;
        let _ = tokio::time::timeout(Duration::from_secs(5), client.close()).await;
        drop(driver);
        Self::start_in(name, home).await
    }

    /// Resizes the cashier's window, e.g. to the 1024×768 and 1920×1080 screens the counter is
    /// made for, and lets the page lay itself out again.
    pub async fn resize(&self, width: u32, height: u32) -> anyhow::Result<()> {
        self.client
            .set_window_size(width, height)
            .await
            .with_context(|| format!("cannot resize the window to {width}×{height}"))?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        Ok(())
    }

    /// A fresh data directory whose demo till opens with `settings` (lines of its `config.toml`,
    /// e.g. `order_lifetime = "20s"`), for [`Self::start_in`].
    pub fn new_home_with_demo_settings(settings: &str) -> anyhow::Result<TempDir> {
        let home = Self::new_home()?;
        let demo = home.path().join("demo");
        std::fs::create_dir_all(&demo)?;
        std::fs::write(demo.join("config.toml"), settings)
            .with_context(|| format!("cannot write {}", demo.join("config.toml").display()))?;
        Ok(home)
    }

    /// Sends a request to one of the demo gateway's `/_simulator/...` control routes, as the
    /// gateway or the customer would act (e.g. `orders/ID/fail`, `orders/ID/pay`, `clock`), and
    /// fails with the gateway's answer unless it succeeded.
    pub async fn demo_gateway_control(&self, route: &str, body: serde_json::Value) -> anyhow::Result<()> {
        let url = format!("{}/_simulator/{route}", self.demo_gateway_url().await?);
        let response = reqwest::Client::new()
            .post(&url)
            .json(&body)
            .timeout(Duration::from_secs(10))
            .send()
            .await
            .with_context(|| format!("POST {url}"))?;
        let status = response.status();
        let answer = response.text().await.unwrap_or_default();
        if !status.is_success() {
            bail!("POST {url} answered {status}: {answer}");
        }
        Ok(())
    }

    /// Makes the cashier's window (`index.html`) the one WebDriver commands go to.
    pub async fn switch_to_cashier(&self) -> anyhow::Result<()> {
        // The main window's page is the app's root (`tauri://localhost`, or `/index.html`).
        self.switch_to_page(|path| matches!(path, "" | "/" | "/index.html"))
            .await
            .context("no cashier's window")
    }

    /// Makes the customer display (`customer.html`, opened when the `customer-display` setting
    /// names a monitor) the one WebDriver commands go to.
    pub async fn switch_to_customer(&self) -> anyhow::Result<()> {
        self.switch_to_page(|path| path.ends_with("customer.html"))
            .await
            .context("no customer display window: set customer_display = \"1\" in the demo settings")
    }

    async fn switch_to_page(&self, wanted: impl Fn(&str) -> bool) -> anyhow::Result<()> {
        for window in self.client.windows().await? {
            self.client.switch_to_window(window).await?;
            if wanted(self.client.current_url().await?.path()) {
                return Ok(());
            }
        }
        bail!("none of the app's windows shows that page")
    }

    /// Types on the physical keyboard into whatever has the focus (WebDriver key codes such as
    /// `fantoccini::key::Key::Escape` as chars for the special keys).
    pub async fn press_keys(&self, keys: &str) -> anyhow::Result<()> {
        let focused = self.client.active_element().await.context("nothing has the keyboard focus")?;
        focused.send_keys(keys).await.with_context(|| format!("cannot type {keys:?}"))
    }

    /// True when an element matching the CSS selector is on the screen and visible.
    pub async fn is_shown(&self, css: &str) -> anyhow::Result<bool> {
        for element in self.client.find_all(Locator::Css(css)).await? {
            if element.is_displayed().await? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Ends the session and stops the app. A failed `outcome` gets a screenshot of the screen at
    /// the time and the path of the driver's log.
    pub async fn finish(self, outcome: anyhow::Result<()>) -> anyhow::Result<()> {
        let outcome = match outcome {
            Ok(()) => Ok(()),
            Err(error) => {
                let shot = match self.screenshot("failure").await {
                    Ok(path) => path.display().to_string(),
                    Err(shot_error) => format!("no screenshot: {shot_error:#}"),
                };
                let log = self.driver.log().display();
                Err(anyhow::anyhow!(
                    "{error:#}\n  the screen at the time: {shot}\n  app and driver log: {log}"
                ))
            }
        };
        let closed = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        drop(self);
        outcome?;
        closed
            .context("WebDriver did not end the session within 10 s")?
            .context("WebDriver could not end the session")
    }
}

/// Screenshots at another screen size: `STABLETILL_E2E_WINDOW=1920x1080` sizes the cashier's
/// window so (run under an X screen that size, for the customer display too) and adds the size to
/// the names in `target/e2e-artifacts/`.
const WINDOW_ENV: &str = "STABLETILL_E2E_WINDOW";

fn window_size_asked() -> anyhow::Result<Option<(u32, u32)>> {
    let Some(text) = std::env::var_os(WINDOW_ENV).filter(|value| !value.is_empty()) else {
        return Ok(None);
    };
    let text = text.to_string_lossy();
    let size =
        text.split_once('x').and_then(|(width, height)| Some((width.parse().ok()?, height.parse().ok()?)));
    match size {
        Some(size) => Ok(Some(size)),
        None => bail!("{WINDOW_ENV}={text:?} is not a size such as 1920x1080"),
    }
}
