//! The manager window's commands: unlocking with the PIN, the first-run setup, settings and the
//! API secret, the cashiers, the daily close, the day's sales and voids, exports and the audit
//! log. Each is a few lines over [`stabletill_till::BackOffice`], whose calls block (argon2,
//! SQLite, the keyring), so they run through `spawn_blocking`. Only `capabilities/manager.json`
//! grants these; the cashier window gets [`window::open_manager_window`] and nothing else from
//! here.
//!
//! The manager pass never crosses to the web UI: it stays in [`BackOfficeSlot`], and the window
//! only learns whether it is unlocked and until when.

pub mod audit;
pub mod cashiers;
pub mod export;
pub mod report;
pub mod sales;
pub mod session;
pub mod settings;
pub mod setup;
pub mod signing_key;
mod slot;
pub mod window;

pub use export::ExportTarget;
pub(crate) use slot::current_home;
pub use slot::BackOfficeSlot;

use stabletill_till::{ErrorCode, TillError};

use crate::IpcError;

/// Runs a blocking back-office call off the async runtime.
pub(crate) async fn blocking<T, F>(work: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, TillError> + Send + 'static,
{
    match tauri::async_runtime::spawn_blocking(work).await {
        Ok(outcome) => Ok(outcome?),
        Err(join_error) => Err(IpcError::new(
            ErrorCode::Storage,
            format!("the manager action stopped half-way: {join_error}"),
        )),
    }
}
