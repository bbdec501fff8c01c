//! Tells the windows what the till's poll scheduler learns: every change to a sale as a
//! `sale-updated` event (a `SaleView`), and how the last talk with the gateway went as
//! `gateway-health` (`{"state":"ok"}` or `{"state":"trouble","code":…,"message":…}`).

use stabletill_till::PollScheduler;
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::broadcast::error::RecvError;

/// Emitted with a `SaleView` whenever a followed sale changes.
pub const SALE_UPDATED: &str = "sale-updated";
/// Emitted with a `GatewayHealth` whenever it changes.
pub const GATEWAY_HEALTH: &str = "gateway-health";

/// Starts forwarding the scheduler's news to every window, for as long as the scheduler runs.
pub fn forward<R: Runtime>(app: &AppHandle<R>, scheduler: &PollScheduler) {
    let mut updates = scheduler.subscribe();
    let sales_app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match updates.recv().await {
                Ok(view) => emit(&sales_app, SALE_UPDATED, &view),
                Err(RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "the windows missed some sale updates; the sales log has them");
                }
                Err(RecvError::Closed) => break,
            }
        }
    });

    let mut health = scheduler.health();
    let health_app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let now = health.borrow_and_update().clone();
            emit(&health_app, GATEWAY_HEALTH, &now);
            if health.changed().await.is_err() {
                break;
            }
        }
    });
}

fn emit<R: Runtime, T: serde::Serialize + Clone>(app: &AppHandle<R>, event: &str, payload: &T) {
    if let Err(error) = app.emit(event, payload) {
        tracing::warn!(event, %error, "could not tell the windows");
    }
}
