//! A sale the customer does not pay in time, in the real app (demo mode, orders living 20 s):
//! when the countdown runs out both the cashier and the customer are told not to send; then
//! either the gateway closes the order (Expired) or a payment already on its way still arrives
//! (Paid, flagged as late for the manager). The demo gateway's control routes play the gateway
//! and the customer. Needs a display, tauri-driver and the built app (scripts/test provides all
//! three); without them these tests fail with what to install, they never skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use anyhow::{ensure, Context};
use serde_json::json;
use stabletill_tests::{run_scenario, DemoApp, Screen};

const UI: Duration = Duration::from_secs(5);
const SCENARIO: Duration = Duration::from_secs(180);
/// The shortest order lifetime the settings allow.
/// The shortest order lifetime the settings allow, and the customer display on monitor 1 so
/// the customer's view of the time running out can be read too.
const LIFETIME: &str = "order_lifetime = \"20s\"\ncustomer_display = \"1\"\n";

#[test]
fn an_unpaid_sale_runs_out_of_time_and_expires() {
    run_scenario(SCENARIO, async {
        let app =
            DemoApp::start_in("counter-expiry", DemoApp::new_home_with_demo_settings(LIFETIME)?).await?;
        let outcome = runs_out_and_expires(&app).await;
        app.finish(outcome).await
    });
}

async fn runs_out_and_expires(app: &DemoApp) -> anyhow::Result<()> {
    charge_and_wait_out(app, "5").await?;
    app.screenshot("time-up").await?;
    app.switch_to_customer().await?;
    app.wait_for(r#"body[data-state="timeup"]"#, UI)
        .await
        .context("the customer display says the time is up")?;
    let outcome = app.text("customer-outcome").await?;
    ensure!(outcome.contains("do not send"), "the customer is told not to send, got {outcome:?}");
    app.screenshot("customer-time-up").await?;
    app.switch_to_cashier().await?;

    // The gateway closes an unpaid order a while after its expiry (the demo's: 2 min): its clock
    // is moved past that moment, well inside the 5 min it accepts between the two clocks.
    app.demo_gateway_control("clock", json!({ "offsetMs": 125_000 })).await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="expired"]"#, Duration::from_secs(40))
        .await
        .context("the till sees the gateway close the order")?;
    app.demo_gateway_control("clock", json!({ "offsetMs": 0 })).await?;
    let state = app.text("sale-state").await?;
    ensure!(state.contains("Expired"), "the state says expired, got {state:?}");
    ensure!(app.is_shown(r#"[data-testid="new-sale"]"#).await?, "New sale is offered");
    ensure!(!app.is_shown(r#"[data-testid="cancel-sale"]"#).await?, "nothing left to cancel");
    ensure!(!app.is_shown(r#"[data-testid="print-sale-receipt"]"#).await?, "no receipt for an unpaid sale");
    app.screenshot("expired").await?;
    app.switch_to_customer().await?;
    app.wait_for(r#"body[data-state="expired"]"#, UI).await?;
    app.screenshot("customer-expired").await?;
    app.switch_to_cashier().await?;
    app.click("new-sale").await?;
    app.wait_for_text("recent-sale", UI, |text| text.contains("5 USDT") && text.contains("Expired")).await?;
    Ok(())
}

#[test]
fn a_payment_that_arrives_after_the_time_is_up_is_paid_and_flagged() {
    run_scenario(SCENARIO, async {
        let app =
            DemoApp::start_in("counter-paid-late", DemoApp::new_home_with_demo_settings(LIFETIME)?).await?;
        let outcome = paid_after_time_up(&app).await;
        app.finish(outcome).await
    });
}

async fn paid_after_time_up(app: &DemoApp) -> anyhow::Result<()> {
    charge_and_wait_out(app, "7").await?;
    let id = app
        .by_testid("payment-screen")
        .await?
        .attr("data-merchant-order-id")
        .await?
        .context("the payment screen names no sale")?;
    // The customer's transaction was on its way: the gateway still takes it before closing.
    app.demo_gateway_control(&format!("orders/{id}/pay"), json!({})).await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(60))
        .await
        .context("a late payment the gateway accepted is a paid sale")?;
    let state = app.text("sale-state").await?;
    ensure!(state.contains("Paid"), "the state says Paid, got {state:?}");
    let send = app.text("send-label").await?.to_lowercase();
    ensure!(send.contains("paid"), "no more 'do not send' once paid, got {send:?}");
    let received = app.text("received").await?;
    ensure!(received.contains("after the time was up"), "the late payment is pointed out, got {received:?}");
    app.screenshot("paid-late").await?;
    app.click("new-sale").await?;
    app.wait_for_text("recent-sale", UI, |text| {
        text.contains("7 USDT") && text.contains("Paid") && text.contains('⚠')
    })
    .await?;
    Ok(())
}

/// Charges `amount` on USDT/TRON and waits until its 20 s are up, checking what both the cashier
/// and (on this one screen) the customer read then.
async fn charge_and_wait_out(app: &DemoApp, amount: &str) -> anyhow::Result<()> {
    app.click(&format!("key-{amount}")).await?;
    app.wait_for_text("amount", UI, |text| text == amount).await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    let countdown = app.text("countdown").await?;
    ensure!(countdown.starts_with("00:"), "20 s to pay, got {countdown:?}");
    app.wait_for(r#"[data-testid="payment-screen"][data-timeup="true"]"#, Duration::from_secs(30))
        .await
        .context("the countdown runs out")?;
    let countdown = app.text("countdown").await?;
    ensure!(countdown == "00:00", "the countdown stops at 00:00, got {countdown:?}");
    let state = app.text("sale-state").await?;
    ensure!(state.contains("Not paid in time"), "the cashier reads that the time is up, got {state:?}");
    let send = app.text("send-label").await?.to_lowercase();
    ensure!(send.contains("do not send"), "the customer is told not to send any more, got {send:?}");
    ensure!(app.is_shown(r#"[data-testid="cancel-sale"]"#).await?, "the cashier can still cancel");
    Ok(())
}
