//! Both windows of the real app (demo mode) show the same sale: the cashier's payment screen and
//! the customer display (opened on monitor 1 by the `customer-display` setting, as a shop with
//! one screen for each would have it on monitor 2). WebDriver drives both windows of the app, so
//! the test reads the customer display as the customer would: the amount, the network warning,
//! the address, the countdown, the progress, then Paid, and the shop's welcome again once the
//! counter returns to a new sale by itself. Needs a display, tauri-driver and the built app
//! (scripts/test provides all three); without them it fails with what to install, never skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use anyhow::{ensure, Context};
use stabletill_tests::{run_scenario, DemoApp, Screen};

const UI: Duration = Duration::from_secs(5);
const SCENARIO: Duration = Duration::from_secs(180);

#[test]
fn the_customer_display_shows_the_cashiers_sale_until_it_is_paid() {
    run_scenario(SCENARIO, async {
        // Back to a new sale 5 s after Paid, so the return to idle is part of the scenario.
        let home = DemoApp::new_home_with_demo_settings("customer_display = \"1\"\nreturn_after = \"5s\"\n")?;
        let app = DemoApp::start_in("counter-windows", home).await?;
        let outcome = same_sale_in_both_windows(&app).await;
        // A failure screenshot of the cashier's window, whichever window the test was reading.
        let _ = app.switch_to_cashier().await;
        app.finish(outcome).await
    });
}

async fn same_sale_in_both_windows(app: &DemoApp) -> anyhow::Result<()> {
    app.switch_to_customer().await?;
    app.wait_for(r#"body[data-ready="true"] [data-testid="customer-idle"]:not([hidden])"#, UI).await?;
    let welcome = app.text("customer-idle").await?;
    ensure!(welcome.contains("Demo shop"), "the idle screen names the shop, got {welcome:?}");
    ensure!(welcome.contains("USDT"), "the idle screen says what the shop takes, got {welcome:?}");
    app.screenshot("customer-idle").await?;

    app.switch_to_cashier().await?;
    for key in ["key-1", "key-2", "key-dot", "key-5", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |text| text == "12.50").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    let amount = app.text("crypto-amount").await?;
    let address = app.text("deposit-address").await?;
    let countdown = app.wait_for_text("countdown", UI, is_mm_ss).await?;
    let qr = app.by_testid("qr").await?.attr("src").await?.unwrap_or_default();
    ensure!(amount == "13.00 USDT", "the cashier shows 12.50 + 0.50 on TRON, got {amount:?}");

    app.switch_to_customer().await?;
    app.wait_for(r#"body[data-state="awaiting"]"#, UI)
        .await
        .context("the customer display shows the sale")?;
    let seen = app.text("customer-amount").await?;
    ensure!(seen == amount, "the customer reads {seen:?}, the cashier {amount:?}");
    let warning = app.text("customer-network-warning").await?;
    ensure!(warning.contains("Send USDT on TRON only"), "the network warning, got {warning:?}");
    let their_address = app.text("customer-address").await?;
    ensure!(their_address == address, "the same address, grouped: {their_address:?} vs {address:?}");
    ensure!(
        address.split(' ').all(|group| group.len() <= 4),
        "the address is grouped by four, got {address:?}"
    );
    let their_countdown = app.wait_for_text("customer-countdown", UI, is_mm_ss).await?;
    let gap = seconds(&their_countdown).abs_diff(seconds(&countdown));
    ensure!(gap <= 3, "both countdowns run to the same moment: {their_countdown} vs {countdown}");
    let their_qr = app.by_testid("customer-qr").await?.attr("src").await?.unwrap_or_default();
    ensure!(!qr.is_empty() && their_qr == qr, "both windows show the same QR code");
    let progress = app.text("customer-progress").await?;
    ensure!(
        progress.contains("Waiting for your payment"),
        "the progress starts at waiting, got {progress:?}"
    );
    app.wait_for(r#"[data-step="waiting"].current"#, UI).await?;
    app.screenshot("customer-awaiting").await?;

    app.switch_to_cashier().await?;
    app.click("simulate-payment").await?;
    app.switch_to_customer().await?;
    app.wait_for(r#"body[data-state="paid"]"#, Duration::from_secs(15))
        .await
        .context("the customer sees Paid")?;
    let outcome = app.wait_for_text("customer-outcome", UI, |text| text.contains("Paid")).await?;
    ensure!(outcome.contains("thank you"), "the customer is thanked, got {outcome:?}");
    ensure!(outcome.contains("13.00 USDT"), "the customer sees what was received, got {outcome:?}");
    app.wait_for(r#"[data-step="paid"].done"#, UI).await?;
    app.screenshot("customer-paid").await?;

    app.switch_to_cashier().await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, UI).await?;
    let state = app.text("sale-state").await?;
    ensure!(state.contains("Paid"), "the cashier sees Paid too, got {state:?}");
    let hint = app.wait_for_text("new-sale", UI, |text| text.contains(" s")).await?;
    eprintln!("New sale button while paid: {hint:?}");
    // The shop's return-after (5 s): no key pressed, the counter is ready for the next customer.
    app.wait_for(r#"#sale-screen:not([hidden])"#, Duration::from_secs(12))
        .await
        .context("the counter returns to a new sale by itself")?;
    app.switch_to_customer().await?;
    app.wait_for(r#"[data-testid="customer-idle"]:not([hidden])"#, UI)
        .await
        .context("the customer display goes back to the welcome")?;

    // A sale the cashier cancels, and one the gateway fails: the customer must not send.
    for ending in ["cancelled", "failed"] {
        app.switch_to_cashier().await?;
        app.click("key-9").await?;
        app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
        app.click("charge").await?;
        app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15))
            .await?;
        if ending == "cancelled" {
            app.click("cancel-sale").await?;
        } else {
            let id = app.by_testid("payment-screen").await?.attr("data-merchant-order-id").await?;
            let id = id.context("the payment screen names no sale")?;
            app.demo_gateway_control(&format!("orders/{id}/fail"), serde_json::json!({})).await?;
        }
        app.wait_for(
            &format!(r#"[data-testid="payment-screen"][data-state="{ending}"]"#),
            Duration::from_secs(15),
        )
        .await?;
        app.switch_to_customer().await?;
        app.wait_for(&format!(r#"body[data-state="{ending}"]"#), UI).await?;
        let outcome = app.text("customer-outcome").await?;
        ensure!(outcome.contains("ask the cashier"), "the customer is sent to the cashier, got {outcome:?}");
        app.screenshot(&format!("customer-{ending}")).await?;
        app.switch_to_cashier().await?;
        app.click("new-sale").await?;
        app.wait_for(r#"#sale-screen:not([hidden])"#, UI).await?;
    }
    Ok(())
}

/// True for `mm:ss`.
fn is_mm_ss(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 5
        && bytes[2] == b':'
        && bytes.iter().enumerate().all(|(i, b)| i == 2 || b.is_ascii_digit())
}

fn seconds(mm_ss: &str) -> u32 {
    let (m, s) = mm_ss.split_once(':').unwrap_or(("0", "0"));
    m.parse::<u32>().unwrap_or(0) * 60 + s.parse::<u32>().unwrap_or(0)
}
