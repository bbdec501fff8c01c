//! Text from the gateway is shown as text, and the page runs no script it did not load from the
//! app's own files. The real app runs its demo gateway with the simulator's `hostile-names`
//! fault (`STABLETILL_DEMO_FAULTS`): every network name it sends is markup
//! (`<img src=x onerror=alert(1)>`), a spreadsheet formula (`=HYPERLINK(...)`), control
//! characters or a 10 kB word. The method tiles, the payment screen and the customer display must
//! show exactly the text the till got, with no element or handler made from it (the network
//! warning, for a network the till knows, uses the till's own name instead); and an inline
//! script, an inline handler or an `onerror` inserted into the running page must not run, as the
//! content security policy in `tauri.conf.json` says (`src-tauri/tests/csp.rs` reads that).
//! Needs a display, tauri-driver and the built app (scripts/test provides all three); without
//! them it fails with what to install, it never skips.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use fantoccini::wd::WindowHandle;
use serde_json::{json, Value};
use stabletill_simulator::DEMO_FAULTS_ENV;
use stabletill_tests::{run_scenario, DemoApp, Screen};

const UI: Duration = Duration::from_secs(10);
const SCENARIO: Duration = Duration::from_secs(240);

#[test]
fn hostile_gateway_text_is_shown_as_text_and_injected_script_does_not_run() {
    // The only test in this binary, so setting the variable races with nothing; tauri-driver,
    // WebKitWebDriver and the app inherit it.
    std::env::set_var(DEMO_FAULTS_ENV, "hostile-names=1");
    run_scenario(SCENARIO, async {
        let home = DemoApp::new_home()?;
        std::fs::create_dir_all(home.path().join("demo"))?;
        std::fs::write(home.path().join("demo/config.toml"), "customer_display = \"1\"\n")?;
        let app = DemoApp::start_in("security-hostile-text", home).await?;
        let outcome = scenario(&app).await;
        app.finish(outcome).await
    });
}

async fn scenario(app: &DemoApp) -> anyhow::Result<()> {
    let cashier = app.client().window().await?;
    watch_for_script(app).await?;

    for key in ["key-1", "key-2", "key-dot", "key-5", "key-0"] {
        app.click(key).await?;
    }
    app.wait_for_text("amount", UI, |text| text == "12.50").await?;
    app.wait_for(r#"[data-testid="method-USDT-tron"]:not([disabled])"#, UI).await?;
    method_tiles_show_the_names_as_text(app).await?;
    app.screenshot("tiles").await?;

    app.click("method-USDT-tron").await?;
    app.wait_for(r#"[data-testid="charge"]:not([disabled])"#, UI).await?;
    app.click("charge").await?;
    app.wait_for(r#"[data-testid="payment-screen"][data-state="awaiting"]"#, Duration::from_secs(20)).await?;
    let counter = invoke(app, "sale_on_counter", json!({})).await?;
    // For a network the till knows, the warning uses the till's own name: a gateway cannot make
    // "Send USDT on TRON only" name another network.
    let name = counter["sale"]["networkDisplayName"].as_str().unwrap_or_default().to_owned();
    ensure!(name == "TRON", "the sale's network name is the till's own, not the gateway's: {name:?}");
    let warning = app.text("network-warning").await?;
    ensure!(warning.starts_with("Send USDT on TRON only"), "the network warning: {warning:?}");
    only_text_in(app, "#network-warning").await?;
    app.screenshot("payment").await?;
    nothing_ran(app, "after the tiles and the payment screen").await?;

    customer_display_shows_the_names_as_text(app, &cashier).await?;

    inserted_script_does_not_run(app).await?;
    nothing_ran(app, "at the end").await
}

/// Whether `name` is one the `hostile-names` fault sends.
fn is_hostile(name: &str) -> bool {
    name.contains("<img")
        || name.starts_with('=')
        || name.chars().any(char::is_control)
        || name.len() >= 10_000
}

/// Invokes `command` from the current window's page; the error carries what the command answered.
async fn invoke(app: &DemoApp, command: &str, args: Value) -> anyhow::Result<Value> {
    let answer = app
        .client()
        .execute_async(
            "const [command, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(command, args).then(
               (value) => done({ ok: value ?? null }),
               (error) => done({ err: error ?? null }),
             );",
            vec![json!(command), args],
        )
        .await
        .with_context(|| format!("invoking {command}"))?;
    match answer.get("ok") {
        Some(value) => Ok(value.clone()),
        None => bail!("{command} failed: {}", answer["err"]),
    }
}

/// Makes anything that would betray a script made from text leave a mark: alert/confirm/prompt
/// (the payloads call alert) and the page's CSP violation reports.
async fn watch_for_script(app: &DemoApp) -> anyhow::Result<()> {
    app.client()
        .execute(
            "const marks = document.documentElement.dataset;
             for (const name of ['alert', 'confirm', 'prompt']) {
               window[name] = (...args) => { marks.scriptRan = `${name}(${args.join(',')})`; };
             }
             window.__cspViolations = [];
             document.addEventListener('securitypolicyviolation', (event) => {
               window.__cspViolations.push(event.violatedDirective);
             });",
            vec![],
        )
        .await
        .context("installing the alert trap")?;
    Ok(())
}

/// No alert was called, and no element carries an event handler or the payload's image.
async fn nothing_ran(app: &DemoApp, when: &str) -> anyhow::Result<()> {
    let found = app
        .client()
        .execute(
            "const handlers = [...document.querySelectorAll('*')].filter((element) =>
               [...element.attributes].some((attribute) => attribute.name.toLowerCase().startsWith('on')));
             return {
               ran: document.documentElement.dataset.scriptRan ?? null,
               handlers: handlers.map((element) => element.outerHTML.slice(0, 120)),
               images: [...document.querySelectorAll('img')].filter((img) => img.getAttribute('src') === 'x').length,
             };",
            vec![],
        )
        .await?;
    ensure!(found["ran"].is_null(), "{when}: a script made from gateway text ran: {}", found["ran"]);
    ensure!(found["handlers"] == json!([]), "{when}: elements with inline handlers: {}", found["handlers"]);
    ensure!(found["images"] == 0, "{when}: the payload's <img src=x> became an element");
    Ok(())
}

/// The element matching `css` holds text only, no element made from the name.
async fn only_text_in(app: &DemoApp, css: &str) -> anyhow::Result<()> {
    let children = app
        .client()
        .execute("return document.querySelector(arguments[0])?.childElementCount ?? -1;", vec![json!(css)])
        .await?;
    ensure!(children == 0, "{css} holds {children} elements (or is missing), not just text");
    Ok(())
}

/// Each tile's network line is exactly the name the till got from the gateway, as text.
async fn method_tiles_show_the_names_as_text(app: &DemoApp) -> anyhow::Result<()> {
    let options = invoke(app, "method_options", json!({"amount": "12.50"})).await?;
    let options = options.as_array().context("method_options answers a list")?;
    let shown = app
        .client()
        .execute(
            "return [...document.querySelectorAll('button[data-method]')].map((tile) => {
               const network = tile.querySelector('.method-network');
               return {
                 key: tile.dataset.method,
                 text: network?.textContent ?? null,
                 children: network?.childElementCount ?? -1,
                 title: tile.title,
               };
             });",
            vec![],
        )
        .await?;
    let shown = shown.as_array().context("the tiles")?;
    ensure!(shown.len() == options.len(), "{} tiles for {} methods", shown.len(), options.len());
    let mut hostile = Vec::new();
    for option in options {
        let key = format!(
            "{}-{}",
            option["currency"].as_str().unwrap_or_default(),
            option["network"].as_str().unwrap_or_default()
        );
        let name = option["networkDisplayName"].as_str().unwrap_or_default();
        let tile = shown
            .iter()
            .find(|tile| tile["key"] == key.as_str())
            .with_context(|| format!("no tile for {key}"))?;
        ensure!(
            tile["text"] == name,
            "the {key} tile shows {} instead of the gateway's {name:?}",
            tile["text"]
        );
        ensure!(tile["children"] == 0, "the {key} tile's network line holds elements: {tile}");
        ensure!(
            tile["title"].as_str().is_some_and(|title| title.contains(name)),
            "the {key} tile's title: {tile}"
        );
        if is_hostile(name) {
            hostile.push(name.chars().take(40).collect::<String>());
        }
    }
    // The fault really was on: markup and a formula both came through and are on screen.
    ensure!(hostile.iter().any(|name| name.contains("<img")), "no markup among the names: {hostile:?}");
    ensure!(
        hostile.iter().any(|name| name.starts_with("=HYPERLINK(")),
        "no formula among the names: {hostile:?}"
    );
    Ok(())
}

/// The customer display's list of networks is the names, joined, as text.
async fn customer_display_shows_the_names_as_text(
    app: &DemoApp,
    cashier: &WindowHandle,
) -> anyhow::Result<()> {
    let customer = customer_window(app, cashier).await?;
    app.client().switch_to_window(customer).await?;
    let outcome = async {
        watch_for_script(app).await?;
        let view = invoke(app, "customer_view", json!({})).await?;
        let networks: Vec<&str> = view["networks"]
            .as_array()
            .context("customer_view lists networks")?
            .iter()
            .filter_map(Value::as_str)
            .collect();
        ensure!(
            networks.iter().any(|name| is_hostile(name)),
            "the customer display got no hostile name: {networks:?}"
        );
        let shown = app
            .client()
            .execute("return document.getElementById('idle-networks')?.textContent ?? null;", vec![])
            .await?;
        // The display shows the sale while one is open, and the accepted networks line from idle.
        let expected = format!("Accepted networks: {}", networks.join(" · "));
        ensure!(
            shown == expected.as_str(),
            "the customer display's networks line: {shown} instead of {expected:?}"
        );
        only_text_in(app, "#idle-networks").await?;
        only_text_in(app, "#pay-warning").await?;
        app.screenshot("customer").await?;
        nothing_ran(app, "on the customer display").await
    }
    .await;
    app.client().switch_to_window(cashier.clone()).await?;
    outcome
}

async fn customer_window(app: &DemoApp, cashier: &WindowHandle) -> anyhow::Result<WindowHandle> {
    let deadline = Instant::now() + UI;
    loop {
        for handle in app.client().windows().await? {
            if &handle == cashier {
                continue;
            }
            app.client().switch_to_window(handle.clone()).await?;
            let url = app.client().current_url().await?;
            app.client().switch_to_window(cashier.clone()).await?;
            if url.path().ends_with("customer.html") {
                return Ok(handle);
            }
        }
        if Instant::now() > deadline {
            bail!("no customer display window (customer.html) among WebDriver's windows after {UI:?}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The content security policy at work in the running page: an inline script, an inline handler
/// and an `<img onerror>` parsed from markup are all inserted, and none runs; `eval`, `new
/// Function` and a timer given a string are refused.
async fn inserted_script_does_not_run(app: &DemoApp) -> anyhow::Result<()> {
    let outcome = app
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const marks = document.documentElement.dataset;
             const script = document.createElement('script');
             script.textContent = 'document.documentElement.dataset.inlineScript = \"ran\";';
             document.body.append(script);
             const button = document.createElement('button');
             button.setAttribute('onclick', 'document.documentElement.dataset.inlineHandler = \"ran\";');
             document.body.append(button);
             button.click();
             let evalOutcome = 'ran';
             try { (0, eval)('1 + 1'); } catch (error) { evalOutcome = error.name; }
             let functionOutcome = 'ran';
             try { new Function('return 1')(); } catch (error) { functionOutcome = error.name; }
             setTimeout('document.documentElement.dataset.stringTimer = 1;', 0);
             const holder = document.createElement('div');
             holder.innerHTML = '<img src=\"x\" onerror=\"document.documentElement.dataset.onerror = &quot;ran&quot;\">';
             document.body.append(holder);
             // Long enough for the image to fail to load and its handler to have run, if it could.
             setTimeout(() => {
               const result = {
                 inlineScript: marks.inlineScript ?? null,
                 inlineHandler: marks.inlineHandler ?? null,
                 onerror: marks.onerror ?? null,
                 stringTimer: marks.stringTimer ?? null,
                 eval: evalOutcome,
                 newFunction: functionOutcome,
                 violations: window.__cspViolations ?? [],
               };
               script.remove(); button.remove(); holder.remove();
               done(result);
             }, 500);",
            vec![],
        )
        .await
        .context("inserting script into the page")?;
    for mark in ["inlineScript", "inlineHandler", "onerror"] {
        ensure!(
            outcome[mark].is_null(),
            "an inserted {mark} ran despite the content security policy: {outcome}"
        );
    }
    // The policy, not some accident, stopped them: the page reported the violations.
    let violations = outcome["violations"].as_array().map(Vec::len).unwrap_or(0);
    ensure!(violations >= 2, "the page reported no CSP violations for the inserted script: {outcome}");
    Ok(())
}
