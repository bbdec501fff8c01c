//! Cashier sign-in in the real app, driven through WebDriver: the manager adds a cashier and turns
//! sign-in on; the counter then asks for a sign-in (a wrong PIN is refused, and its digits never
//! reach the amount), the signed-in cashier takes a demo sale, and the day's close names them.
//! Needs a display, tauri-driver and the built app; scripts/test provides them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use anyhow::ensure;
use stabletill_tests::{run_scenario, ManagerApp, Screen};

const UI: Duration = Duration::from_secs(10);
const SCENARIO: Duration = Duration::from_secs(240);
const PIN: &str = "2468";

#[test]
fn a_signed_in_cashier_takes_a_sale_and_the_close_names_them() {
    run_scenario(SCENARIO, async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-cashier-").tempdir()?;
        let mut app = ManagerApp::start("manager-cashier", true, home).await?;
        let outcome = cashier_signs_in_and_sells(&mut app).await;
        app.finish(outcome).await
    });
}

async fn cashier_signs_in_and_sells(app: &mut ManagerApp) -> anyhow::Result<()> {
    app.choose_demo_pin(PIN).await?;

    // Add Anna (a mistyped second PIN first), then turn sign-in on.
    app.click("tab-cashiers").await?;
    app.wait_for(r#"[data-testid="cashier-list"]"#, UI).await?;
    app.type_into("cashier-name", "Anna").await?;
    app.type_into("cashier-pin", "1357").await?;
    app.type_into("cashier-pin-again", "1358").await?;
    app.click("cashier-add").await?;
    app.wait_for_text("cashier-message", UI, |t| t.contains("not the same")).await?;
    app.type_into("cashier-pin", "1357").await?;
    app.type_into("cashier-pin-again", "1357").await?;
    app.click("cashier-add").await?;
    app.wait_for_text("cashier-list", UI, |t| t.contains("Anna")).await?;
    app.click("cashier-sign-in").await?;
    app.wait_for(r#"[data-testid="cashier-sign-in"]:checked"#, UI).await?;
    app.screenshot("cashiers").await?;

    // The counter now asks for a sign-in before anything else; a wrong PIN is refused.
    app.to_cashier().await?;
    app.wait_for(r#"[data-testid="signin-screen"]:not([hidden])"#, UI).await?;
    let names = app.text("signin-names").await?;
    ensure!(names == "Anna", "the sign-in screen lists the cashiers: {names:?}");
    app.click("signin-name").await?;
    for key in ["signin-key-9", "signin-key-9", "signin-key-9", "signin-key-9"] {
        app.click(key).await?;
    }
    app.click("signin-submit").await?;
    app.wait_for_text("signin-message", UI, |t| t.contains("Wrong name or PIN")).await?;
    app.screenshot("signin").await?;
    // The keyboard works too, and its digits never reach the amount behind.
    app.client.active_element().await?.send_keys("1357\u{E007}").await?;
    app.wait_for(r#"[data-testid="signin-screen"][hidden]"#, UI).await?;
    let who = app.wait_for_text("signed-in-as", UI, |t| !t.is_empty()).await?;
    ensure!(who == "Signed in as Anna", "the top bar says who is signed in: {who:?}");
    let amount = app.text("amount").await?;
    ensure!(!amount.contains("135"), "the PIN did not land in the amount: {amount:?}");

    // Anna takes a demo sale of 6.40 USDT.
    for key in ["key-6", "key-dot", "key-4", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |t| t == "6.40").await?;
    app.click("method-USDT-tron").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    app.click("simulate-payment").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(15)).await?;
    app.screenshot("signed-in-sale").await?;

    // The day's close names her; so does the Sales tab.
    app.to_manager().await?;
    app.click("tab-report").await?;
    let cashiers = app.wait_for_text("report-cashiers", UI, |t| t.contains("Anna")).await?;
    ensure!(cashiers.contains("6.40 USDT"), "Anna's takings are in the close: {cashiers:?}");
    app.click("tab-sales").await?;
    let row = app.wait_for_text("sales-list", UI, |t| t.contains("6.40")).await?;
    ensure!(row.contains("Anna") && row.contains("Paid"), "the sale records its cashier: {row:?}");

    // Signing out at the counter brings the sign-in screen back.
    app.to_cashier().await?;
    app.click("sign-out").await?;
    app.wait_for(r#"[data-testid="signin-screen"]:not([hidden])"#, UI).await?;
    app.to_manager().await?;
    app.click("tab-audit").await?;
    let log = app.wait_for_text("audit-log", UI, |t| t.contains("Cashier signed out")).await?;
    ensure!(
        log.contains("Cashier added")
            && log.contains("Cashier signed in")
            && log.contains("Wrong cashier PIN"),
        "the audit log has the cashier steps: {log:?}"
    );
    Ok(())
}
