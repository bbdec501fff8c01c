//! Just enough WebDriver to time a Tauri app to its UI's ready signal: tauri-driver (which runs
//! WebKitWebDriver, which launches the app), a new session, a script polled until
//! `body[data-ready="true"]`, the app asked to stop as the system asks it (SIGTERM), and the
//! session closed. Closing the session alone kills the app outright, which a till never sees in
//! a shop and which leaves its sales log to be checked at the next start as after a crash.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::{json, Value};

use crate::procs;

const READY_SCRIPT: &str = r#"return !!(document.body && document.body.dataset.ready === "true");"#;
/// The moment the page marked itself ready, in Unix milliseconds (both pages mark it).
const READY_AT_SCRIPT: &str = r#"const mark = performance.getEntriesByName("stabletill-ready")[0];
return performance.timeOrigin + (mark ? mark.startTime : performance.now());"#;

/// One launch, timed.
#[derive(Debug, Clone, Copy)]
pub struct Launch {
    /// From asking for the session until it existed (the driver started the program).
    pub session: Duration,
    /// From asking for the session until a script saw the ready signal.
    pub driver_to_ready: Duration,
    /// From the program's own start (its process) until the page marked itself ready: the
    /// driver's set-up before the program runs is not in it.
    pub start_to_ready: Duration,
}

/// A running tauri-driver; dropping it stops it and whatever it started.
#[derive(Debug)]
pub struct Driver {
    child: Child,
    url: String,
    http: reqwest::Client,
}

impl Driver {
    pub fn start(envs: &[(&str, &str)], log: &Path) -> anyhow::Result<Self> {
        let driver =
            find("tauri-driver").context("tauri-driver is not installed (scripts/test installs it)")?;
        find("WebKitWebDriver")
            .context("WebKitWebDriver is not installed (apt-get install webkit2gtk-driver)")?;
        let (port, native) = two_free_ports()?;
        let out = std::fs::File::create(log)?;
        let child = Command::new(driver)
            .args(["--port", &port.to_string(), "--native-port", &native.to_string()])
            .envs(envs.iter().copied())
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .context("starting tauri-driver")?;
        let mut driver =
            Self { child, url: format!("http://127.0.0.1:{port}"), http: reqwest::Client::new() };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err()
            || TcpStream::connect(("127.0.0.1", native)).is_err()
        {
            if driver.child.try_wait()?.is_some() || Instant::now() > deadline {
                let output = crate::app_launch::last_lines(log, 20);
                bail!("tauri-driver did not start; the end of its output ({}):\n{output}", log.display());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(driver)
    }

    /// Launches `app` with `args` and times it. `marker` is in the command line of the launched
    /// program alone (its data directory, or its path), to find and stop it by.
    pub async fn time_to_ready(&self, app: &Path, args: &[String], marker: &Path) -> anyhow::Result<Launch> {
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "wry",
            "tauri:options": {"application": app, "args": args},
        }}});
        let started = Instant::now();
        let answer: Value =
            self.http.post(format!("{}/session", self.url)).json(&capabilities).send().await?.json().await?;
        let session_at = started.elapsed();
        let id = answer["value"]["sessionId"]
            .as_str()
            .with_context(|| format!("no WebDriver session: {answer}"))?
            .to_owned();
        let session = format!("{}/session/{id}", self.url);
        let deadline = Instant::now() + Duration::from_secs(120);
        let ready_at = loop {
            let answer = self.script(&session, READY_SCRIPT).await?;
            if answer == Value::Bool(true) {
                break started.elapsed();
            }
            if Instant::now() > deadline {
                bail!("the UI did not get ready within 120 s: {answer}");
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        };
        let needle = marker.display().to_string();
        let ready_unix_ms = self.script(&session, READY_AT_SCRIPT).await?.as_f64();
        let start_unix_ms = procs::started_unix_ms(&needle);
        let start_to_ready = match (ready_unix_ms, start_unix_ms) {
            (Some(ready), Some(start)) if ready >= start => {
                Some(Duration::from_secs_f64((ready - start) / 1000.0))
            }
            _ => None,
        };
        let stopped = tokio::task::spawn_blocking(move || {
            procs::signal(&procs::matching(&needle), "TERM");
            procs::wait_gone(&needle, Duration::from_secs(10))
        })
        .await?;
        let _ = self.http.delete(&session).send().await;
        if !stopped {
            bail!("{} was still running 10 s after SIGTERM", marker.display());
        }
        let start_to_ready = start_to_ready
            .with_context(|| format!("cannot tell when {} started or got ready", marker.display()))?;
        Ok(Launch { session: session_at, driver_to_ready: ready_at, start_to_ready })
    }

    /// What `script` returns in the session's page.
    async fn script(&self, session: &str, script: &str) -> anyhow::Result<Value> {
        let answer: Value = self
            .http
            .post(format!("{session}/execute/sync"))
            .json(&json!({"script": script, "args": []}))
            .send()
            .await?
            .json()
            .await?;
        Ok(answer["value"].clone())
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let started = procs::tree(self.child.id());
        procs::signal(&started, "TERM");
        std::thread::sleep(Duration::from_millis(300));
        procs::signal(&started, "KILL");
        let _ = self.child.wait();
    }
}

/// `name` in PATH, else in cargo's bin folder (where `cargo install` put tauri-driver).
pub fn find(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|path| std::env::split_paths(&path).collect()).unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    dirs.extend(cargo_home.map(|dir| dir.join("bin")));
    dirs.into_iter().map(|dir| dir.join(name)).find(|path| path.is_file())
}

/// Two ports free right now (both held while asking, so they differ).
fn two_free_ports() -> anyhow::Result<(u16, u16)> {
    let first = TcpListener::bind("127.0.0.1:0")?;
    let second = TcpListener::bind("127.0.0.1:0")?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}
