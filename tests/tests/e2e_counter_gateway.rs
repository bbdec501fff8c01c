//! Gateway trouble at the counter, in the real app (demo mode): the demo gateway's control routes
//! cut its connections or move its clock, and the cashier must read what is wrong, see new charges
//! paused, and charge again once "Check again" finds the gateway well. Needs a display,
//! tauri-driver and the built app (scripts/test provides all three); without them these tests
//! fail with what to install, they never skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use anyhow::{ensure, Context};
use serde_json::json;
use stabletill_tests::{run_scenario, DemoApp, Screen};

const UI: Duration = Duration::from_secs(5);
/// The till retries a failing request within its budget before it reports the trouble.
const TROUBLE: Duration = Duration::from_secs(45);
const SCENARIO: Duration = Duration::from_secs(180);

#[test]
fn no_connection_pauses_charging_until_the_gateway_answers_again() {
    run_scenario(SCENARIO, async {
        let app = DemoApp::start("counter-unreachable").await?;
        let outcome = unreachable_then_back(&app).await;
        app.finish(outcome).await
    });
}

async fn unreachable_then_back(app: &DemoApp) -> anyhow::Result<()> {
    ring_up_8(app).await?;
    // Every connection is reset before the gateway reads it: as good as no internet.
    app.demo_gateway_control("faults", json!("reset-before=1")).await?;
    app.click("charge").await?;
    let status = app
        .wait_for(r#"[data-testid="counter-status"][data-code="gateway_unreachable"]"#, TROUBLE)
        .await
        .context("the counter says the gateway cannot be reached")?;
    ensure!(status.is_displayed().await?, "the status panel is on the screen");
    let text = app.text("counter-status").await?;
    ensure!(text.contains("No connection to the payment gateway"), "the headline, got {text:?}");
    ensure!(text.contains("internet connection"), "the next step names what to check, got {text:?}");
    app.wait_for(r#"[data-testid="charge"][disabled]"#, UI).await.context("new charges wait")?;
    let charge = app.text("charge").await?;
    ensure!(charge.contains("paused"), "Charge says why it waits, got {charge:?}");
    ensure!(!app.is_shown(r#"[data-testid="payment-screen"]"#).await?, "no payment screen without an order");
    app.screenshot("gateway-unreachable").await?;

    app.demo_gateway_control("faults", json!({})).await?;
    app.click("check-gateway").await?;
    app.wait_for(r#"[data-testid="counter-status"][hidden]"#, TROUBLE)
        .await
        .context("Check again clears it")?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15))
        .await
        .context("charging works again")?;
    Ok(())
}

#[test]
fn a_wrong_clock_is_named_with_its_offset_and_what_to_do() {
    run_scenario(SCENARIO, async {
        let app = DemoApp::start("counter-clock-skew").await?;
        let outcome = clock_skew_then_fixed(&app).await;
        app.finish(outcome).await
    });
}

async fn clock_skew_then_fixed(app: &DemoApp) -> anyhow::Result<()> {
    ring_up_8(app).await?;
    // The gateway's clock 7 minutes ahead: this till's requests look 7 minutes old to it.
    app.demo_gateway_control("clock", json!({ "offsetMs": 420_000 })).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="counter-status"][data-code="clock_skew"]"#, TROUBLE)
        .await
        .context("the counter says the clock is wrong")?;
    let text = app.text("counter-status").await?;
    ensure!(text.contains("clock"), "the headline names the clock, got {text:?}");
    ensure!(text.contains("date and time"), "the next step says what to set, got {text:?}");
    app.wait_for(r#"[data-testid="charge"][disabled]"#, UI).await.context("new charges wait")?;
    app.screenshot("clock-skew").await?;

    app.demo_gateway_control("clock", json!({ "offsetMs": 0 })).await?;
    app.click("check-gateway").await?;
    app.wait_for(r#"[data-testid="counter-status"][hidden]"#, TROUBLE)
        .await
        .context("Check again clears it")?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    Ok(())
}

async fn ring_up_8(app: &DemoApp) -> anyhow::Result<()> {
    app.click("key-8").await?;
    app.wait_for_text("amount", UI, |text| text == "8").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    Ok(())
}
