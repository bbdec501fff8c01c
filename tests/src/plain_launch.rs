//! The app launched the way a cashier launches it, outside tauri-driver: for what WebDriver
//! cannot show (a second launch, a stop asked by the system). Its output goes to
//! `target/e2e-artifacts/<name>.log`.

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use crate::{app_binary, artifacts_dir};

/// The app in demo mode on `home`.
pub fn launch_demo(home: &Path, name: &str) -> anyhow::Result<Child> {
    let log = std::fs::File::create(artifacts_dir()?.join(format!("{name}.log")))?;
    Command::new(app_binary()?)
        .arg("--demo")
        .arg("--home")
        .arg(home)
        .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
        .env("NO_AT_BRIDGE", "1")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .context("cannot start the app")
}

/// How `child` ended, if it did within `limit`; killed (and an error) otherwise.
pub fn wait_for_exit(mut child: Child, limit: Duration) -> anyhow::Result<ExitStatus> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            bail!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
