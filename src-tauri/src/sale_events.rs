//! Tells the windows what the till's poll scheduler learns: every change to a sale as a
//! `sale-updated` event (a `SaleView`), and how the last talk with the gateway went as
//! `gateway-health` (`{"state":"ok"}` or `{"state":"trouble","code":…,"message":…}`, through
//! [`GatewayStatus`], which also hears the cashier's own requests).

use stabletill_till::PollScheduler;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::broadcast::error::RecvError;

use crate::counter::CounterSlot;
use crate::gateway_status::GatewayStatus;
pub use crate::gateway_status::GATEWAY_HEALTH;

/// Emitted with a `SaleView` whenever a followed sale changes.
pub const SALE_UPDATED: &str = "sale-updated";

/// Starts forwarding the scheduler's news to every window, for as long as the scheduler runs.
pub fn forward<R: Runtime>(app: &AppHandle<R>, scheduler: &PollScheduler) {
    let mut updates = scheduler.subscribe();
    let sales_app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match updates.recv().await {
                Ok(view) => {
                    sales_app.state::<CounterSlot>().update(&view);
                    if let Err(error) = sales_app.emit(SALE_UPDATED, &view) {
                        tracing::warn!(%error, "could not tell the windows about a sale");
                    }
                }
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
            health_app.state::<GatewayStatus>().report(&health_app, now);
            if health.changed().await.is_err() {
                break;
            }
        }
    });
}
