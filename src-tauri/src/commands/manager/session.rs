//! Unlocking the manager screens: where the PIN stands (set? locked out until when?), the first
//! PIN during setup, unlocking, locking, and changing the PIN.

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;
use stabletill_till::{PinStatus, TillConfig};
use tauri::{AppHandle, Runtime, State};

use super::{blocking, BackOfficeSlot};
use crate::slots::{DemoSlot, Missing, TillSlot};
use crate::IpcError;

/// What the manager window needs to decide which screen to show. Holds no secret and no pass.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagerStatus {
    pub demo: bool,
    /// A till is open and the cashier can take sales.
    pub ready: bool,
    /// No till is open and this is not the demo: the setup wizard leads.
    pub setup_needed: bool,
    pub shop_name: Option<String>,
    pub gateway: String,
    pub merchant_id: Option<String>,
    /// Why no till is open (null when one is).
    pub problem: Option<IpcError>,
    pub missing: Vec<Missing>,
    pub pin: PinStatus,
    pub unlocked: bool,
    /// Who the audit log records while unlocked.
    pub actor: Option<String>,
    /// When the screens lock again by themselves.
    pub locks_at: Option<Timestamp>,
    /// The business day it is now, on the shop's clock.
    pub today: Option<Date>,
}

#[tauri::command]
pub async fn manager_status<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ManagerStatus, IpcError> {
    let (home, office) = desk.office(&app).await?;
    let (pin, today) = blocking(move || {
        let today = TillConfig::load(&home)?.calendar().today().ok();
        Ok((office.pin_status()?, today))
    })
    .await?;
    let report = slot.report().await;
    let (demo, ready) = (demo.is_running(), slot.is_open());
    let session = desk.session();
    Ok(ManagerStatus {
        demo,
        ready,
        setup_needed: !ready && !demo,
        shop_name: report.shop_name,
        gateway: report.gateway,
        merchant_id: report.merchant_id,
        problem: report.problem,
        missing: report.missing,
        pin,
        unlocked: session.is_some(),
        actor: session.as_ref().map(|(actor, _)| actor.clone()),
        locks_at: session.and_then(|(_, expires)| expires),
        today,
    })
}

/// Unlocks the manager screens for 10 minutes. `name` (optional) is who the audit log records.
/// A wrong PIN answers `wrong_pin` (with the tries left), too many answer `pin_locked`.
#[tauri::command]
pub async fn unlock_manager<R: Runtime>(
    app: AppHandle<R>,
    pin: String,
    name: Option<String>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ManagerStatus, IpcError> {
    let (home, office) = desk.office(&app).await?;
    let name = name.filter(|name| !name.trim().is_empty());
    let pass = blocking(move || match name {
        Some(name) => office.unlock_as(&pin, &name),
        None => office.unlock(&pin),
    })
    .await?;
    desk.keep_pass(&home, pass);
    manager_status(app, slot, demo, desk).await
}

#[tauri::command]
pub async fn lock_manager<R: Runtime>(
    app: AppHandle<R>,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ManagerStatus, IpcError> {
    desk.lock();
    manager_status(app, slot, demo, desk).await
}

/// The first manager PIN, during setup; refused once one is set. Unlocks the screens with it.
#[tauri::command]
pub async fn set_first_pin<R: Runtime>(
    app: AppHandle<R>,
    pin: String,
    slot: State<'_, TillSlot>,
    demo: State<'_, DemoSlot>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<ManagerStatus, IpcError> {
    let (home, office) = desk.office(&app).await?;
    let pass = blocking(move || {
        office.set_first_pin(&pin)?;
        office.unlock(&pin)
    })
    .await?;
    desk.keep_pass(&home, pass);
    manager_status(app, slot, demo, desk).await
}

/// Replaces the PIN. The current PIN is typed again (a wrong one counts towards the lockout),
/// so a manager screen left open for a moment is not enough to take the PIN over.
#[tauri::command]
pub async fn change_pin<R: Runtime>(
    app: AppHandle<R>,
    current: String,
    new_pin: String,
    desk: State<'_, BackOfficeSlot>,
) -> Result<(), IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let (office, pass) = (unlocked.office, unlocked.pass);
    let fresh = blocking(move || {
        let fresh = office.unlock_as(&current, pass.actor())?;
        office.change_pin(&fresh, &new_pin)?;
        Ok(fresh)
    })
    .await?;
    desk.keep_pass(&unlocked.home, fresh);
    Ok(())
}
