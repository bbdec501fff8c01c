//! The real StableTill app as a shop runs it (not demo mode), on a data directory the test has
//! prepared, driven through WebDriver: its windows (cashier, manager, customer display), the
//! processes it runs as, and what a window's page holds.

use std::ffi::OsStr;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::{app_binary, artifacts_dir, Screen, TauriDriver};

/// From launch to `body[data-ready="true"]`; the keyring is asked on the way.
const READY_TIMEOUT: Duration = Duration::from_secs(60);

/// `stabletill-app --home <home>` under tauri-driver, with extra environment for the app.
#[derive(Debug)]
pub struct RealApp {
    client: Client,
    cashier: WindowHandle,
    name: String,
    // Dropped after the client is closed: stops tauri-driver, WebKitWebDriver and the app.
    driver: TauriDriver,
}

impl crate::Screen for RealApp {
    fn client(&self) -> &Client {
        &self.client
    }

    fn name(&self) -> &str {
        &self.name
    }
}

impl RealApp {
    /// Launches the app on `home` with `env` added to its environment, and waits until the
    /// cashier window says it is ready. `name` names the log and screenshots in
    /// `target/e2e-artifacts/`.
    pub async fn start(name: &str, home: &Path, env: &[(&str, &OsStr)]) -> anyhow::Result<Self> {
        let app = app_binary()?;
        if std::env::var_os("DISPLAY").is_none_or(|display| display.is_empty()) {
            bail!("DISPLAY is not set: the app needs an X display; run the test under scripts/test-session");
        }
        let log = artifacts_dir()?.join(format!("{name}.log"));
        let mut all_env: Vec<(&str, &OsStr)> = vec![
            ("STABLETILL_HOME", home.as_os_str()),
            // Software rendering in Xvfb: WebKitGTK's DMA-BUF renderer needs a GPU.
            ("WEBKIT_DISABLE_DMABUF_RENDERER", OsStr::new("1")),
            ("NO_AT_BRIDGE", OsStr::new("1")),
        ];
        all_env.extend_from_slice(env);
        let driver = TauriDriver::start(&log, &all_env)?;
        let capabilities = json!({
            "browserName": "wry",
            "tauri:options": { "application": app, "args": ["--home", home] },
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
        let cashier = cashier_window(&client).await?;
        let app = Self { client, cashier, name: name.to_owned(), driver };
        app.wait_for(r#"body[data-ready="true"]"#, READY_TIMEOUT)
            .await
            .with_context(|| format!("the cashier window never got ready; see {}", log.display()))?;
        Ok(app)
    }

    /// Where tauri-driver, WebKitWebDriver and the app (its stderr) write their output.
    pub fn driver_log(&self) -> &Path {
        self.driver.log()
    }

    /// Every process running for this app: WebKitWebDriver, the app and WebKit's own processes.
    pub fn processes(&self) -> Vec<u32> {
        self.driver.processes()
    }

    pub fn cashier(&self) -> WindowHandle {
        self.cashier.clone()
    }

    /// Every open window, the cashier's first.
    pub async fn windows(&self) -> anyhow::Result<Vec<WindowHandle>> {
        Ok(self.client.windows().await?)
    }

    pub async fn switch_to(&self, window: &WindowHandle) -> anyhow::Result<()> {
        Ok(self.client.switch_to_window(window.clone()).await?)
    }

    /// Clicks `button` (a testid) in the current window, switches to the window it opens and
    /// waits until that one is ready.
    pub async fn open_window(&self, button: &str, known: &[WindowHandle]) -> anyhow::Result<WindowHandle> {
        self.click(button).await?;
        let deadline = Instant::now() + Duration::from_secs(15);
        let window = loop {
            let windows = self.client.windows().await?;
            if let Some(window) = windows.into_iter().find(|w| !known.contains(w)) {
                break window;
            }
            if Instant::now() > deadline {
                bail!("no new window opened after clicking {button}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        self.switch_to(&window).await?;
        self.wait_for(r#"body[data-ready="true"]"#, Duration::from_secs(15))
            .await
            .context("the new window got ready")?;
        Ok(window)
    }

    /// The text of the element with this `id` attribute (for elements without a testid).
    pub async fn text_of_id(&self, id: &str) -> anyhow::Result<String> {
        let text = self
            .client
            .execute("return document.getElementById(arguments[0])?.innerText ?? null;", vec![json!(id)])
            .await?;
        text.as_str().map(|t| t.trim().to_owned()).with_context(|| format!("no #{id} on the screen"))
    }

    /// The current window's page as the DOM has it now (WebDriver's page source).
    pub async fn page_source(&self) -> anyhow::Result<String> {
        Ok(self.client.source().await?)
    }

    /// Ends the session and stops the app; a failed `outcome` gets a screenshot and the log's path.
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
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.clone().close()).await;
        drop(self);
        outcome
    }
}

/// The cashier's window (index.html), switched to: WebDriver may start in the customer display,
/// which opens at the same time.
async fn cashier_window(client: &Client) -> anyhow::Result<WindowHandle> {
    let deadline = Instant::now() + READY_TIMEOUT;
    loop {
        for window in client.windows().await? {
            client.switch_to_window(window.clone()).await?;
            let page = client.execute("return location.pathname;", vec![]).await?;
            let page = page.as_str().unwrap_or_default();
            if page == "/" || page.ends_with("/index.html") {
                return Ok(window);
            }
        }
        if Instant::now() > deadline {
            bail!("no window shows the cashier's page (index.html)");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
