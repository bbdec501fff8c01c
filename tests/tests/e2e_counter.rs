//! The counter in the real app (demo mode), driven through WebDriver like a cashier would: ring
//! up two items with "+", charge their exact total, let the simulated customer pay, and find the
//! sale at the top of the recent sales with its details. Needs a display, tauri-driver and the
//! built app (scripts/test provides all three); without them this test fails with what to
//! install, it never skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Mutex;
use std::time::Duration;

use anyhow::ensure;
use stabletill_tests::DemoApp;

const UI: Duration = Duration::from_secs(5);
const SCENARIO: Duration = Duration::from_secs(180);

/// One app at a time: two WebKit instances on a 2-core CI machine only slow each other down.
static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::new(());

fn run(scenario: impl std::future::Future<Output = anyhow::Result<()>>) {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    match runtime.block_on(async { tokio::time::timeout(SCENARIO, scenario).await }) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}"),
        Err(_) => panic!("the scenario did not finish within {SCENARIO:?}; see target/e2e-artifacts/"),
    }
}

#[test]
fn items_add_up_exactly_and_the_paid_sale_heads_the_recent_sales() {
    run(async {
        let app = DemoApp::start("counter-items").await?;
        let outcome = ring_up_and_pay(&app).await;
        app.finish(outcome).await
    });
}

async fn ring_up_and_pay(app: &DemoApp) -> anyhow::Result<()> {
    for key in ["key-1", "key-2", "key-dot", "key-5", "key-0", "key-plus", "key-3", "key-dot", "key-2"] {
        app.click(key).await?;
    }
    // 12.50 + 3.2, added in Rust: exactly 15.70, shown as the customer will pay it.
    app.wait_for_text("amount", UI, |text| text == "15.70").await?;
    let items = app.text("items").await?;
    ensure!(items.contains("12.50 + 3.2"), "the items are listed small above the total, got {items:?}");
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    let charge = app.text("charge").await?;
    ensure!(charge.contains("15.70"), "Charge names the total, got {charge:?}");
    app.click("charge").await?;

    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    let due = app.text("crypto-amount").await?;
    ensure!(due.contains("16.20 USDT"), "the customer sends 15.70 + 0.50 on TRON, got {due:?}");
    let warning = app.text("network-warning").await?;
    ensure!(warning.contains("Send USDT on TRON only"), "the network warning, got {warning:?}");

    app.click("simulate-payment").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(10)).await?;
    app.wait_for(r#"[data-testid="print-sale-receipt"]:not([hidden])"#, UI).await?;
    app.click("new-sale").await?;

    // "Did the last one go through?": the newest sale leads the list, paid.
    app.wait_for(r#"[data-testid="recent-sales"] .latest [data-testid="recent-sale"]"#, UI).await?;
    let latest =
        app.wait_for_text("recent-sale", UI, |text| text.contains("15.70") && text.contains("Paid")).await?;
    eprintln!("latest sale row: {latest:?}");
    app.click("recent-sale").await?;
    app.wait_for(r#"[data-testid="sale-details"]:not([hidden])"#, UI).await?;
    let state = app.text("details-state").await?;
    ensure!(state.contains("Paid"), "the details say Paid, got {state:?}");
    let shot = app.screenshot("details").await?;
    eprintln!("screenshot of the sale details: {}", shot.display());
    app.click("close-details").await?;
    ensure!(!app.is_shown(r#"[data-testid="sale-details"]"#).await?, "the details close");
    Ok(())
}
