//! The cashier's commands: methods for an amount, start a sale, simulate a demo payment, cancel,
//! and the recent sales list.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use serde::Serialize;
use stabletill_till::{qr_svg, MethodOption, SaleView, TillError};
use tauri::State;

use crate::slots::{DemoSlot, TillSlot};
use crate::IpcError;

/// How many sales the sale screen lists.
const RECENT_SALES: usize = 10;

#[derive(Debug, Serialize)]
pub struct StartedSale {
    pub sale: SaleView,
    /// `data:image/svg+xml;base64,…` of the deposit address, for an `<img>` (the CSP allows `data:` images).
    pub qr: String,
}

#[tauri::command]
pub async fn method_options(
    amount: String,
    slot: State<'_, TillSlot>,
) -> Result<Vec<MethodOption>, IpcError> {
    Ok(slot.till().await?.method_options(&amount).await?)
}

#[tauri::command]
pub async fn start_sale(
    amount: String,
    currency: String,
    network: String,
    slot: State<'_, TillSlot>,
) -> Result<StartedSale, IpcError> {
    let open = slot.open().await?;
    let sale = open.till.start_sale(&amount, &currency, &network).await?;
    let address = sale
        .deposit_address
        .as_deref()
        .ok_or_else(|| TillError::UnusableAnswer("the sale has no deposit address to show".into()))?;
    let qr = qr_data_url(address)?;
    // The customer is at the counter: the scheduler follows this sale briskly.
    open.scheduler.follow(&sale.merchant_order_id, true);
    Ok(StartedSale { sale, qr })
}

/// The sale the counter was showing when the app stopped (closed, crashed, power cut), if the
/// customer can still pay it: the app reopens its payment screen on start.
#[tauri::command]
pub async fn sale_on_counter(slot: State<'_, TillSlot>) -> Result<Option<StartedSale>, IpcError> {
    let open = slot.open().await?;
    let Some(sale) = open.till.sale_on_counter()? else { return Ok(None) };
    let Some(address) = sale.deposit_address.as_deref() else { return Ok(None) };
    let qr = qr_data_url(address)?;
    open.scheduler.follow(&sale.merchant_order_id, true);
    Ok(Some(StartedSale { sale, qr }))
}

fn qr_data_url(address: &str) -> Result<String, TillError> {
    Ok(format!("data:image/svg+xml;base64,{}", STANDARD.encode(qr_svg(address)?)))
}

/// Demo mode only: the simulated customer pays the exact amount due.
#[tauri::command]
pub async fn simulate_payment(
    merchant_order_id: String,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
) -> Result<(), IpcError> {
    slot.report().await;
    let gateway = demo
        .gateway()
        .ok_or_else(|| IpcError::not_available("a payment can only be simulated in demo mode"))?;
    Ok(gateway.simulate_payment(&merchant_order_id)?)
}

/// Frees the till at once; the scheduler keeps following the order until the gateway is final,
/// so a late payment is still recorded.
#[tauri::command]
pub async fn cancel_sale(merchant_order_id: String, slot: State<'_, TillSlot>) -> Result<SaleView, IpcError> {
    let open = slot.open().await?;
    let sale = open.till.cancel_sale(&merchant_order_id)?;
    // The customer has gone: the order is followed in the background from now on.
    open.scheduler.set_counter(None);
    Ok(sale)
}

#[tauri::command]
pub async fn recent_sales(slot: State<'_, TillSlot>) -> Result<Vec<SaleView>, IpcError> {
    Ok(slot.till().await?.recent_sales(RECENT_SALES)?)
}
