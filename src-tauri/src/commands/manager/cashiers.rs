//! The Cashiers screen: whether cashiers sign in at the counter, and who may (added with a name
//! and a PIN, removed by name). Every change goes through the back office, so it is checked and
//! recorded in the audit log, and the counter is told to look again.

use serde::Serialize;
use stabletill_till::TillConfig;
use tauri::{AppHandle, Emitter, Runtime, State};

use super::{blocking, BackOfficeSlot};
use crate::commands::cashier::CASHIERS_CHANGED;
use crate::IpcError;

/// The screen's content. No PIN and no hash.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CashiersView {
    /// `cashier-sign-in`: a cashier must sign in before a charge.
    pub sign_in: bool,
    pub cashiers: Vec<String>,
}

#[tauri::command]
pub async fn list_cashiers<R: Runtime>(
    app: AppHandle<R>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<CashiersView, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    blocking(move || {
        let cashiers = unlocked.office.cashiers(&unlocked.pass)?;
        Ok(CashiersView { sign_in: TillConfig::load(&unlocked.home)?.cashier_sign_in, cashiers })
    })
    .await
}

/// Adds a cashier: a name not yet taken and a PIN of 4 to 8 digits.
#[tauri::command]
pub async fn add_cashier<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    pin: String,
    desk: State<'_, BackOfficeSlot>,
) -> Result<CashiersView, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let view = blocking(move || {
        let cashiers = unlocked.office.add_cashier(&unlocked.pass, &name, &pin)?;
        Ok(CashiersView { sign_in: TillConfig::load(&unlocked.home)?.cashier_sign_in, cashiers })
    })
    .await?;
    tell_the_counter(&app);
    Ok(view)
}

/// Removes a cashier by name; they are signed out at the counter. The last one stays while
/// sign-in is on.
#[tauri::command]
pub async fn remove_cashier<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    desk: State<'_, BackOfficeSlot>,
) -> Result<CashiersView, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let view = blocking(move || {
        let cashiers = unlocked.office.remove_cashier(&unlocked.pass, &name)?;
        Ok(CashiersView { sign_in: TillConfig::load(&unlocked.home)?.cashier_sign_in, cashiers })
    })
    .await?;
    tell_the_counter(&app);
    Ok(view)
}

/// The counter shows (or drops) its sign-in screen at once, not at its next sale.
pub(crate) fn tell_the_counter<R: Runtime>(app: &AppHandle<R>) {
    if let Err(error) = app.emit(CASHIERS_CHANGED, ()) {
        tracing::warn!(%error, "could not tell the counter about the cashiers");
    }
}
