//! The customer display's one command, and it only reads: the shop's name, what it accepts, and
//! the sale on the counter (if any). Everything after that arrives as events. The `customer`
//! window's capability grants nothing else, so it can never start, cancel or pay a sale.

use std::collections::BTreeSet;

use serde::Serialize;
use tauri::State;

use crate::commands::counter::shop_settings;
use crate::counter::{CounterSale, CounterSlot};
use crate::slots::{DemoSlot, TillSlot};
use crate::IpcError;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerView {
    pub shop_name: Option<String>,
    pub demo: bool,
    /// "USDT", "USDC", … in the gateway's order, without the shop's hidden methods.
    pub currencies: Vec<String>,
    /// "TRON Network", "BNB Smart Chain", … likewise.
    pub networks: Vec<String>,
    /// The sale on the counter; null while idle.
    pub counter: Option<CounterSale>,
}

#[tauri::command]
pub async fn customer_view(
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    counter: State<'_, CounterSlot>,
) -> Result<CustomerView, IpcError> {
    let report = slot.report().await;
    let (mut currencies, mut networks) = (Vec::new(), Vec::new());
    if let Ok(till) = slot.till().await {
        // The idle screen can do without the list when the gateway cannot be asked.
        let methods = till.methods().await.unwrap_or_default();
        let settings = shop_settings(&slot, &demo)?;
        let mut seen = BTreeSet::new();
        for method in methods.iter().filter(|m| !settings.is_hidden(&m.crypto_currency, &m.network)) {
            if seen.insert(("c", method.crypto_currency.clone())) {
                currencies.push(method.crypto_currency.clone());
            }
            if seen.insert(("n", method.network_display_name.clone())) {
                networks.push(method.network_display_name.clone());
            }
        }
    }
    Ok(CustomerView {
        shop_name: report.shop_name,
        demo: demo.is_running(),
        currencies,
        networks,
        counter: counter.current(),
    })
}
