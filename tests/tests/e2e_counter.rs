//! The counter in the real app (demo mode), driven through WebDriver like a cashier would: ring
//! up two items with "+" and take the payment; charge from the keyboard and cancel with Esc (then
//! the customer pays anyway, and the cashier is told); an order the gateway fails; amounts outside
//! a method's limits; the recent sales after a restart, with a receipt printed again. Needs a
//! display, tauri-driver and the built app (scripts/test provides all three); without them these
//! tests fail with what to install, they never skip.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use anyhow::{ensure, Context};
use fantoccini::key::Key;
use serde_json::json;
use stabletill_tests::{run_scenario, DemoApp, Screen};

const UI: Duration = Duration::from_secs(5);
const SCENARIO: Duration = Duration::from_secs(180);

#[test]
fn items_add_up_exactly_and_the_paid_sale_heads_the_recent_sales() {
    run_scenario(SCENARIO, async {
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
    app.screenshot("items").await?;
    app.click("charge").await?;

    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(15)).await?;
    let due = app.text("crypto-amount").await?;
    ensure!(due.contains("16.20 USDT"), "the customer sends 15.70 + 0.50 on TRON, got {due:?}");
    let warning = app.text("network-warning").await?;
    ensure!(warning.contains("Send USDT on TRON only"), "the network warning, got {warning:?}");
    app.screenshot("awaiting").await?;
    // No sound card in a test session: the chime's play() is noted instead of heard.
    app.client()
        .execute(
            "document.getElementById('chime').play = () => { document.body.dataset.chimed = 'yes'; return Promise.resolve(); };",
            vec![],
        )
        .await?;

    app.click("simulate-payment").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="paid"]"#, Duration::from_secs(10)).await?;
    app.wait_for(r#"[data-testid="print-sale-receipt"]:not([hidden])"#, UI).await?;
    app.wait_for(r#"body[data-chimed="yes"]"#, UI).await.context("the chime sounds when the sale is paid")?;
    app.screenshot("paid").await?;
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

/// The payment screen once it shows a sale in `state` (its `data-state`).
fn payment_in(state: &str) -> String {
    format!(r#"[data-testid="payment-screen"][data-state="{state}"]"#)
}

/// The merchantOrderId of the sale on the payment screen.
async fn sale_on_screen(app: &DemoApp) -> anyhow::Result<String> {
    let screen = app.by_testid("payment-screen").await?;
    screen.attr("data-merchant-order-id").await?.context("the payment screen names no sale")
}

/// Types `amount` on the on-screen keypad and waits until Charge offers it.
async fn ring_up(app: &DemoApp, amount: &str) -> anyhow::Result<()> {
    for key in amount.chars() {
        app.click(&if key == '.' { "key-dot".to_owned() } else { format!("key-{key}") }).await?;
    }
    app.wait_for_text("amount", UI, |text| text == amount).await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    Ok(())
}

#[test]
fn esc_cancels_a_sale_and_a_payment_that_arrives_anyway_is_announced() {
    run_scenario(SCENARIO, async {
        let app = DemoApp::start("counter-cancel").await?;
        let outcome = cancel_then_paid_anyway(&app).await;
        app.finish(outcome).await
    });
}

async fn cancel_then_paid_anyway(app: &DemoApp) -> anyhow::Result<()> {
    // The keyboard: a third decimal is refused, Backspace takes the last digit back, Enter charges.
    app.press_keys("9.999").await?;
    app.wait_for_text("amount", UI, |text| text == "9.99").await?;
    app.press_keys(&format!("{}5", char::from(Key::Backspace))).await?;
    app.wait_for_text("amount", UI, |text| text == "9.95").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.press_keys(&char::from(Key::Enter).to_string()).await?;
    app.wait_for(&payment_in("awaiting"), Duration::from_secs(15)).await.context("Enter charges")?;
    let id = sale_on_screen(app).await?;

    // One Esc only arms the cancel: a stray key must not throw a customer's sale away.
    app.press_keys(&char::from(Key::Escape).to_string()).await?;
    app.wait_for(r#"[data-testid="cancel-hint"]:not([hidden])"#, UI).await?;
    ensure!(app.is_shown(&payment_in("awaiting")).await?, "one Esc leaves the sale open");
    app.screenshot("cancel-armed").await?;
    app.press_keys(&char::from(Key::Escape).to_string()).await?;
    app.wait_for(&payment_in("cancelled"), UI).await.context("the second Esc cancels")?;
    let state = app.text("sale-state").await?;
    ensure!(state.contains("cancelled"), "the state says the sale is cancelled, got {state:?}");
    let send = app.text("crypto-amount").await?;
    ensure!(send.contains("10.45 USDT"), "the amount stays readable, got {send:?}");
    ensure!(app.is_shown(r#"[data-testid="new-sale"]"#).await?, "New sale is offered");
    ensure!(!app.is_shown(r#"[data-testid="cancel-sale"]"#).await?, "no Cancel on a cancelled sale");
    ensure!(!app.is_shown(r#"[data-testid="simulate-payment"]"#).await?, "no payment to simulate");
    ensure!(!app.is_shown(r#"[data-testid="print-sale-receipt"]"#).await?, "no receipt for an unpaid sale");
    app.screenshot("cancelled").await?;

    app.click("new-sale").await?;
    app.wait_for(r#"#sale-screen:not([hidden])"#, UI).await?;
    app.wait_for_text("recent-sale", UI, |text| text.contains("9.95") && text.contains("Cancelled")).await?;

    // The customer had sent it already: the gateway confirms, and the cashier must hear of it.
    app.demo_gateway_control(&format!("orders/{id}/pay"), json!({})).await?;
    let notice = app
        .wait_for_text("notice", Duration::from_secs(60), |text| text.contains("CANCELLED"))
        .await
        .context("a payment for a cancelled sale is announced")?;
    ensure!(notice.contains(&id), "the alert names the sale, got {notice:?}");
    ensure!(notice.contains("9.95 USDT"), "the alert names the sale amount the list shows, got {notice:?}");
    ensure!(
        app.is_shown(r#"[data-testid="notice"].alert"#).await?,
        "the alert stands out from a plain notice"
    );
    ensure!(notice.contains("manager"), "the alert says whom to tell, got {notice:?}");
    app.wait_for_text("recent-sale", UI, |text| text.contains("Paid") && text.contains('⚠')).await?;
    app.screenshot("paid-after-cancel").await?;
    Ok(())
}

#[test]
fn an_order_the_gateway_fails_ends_the_sale_as_failed() {
    run_scenario(SCENARIO, async {
        let app = DemoApp::start("counter-failed").await?;
        let outcome = gateway_fails_the_order(&app).await;
        app.finish(outcome).await
    });
}

async fn gateway_fails_the_order(app: &DemoApp) -> anyhow::Result<()> {
    ring_up(app, "25").await?;
    app.click("charge").await?;
    app.wait_for(&payment_in("awaiting"), Duration::from_secs(15)).await?;
    let id = sale_on_screen(app).await?;
    app.demo_gateway_control(&format!("orders/{id}/fail"), json!({})).await?;
    app.wait_for(&payment_in("failed"), Duration::from_secs(15)).await.context("the till sees FAILED")?;
    let state = app.text("sale-state").await?;
    ensure!(state.contains("failed"), "the state says the payment failed, got {state:?}");
    let send = app.text("send-label").await?.to_lowercase();
    ensure!(send.contains("do not send"), "the customer is told not to send, got {send:?}");
    ensure!(app.is_shown(r#"[data-testid="new-sale"]"#).await?, "New sale is offered");
    ensure!(!app.is_shown(r#"[data-testid="print-sale-receipt"]"#).await?, "no receipt for an unpaid sale");
    app.screenshot("failed").await?;
    app.click("new-sale").await?;
    app.wait_for_text("recent-sale", UI, |text| text.contains("25") && text.contains("Failed")).await?;
    Ok(())
}

#[test]
fn a_method_that_cannot_take_the_amount_is_disabled_with_its_limit() {
    run_scenario(SCENARIO, async {
        let app = DemoApp::start("counter-limits").await?;
        let outcome = amounts_outside_the_limits(&app).await;
        app.finish(outcome).await
    });
}

async fn amounts_outside_the_limits(app: &DemoApp) -> anyhow::Result<()> {
    let tron = r#"[data-testid="method-USDT-tron"]"#;
    let bsc = r#"[data-testid="method-USDT-bsc"]"#;
    // 0.75: under TRON's 1.00 minimum, above BNB Smart Chain's 0.50.
    for key in ["key-0", "key-dot", "key-7", "key-5"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |text| text == "0.75").await?;
    // The tiles are fetched for the amount typed; the reason shows once they are.
    app.wait_for_text("method-USDT-tron", UI, |tile| tile.contains("Minimum 1.00")).await?;
    app.wait_for(&format!("{tron}[disabled]"), UI).await.context("TRON is disabled under its minimum")?;
    app.wait_for(&format!("{bsc}:not([disabled])[aria-checked=\"true\"]"), UI)
        .await
        .context("a method that fits is chosen instead")?;
    let charge = app.text("charge").await?;
    ensure!(charge.contains("0.75 USDT"), "Charge names the amount, got {charge:?}");
    app.screenshot("below-minimum").await?;

    // 0.4: under every minimum: nothing to charge with.
    app.press_keys(&char::from(Key::Escape).to_string()).await?;
    app.wait_for_text("amount", UI, |text| text.is_empty()).await.context("Esc clears the amount")?;
    for key in ["key-0", "key-dot", "key-4"] {
        app.click(key).await?;
    }
    app.wait_for_text("method-USDT-bsc", UI, |tile| tile.contains("Minimum 0.50")).await?;
    app.wait_for(&format!("{bsc}[disabled]"), UI).await?;
    app.wait_for(r#"[data-testid="charge"][disabled]"#, UI).await.context("Charge waits for a method")?;

    // 15000: above TRON's 10000 maximum, within BNB Smart Chain's.
    app.click("key-clear").await?;
    for key in ["key-1", "key-5", "key-0", "key-0", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |text| text == "15000").await?;
    app.wait_for_text("method-USDT-tron", UI, |tile| tile.contains("Maximum 10000")).await?;
    app.wait_for(&format!("{tron}[disabled]"), UI).await?;
    app.wait_for(&format!("{bsc}:not([disabled])"), UI).await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.screenshot("above-maximum").await?;
    Ok(())
}

#[test]
fn recent_sales_survive_a_restart_and_a_receipt_can_be_printed_again() {
    run_scenario(SCENARIO, async {
        let app = DemoApp::start("counter-restart").await?;
        let outcome = pay_one(&app).await;
        if outcome.is_err() {
            return app.finish(outcome).await;
        }
        let app = app.restart("counter-restarted").await?;
        let outcome = find_it_after_the_restart(&app).await;
        app.finish(outcome).await
    });
}

async fn pay_one(app: &DemoApp) -> anyhow::Result<()> {
    ring_up(app, "42.10").await?;
    app.click("charge").await?;
    app.wait_for(&payment_in("awaiting"), Duration::from_secs(15)).await?;
    app.click("simulate-payment").await?;
    app.wait_for(&payment_in("paid"), Duration::from_secs(15)).await?;
    app.click("new-sale").await?;
    app.wait_for_text("recent-sale", UI, |text| text.contains("42.10") && text.contains("Paid")).await?;
    Ok(())
}

async fn find_it_after_the_restart(app: &DemoApp) -> anyhow::Result<()> {
    let latest = app.wait_for_text("recent-sale", UI, |text| text.contains("42.10")).await?;
    ensure!(latest.contains("Paid"), "the sale is still paid after the restart, got {latest:?}");
    ensure!(has_clock_time(&latest), "the row shows the time of the sale, got {latest:?}");
    app.click("recent-sale").await?;
    app.wait_for(r#"[data-testid="sale-details"]:not([hidden])"#, UI).await?;
    let state = app.text("details-state").await?;
    ensure!(state.contains("Paid"), "the details say Paid, got {state:?}");

    // The print dialog is the system's; what matters is what goes to the 80 mm printer.
    app.client().execute("window.print = () => { document.body.dataset.printed = 'yes'; };", vec![]).await?;
    app.click("print-receipt").await?;
    app.wait_for(r#"body[data-printed="yes"]"#, UI).await.context("Print receipt prints")?;
    let receipt = app.text("receipt").await.unwrap_or_default();
    let receipt = if receipt.is_empty() {
        // The receipt is display:none on screen; its text is there for the printer.
        let value =
            app.client().execute("return document.getElementById('receipt').textContent;", vec![]).await?;
        value.as_str().unwrap_or_default().to_owned()
    } else {
        receipt
    };
    ensure!(receipt.contains("42.10 USDT"), "the receipt has the sale amount, got {receipt:?}");
    ensure!(receipt.contains("PAID"), "the receipt says PAID, got {receipt:?}");
    ensure!(receipt.contains("thank you"), "a paid receipt thanks the customer, got {receipt:?}");
    app.screenshot("details-after-restart").await?;
    Ok(())
}

/// True when the text contains a time of day such as `14:05`.
fn has_clock_time(text: &str) -> bool {
    text.as_bytes().windows(5).any(|w| {
        w[0].is_ascii_digit()
            && w[1].is_ascii_digit()
            && w[2] == b':'
            && w[3].is_ascii_digit()
            && w[4].is_ascii_digit()
    })
}

#[test]
fn touch_targets_are_big_enough_and_nothing_moves_while_the_countdown_runs() {
    run_scenario(SCENARIO, async {
        let home = DemoApp::new_home_with_demo_settings("customer_display = \"1\"\n")?;
        let app = DemoApp::start_in("counter-layout", home).await?;
        let outcome = targets_and_steadiness(&app).await;
        let _ = app.switch_to_cashier().await;
        app.finish(outcome).await
    });
}

/// Every visible button narrower or lower than 48 CSS px (a fingertip), as "name W×H".
const SMALL_TARGETS: &str = "return [...document.querySelectorAll('button')]
    .filter((b) => b.getClientRects().length > 0 && !b.closest('[hidden]'))
    .map((b) => [b.dataset.testid || b.id || b.className, b.getBoundingClientRect()])
    .filter(([, r]) => r.width < 48 || r.height < 48)
    .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`);";

/// Where each listed element is drawn, rounded to the pixel.
const PLACES: &str = "return arguments[0].map((id) => {
    const e = document.querySelector(`[data-testid=\"${id}\"]`);
    if (!e) return `${id}: missing`;
    const r = e.getBoundingClientRect();
    return `${id}: ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)}`;
  });";

async fn targets_and_steadiness(app: &DemoApp) -> anyhow::Result<()> {
    ring_up(app, "12.50").await?;
    // The Manager button is the manager window's entry, styled with it (ui/manager/open.css).
    let small = app.client().execute(SMALL_TARGETS, vec![]).await?;
    ensure!(small.as_array().is_some_and(Vec::is_empty), "buttons under 48 px on the sale screen: {small}");

    app.click("charge").await?;
    app.wait_for(&payment_in("awaiting"), Duration::from_secs(15)).await?;
    let small = app.client().execute(SMALL_TARGETS, vec![]).await?;
    ensure!(
        small.as_array().is_some_and(Vec::is_empty),
        "buttons under 48 px on the payment screen: {small}"
    );

    let cashier = json!([
        "qr",
        "crypto-amount",
        "network-warning",
        "deposit-address",
        "sale-state",
        "countdown",
        "simulate-payment",
        "cancel-sale"
    ]);
    let customer = json!([
        "customer-qr",
        "customer-amount",
        "customer-network-warning",
        "customer-address",
        "customer-countdown",
        "customer-progress"
    ]);
    let before = app.client().execute(PLACES, vec![cashier.clone()]).await?;
    app.switch_to_customer().await?;
    let their_before = app.client().execute(PLACES, vec![customer.clone()]).await?;
    // A few ticks of the countdown, 14:59 → 14:56, including a change of the tens digit.
    let first = app.text("customer-countdown").await?;
    tokio::time::sleep(Duration::from_millis(3_200)).await;
    let later = app.text("customer-countdown").await?;
    ensure!(first != later, "the countdown runs: {first} then {later}");
    let their_after = app.client().execute(PLACES, vec![customer]).await?;
    app.switch_to_cashier().await?;
    let after = app.client().execute(PLACES, vec![cashier]).await?;
    ensure!(before == after, "the cashier's payment screen moved while counting down:\n{before}\n{after}");
    ensure!(
        their_before == their_after,
        "the customer display moved while counting down:\n{their_before}\n{their_after}"
    );
    Ok(())
}
