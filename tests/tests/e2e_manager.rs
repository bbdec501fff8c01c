//! The real app's manager window, driven through WebDriver like a manager would: open it from the
//! cashier screen, choose a PIN, read a day's close, export it, and get locked out by wrong PINs;
//! void a sale with a reason; copy the diagnostics. Needs a display, tauri-driver and the built
//! app; scripts/test provides them. Screenshots go to target/e2e-artifacts/manager-*.png.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use fantoccini::Locator;

use anyhow::{ensure, Context};
use serde_json::json;
use stabletill_tests::{run_scenario, seed_busy_yesterday, testid, ManagerApp, Screen};

const UI: Duration = Duration::from_secs(10);
const SCENARIO: Duration = Duration::from_secs(240);
const PIN: &str = "2468";

#[test]
fn a_manager_reads_the_close_exports_it_and_wrong_pins_lock_the_screens() {
    run_scenario(SCENARIO, async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-manager-").tempdir()?;
        let day = seed_busy_yesterday(&home.path().join("demo"))?;
        let mut app = ManagerApp::start("manager-demo", true, home).await?;
        let outcome = close_and_export(&mut app, &day).await;
        app.finish(outcome).await
    });
}

async fn close_and_export(app: &mut ManagerApp, day: &str) -> anyhow::Result<()> {
    app.open_manager("open-manager").await?;
    // The demo has its own PIN: the manager window asks for one first.
    app.wait_for(r#"[data-testid="choose-pin"]:not([hidden])"#, UI).await?;
    app.type_into("choose-pin-new", PIN).await?;
    app.type_into("choose-pin-again", PIN).await?;
    app.click("choose-pin-save").await?;

    // The daily close of the seeded day.
    app.wait_for(r#"[data-testid="report"]:not([hidden])"#, UI).await?;
    app.client
        .execute(
            "const input = document.getElementById('report-day'); input.value = arguments[0];
             input.dispatchEvent(new Event('change'));",
            vec![json!(day)],
        )
        .await?;
    app.wait_for(&format!(r#"[data-testid="report"][data-day="{day}"]"#), UI).await?;
    let takings = app.wait_for_text("takings-USDT", UI, |t| t.contains("81.59")).await?;
    eprintln!("USDT takings: {takings:?}");
    ensure!(app.text("report-count").await? == "11", "eleven sales that day");
    let exceptions = app.text("report-exceptions").await?;
    ensure!(
        exceptions.contains("Underpaid")
            && exceptions.contains("Voided")
            && exceptions.contains("goods returned"),
        "each exception is listed: {exceptions:?}"
    );
    let chart = app.by_testid("report-chart").await?.attr("src").await?.unwrap_or_default();
    ensure!(chart.starts_with("data:image/svg+xml;base64,"), "the chart is an inline SVG image");
    app.screenshot("report").await?;
    for (id, what) in [("report-exceptions", "report-exceptions"), ("report-chart", "report-chart")] {
        app.client
            .execute(
                "document.querySelector(`[data-testid='${arguments[0]}']`).scrollIntoView({block: 'start'});",
                vec![json!(id)],
            )
            .await?;
        app.screenshot(what).await?;
    }

    // Export that day as CSV; the save dialog is bypassed by STABLETILL_EXPORT_DIR.
    app.click("tab-export").await?;
    for (id, value) in [("export-first-day", day), ("export-last-day", day)] {
        app.client
            .execute(
                "document.querySelector(`[data-testid='${arguments[0]}']`).value = arguments[1];",
                vec![json!(id), json!(value)],
            )
            .await?;
    }
    app.click("export-start").await?;
    let rows = app.wait_for_text("export-rows", UI, |t| t.starts_with('✓')).await?;
    ensure!(rows.contains("11 sales"), "the export says how many sales it wrote: {rows:?}");
    let file = app.exports.path().join(format!("stabletill-sales-{day}.csv"));
    let csv = std::fs::read_to_string(&file).with_context(|| format!("{} was written", file.display()))?;
    ensure!(csv.lines().count() == 12, "a header and eleven sales: {csv}");
    app.screenshot("export").await?;

    // Settings are checked where they are typed; the audit log has every step so far.
    app.click("tab-settings").await?;
    app.wait_for(r#"[data-testid="setting-day-cutoff"]"#, UI).await?;
    app.type_into("setting-day-cutoff", "4am").await?;
    app.click("setting-day-cutoff-save").await?;
    let refused = app.wait_for_text("setting-day-cutoff-message", UI, |t| !t.is_empty()).await?;
    ensure!(refused.contains("e.g. 04:00"), "a bad cut-off says what to write: {refused:?}");
    app.screenshot("settings").await?;
    app.click("tab-audit").await?;
    let log = app.wait_for_text("audit-log", UI, |t| t.contains("Sales exported")).await?;
    ensure!(log.contains("PIN set") && log.contains("Daily close viewed"), "the audit log: {log:?}");
    app.screenshot("audit").await?;

    // Lock, then five wrong PINs lock the screens with a countdown.
    app.click("manager-lock").await?;
    app.wait_for(r#"[data-testid="unlock-screen"]:not([hidden])"#, UI).await?;
    for attempt in 1..=5 {
        app.type_into("unlock-pin", "0000").await?;
        app.click("unlock").await?;
        if attempt < 5 {
            let left = 5 - attempt;
            app.wait_for_text("unlock-message", UI, |t| {
                t.contains(&format!("{left})")) || t.contains(&format!("{left} tr"))
            })
            .await?;
        }
    }
    let message = app.wait_for_text("unlock-message", UI, |t| t.contains("Try again in")).await?;
    ensure!(message.contains("locked"), "the lockout says so: {message:?}");
    ensure!(!app.by_testid("unlock").await?.is_enabled().await?, "Unlock waits for the lockout to end");
    app.screenshot("lockout").await?;
    Ok(())
}

#[test]
fn a_manager_voids_a_sale_with_a_reason_and_copies_the_diagnostics() {
    run_scenario(SCENARIO, async {
        let home = tempfile::Builder::new().prefix("stabletill-e2e-void-").tempdir()?;
        let day = seed_busy_yesterday(&home.path().join("demo"))?;
        let mut app = ManagerApp::start("manager-void", true, home).await?;
        let outcome = void_and_copy_diagnostics(&mut app, &day).await;
        app.finish(outcome).await
    });
}

async fn void_and_copy_diagnostics(app: &mut ManagerApp, day: &str) -> anyhow::Result<()> {
    app.choose_demo_pin(PIN).await?;
    app.click("tab-sales").await?;
    app.client
        .execute(
            "const input = document.getElementById('sales-day'); input.value = arguments[0];
             input.dispatchEvent(new Event('change'));",
            vec![json!(day)],
        )
        .await?;
    app.wait_for_text("sales-list", UI, |t| t.contains("12.50")).await?;
    let rows = app.client.find_all(Locator::Css(&testid("sales-row"))).await?;
    ensure!(rows.len() == 11, "the seeded day has eleven sales, found {}", rows.len());
    // The first sale of the day (09:05, 12.50 USDT, paid by Anna) is the last row.
    let first = rows.last().context("a row")?;
    first.find(Locator::Css(&testid("sales-void"))).await?.click().await?;
    app.wait_for(r#"[data-testid="void-dialog"]:not([hidden])"#, UI).await?;
    let shown = app.text("void-sale").await?;
    ensure!(shown.contains("12.50 USDT") && shown.contains("Anna"), "the dialog names the sale: {shown:?}");
    app.type_into("void-reason", "Customer returned the goods, refunded in cash").await?;
    app.type_into("void-pin", "0000").await?;
    app.screenshot("void-dialog").await?;
    app.click("void-confirm").await?;
    app.wait_for_text("void-message", UI, |t| t.contains("Wrong PIN")).await?;
    app.type_into("void-pin", PIN).await?;
    app.click("void-confirm").await?;
    app.wait_for(r#"[data-testid="void-dialog"][hidden]"#, UI).await?;
    // The list is drawn again after the dialog closes: rows found before that are gone.
    app.wait_for_text("sales-list", UI, |t| t.contains("Customer returned the goods")).await?;
    let rows = app.client.find_all(Locator::Css(&testid("sales-row"))).await?;
    let voided = rows.last().context("a row")?.text().await?;
    ensure!(
        voided.contains("Void") && voided.contains("Customer returned the goods"),
        "the sale shows as void with its reason: {voided:?}"
    );
    app.screenshot("sales-voided").await?;

    // The daily close lists the void with its reason; the audit log has who voided it.
    app.click("tab-report").await?;
    app.client
        .execute(
            "const input = document.getElementById('report-day'); input.value = arguments[0];
             input.dispatchEvent(new Event('change'));",
            vec![json!(day)],
        )
        .await?;
    let exceptions =
        app.wait_for_text("report-exceptions", UI, |t| t.contains("Customer returned the goods")).await?;
    ensure!(exceptions.matches("Voided").count() == 2, "the seeded void and this one: {exceptions:?}");
    app.click("tab-audit").await?;
    let log = app.wait_for_text("audit-log", UI, |t| t.contains("Sale voided")).await?;
    ensure!(log.contains("Customer returned the goods"), "{log:?}");

    // Copy diagnostics: the confirmation shows, and what was copied holds no PIN hash.
    app.click("copy-diagnostics").await?;
    let copied = app.wait_for_text("diagnostics-copied", UI, |t| !t.is_empty()).await?;
    ensure!(copied.starts_with("Copied"), "the manager sees it was copied: {copied:?}");
    // What the clipboard holds now, as a paste would get it.
    let text = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.clipboard.readText().then(done, (e) => done(`unreadable: ${e}`));",
            vec![],
        )
        .await?;
    let text = text.as_str().unwrap_or_default();
    ensure!(text.contains("StableTill app") && text.contains("settings"), "the clipboard: {text}");
    ensure!(!text.contains("$argon2"), "no PIN hash in the diagnostics: {text}");
    app.screenshot("diagnostics-copied").await?;
    Ok(())
}
