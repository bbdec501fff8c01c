//! Opening the sales log: where the file lives, the connection settings a payment record needs,
//! and bringing the schema up to date — after checking the file and copying it first.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::Connection;

use crate::file_check::{self, CheckAtOpen, FileCheck};
use crate::{backup, integrity, migration, LedgerError};

/// How long a write waits for another process (the app and the CLI share the file) to finish
/// its own before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The sales log: one SQLite connection. It is `Send` but not `Sync`; callers that share it
/// wrap it in a `Mutex`.
#[derive(Debug)]
pub struct Ledger {
    pub(crate) conn: Connection,
    /// The file, to name it in errors; `:memory:` for a ledger that has none.
    pub(crate) path: PathBuf,
    /// SQLite's integrity check of the file, which may still be running in the background.
    pub(crate) file_check: Arc<FileCheck>,
}

impl Ledger {
    /// Opens (creating the parent folders and the file if needed) the sales log at `path` and
    /// brings its schema up to date. A damaged file, or one written by a newer StableTill, is
    /// refused untouched. SQLite's full integrity check runs before anything writes when the last
    /// run did not close the log cleanly (or another program has it open) and before a migration;
    /// a log closed cleanly can be checked in the background instead
    /// ([`Ledger::check_integrity_in_background`]), and new sales are refused if that finds
    /// damage (see `file_check`). An existing file from an older StableTill is first copied to
    /// `<file name>.v<version>.backup` beside it.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|err| {
                LedgerError::Io(std::io::Error::new(
                    err.kind(),
                    format!("cannot create the folder {}: {err}", dir.display()),
                ))
            })?;
        }
        // Decided before the connection reads the file: reading a WAL log creates its `-wal`.
        let (mut check_at_open, already_open) = file_check::check_at_open(path);
        let conn = Connection::open(path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Both checked before anything below writes to the file (switching to WAL changes its
        // header). Damage first: it also covers a file that is not a database at all.
        if check_at_open == CheckAtOpen::Now {
            file_check::check_now(&conn, path)?;
        }
        let found = migration::schema_version(&conn).map_err(|err| integrity::as_damage(err, path))?;
        migration::ensure_not_newer(found)?;
        if check_at_open == CheckAtOpen::InBackground && found < migration::supported_version() {
            // A migration rewrites tables: never on a file that was not checked first.
            file_check::check_now(&conn, path)?;
            check_at_open = CheckAtOpen::Now;
        }

        // WAL: readers (reports, the manager's screens) never block the till's writes, and a
        // crash cannot leave a half-written page.
        let journal_mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        if !journal_mode.eq_ignore_ascii_case("wal") {
            tracing::warn!(
                path = %path.display(),
                journal_mode,
                "the sales log could not switch to WAL; continuing with the default journal"
            );
        }
        // FULL: a sale is on disk when insert_sale returns, before the gateway hears of it, even
        // if the power goes out right after.
        conn.pragma_update(None, "synchronous", "FULL")?;
        let file_check = file_check::register(path, check_at_open, already_open);
        // Another connection of this process may already know the file is damaged.
        file_check.refuse_if_damaged(path)?;
        let ledger = Self::configure(conn, path.to_owned(), file_check, |found| {
            backup::copy_before_migration(path, found).map(drop)
        })?;
        tracing::debug!(path = %path.display(), "sales log opened");
        Ok(ledger)
    }

    /// A sales log that lives only as long as the value: for tests and demos.
    pub fn open_in_memory() -> Result<Ledger, LedgerError> {
        // A new database every time: there is never an older one to copy.
        let sound = Arc::new(FileCheck::sound());
        Self::configure(Connection::open_in_memory()?, PathBuf::from(":memory:"), sound, |_| Ok(()))
    }

    /// Settings every connection needs, then the migrations (`before_upgrade` as in
    /// [`migration::migrate`]).
    fn configure(
        mut conn: Connection,
        path: PathBuf,
        file_check: Arc<FileCheck>,
        before_upgrade: impl FnOnce(i64) -> Result<(), LedgerError>,
    ) -> Result<Ledger, LedgerError> {
        conn.pragma_update(None, "foreign_keys", true)?;
        migration::migrate(&mut conn, before_upgrade)?;
        Ok(Ledger { conn, path, file_check })
    }

    /// Schedules SQLite's full integrity check of a log the last run closed cleanly, on a thread
    /// and connection of its own, unless it ran already: for a program that keeps the log open
    /// (the till). It starts a few seconds later, or at once when
    /// [`Ledger::wait_for_integrity_check`] is called. If it finds damage, new sales are refused
    /// from then on.
    pub fn check_integrity_in_background(&self) {
        self.file_check.start(&self.path);
    }

    /// Writes every committed page into the main file and empties the `-wal`, so the next open
    /// knows the log was closed cleanly: for a program about to quit without dropping the ledger
    /// (the app's process ends from inside its event loop).
    pub fn checkpoint(&self) -> Result<(), LedgerError> {
        self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Waits for the background integrity check if it is scheduled (starting it now) or runs, and
    /// gives its verdict.
    pub fn wait_for_integrity_check(&self) -> Result<(), LedgerError> {
        self.file_check.wait(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{new_sale, paid_at};

    #[test]
    fn a_ledger_can_move_to_another_thread() {
        fn assert_send<T: Send>() {}
        assert_send::<Ledger>();
    }

    #[test]
    fn sales_survive_closing_and_reopening_the_file() {
        let dir = tempfile::tempdir().unwrap();
        // A folder that does not exist yet, as on a till's first start.
        let path = dir.path().join("data").join("sales.sqlite3");
        {
            let mut ledger = Ledger::open(&path).unwrap();
            ledger.insert_sale(&new_sale("ST-persist-0001")).unwrap();
            ledger.record_status("ST-persist-0001", &paid_at(60)).unwrap();
        }
        let ledger = Ledger::open(&path).unwrap();
        let sale = ledger.sale("ST-persist-0001").unwrap().unwrap();
        assert_eq!(sale.state, crate::SaleState::Paid);
        assert_eq!(sale.order_amount.to_string(), "12.50");
        assert_eq!(ledger.events("ST-persist-0001").unwrap().len(), 2);

        let journal_mode: String =
            ledger.conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).unwrap();
        assert_eq!(journal_mode, "wal");
        let synchronous: i64 = ledger.conn.pragma_query_value(None, "synchronous", |row| row.get(0)).unwrap();
        assert_eq!(synchronous, 2, "synchronous=FULL");
        let foreign_keys: bool =
            ledger.conn.pragma_query_value(None, "foreign_keys", |row| row.get(0)).unwrap();
        assert!(foreign_keys);
    }

    #[test]
    fn a_log_from_a_newer_build_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sales.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE future (x TEXT); INSERT INTO future VALUES ('kept');
                 PRAGMA user_version = 99;",
            )
            .unwrap();
        }
        let before = std::fs::read(&path).unwrap();

        let err = Ledger::open(&path).unwrap_err();
        let supported = migration::supported_version();
        assert!(
            matches!(err, LedgerError::NewerSchema { found: 99, supported: s } if s == supported),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "this sales log was written by a newer StableTill (schema 99); this build \
                 understands up to {supported} — update StableTill"
            )
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "file changed");
        let conn = Connection::open(&path).unwrap();
        let kept: String = conn.query_row("SELECT x FROM future", [], |row| row.get(0)).unwrap();
        assert_eq!(kept, "kept");
    }

    #[test]
    fn an_unusable_folder_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("not-a-folder");
        std::fs::write(&blocker, b"").unwrap();
        let err = Ledger::open(&blocker.join("sales.sqlite3")).unwrap_err();
        assert!(matches!(err, LedgerError::Io(_)), "{err:?}");
        assert!(err.to_string().contains("not-a-folder"), "{err}");
    }
}
