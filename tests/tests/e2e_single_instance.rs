//! One app per data directory, with the real app: it logs into its data directory; while a demo
//! till runs, a second launch on the same data directory hands over to it and exits; `stabletill
//! sync` on it is refused with a clear message; and an app on another data directory starts
//! beside it. Needs what the demo payment test needs, and a D-Bus session bus (scripts/test runs
//! the tests in one).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{ensure, Context};
use stabletill_tests::{cli_binary, launch_demo, wait_for_exit, DemoApp, Screen};

/// How long a second launch may take to find the first and hand over.
const HAND_OVER: Duration = Duration::from_secs(30);
/// How long an app on another data directory must keep running to count as started.
const STAYS_UP: Duration = Duration::from_secs(5);

#[test]
fn one_app_per_data_directory_and_two_data_directories_side_by_side() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime
        .block_on(async {
            let app = DemoApp::start("single-instance").await?;
            let outcome = check(&app).await;
            app.finish(outcome).await
        })
        .unwrap_or_else(|error| panic!("{error:#}"));
}

async fn check(app: &DemoApp) -> anyhow::Result<()> {
    ensure!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session bus: run the tests in one (`dbus-run-session`, as scripts/test does)"
    );
    // The app logs into the data directory it was given.
    let logs = app.home().join("logs");
    let log = std::fs::read_dir(&logs)
        .with_context(|| format!("no {}", logs.display()))?
        .flatten()
        .find(|entry| entry.file_name().to_string_lossy().starts_with("stabletill."))
        .with_context(|| format!("no stabletill.*.log in {}", logs.display()))?;
    let text = std::fs::read_to_string(log.path())?;
    ensure!(text.contains("starting StableTill"), "the log file says nothing of the start: {text}");

    // A second launch on the same data directory: hands over to the running app and exits 0.
    let second = launch_demo(app.home(), "second-launch")?;
    let status = wait_for_exit(second, HAND_OVER).context("the second launch on the same data directory")?;
    ensure!(
        status.success(),
        "the second launch should hand over and exit 0, got {status}; see its log in target/e2e-artifacts/"
    );
    // The first is still there and answers.
    app.wait_for(r#"body[data-ready="true"]"#, Duration::from_secs(5))
        .await
        .context("the first app after the second launch")?;

    // The CLI never writes a sales log an app has open.
    let cli = Command::new(cli_binary()?)
        .arg("--home")
        .arg(app.home().join("demo"))
        .args(["sync", "--timeout", "1"])
        .stdin(Stdio::null())
        .output()
        .context("cannot run stabletill")?;
    let stderr = String::from_utf8_lossy(&cli.stderr);
    ensure!(
        cli.status.code() == Some(1),
        "stabletill sync on an open till should fail, got {}: {stderr}",
        cli.status
    );
    ensure!(stderr.contains("already open in another StableTill"), "a clear message, got: {stderr}");

    // Another data directory is another till: it starts and stays up beside the first.
    let other_home = tempfile::Builder::new().prefix("stabletill-e2e-other-").tempdir()?;
    let mut other = launch_demo(other_home.path(), "other-home")?;
    std::thread::sleep(STAYS_UP);
    let still_running = other.try_wait()?.is_none();
    let _ = other.kill();
    let _ = other.wait();
    ensure!(still_running, "an app on another data directory should run beside the first; see target/e2e-artifacts/other-home.log");
    Ok(())
}
