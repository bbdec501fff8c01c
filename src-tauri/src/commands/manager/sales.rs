//! The Sales screen: a business day's sales, and voiding one. A void takes the manager PIN
//! again (a screen left unlocked for a moment is not enough to void a sale), needs a reason,
//! and is recorded in the audit log; the sale then shows as void, with the reason, everywhere.

use stabletill_till::{SaleView, TillConfig};
use tauri::{AppHandle, Emitter, Runtime, State};

use super::report::parse_day;
use super::{blocking, BackOfficeSlot};
use crate::sale_events::SALE_UPDATED;
use crate::IpcError;

/// The sales of business `day` ("YYYY-MM-DD"; today when absent), newest first.
#[tauri::command]
pub async fn day_sales<R: Runtime>(
    app: AppHandle<R>,
    day: Option<String>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<Vec<SaleView>, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let day = day.filter(|d| !d.trim().is_empty()).map(|d| parse_day(&d)).transpose()?;
    blocking(move || {
        let day = match day {
            Some(day) => day,
            None => TillConfig::load(&unlocked.home)?.calendar().today()?,
        };
        unlocked.office.day_sales(&unlocked.pass, day)
    })
    .await
}

/// Voids a paid, failed or expired sale with `reason`, after checking `pin` again (a wrong one
/// counts towards the lockout). A sale still open is refused: it is cancelled at the counter.
#[tauri::command]
pub async fn void_sale<R: Runtime>(
    app: AppHandle<R>,
    merchant_order_id: String,
    reason: String,
    pin: String,
    desk: State<'_, BackOfficeSlot>,
) -> Result<SaleView, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let (office, pass) = (unlocked.office, unlocked.pass);
    let (fresh, sale) = blocking(move || {
        let fresh = office.unlock_as(&pin, pass.actor())?;
        let sale = office.void_sale(&fresh, &merchant_order_id, &reason)?;
        Ok((fresh, sale))
    })
    .await?;
    desk.keep_pass(&unlocked.home, fresh);
    // The counter's list of recent sales shows it as void at once.
    if let Err(error) = app.emit(SALE_UPDATED, &sale) {
        tracing::warn!(%error, "could not tell the windows about the void");
    }
    Ok(sale)
}
