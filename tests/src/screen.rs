//! What a test does on a window of the app, whichever fixture started it (`DemoApp`, `RealApp`,
//! the manager tests' own): find elements by `data-testid`, click, type, read text, wait for the
//! UI, take a screenshot. The fixtures give a WebDriver client and a name; this gives the rest.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::artifacts_dir;

/// A WebDriver session on the app. The futures are awaited on the test's own runtime
/// (`run_scenario`), never sent to another thread: no `Send` bound is needed.
#[allow(async_fn_in_trait)]
pub trait Screen {
    fn client(&self) -> &Client;
    /// Names the screenshots in `target/e2e-artifacts/`.
    fn name(&self) -> &str;

    /// The element with `data-testid="id"`, now.
    async fn by_testid(&self, id: &str) -> anyhow::Result<Element> {
        self.client()
            .find(Locator::Css(&testid(id)))
            .await
            .with_context(|| format!("no [data-testid={id}] on the screen"))
    }

    /// Clicks the element. WebKit dispatches the click after answering, and the UI may redraw the
    /// element meanwhile, so a click on a replaced element is retried on its successor.
    async fn click(&self, id: &str) -> anyhow::Result<()> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            match self.by_testid(id).await?.click().await {
                Ok(()) => return Ok(()),
                Err(error) if attempts < 3 => {
                    eprintln!("retrying the click on [data-testid={id}]: {error}");
                    tokio::time::sleep(Duration::from_millis(150)).await;
                }
                Err(error) => return Err(error).with_context(|| format!("cannot click [data-testid={id}]")),
            }
        }
    }

    /// Replaces the field's text with `text`, typed.
    async fn type_into(&self, id: &str, text: &str) -> anyhow::Result<()> {
        let field = self.by_testid(id).await?;
        field.clear().await?;
        field.send_keys(text).await.with_context(|| format!("cannot type into [data-testid={id}]"))
    }

    /// The element's rendered text (`innerText`), trimmed. Read through a script because
    /// WebKitWebDriver reports an element with `overflow: hidden` as not displayed, and its
    /// WebDriver text as empty, while it is plainly on the screen.
    async fn text(&self, id: &str) -> anyhow::Result<String> {
        let element = self.by_testid(id).await?;
        let text = self
            .client()
            .execute("return arguments[0].innerText;", vec![serde_json::to_value(&element)?])
            .await
            .with_context(|| format!("cannot read the text of [data-testid={id}]"))?;
        Ok(text.as_str().unwrap_or_default().trim().to_owned())
    }

    /// Waits until the element's text passes `check`, and returns it; the error shows the last text
    /// seen. Clicks take effect a little after WebDriver answers, so reads after a click wait.
    async fn wait_for_text(
        &self,
        id: &str,
        timeout: Duration,
        check: impl Fn(&str) -> bool,
    ) -> anyhow::Result<String> {
        let deadline = Instant::now() + timeout;
        loop {
            // The element may not be drawn yet (a list the UI is still filling): wait for it too.
            let text = match self.text(id).await {
                Ok(text) if check(&text) => return Ok(text),
                Ok(text) => format!("{text:?}"),
                Err(error) => format!("nothing ({error:#})"),
            };
            if Instant::now() > deadline {
                bail!("[data-testid={id}] still shows {text} after {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Waits until an element matches the CSS selector.
    async fn wait_for(&self, css: &str, timeout: Duration) -> anyhow::Result<Element> {
        self.client()
            .wait()
            .at_most(timeout)
            .every(Duration::from_millis(25))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("nothing matched {css} within {timeout:?}"))
    }

    /// Saves a screenshot of the current window as `target/e2e-artifacts/<name>-<what>.png` once
    /// what was just changed has been painted.
    ///
    /// WebKitWebDriver answers a screenshot request with the next frame the page paints, so on a
    /// static screen it would wait for ever: an all but transparent pixel in a corner is repainted
    /// every frame while the screenshot is taken, and removed afterwards.
    async fn screenshot(&self, what: &str) -> anyhow::Result<PathBuf> {
        let client = self.client();
        client
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
            .await
            .context("the page did not render two animation frames")?;
        let png = tokio::time::timeout(Duration::from_secs(20), client.screenshot()).await;
        let _ = client.execute("document.getElementById('e2e-repaint')?.remove();", vec![]).await;
        let png = png
            .context("WebDriver took no screenshot within 20 s")?
            .context("WebDriver could not take a screenshot")?;
        let path = artifacts_dir()?.join(format!("{}-{what}.png", self.name()));
        std::fs::write(&path, png).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("screenshot: {}", path.display());
        Ok(path)
    }
}

/// The CSS selector of the element with `data-testid="id"`.
pub fn testid(id: &str) -> String {
    format!(r#"[data-testid="{id}"]"#)
}
