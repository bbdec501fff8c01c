//! BlockATM's signing key in the manager's window: make a new one (into the OS keyring) and see
//! the public key to register with the gateway. The private key never leaves Rust.

use serde::Serialize;
use stabletill_till::SecretStore;
use tauri::{AppHandle, Runtime, State};

use super::settings::refuse_in_demo;
use super::{blocking, BackOfficeSlot};
use crate::slots::DemoSlot;
use crate::IpcError;

/// What the screen may know of the signing key.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SigningKeyView {
    /// The stored key's public half as PEM; null when no key is stored.
    pub public_key_pem: Option<String>,
}

#[tauri::command]
pub async fn signing_key_status<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<SigningKeyView, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    blocking(move || {
        let store = SecretStore::platform(&unlocked.home)?;
        Ok(SigningKeyView { public_key_pem: unlocked.office.signing_public_key(&unlocked.pass, &store)? })
    })
    .await
}

/// Makes a new signing key in the keyring, replacing the old one; answers its public key.
#[tauri::command]
pub async fn new_signing_key<R: Runtime>(
    app: AppHandle<R>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<SigningKeyView, IpcError> {
    refuse_in_demo(&demo)?;
    let unlocked = desk.unlocked(&app).await?;
    blocking(move || {
        let store = SecretStore::platform(&unlocked.home)?;
        let public = unlocked.office.new_signing_key(&unlocked.pass, &store)?;
        Ok(SigningKeyView { public_key_pem: Some(public) })
    })
    .await
}
