//! The cashier's commands: methods for an amount, start a sale, simulate a demo payment, cancel,
//! and the recent sales list. The shop's hidden methods are left out here, so no window can
//! charge one.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use stabletill_till::{qr_payload, qr_svg, ErrorCode, MethodOption, SaleView, TillError};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::commands::counter::shop_settings;
use crate::counter::{CounterSale, CounterSlot};
use crate::gateway_status::GatewayStatus;
use crate::sale_events::SALE_UPDATED;
use crate::slots::{DemoSlot, TillSlot};
use crate::IpcError;

/// How many sales the sale screen lists.
const RECENT_SALES: usize = 10;

/// The gateway's methods for `amount`, without the ones the shop hid.
#[tauri::command]
pub async fn method_options<R: Runtime>(
    amount: String,
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    status: State<'_, GatewayStatus>,
) -> Result<Vec<MethodOption>, IpcError> {
    let options: Result<_, IpcError> = match slot.till().await {
        Ok(till) => till.method_options(&amount).await.map_err(IpcError::from),
        Err(error) => Err(error),
    };
    // A cached list proves nothing about the gateway now; a failure to fetch one does.
    if options.is_err() {
        status.report_outcome(&app, &options);
    }
    let mut options = options?;
    let settings = shop_settings(&slot, &demo)?;
    options.retain(|o| !settings.is_hidden(&o.method.currency, &o.method.network));
    Ok(options)
}

#[tauri::command]
#[allow(clippy::too_many_arguments)] // Tauri hands each piece of state in as its own argument.
pub async fn start_sale<R: Runtime>(
    amount: String,
    currency: String,
    network: String,
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    counter: State<'_, CounterSlot>,
    status: State<'_, GatewayStatus>,
) -> Result<CounterSale, IpcError> {
    let open = slot.open().await?;
    let settings = shop_settings(&slot, &demo)?;
    if settings.is_hidden(&currency, &network) {
        return Err(IpcError::new(
            ErrorCode::UnknownMethod,
            format!(
                "{} on {network} is turned off in this shop's settings (hidden-methods)",
                currency.to_uppercase()
            ),
        ));
    }
    // With cashier sign-in on, nobody signed in means no sale (checked here, not only on screen).
    let cashier = crate::commands::cashier::cashier_for_sale(&app).await?;
    let started = open
        .till
        .start_sale_by(&amount, &currency, &network, cashier.as_deref())
        .await
        .map_err(IpcError::from);
    status.report_outcome(&app, &started);
    let sale = started?;
    let on_counter = counter_sale(sale, settings.payment_links)?;
    // The customer is at the counter: the scheduler follows this sale briskly.
    open.scheduler.follow(&on_counter.sale.merchant_order_id, true);
    counter.show(&app, on_counter.clone());
    Ok(on_counter)
}

/// The sale the counter was showing when the app stopped (closed, crashed, power cut), if the
/// customer can still pay it: the app reopens its payment screen on start.
#[tauri::command]
pub async fn sale_on_counter<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    counter: State<'_, CounterSlot>,
) -> Result<Option<CounterSale>, IpcError> {
    let open = slot.open().await?;
    let Some(sale) = open.till.sale_on_counter()? else { return Ok(None) };
    let links = shop_settings(&slot, &demo)?.payment_links;
    let Ok(on_counter) = counter_sale(sale, links) else { return Ok(None) };
    open.scheduler.follow(&on_counter.sale.merchant_order_id, true);
    counter.show(&app, on_counter.clone());
    Ok(Some(on_counter))
}

/// The sale with its QR code; refused when there is nothing the customer could pay to.
fn counter_sale(sale: SaleView, payment_links: bool) -> Result<CounterSale, TillError> {
    let qr_text = qr_payload(&sale, payment_links)
        .ok_or_else(|| TillError::UnusableAnswer("the sale has no deposit address to show".into()))?;
    let qr = format!("data:image/svg+xml;base64,{}", STANDARD.encode(qr_svg(&qr_text)?));
    Ok(CounterSale { sale, qr, qr_text })
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
    gateway.simulate_payment(&merchant_order_id)?;
    // Look at once rather than at the next awaiting poll (seconds away): the demo shows the
    // whole flow without a wait that a real customer's wallet would fill anyway.
    slot.open().await?.scheduler.follow(&merchant_order_id, true);
    Ok(())
}

/// Frees the till at once; the scheduler keeps following the order until the gateway is final,
/// so a late payment is still recorded.
#[tauri::command]
pub async fn cancel_sale<R: Runtime>(
    merchant_order_id: String,
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    counter: State<'_, CounterSlot>,
) -> Result<SaleView, IpcError> {
    let open = slot.open().await?;
    let sale = open.till.cancel_sale(&merchant_order_id)?;
    // The customer has gone: the order is followed in the background from now on.
    open.scheduler.set_counter(None);
    counter.update(&sale);
    // The change was made here, not seen by the scheduler: tell every window (the customer
    // display must stop showing a QR that may no longer be paid).
    if let Err(error) = app.emit(SALE_UPDATED, &sale) {
        tracing::warn!(%error, "could not tell the windows about the cancel");
    }
    Ok(sale)
}

#[tauri::command]
pub async fn recent_sales(slot: State<'_, TillSlot>) -> Result<Vec<SaleView>, IpcError> {
    Ok(slot.till().await?.recent_sales(RECENT_SALES)?)
}
