//! The real app in demo mode with the BlockATM-style gateway chosen in the demo's settings
//! (`gateway-kind = blockatm`): the same cashier's flow as with PayStableCoin — key in an amount,
//! pick USDT on Tron, charge, show the QR (of the gateway's cashier page) and the address, let the
//! simulated customer pay — and the paid sale is in the demo sales log as a BlockATM sale. Needs a
//! display, tauri-driver and the built app (scripts/test provides all three); it never skips.

use std::str::FromStr;
use std::time::Duration;

use anyhow::{ensure, Context};
use rust_decimal::Decimal;
use stabletill_ledger::{Ledger, SaleState, SalesFilter};
use stabletill_tests::{run_scenario, DemoApp, Screen};

const UI: Duration = Duration::from_secs(5);
const SCENARIO: Duration = Duration::from_secs(180);

#[test]
fn a_demo_payment_goes_through_the_blockatm_gateway() {
    run_scenario(SCENARIO, async {
        let home = DemoApp::new_home_with_demo_settings("gateway_kind = \"blockatm\"\n")?;
        let app = DemoApp::start_in("blockatm-demo", home).await?;
        let outcome = pay_through_blockatm(&app).await;
        let sales =
            Ledger::open(&app.demo_sales_log()).and_then(|log| log.list_sales(&SalesFilter::default()));
        app.finish(outcome).await?;

        let sales = sales?;
        ensure!(sales.len() == 1, "one sale in the demo sales log, found {sales:#?}");
        let sale = &sales[0];
        ensure!(sale.state == SaleState::Paid, "the sale is paid, got {:?}", sale.state);
        ensure!(sale.gateway == "blockatm", "the log says which gateway took it, got {:?}", sale.gateway);
        ensure!(sale.order_amount == Decimal::from_str("7.25")?, "got {}", sale.order_amount);
        ensure!((sale.currency.as_str(), sale.network.as_str()) == ("USDT", "tron"), "got {sale:?}");
        Ok(())
    });
}

async fn pay_through_blockatm(app: &DemoApp) -> anyhow::Result<()> {
    // Only what BlockATM lists is offered: Polygon and Arbitrum, which PayStableCoin's demo
    // does not have.
    app.wait_for(r#"[data-testid="method-USDT-polygon"]"#, UI).await.context("BlockATM's Polygon tile")?;
    app.wait_for(r#"[data-testid="method-USDT-arbitrum"]"#, UI).await.context("BlockATM's Arbitrum tile")?;
    for key in ["key-7", "key-dot", "key-2", "key-5"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |text| text == "7.25").await?;
    app.click("method-USDT-tron").await?;
    app.wait_for(r#"[data-testid="method-USDT-tron"][aria-checked="true"]"#, UI).await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;

    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    let src = app.by_testid("qr").await?.attr("src").await?.unwrap_or_default();
    ensure!(src.starts_with("data:image/svg+xml"), "the QR code is an inline SVG, got src {src:.60}");
    let due = app.text("crypto-amount").await?;
    ensure!(due.contains("USDT"), "the crypto amount to send, got {due:?}");
    let address = app.text("deposit-address").await?;
    let address: String = address.split_whitespace().collect();
    ensure!(
        address.starts_with('T') && address.len() == 34,
        "BlockATM's toAddress on Tron is shown in full, got {address:?}"
    );
    let warning = app.text("network-warning").await?;
    ensure!(warning.to_uppercase().contains("TRON"), "the network warning names TRON, got {warning:?}");
    app.screenshot("awaiting").await?;

    app.click("simulate-payment").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(15))
        .await
        .context("the BlockATM sale was not paid within 15 s of the simulated payment")?;
    app.screenshot("paid").await?;
    Ok(())
}
