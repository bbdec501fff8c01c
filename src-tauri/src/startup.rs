//! Opening the till at start-up: the demo gateway and demo till with `--demo`, else the real
//! till from the settings and the OS keyring. A till that cannot open yet still lets the app
//! start, with a report that tells the first-run screen exactly what is missing.

use stabletill_gateway::GatewayKind;
use stabletill_till::{ErrorCode, SecretStore, ShopGateway, Till, TillConfig, TillHome};
use tauri::{AppHandle, Manager, Runtime};

use crate::slots::{DemoSlot, Missing, OpenTill, StartupReport, TillSlot};
use crate::{instance, sale_events, IpcError};

/// Opens the till this run was launched with, records the outcome in the [`TillSlot`], and
/// starts telling the windows about its sales.
pub async fn open_at_launch<R: Runtime>(app: &AppHandle<R>, demo_mode: bool) {
    let slot = app.state::<TillSlot>();
    if demo_mode {
        if let Err(problem) = switch_to_demo(app).await {
            slot.settle(None, report_problem("demo".into(), problem));
        }
        return;
    }
    let (till, mut report) = open_real(slot.home().clone()).await;
    let open = match till.map(OpenTill::start).transpose() {
        Ok(open) => open,
        Err(problem) => {
            report.problem = Some(problem);
            None
        }
    };
    if let Some(open) = slot.settle(open, report) {
        sale_events::forward(app, &open.scheduler);
    }
}

/// Starts the demo gateway and opens the demo till (in `<home>/demo`, never the real sales log).
/// Used by `--demo` and by the first-run screen's "Try the demo".
pub async fn switch_to_demo<R: Runtime>(app: &AppHandle<R>) -> Result<(), IpcError> {
    let (slot, demo) = (app.state::<TillSlot>(), app.state::<DemoSlot>());
    // One switch at a time, so a double click opens one till and forwards its events once.
    let _switching = demo.switching().await;
    if slot.is_open() {
        return if demo.is_running() {
            Ok(())
        } else {
            Err(IpcError::not_available(
                "a real till is open: quit and start StableTill with --demo to try the demo",
            ))
        };
    }
    let home = slot.home().demo();
    // The demo sales log gets one writer too (another StableTill may run the demo already).
    instance::hold_also(app, &home)?;
    // The demo's own settings name the kind of gateway it plays (`gateway-kind`).
    let config = TillConfig::load_or_create(&home)?;
    let gateway = demo.start(config.gateway_kind).await?;
    let till = Till::open(&home, &config, gateway.setup()?)?;
    // The demo gateway starts empty every time: earlier demo orders are gone with it, so their
    // sales are closed now rather than asked about forever.
    let voided =
        till.void_open_sales("the demo gateway was restarted; demo orders do not survive a restart")?;
    tracing::info!(home = %home.root().display(), voided, "demo till open");
    let report = StartupReport {
        shop_name: Some(config.shop_name.unwrap_or_else(|| "Demo shop".to_owned())),
        gateway: demo_label(gateway.kind()).to_owned(),
        merchant_id: Some(gateway.merchant_label()),
        problem: None,
        missing: Vec::new(),
    };
    if let Some(open) = slot.settle(Some(OpenTill::start(till)?), report) {
        sale_events::forward(app, &open.scheduler);
    }
    Ok(())
}

/// How the screen names the demo gateway (`gateway` of the start-up report).
fn demo_label(kind: GatewayKind) -> &'static str {
    match kind {
        GatewayKind::PayStableCoin => "demo",
        GatewayKind::BlockAtm => "demo-blockatm",
    }
}

/// The real till: settings, then the keyring (blocking D-Bus, so off the async runtime).
async fn open_real(home: TillHome) -> (Option<Till>, StartupReport) {
    let config = match TillConfig::load_or_create(&home) {
        Ok(config) => config,
        Err(error) => return (None, report_problem(String::new(), error.into())),
    };
    let gateway = config.gateway.to_string();
    let opened = tauri::async_runtime::spawn_blocking(move || open_real_blocking(&home, &config)).await;
    match opened {
        Ok(outcome) => outcome,
        Err(join_error) => (
            None,
            report_problem(
                gateway,
                IpcError::new(ErrorCode::Storage, format!("start-up failed: {join_error}")),
            ),
        ),
    }
}

fn open_real_blocking(home: &TillHome, config: &TillConfig) -> (Option<Till>, StartupReport) {
    let mut report = StartupReport {
        shop_name: config.shop_name.clone(),
        gateway: config.gateway.to_string(),
        merchant_id: config.merchant_id.clone(),
        problem: None,
        missing: Vec::new(),
    };
    // BlockATM knows a merchant by its API key alone.
    if config.merchant_id.is_none() && config.gateway_kind == GatewayKind::PayStableCoin {
        report.missing.push(Missing::MerchantId);
    }
    let secrets = match SecretStore::platform(home).and_then(|store| store.is_set().map(|set| (store, set))) {
        Ok((store, true)) => Some(store),
        Ok((_, false)) => {
            report.missing.push(Missing::ApiSecret);
            None
        }
        Err(error) => {
            report.missing.push(Missing::Keyring);
            report.problem = Some(error.into());
            None
        }
    };
    if report.problem.is_none() && !report.missing.is_empty() {
        report.problem = Some(IpcError::new(ErrorCode::NotConfigured, missing_message(&report.missing)));
    }
    let Some(secrets) = secrets.filter(|_| report.missing.is_empty()) else {
        return (None, report);
    };
    let opened = ShopGateway::from_config(config, &secrets).and_then(|setup| Till::open(home, config, setup));
    match opened {
        Ok(till) => {
            tracing::info!(home = %home.root().display(), gateway = %report.gateway, "till open");
            (Some(till), report)
        }
        Err(error) => {
            report.problem = Some(error.into());
            (None, report)
        }
    }
}

/// "This till has no merchant ID and no API secret yet." — what the first-run screen leads with.
fn missing_message(missing: &[Missing]) -> String {
    let parts: Vec<&str> = missing
        .iter()
        .filter_map(|m| match m {
            Missing::MerchantId => Some("no merchant ID"),
            Missing::ApiSecret => Some("no API secret"),
            Missing::Keyring => None,
        })
        .collect();
    format!("This till has {} yet.", parts.join(" and "))
}

fn report_problem(gateway: String, problem: IpcError) -> StartupReport {
    StartupReport { shop_name: None, gateway, merchant_id: None, problem: Some(problem), missing: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_message_names_each_missing_piece() {
        assert_eq!(
            missing_message(&[Missing::MerchantId, Missing::ApiSecret]),
            "This till has no merchant ID and no API secret yet."
        );
        assert_eq!(missing_message(&[Missing::ApiSecret]), "This till has no API secret yet.");
    }
}
