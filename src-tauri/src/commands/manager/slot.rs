//! [`BackOfficeSlot`]: the manager functions of the till this run uses, and the manager pass
//! while the manager screens are unlocked. The pass is kept here, on the Rust side, with its
//! expiry; the manager window is only told whether it is unlocked and until when.

use std::sync::{Arc, Mutex, MutexGuard};

use jiff::Timestamp;
use stabletill_till::{BackOffice, ManagerPass, TillError, TillHome};
use tauri::{AppHandle, Manager, Runtime};

use super::blocking;
use crate::slots::{DemoSlot, TillSlot};
use crate::IpcError;

/// The back office of the open data directory (the demo's while demo mode runs) and the pass
/// of the manager who unlocked it.
#[derive(Debug, Default)]
pub struct BackOfficeSlot {
    desk: Mutex<Option<Desk>>,
}

#[derive(Debug)]
struct Desk {
    home: TillHome,
    office: Arc<BackOffice>,
    /// Present while the manager screens are unlocked; belongs to `home`.
    pass: Option<ManagerPass>,
}

/// The back office and the pass a manager action runs with.
#[derive(Debug, Clone)]
pub struct Unlocked {
    pub office: Arc<BackOffice>,
    pub pass: ManagerPass,
    pub home: TillHome,
}

impl BackOfficeSlot {
    /// The back office of the data directory this run charges in, opened on first use. Waits for
    /// start-up first: whether this is a demo run is only known then. A switch to demo mode
    /// opens the demo's back office and locks the screens (the demo has its own PIN).
    pub async fn office<R: Runtime>(
        &self,
        app: &AppHandle<R>,
    ) -> Result<(TillHome, Arc<BackOffice>), IpcError> {
        let home = current_home(app).await;
        if let Some(desk) = self.desk().as_ref().filter(|desk| desk.home == home) {
            return Ok((home, desk.office.clone()));
        }
        let opening = home.clone();
        let office = Arc::new(blocking(move || BackOffice::open(&opening)).await?);
        let mut desk = self.desk();
        match desk.as_ref().filter(|desk| desk.home == home) {
            // Another command opened it meanwhile: keep that one (and its pass).
            Some(open) => Ok((home, open.office.clone())),
            None => {
                *desk = Some(Desk { home: home.clone(), office: office.clone(), pass: None });
                Ok((home, office))
            }
        }
    }

    /// The back office with the pass of the manager who unlocked it; `pin_required` when the
    /// screens are locked (never unlocked, locked by hand, or the unlock ran out).
    pub async fn unlocked<R: Runtime>(&self, app: &AppHandle<R>) -> Result<Unlocked, IpcError> {
        let (home, office) = self.office(app).await?;
        let mut desk = self.desk();
        let Some(desk) = desk.as_mut().filter(|desk| desk.home == home) else {
            return Err(locked("type the manager PIN"));
        };
        match &desk.pass {
            Some(pass) if pass.expires_at().is_some_and(|expires| expires <= Timestamp::now()) => {
                desk.pass = None;
                Err(locked("the manager screens locked again after 10 minutes: type the manager PIN"))
            }
            Some(pass) => Ok(Unlocked { office, pass: pass.clone(), home }),
            None => Err(locked("type the manager PIN")),
        }
    }

    /// Keeps `pass` for `home` (if that is still the open back office).
    pub fn keep_pass(&self, home: &TillHome, pass: ManagerPass) {
        if let Some(desk) = self.desk().as_mut().filter(|desk| &desk.home == home) {
            desk.pass = Some(pass);
        }
    }

    /// Who is unlocked and until when, without checking anything else.
    pub fn session(&self) -> Option<(String, Option<Timestamp>)> {
        let desk = self.desk();
        let pass = desk.as_ref()?.pass.as_ref()?;
        let live = pass.expires_at().is_none_or(|expires| expires > Timestamp::now());
        live.then(|| (pass.actor().to_owned(), pass.expires_at()))
    }

    /// Locks the manager screens: the pass is dropped.
    pub fn lock(&self) {
        if let Some(desk) = self.desk().as_mut() {
            desk.pass = None;
        }
    }

    fn desk(&self) -> MutexGuard<'_, Option<Desk>> {
        // The data is a cache and a pass; after a panic elsewhere it is still consistent.
        self.desk.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The data directory sales are taken in now: the demo's while the demo gateway runs.
pub async fn current_home<R: Runtime>(app: &AppHandle<R>) -> TillHome {
    let slot = app.state::<TillSlot>();
    // Start-up decides between a real and a demo till; wait for it.
    slot.report().await;
    if app.state::<DemoSlot>().is_running() {
        slot.home().demo()
    } else {
        slot.home().clone()
    }
}

fn locked(message: &str) -> IpcError {
    IpcError::from(TillError::PinRequired(message.to_owned()))
}
