//! The counter's own commands: adding up items exactly, the shop's counter settings, going back
//! to idle after a sale, and asking whether the gateway answers again.

use stabletill_till::{add_amounts as sum_amounts, CounterSettings, GatewayHealth, TillConfig, TillHome};
use tauri::{AppHandle, Runtime, State};

use crate::counter::CounterSlot;
use crate::gateway_status::GatewayStatus;
use crate::slots::{DemoSlot, TillSlot};
use crate::IpcError;

/// The total of the items rung up with `+`, as decimal text (`["12.50", "3"]` → `"15.50"`).
#[tauri::command]
pub fn add_amounts(items: Vec<String>) -> Result<String, IpcError> {
    Ok(sum_amounts(&items).map_err(stabletill_till::TillError::from)?.to_string())
}

/// What the counter does: default and hidden methods, payment links, receipt, chime, return delay.
#[tauri::command]
pub async fn counter_settings(
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
) -> Result<CounterSettings, IpcError> {
    slot.report().await;
    shop_settings(&slot, &demo)
}

/// The sale is over at the counter: both windows go back to idle (the customer display shows the
/// shop's welcome), and the scheduler follows any sale still open in the background.
#[tauri::command]
pub async fn clear_counter<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    counter: State<'_, CounterSlot>,
) -> Result<(), IpcError> {
    if let Ok(open) = slot.open().await {
        open.scheduler.set_counter(None);
    }
    counter.clear(&app);
    Ok(())
}

/// Asks the gateway once (a fresh method list) and reports how it went, as `gateway-health` does.
#[tauri::command]
pub async fn check_gateway<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    status: State<'_, GatewayStatus>,
) -> Result<GatewayHealth, IpcError> {
    let checked = match slot.till().await {
        Ok(till) => till.check_gateway().await.map_err(IpcError::from),
        Err(error) => Err(error),
    };
    status.report_outcome(&app, &checked);
    checked?;
    Ok(status.now())
}

/// The settings of the till that is open: the demo home's in demo mode. Read afresh each time, so
/// a change made meanwhile (CLI, manager screens) shows at the next keystroke.
pub(crate) fn shop_settings(slot: &TillSlot, demo: &DemoSlot) -> Result<CounterSettings, IpcError> {
    Ok(TillConfig::load(&active_home(slot, demo))?.counter)
}

pub(crate) fn active_home(slot: &TillSlot, demo: &DemoSlot) -> TillHome {
    if demo.is_running() {
        slot.home().demo()
    } else {
        slot.home().clone()
    }
}
