//! The setup wizard in the real app's manager window, driven through WebDriver: a till set up from
//! scratch against a local gateway (PayStableCoin, with "Test connection" refusing a wrong secret
//! first; and BlockATM, with a signing key the till makes itself), opened, and charging at the
//! cashier window. Needs a display, tauri-driver, the built app and the OS keyring; scripts/test
//! provides them all.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;
use stabletill_gateway::GatewayKind;

use anyhow::ensure;
use stabletill_tests::{run_scenario, ManagerApp, Screen};

const UI: Duration = Duration::from_secs(10);
const SCENARIO: Duration = Duration::from_secs(240);
const PIN: &str = "2468";

#[test]
fn the_setup_wizard_sets_up_a_till_that_takes_sales() {
    run_scenario(SCENARIO, async {
        let gateway = stabletill_till::DemoGateway::start(GatewayKind::PayStableCoin).await?;
        let stabletill_till::ShopGateway::PayStableCoin(setup) = gateway.setup()? else {
            anyhow::bail!("the PayStableCoin demo gateway gave another kind of setup");
        };
        let home = tempfile::Builder::new().prefix("stabletill-e2e-setup-").tempdir()?;
        let mut app = ManagerApp::start("manager-setup", false, home).await?;
        let outcome = set_up(
            &mut app,
            &setup.environment.to_string(),
            &setup.credentials.merchant_id,
            setup.credentials.secret.expose(),
        )
        .await;
        let finished = app.finish(outcome).await;
        gateway.shutdown().await;
        finished
    });
}

async fn set_up(app: &mut ManagerApp, url: &str, merchant_id: &str, secret: &str) -> anyhow::Result<()> {
    app.wait_for(r#"[data-testid="first-run"]:not([hidden])"#, UI).await?;
    app.open_manager("open-setup").await?;
    app.wait_for(r#"[data-testid="setup-welcome"]:not([hidden])"#, UI).await?;
    app.screenshot("wizard-welcome").await?;
    app.click("setup-start").await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;

    app.wait_for(r#"[data-testid="setup-wizard"]:not([hidden])"#, UI).await?;
    app.type_into("setup-shop-name", "Corner Café").await?;
    app.type_into("setup-day-cutoff", "25:00").await?;
    app.click("setup-shop-next").await?;
    let error = app.wait_for(r#".field-error[data-for="day-cutoff"]:not(:empty)"#, UI).await?;
    ensure!(error.text().await?.contains("04:00"), "a bad cut-off is refused next to its field");
    app.screenshot("wizard-shop-error").await?;
    app.type_into("setup-day-cutoff", "04:00").await?;
    app.click("setup-shop-next").await?;

    app.wait_for(r#"#step-gateway:not([hidden])"#, UI).await?;
    app.click("setup-env-custom").await?;
    app.type_into("setup-gateway-url", url).await?;
    app.type_into("setup-merchant-id", merchant_id).await?;
    app.type_into("setup-secret", "not-the-secret").await?;
    app.click("setup-test").await?;
    let verdict = app.wait_for_text("connection-result", UI, |t| t.contains('✗')).await?;
    ensure!(verdict.contains("refused the API secret"), "a wrong secret is named: {verdict:?}");
    app.type_into("setup-secret", secret).await?;
    app.click("setup-test").await?;
    let verdict = app.wait_for_text("connection-result", UI, |t| t.contains('✓')).await?;
    ensure!(verdict.contains("TRON"), "the methods are listed: {verdict:?}");
    app.screenshot("wizard-gateway").await?;
    app.click("setup-gateway-next").await?;

    app.wait_for(r#"#step-open:not([hidden])"#, UI).await?;
    let summary = app.text("setup-summary").await?;
    ensure!(summary.contains("Corner Café") && summary.contains("stored in the keyring"), "{summary:?}");
    ensure!(!summary.contains(secret), "the secret is never shown");
    app.screenshot("wizard-open").await?;
    app.click("setup-open").await?;
    app.wait_for(r#"#step-done:not([hidden])"#, Duration::from_secs(20)).await?;

    // The cashier window starts over, ready to charge.
    app.to_cashier().await?;
    app.wait_for(r#"#sale-screen:not([hidden])"#, Duration::from_secs(20)).await?;
    let shop = app.client.find(Locator::Id("shop-name")).await?.text().await?;
    ensure!(shop.contains("Corner Café"), "the cashier screen names the shop: {shop:?}");
    app.to_manager().await?;
    app.click("setup-finish").await?;
    app.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
    Ok(())
}

/// The wizard for a BlockATM shop: no merchant ID; the till makes its signing key and shows
/// only the public key, the shop registers it with the gateway (here: the test starts the
/// gateway with that key), the connection test signs with it, and the opened till charges.
#[test]
fn the_setup_wizard_sets_up_a_blockatm_till_with_a_key_it_makes_itself() {
    run_scenario(SCENARIO, async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-blockatm-").tempdir()?;
        let mut app = ManagerApp::start("manager-setup-blockatm", false, home).await?;
        let mut gateway = None;
        let outcome = set_up_blockatm(&mut app, &mut gateway).await;
        let finished = app.finish(outcome).await;
        if let Some(gateway) = gateway {
            gateway.shutdown().await;
        }
        finished
    });
}

async fn set_up_blockatm(
    app: &mut ManagerApp,
    gateway: &mut Option<stabletill_simulator::blockatm::RunningBlockAtmSimulator>,
) -> anyhow::Result<()> {
    use stabletill_gateway::blockatm::{ApiKey, PublicKey};
    use stabletill_simulator::blockatm::{BlockAtmSimulatorConfig, RunningBlockAtmSimulator};
    const API_KEY: &str = "blockatm-e2e-api-key";

    app.wait_for(r#"[data-testid="first-run"]:not([hidden])"#, UI).await?;
    app.open_manager("open-setup").await?;
    app.click("setup-start").await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;
    app.wait_for(r#"[data-testid="setup-wizard"]:not([hidden])"#, UI).await?;
    app.type_into("setup-shop-name", "Kiosk Nord").await?;
    app.click("setup-shop-next").await?;

    app.wait_for(r#"#step-gateway:not([hidden])"#, UI).await?;
    app.click("setup-kind-blockatm").await?;
    app.wait_for(r#"[data-testid="setup-signing-key"]:not([hidden])"#, UI).await?;
    ensure!(
        !app.by_testid("setup-merchant-id").await?.is_displayed().await?,
        "BlockATM asks for no merchant ID"
    );
    app.click("setup-signing-key-new").await?;
    let public = app.wait_for_text("setup-public-key", UI, |t| t.contains("BEGIN PUBLIC KEY")).await?;
    let page = app.client.source().await?;
    ensure!(!page.contains("PRIVATE KEY"), "only the public key reaches the page");
    app.screenshot("wizard-blockatm-key").await?;

    // The shop registers the public key with BlockATM: the gateway knows nothing else.
    let config = BlockAtmSimulatorConfig {
        api_key: ApiKey::new(API_KEY),
        public_key: PublicKey::from_public_key_pem(&public)?,
        merchant_key: None,
        ..BlockAtmSimulatorConfig::demo()
    };
    let started = gateway.insert(RunningBlockAtmSimulator::start(config).await?);
    app.click("setup-env-custom").await?;
    app.type_into("setup-gateway-url", &started.url()).await?;
    app.type_into("setup-secret", API_KEY).await?;
    app.click("setup-test").await?;
    let verdict = app.wait_for_text("connection-result", UI, |t| t.contains('✓') || t.contains('✗')).await?;
    ensure!(
        verdict.contains('✓') && verdict.contains("Polygon"),
        "BlockATM's methods are listed: {verdict:?}"
    );
    app.screenshot("wizard-blockatm-gateway").await?;
    app.click("setup-gateway-next").await?;

    app.wait_for(r#"#step-open:not([hidden])"#, UI).await?;
    let summary = app.text("setup-summary").await?;
    ensure!(summary.contains("BlockATM") && summary.contains("Signing key"), "{summary:?}");
    ensure!(!summary.contains(API_KEY), "the API key is never shown");
    app.click("setup-open").await?;
    app.wait_for(r#"#step-done:not([hidden])"#, Duration::from_secs(20)).await?;

    // The cashier charges through BlockATM, signed with the key the till made.
    app.to_cashier().await?;
    app.wait_for(r#"#sale-screen:not([hidden])"#, Duration::from_secs(20)).await?;
    for key in ["key-5", "key-dot", "key-5", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for(r#"[data-testid="method-USDT-polygon"]:not([disabled])"#, UI).await?;
    app.click("method-USDT-polygon").await?;
    app.wait_for(r#"[data-testid="method-USDT-polygon"][aria-checked="true"]"#, UI).await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(20)).await?;
    let address = app.text("deposit-address").await?;
    ensure!(address.replace(' ', "").starts_with("0x"), "the Polygon address is shown: {address:?}");
    Ok(())
}
