//! The real desktop app in demo mode, driven through WebDriver like a cashier would: type an
//! amount on the keypad, pick USDT on Tron, charge, let the simulated customer pay, and find the
//! paid sale in the demo sales log. Needs a display, tauri-driver and the built app (scripts/test
//! provides all three); without them these tests fail with what to install, they never skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context};
use rust_decimal::Decimal;
use stabletill_ledger::{Ledger, SaleRecord, SaleState, SalesFilter};
use stabletill_tests::{run_scenario, DemoApp, Screen};

/// How long the UI may take to reflect a click (a method list reload goes through the till).
const UI: Duration = Duration::from_secs(5);

/// A scenario that takes longer has hung; it is stopped (and the app with it) instead of
/// holding up CI.
const SCENARIO: Duration = Duration::from_secs(180);

#[test]
fn a_demo_payment_is_taken_and_recorded() {
    run_scenario(SCENARIO, async {
        let launched = Instant::now();
        let app = DemoApp::start("demo-payment").await?;
        eprintln!("app ready {:?} after launch", launched.elapsed());
        let outcome = take_payment(&app).await;
        let sales = sales_in(&app);
        app.finish(outcome).await?;

        let sales = sales?;
        ensure!(sales.len() == 1, "expected one sale in the demo sales log, found {sales:#?}");
        let sale = &sales[0];
        assert_eq!(sale.state, SaleState::Paid);
        assert_eq!(sale.order_amount, Decimal::from_str("12.50")?);
        assert_eq!(sale.currency, "USDT");
        assert_eq!(sale.network, "tron");
        assert_eq!(sale.crypto_amount, Some(Decimal::from_str("13.00")?), "the simulator adds 0.50 on tron");
        Ok(())
    });
}

async fn take_payment(app: &DemoApp) -> anyhow::Result<()> {
    for key in ["key-1", "key-2", "key-dot", "key-5", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |text| text == "12.50").await?;
    app.click("method-USDT-tron").await?;
    app.wait_for(r#"[data-testid="method-USDT-tron"][aria-checked="true"]"#, UI).await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    let charged = Instant::now();
    app.click("charge").await?;

    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    eprintln!("payment screen awaiting {:?} after Charge", charged.elapsed());
    let qr = app.by_testid("qr").await?;
    let tag = qr.tag_name().await?;
    ensure!(tag.eq_ignore_ascii_case("img"), "the QR code is an <img>, got <{tag}>");
    let src = qr.attr("src").await?.unwrap_or_default();
    ensure!(src.starts_with("data:image/svg+xml"), "the QR code is an inline SVG, got src {src:.60}");
    let due = app.text("crypto-amount").await?;
    ensure!(
        due.contains("13.00 USDT"),
        "the screen shows what the customer must send (13.00 USDT), got {due:?}"
    );
    let warning = app.text("network-warning").await?;
    ensure!(warning.to_uppercase().contains("TRON"), "the network warning names TRON, got {warning:?}");
    app.wait_for_text("countdown", UI, has_mm_ss).await.context("the countdown shows mm:ss")?;
    ensure!(app.by_testid("demo-badge").await?.is_displayed().await?, "demo mode is marked plainly");

    let clicked = Instant::now();
    app.click("simulate-payment").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(5))
        .await
        .context("the sale was not paid within 5 s of the simulated payment")?;
    eprintln!("paid shown {:?} after the simulated payment", clicked.elapsed());
    let state = app.text("sale-state").await?;
    ensure!(state.contains("Paid"), "the sale state says Paid, got {state:?}");
    let shot = app.screenshot("paid").await?;
    eprintln!("screenshot of the paid sale: {}", shot.display());
    Ok(())
}

#[test]
fn a_zero_amount_is_refused_and_records_nothing() {
    run_scenario(SCENARIO, async {
        let app = DemoApp::start("zero-amount").await?;
        let outcome = refuse_zero(&app).await;
        let sales = sales_in(&app);
        app.finish(outcome).await?;
        let sales = sales?;
        ensure!(sales.is_empty(), "a refused amount must not reach the sales log, found {sales:#?}");
        Ok(())
    });
}

async fn refuse_zero(app: &DemoApp) -> anyhow::Result<()> {
    app.click("key-0").await?;
    app.wait_for_text("amount", UI, |text| text == "0").await?;
    // Let the method list reload for the new amount, which is what enables Charge.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let charge = app.by_testid("charge").await?;
    if charge.is_enabled().await? {
        charge.click().await?;
        let error = app.wait_for(r#"[data-testid="error"]:not([hidden])"#, UI).await?;
        let message = error.text().await?;
        ensure!(!message.trim().is_empty(), "the error says what is wrong");
        eprintln!("Charge for 0 was refused with: {message}");
    } else {
        eprintln!("Charge is disabled for 0");
    }
    // Give a wrongly started sale the time to show before concluding there is none.
    tokio::time::sleep(Duration::from_millis(500)).await;
    ensure!(!app.is_shown(r#"[data-testid="payment-screen"]"#).await?, "no payment screen for a zero amount");
    Ok(())
}

/// The sales in the app's demo sales log; none when the log was never created.
fn sales_in(app: &DemoApp) -> anyhow::Result<Vec<SaleRecord>> {
    let path = app.demo_sales_log();
    if !path.exists() {
        return Ok(Vec::new());
    }
    let ledger = Ledger::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(ledger.list_sales(&SalesFilter::default())?)
}

/// True when the text contains minutes and seconds such as `14:59`.
fn has_mm_ss(text: &str) -> bool {
    text.as_bytes().windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    })
}
