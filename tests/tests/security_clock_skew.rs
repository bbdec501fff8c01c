//! The real app's counter when this computer's clock is 10 minutes off the gateway's: first 10 min
//! slow, then (after "Check again") 10 min fast. The gateway is the simulator with its clock
//! moved; the machine's clock is left alone. The counter must name the measured offset, say what
//! to do, and pause charging. Needs a display, tauri-driver, the built app and CLI, and the OS
//! keyring (scripts/test-session provides them). Screenshots: target/e2e-artifacts/clock-skew-*.png.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{ensure, Context};
use jiff::SignedDuration;
use stabletill_simulator::{RunningSimulator, SimulatorConfig};
use stabletill_tests::{cli_binary, RealApp, Screen};

const UI: Duration = Duration::from_secs(15);
const SCENARIO: Duration = Duration::from_secs(180);

/// `stabletill --home HOME ARGS`, which must succeed.
fn stabletill(home: &Path, args: &[&str], stdin: Option<&str>) -> anyhow::Result<()> {
    let mut child = Command::new(cli_binary()?)
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("STABLETILL_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    if let Some(text) = stdin {
        child.stdin.take().context("stdin")?.write_all(text.as_bytes())?;
    }
    drop(child.stdin.take());
    let out = child.wait_with_output()?;
    ensure!(out.status.success(), "stabletill {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    Ok(())
}

#[test]
fn the_counter_names_a_clock_ten_minutes_slow_then_fast_with_the_next_step() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let outcome = runtime.block_on(async {
        tokio::time::timeout(SCENARIO, async {
            let simulator = RunningSimulator::start(SimulatorConfig::demo()).await?;
            let home = tempfile::Builder::new().prefix("stabletill-e2e-clock-").tempdir()?;
            let secret = format!("{}\n", simulator.secret().expose());
            stabletill(home.path(), &["config", "set", "merchant-id", simulator.merchant_id()], None)?;
            stabletill(home.path(), &["config", "set", "gateway", &simulator.url()], None)?;
            stabletill(home.path(), &["secret", "set"], Some(&secret))
                .context("the secret goes to the OS keyring: run inside scripts/test-session")?;

            // The gateway 10 min ahead: this computer is 10 min slow.
            simulator.set_clock_offset(SignedDuration::from_mins(10));
            let app = RealApp::start("clock-skew", home.path(), &[]).await?;
            let outcome = skewed_counter(&app, &simulator).await;
            let finished = app.finish(outcome).await;
            let _ = stabletill(home.path(), &["secret", "clear"], None);
            simulator.shutdown().await;
            finished
        })
        .await
        .context("the scenario hung")?
    });
    if let Err(error) = outcome {
        panic!("{error:#}");
    }
}

async fn skewed_counter(app: &RealApp, simulator: &RunningSimulator) -> anyhow::Result<()> {
    app.wait_for("#sale-screen:not([hidden])", UI).await.context("the till opened")?;
    for key in ["key-1", "key-2", "key-dot", "key-5", "key-0"] {
        app.click(key).await?;
    }
    explained(app, "10 min 0 s slow").await?;
    app.screenshot("slow").await?;

    simulator.set_clock_offset(SignedDuration::from_mins(-10));
    app.click("check-gateway").await?;
    explained(app, "10 min 0 s fast").await?;
    app.screenshot("fast").await?;

    let orders = simulator.request_log().iter().filter(|r| r.method == "POST").count();
    ensure!(orders == 0, "no order was created with a skewed clock ({orders})");
    Ok(())
}

/// The counter's status panel names the offset and the next step, and charging waits.
async fn explained(app: &RealApp, offset: &str) -> anyhow::Result<()> {
    app.wait_for(r#"[data-testid="counter-status"][data-code="clock_skew"]:not([hidden])"#, UI)
        .await
        .context("the counter shows the clock problem")?;
    let deadline = tokio::time::Instant::now() + UI;
    let title = loop {
        let title = app.text_of_id("status-title").await?;
        if title.contains(offset) || tokio::time::Instant::now() > deadline {
            break title;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    ensure!(
        title == format!("This computer's clock is {offset}"),
        "the headline names the offset: {title:?}"
    );
    let next = app.text_of_id("status-next").await?;
    ensure!(
        next.contains("Set the date and time to automatic") && next.contains("Check again"),
        "the next step: {next:?}"
    );
    let charge = app.by_testid("charge").await?;
    ensure!(!charge.is_enabled().await?, "charging waits while the clock is off");
    let label = app.text("charge").await?;
    ensure!(label.contains("Charging paused"), "the Charge button says why: {label:?}");
    Ok(())
}
