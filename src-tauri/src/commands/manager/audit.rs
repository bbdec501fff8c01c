//! The audit log screen: who did what, and when, newest first, with times on the shop's clock.

use serde::Serialize;
use stabletill_till::{AuditFilter, TillConfig};
use tauri::{AppHandle, Runtime, State};

use super::{blocking, BackOfficeSlot};
use crate::IpcError;

/// How many entries the screen shows when it does not say.
const DEFAULT_LIMIT: usize = 200;
const LONGEST_LIMIT: usize = 5000;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// "2026-11-21 14:05:09" on the shop's clock.
    pub local: String,
    pub actor: String,
    pub action: String,
    pub detail: String,
}

/// The latest `limit` entries of the audit log (200 when absent).
#[tauri::command]
pub async fn audit_log<R: Runtime>(
    app: AppHandle<R>,
    limit: Option<usize>,
    desk: State<'_, BackOfficeSlot>,
) -> Result<Vec<AuditRow>, IpcError> {
    let unlocked = desk.unlocked(&app).await?;
    let limit = limit.unwrap_or(DEFAULT_LIMIT).clamp(1, LONGEST_LIMIT);
    blocking(move || {
        let zone = TillConfig::load(&unlocked.home)?.calendar().zone().clone();
        let filter = AuditFilter { limit: Some(limit), ..AuditFilter::default() };
        let entries = unlocked.office.audit_log(&unlocked.pass, &filter)?;
        Ok(entries
            .into_iter()
            .map(|entry| AuditRow {
                id: entry.id,
                at: entry.at.to_string(),
                local: entry.at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M:%S").to_string(),
                actor: entry.actor,
                action: entry.action,
                detail: entry.detail,
            })
            .collect())
    })
    .await
}
