//! How the till gets on with its gateway, as the counter shows it (`gateway-health` events). Two
//! sources feed it: the poll scheduler (which keeps watching open sales whatever happens) and the
//! cashier's own requests (a charge, or "Check again"). The latest word wins, so a gateway that
//! answers again lifts the block on new charges even when no sale is being watched.

use std::sync::Mutex;

use stabletill_till::{ErrorCode, GatewayHealth};
use tauri::{AppHandle, Emitter, Runtime};

use crate::IpcError;

/// Emitted with a `GatewayHealth` whenever it changes.
pub const GATEWAY_HEALTH: &str = "gateway-health";

#[derive(Debug)]
pub struct GatewayStatus {
    now: Mutex<GatewayHealth>,
}

impl Default for GatewayStatus {
    fn default() -> Self {
        Self { now: Mutex::new(GatewayHealth::Ok) }
    }
}

impl GatewayStatus {
    pub fn now(&self) -> GatewayHealth {
        self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }

    /// Records `health` and tells the windows when it changed. (A page learns the health it
    /// starts with from `app_info`.)
    pub fn report<R: Runtime>(&self, app: &AppHandle<R>, health: GatewayHealth) {
        let changed = {
            let mut now = self.now.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let changed = *now != health;
            *now = health.clone();
            changed
        };
        if changed {
            if let Err(error) = app.emit(GATEWAY_HEALTH, &health) {
                tracing::warn!(%error, "could not tell the windows about the gateway");
            }
        }
    }

    /// What a request of the cashier's says about the gateway: an answer means it is fine; an
    /// error only counts when it concerns the gateway itself, not this one sale or amount.
    pub fn report_outcome<R: Runtime, T>(&self, app: &AppHandle<R>, outcome: &Result<T, IpcError>) {
        match outcome {
            Ok(_) => self.report(app, GatewayHealth::Ok),
            Err(error) if concerns_the_gateway(error.code) => {
                let trouble = GatewayHealth::Trouble { code: error.code, message: error.message.clone() };
                self.report(app, trouble);
            }
            Err(_) => {}
        }
    }
}

/// Trouble that holds up every sale, not one order's own problem.
pub fn concerns_the_gateway(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::GatewayUnreachable
            | ErrorCode::GatewayError
            | ErrorCode::RateLimited
            | ErrorCode::GatewayBlocked
            | ErrorCode::ClockSkew
            | ErrorCode::WrongSecret
            | ErrorCode::NotEnabled
    )
}
