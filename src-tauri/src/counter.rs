//! The sale on the counter, shared by both windows: the cashier's payment screen and the customer
//! display show the same one. A new sale (or the return to idle) is announced with a
//! `counter-changed` event; its later changes travel as `sale-updated` like every sale's.

use std::sync::Mutex;

use serde::Serialize;
use stabletill_till::SaleView;
use tauri::{AppHandle, Emitter, Runtime};

/// Emitted with a `CounterSale` when a sale comes to the counter, and with `null` when the
/// counter goes back to idle.
pub const COUNTER_CHANGED: &str = "counter-changed";

/// A sale as both windows show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CounterSale {
    pub sale: SaleView,
    /// `data:image/svg+xml;base64,…` of what the customer scans (the CSP allows `data:` images).
    pub qr: String,
    /// What the QR holds: the bare deposit address, or a payment link when the shop turned them on.
    pub qr_text: String,
}

#[derive(Debug, Default)]
pub struct CounterSlot {
    current: Mutex<Option<CounterSale>>,
}

impl CounterSlot {
    pub fn current(&self) -> Option<CounterSale> {
        self.lock().clone()
    }

    /// Puts `sale` on the counter and tells the windows.
    pub fn show<R: Runtime>(&self, app: &AppHandle<R>, sale: CounterSale) {
        *self.lock() = Some(sale.clone());
        emit(app, Some(&sale));
    }

    /// Keeps the counter's copy of its sale current (the windows hear `sale-updated` themselves).
    pub fn update(&self, view: &SaleView) {
        if let Some(current) =
            self.lock().as_mut().filter(|c| c.sale.merchant_order_id == view.merchant_order_id)
        {
            current.sale = view.clone();
        }
    }

    /// Back to idle (the customer display shows the shop's welcome); tells the windows.
    pub fn clear<R: Runtime>(&self, app: &AppHandle<R>) {
        let had_sale = self.lock().take().is_some();
        if had_sale {
            emit(app, None);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<CounterSale>> {
        self.current.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn emit<R: Runtime>(app: &AppHandle<R>, sale: Option<&CounterSale>) {
    if let Err(error) = app.emit(COUNTER_CHANGED, sale) {
        tracing::warn!(%error, "could not tell the windows about the counter");
    }
}
