//! A copy of the sales log taken before a migration changes it, so an upgrade that goes wrong (or
//! a StableTill that has to be rolled back) never costs the shop its sales history.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use crate::ledger::BUSY_TIMEOUT;
use crate::LedgerError;

/// Copies the database at `path` as it is now, including what is still in its WAL, to
/// `<file name>.v<found>.backup` beside it and returns where. An earlier copy of the same version
/// is kept: the new one becomes `<file name>.v<found>-2.backup`, `-3`, …
///
/// The copy is written under a `.partial` name and renamed when complete, so a crash part-way
/// never leaves something that looks like a good backup.
pub(crate) fn copy_before_migration(path: &Path, found: i64) -> Result<PathBuf, LedgerError> {
    let target = free_backup_path(path, found)?;
    let partial = with_suffix(&target, ".partial");
    // Left over from a copy that was interrupted: it is incomplete, and SQLite must not mistake
    // its journal for one to replay.
    remove_if_present(&partial)?;
    remove_if_present(&with_suffix(&partial, "-journal"))?;
    copy(path, &partial)?;
    std::fs::rename(&partial, &target).map_err(|err| {
        io_error(err, format!("cannot rename {} to {}", partial.display(), target.display()))
    })?;
    tracing::info!(
        path = %path.display(),
        backup = %target.display(),
        schema = found,
        "copied the sales log before upgrading it"
    );
    Ok(target)
}

/// SQLite's online backup from a second, read-only connection: the caller's connection holds the
/// write lock, and SQLite cannot back up from a connection inside a write transaction. The second
/// connection reads the last committed state, WAL included.
fn copy(source: &Path, target: &Path) -> Result<(), LedgerError> {
    let from = Connection::open_with_flags(
        source,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    from.busy_timeout(BUSY_TIMEOUT)?;
    let mut to = Connection::open(target)?;
    to.busy_timeout(BUSY_TIMEOUT)?;
    {
        let backup = Backup::new(&from, &mut to)?;
        // Every page in one step: one read transaction, so the copy is a single consistent
        // snapshot rather than pages from before and after someone else's write.
        loop {
            match backup.step(-1)? {
                StepResult::Done => break,
                StepResult::More => {}
                _ => {
                    return Err(rusqlite::Error::SqliteFailure(
                        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
                        Some(format!("the sales log {} stayed locked; no backup was made", source.display())),
                    )
                    .into())
                }
            }
        }
    }
    // Closed explicitly so a failure to finish writing the copy is an error, not a silent drop.
    to.close().map_err(|(_, err)| err)?;
    Ok(())
}

/// The first of `<name>.v<found>.backup`, `<name>.v<found>-2.backup`, … that does not exist yet.
fn free_backup_path(path: &Path, found: i64) -> Result<PathBuf, LedgerError> {
    let name = path.file_name().ok_or_else(|| {
        io_error(std::io::ErrorKind::InvalidInput.into(), format!("{} is not a file name", path.display()))
    })?;
    let mut number = 1_u32;
    loop {
        let mut candidate = OsString::from(name);
        candidate.push(format!(".v{found}"));
        if number > 1 {
            candidate.push(format!("-{number}"));
        }
        candidate.push(".backup");
        let candidate = path.with_file_name(candidate);
        let taken = candidate
            .try_exists()
            .map_err(|err| io_error(err, format!("cannot look for {}", candidate.display())))?;
        if !taken {
            return Ok(candidate);
        }
        number += 1;
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_present(path: &Path) -> Result<(), LedgerError> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
            Err(io_error(err, format!("cannot remove {}", path.display())))
        }
        _ => Ok(()),
    }
}

fn io_error(err: std::io::Error, context: String) -> LedgerError {
    LedgerError::Io(std::io::Error::new(err.kind(), format!("{context}: {err}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migration::{schema_version, supported_version, MIGRATIONS};
    use crate::{Ledger, SaleException, SaleState, StatusUpdate};

    const OLD_SALE: &str = "ST-v1-0001";

    /// A sales log as the first release wrote it: schema step 1 only, in WAL mode, with one paid
    /// sale. The returned connection stays open with automatic checkpoints off, so the sale is
    /// still in the WAL, not yet in the main file, as after a crash.
    fn v1_log(path: &Path) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        conn.execute_batch(MIGRATIONS[0]).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO sales (merchant_order_id, gateway, order_amount, currency, network, state,
                                raw_status, crypto_paid_amount, created_at, updated_at, finished_at)
             VALUES ('{OLD_SALE}', 'paystablecoin', '12.50', 'USDT', 'tron', 'paid', 'SUCCEEDED',
                     '12.500000', 1748779200000, 1748779260000, 1748779260000);
             INSERT INTO sale_events (sale_id, at, from_state, to_state, source)
             VALUES (1, 1748779200000, NULL, 'creating', 'till');
             PRAGMA user_version = 1;"
        ))
        .unwrap();
        conn
    }

    fn backups(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains(".backup"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_older_log_is_copied_then_upgraded_and_keeps_its_sales() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sales.sqlite3");
        let writer = v1_log(&path);
        let wal = std::fs::metadata(dir.path().join("sales.sqlite3-wal")).unwrap();
        assert!(wal.len() > 0, "the old sale should still be in the WAL");

        let mut ledger = Ledger::open(&path).unwrap();
        assert_eq!(schema_version(&ledger.conn).unwrap(), supported_version());
        assert_eq!(supported_version(), 4);
        let sale = ledger.sale(OLD_SALE).unwrap().unwrap();
        assert_eq!(sale.state, SaleState::Paid);
        assert_eq!(sale.order_amount.to_string(), "12.50");
        assert_eq!((sale.exceptions.as_slice(), sale.reason.as_deref()), ([].as_slice(), None));
        assert_eq!(sale.cashier, None, "sales from before cashiers were recorded have none");
        let update = StatusUpdate {
            state: SaleState::Paid,
            raw_status: None,
            crypto_paid_amount: None,
            at: sale.updated_at,
            source: "recovery".to_owned(),
            note: None,
            exceptions: vec![SaleException::PaidLate],
        };
        let flagged = ledger.record_status(OLD_SALE, &update).unwrap().unwrap();
        assert_eq!(flagged.exceptions, [SaleException::PaidLate]);
        drop(ledger);
        drop(writer);

        assert_eq!(backups(dir.path()), ["sales.sqlite3.v1.backup"]);
        // The copy is the log exactly as the old build left it, WAL included, and still opens
        // as version 1.
        let copy = Connection::open(dir.path().join("sales.sqlite3.v1.backup")).unwrap();
        assert_eq!(schema_version(&copy).unwrap(), 1);
        let (state, amount): (String, String) = copy
            .query_row(
                "SELECT state, order_amount FROM sales WHERE merchant_order_id = ?1",
                [OLD_SALE],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert_eq!((state.as_str(), amount.as_str()), ("paid", "12.50"));
        let has_flags: i64 = copy
            .query_row(
                "SELECT count(*) FROM pragma_table_info('sales') WHERE name = 'exceptions'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(has_flags, 0, "the copy was taken before the migration");

        // Opening again: the log is current, so no further copy.
        drop(copy);
        Ledger::open(&path).unwrap();
        assert_eq!(backups(dir.path()), ["sales.sqlite3.v1.backup"]);
    }

    #[test]
    fn an_earlier_copy_of_the_same_version_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sales.sqlite3");
        drop(v1_log(&path));
        let earlier = dir.path().join("sales.sqlite3.v1.backup");
        std::fs::write(&earlier, b"the copy from the first attempt").unwrap();
        // An interrupted copy from a crash is not a backup: it is replaced, not kept.
        std::fs::write(dir.path().join("sales.sqlite3.v1-2.backup.partial"), b"half").unwrap();

        Ledger::open(&path).unwrap();
        assert_eq!(backups(dir.path()), ["sales.sqlite3.v1-2.backup", "sales.sqlite3.v1.backup"]);
        assert_eq!(std::fs::read(&earlier).unwrap(), b"the copy from the first attempt");
        let copy = Connection::open(dir.path().join("sales.sqlite3.v1-2.backup")).unwrap();
        assert_eq!(schema_version(&copy).unwrap(), 1);
    }

    #[test]
    fn a_new_log_gets_no_copy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sales.sqlite3");
        Ledger::open(&path).unwrap();
        Ledger::open(&path).unwrap();
        assert_eq!(backups(dir.path()), Vec::<String>::new());
    }
}
