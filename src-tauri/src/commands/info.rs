//! What the UI asks before anything else: which till is open (real or demo) and, if none, why;
//! and the first-run screen's "Try the demo".

use serde::Serialize;
use stabletill_till::GatewayHealth;
use tauri::{AppHandle, Runtime, State};

use crate::gateway_status::GatewayStatus;
use crate::slots::{DemoSlot, StartupReport, TillSlot};
use crate::{startup, IpcError};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub demo: bool,
    /// A till is open and can charge.
    pub ready: bool,
    /// How the till gets on with its gateway now; `gateway-health` events say when it changes.
    pub gateway_health: GatewayHealth,
    #[serde(flatten)]
    pub report: StartupReport,
}

#[tauri::command]
pub async fn app_info(
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    status: State<'_, GatewayStatus>,
) -> Result<AppInfo, IpcError> {
    let report = slot.report().await;
    Ok(AppInfo { demo: demo.is_running(), ready: slot.is_open(), gateway_health: status.now(), report })
}

/// Switches this running app into demo mode: starts the demo gateway and opens the demo till.
#[tauri::command]
pub async fn start_demo<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    status: State<'_, GatewayStatus>,
) -> Result<AppInfo, IpcError> {
    // Let start-up finish first: its outcome must not overwrite the demo till's.
    slot.report().await;
    startup::switch_to_demo(&app).await?;
    app_info(slot, demo, status).await
}
