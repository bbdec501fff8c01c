//! The audit log: who did what to the till, and when — settings and secret changes, exports,
//! reports, voids, wrong manager PINs. Rows are only ever appended; nothing here updates or
//! deletes one, so the log is a record a manager can trust.

use jiff::Timestamp;
use rusqlite::params;
use serde::Serialize;

use crate::row::timestamp_to_sql;
use crate::{Ledger, LedgerError};

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    /// Who: "manager", a cashier's name, "cli" for the owner at a terminal.
    pub actor: String,
    /// What, as a short fixed word the caller chooses, e.g. "export" or "setting_changed".
    pub action: String,
    /// The particulars, for a person to read. Never a secret or a PIN.
    pub detail: String,
}

/// Which entries [`Ledger::audit_entries`] returns: `at` in `[from, until)`, optionally only one
/// actor or action, newest first, at most `limit`. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub limit: Option<usize>,
}

impl Ledger {
    /// Appends an entry stamped with the current time and returns it as stored.
    pub fn record_audit(
        &mut self,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<AuditEntry, LedgerError> {
        self.record_audit_at(Timestamp::now(), actor, action, detail)
    }

    /// [`Ledger::record_audit`] at a given time: for tests and imports.
    pub fn record_audit_at(
        &mut self,
        at: Timestamp,
        actor: &str,
        action: &str,
        detail: &str,
    ) -> Result<AuditEntry, LedgerError> {
        self.conn.execute(
            "INSERT INTO audit (at, actor, action, detail) VALUES (?1, ?2, ?3, ?4)",
            params![timestamp_to_sql(at), actor, action, detail],
        )?;
        let id = self.conn.last_insert_rowid();
        tracing::info!(actor, action, detail, "audit entry recorded");
        // The time as stored (to the millisecond), as audit_entries will return it.
        Ok(AuditEntry {
            id,
            at: Timestamp::from_millisecond(timestamp_to_sql(at)).unwrap_or(at),
            actor: actor.to_owned(),
            action: action.to_owned(),
            detail: detail.to_owned(),
        })
    }

    /// The entries matching `filter`, newest first.
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, LedgerError> {
        let from = filter.from.map_or(i64::MIN, timestamp_to_sql);
        let until = filter.until.map_or(i64::MAX, timestamp_to_sql);
        // A negative LIMIT means "no limit" in SQLite.
        let limit = filter.limit.map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let mut statement = self.conn.prepare_cached(
            "SELECT id, at, actor, action, detail FROM audit
             WHERE at >= ?1 AND at < ?2
               AND (?3 IS NULL OR actor = ?3) AND (?4 IS NULL OR action = ?4)
             ORDER BY at DESC, id DESC
             LIMIT ?5",
        )?;
        let rows = statement.query_map(params![from, until, filter.actor, filter.action, limit], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        rows.map(|row| {
            let (id, at, actor, action, detail) = row?;
            let at = Timestamp::from_millisecond(at).map_err(|_| {
                LedgerError::Corrupt(format!(
                    "audit entry {id}: column at holds {at}, which is not a valid time"
                ))
            })?;
            Ok(AuditEntry { id, at, actor, action, detail })
        })
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::at;

    #[test]
    fn entries_come_back_newest_first_and_filtered() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        ledger.record_audit_at(at(0), "cli", "setting_changed", "time-zone: Europe/Berlin").unwrap();
        ledger.record_audit_at(at(10), "manager", "export", "csv 2026-11-21, 12 sales").unwrap();
        ledger.record_audit_at(at(20), "manager", "void", "ST-1: returned").unwrap();
        let now = ledger.record_audit("Anna", "report", "day 2026-11-21").unwrap();
        assert_eq!(now.actor, "Anna");

        let all = ledger.audit_entries(&AuditFilter::default()).unwrap();
        let actions: Vec<_> = all.iter().map(|entry| entry.action.as_str()).collect();
        assert_eq!(actions, ["report", "void", "export", "setting_changed"]);
        assert_eq!(all[0], now);

        let manager = AuditFilter { actor: Some("manager".into()), ..AuditFilter::default() };
        assert_eq!(ledger.audit_entries(&manager).unwrap().len(), 2);
        let voids = AuditFilter { action: Some("void".into()), ..AuditFilter::default() };
        assert_eq!(ledger.audit_entries(&voids).unwrap()[0].detail, "ST-1: returned");
        let window = AuditFilter { from: Some(at(5)), until: Some(at(20)), ..AuditFilter::default() };
        let in_window = ledger.audit_entries(&window).unwrap();
        assert_eq!(in_window.len(), 1);
        assert_eq!(in_window[0].at, at(10));
        let limited = AuditFilter { limit: Some(1), ..AuditFilter::default() };
        assert_eq!(ledger.audit_entries(&limited).unwrap().len(), 1);
    }

    #[test]
    fn the_audit_log_survives_a_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sales.sqlite3");
        Ledger::open(&path).unwrap().record_audit("cli", "pin_set", "manager PIN changed").unwrap();
        let entries = Ledger::open(&path).unwrap().audit_entries(&AuditFilter::default()).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!((entries[0].actor.as_str(), entries[0].action.as_str()), ("cli", "pin_set"));
    }
}
