//! The counter's cashier sign-in: where it stands, signing in with a name and PIN, signing out.
//! The sign-in lives in [`CashierSlot`] on the Rust side (one per data directory, so the demo's
//! cashiers are the demo's), and `start_sale` asks it who is charging: with sign-in on and
//! nobody signed in, no sale starts, whatever the window sends.

use std::sync::{Arc, Mutex, MutexGuard};

use stabletill_till::{CounterSignIn, SignInStatus, TillError, TillHome};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::commands::manager::{blocking, current_home};
use crate::IpcError;

/// Emitted (no payload) when the manager changes the cashiers or turns sign-in on or off: the
/// counter asks [`cashier_status`] again.
pub const CASHIERS_CHANGED: &str = "cashiers-changed";

/// The counter's sign-in of the data directory this run charges in.
#[derive(Debug, Default)]
pub struct CashierSlot {
    counter: Mutex<Option<(TillHome, Arc<CounterSignIn>)>>,
}

impl CashierSlot {
    /// The sign-in of the current data directory (the demo's while demo mode runs); a switch to
    /// the demo starts with nobody signed in.
    pub async fn counter<R: Runtime>(&self, app: &AppHandle<R>) -> Arc<CounterSignIn> {
        let home = current_home(app).await;
        let mut slot = self.slot();
        if let Some((_, counter)) = slot.as_ref().filter(|(open, _)| *open == home) {
            return counter.clone();
        }
        let counter = Arc::new(CounterSignIn::new(&home));
        *slot = Some((home, counter.clone()));
        counter
    }

    fn slot(&self) -> MutexGuard<'_, Option<(TillHome, Arc<CounterSignIn>)>> {
        // Only a cache of who is signed in; consistent even after a panic elsewhere.
        self.counter.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Who a sale started now is recorded as; `sign_in_required` while sign-in is on and nobody is
/// signed in.
pub async fn cashier_for_sale<R: Runtime>(app: &AppHandle<R>) -> Result<Option<String>, IpcError> {
    let counter = app.state::<CashierSlot>().counter(app).await;
    blocking(move || counter.cashier_for_sale()).await
}

/// Whether sign-in is on, who is signed in, and the names to pick from.
#[tauri::command]
pub async fn cashier_status<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, CashierSlot>,
) -> Result<SignInStatus, IpcError> {
    let counter = slot.counter(&app).await;
    blocking(move || counter.status()).await
}

/// Signs a cashier in. A wrong name or PIN answers `wrong_pin` (with the tries left), too many
/// answer `pin_locked`; both count towards the lockout and go into the audit log.
#[tauri::command]
pub async fn cashier_sign_in<R: Runtime>(
    app: AppHandle<R>,
    name: String,
    pin: String,
    slot: State<'_, CashierSlot>,
) -> Result<SignInStatus, IpcError> {
    if name.trim().is_empty() {
        return Err(TillError::InvalidSetting("pick your name first".into()).into());
    }
    let counter = slot.counter(&app).await;
    blocking(move || counter.sign_in(&name, &pin)).await
}

#[tauri::command]
pub async fn cashier_sign_out<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, CashierSlot>,
) -> Result<SignInStatus, IpcError> {
    let counter = slot.counter(&app).await;
    blocking(move || counter.sign_out()).await
}
