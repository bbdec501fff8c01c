//! "Copy diagnostics" for support: the text `stabletill doctor` prints, for this app's data
//! directory (see `stabletill_till::Diagnostics`). The UI puts it on the clipboard. It never
//! holds a secret: the keyring is only asked whether one is stored.

use std::time::Duration;

use stabletill_till::{Diagnostics, ErrorCode, SecretStore};
use tauri::State;

use crate::slots::{DemoSlot, TillSlot};
use crate::IpcError;

/// How long the gateway may take to answer the probe.
const GATEWAY_TIMEOUT: Duration = Duration::from_secs(10);

#[tauri::command]
pub async fn diagnostics(slot: State<'_, TillSlot>, demo: State<'_, DemoSlot>) -> Result<String, IpcError> {
    let home = slot.home().clone();
    let program = concat!("StableTill app ", env!("CARGO_PKG_VERSION"));
    let read = tauri::async_runtime::spawn_blocking(move || {
        Diagnostics::read(program, &home, SecretStore::platform)
    });
    let mut diagnostics = read
        .await
        .map_err(|e| IpcError::new(ErrorCode::Storage, format!("the diagnostics stopped half-way: {e}")))?;
    if demo.is_running() {
        diagnostics = diagnostics.in_demo_mode();
    }
    diagnostics.check_gateway(GATEWAY_TIMEOUT).await;
    Ok(diagnostics.to_text())
}
