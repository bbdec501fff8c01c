//! SQLite's own check of the sales log file, run before the till trusts (and writes to) it: a
//! write to a damaged file can spread the damage and spoil what a rescue could still save.

use std::path::Path;

use rusqlite::{Connection, ErrorCode};

use crate::{Ledger, LedgerError};

/// How many of SQLite's findings go into the error: the first few say enough, and the message is
/// shown to a person.
const SHOWN_FINDINGS: usize = 3;

impl Ledger {
    /// Runs SQLite's full `PRAGMA integrity_check` on the sales log. Err(Damaged) if it finds
    /// anything wrong.
    pub fn integrity_check(&self) -> Result<(), LedgerError> {
        check(&self.conn, &self.path)
    }
}

/// The check itself; `path` names the file in the error. Only reads.
pub(crate) fn check(conn: &Connection, path: &Path) -> Result<(), LedgerError> {
    let damaged = |detail: String| LedgerError::Damaged { path: path.to_owned(), detail };
    let findings = match findings(conn) {
        Ok(findings) => findings,
        // Damage bad enough that SQLite cannot even run the check (a wrong header, a file that is
        // not a database) is the same news for the user.
        Err(err) if is_damage(&err) => return Err(damaged(err.to_string())),
        Err(err) => return Err(err.into()),
    };
    match findings.as_slice() {
        [only] if only == "ok" => Ok(()),
        [] => Err(damaged("SQLite's integrity check gave no answer".to_owned())),
        _ => {
            // A finding can span lines and the first starts with a "*** in database main ***"
            // heading; one line per finding reads better inside a sentence.
            let lines: Vec<&str> = findings
                .iter()
                .flat_map(|finding| finding.lines())
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with("***"))
                .collect();
            let mut detail = lines.iter().take(SHOWN_FINDINGS).copied().collect::<Vec<_>>().join("; ");
            if lines.len() > SHOWN_FINDINGS {
                detail.push_str("; …");
            }
            Err(damaged(detail))
        }
    }
}

/// A read that failed because the file is damaged becomes the Damaged error that says what to do.
pub(crate) fn as_damage(err: LedgerError, path: &Path) -> LedgerError {
    match err {
        LedgerError::Sqlite(sqlite) if is_damage(&sqlite) => {
            LedgerError::Damaged { path: path.to_owned(), detail: sqlite.to_string() }
        }
        other => other,
    }
}

fn findings(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("PRAGMA integrity_check")?;
    let rows = statement.query_map([], |row| row.get(0))?;
    rows.collect()
}

fn is_damage(err: &rusqlite::Error) -> bool {
    matches!(err.sqlite_error_code(), Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::file_check;
    use crate::test_support::new_sale_at;

    /// A real sales log with enough sales to span many pages, closed so that everything is in
    /// the main file.
    fn real_log(dir: &Path) -> PathBuf {
        let path = dir.join("sales.sqlite3");
        let mut ledger = Ledger::open(&path).unwrap();
        for n in 0..300 {
            ledger.insert_sale(&new_sale_at(&format!("ST-damage-{n:04}"), n)).unwrap();
        }
        ledger.integrity_check().unwrap();
        drop(ledger);
        assert!(!dir.join("sales.sqlite3-wal").exists(), "closing folds the WAL into the file");
        path
    }

    fn assert_damaged(err: &LedgerError, path: &Path) {
        assert!(matches!(err, LedgerError::Damaged { path: p, .. } if p == path), "{err:?}");
        let message = err.to_string();
        assert!(message.contains(&path.display().to_string()), "{message}");
        assert!(message.contains("restore it from a backup"), "{message}");
    }

    #[test]
    fn a_healthy_log_passes() {
        let dir = tempfile::tempdir().unwrap();
        real_log(dir.path());
        Ledger::open(&dir.path().join("sales.sqlite3")).unwrap().integrity_check().unwrap();
        Ledger::open_in_memory().unwrap().integrity_check().unwrap();
    }

    /// Overwrites `len` bytes of a real log from the middle of its middle page on, as a failing
    /// disk or a stray write would. Returns the damaged bytes.
    fn damage(path: &Path, offset_in_page: usize, len: usize) -> Vec<u8> {
        let mut bytes = std::fs::read(path).unwrap();
        // The page size is in the file's header, big-endian at offset 16.
        let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
        let pages = bytes.len() / page_size;
        assert!(pages >= 6, "the test needs a file of several pages, got {pages}");
        let start = pages / 2 * page_size + offset_in_page;
        for (offset, byte) in bytes[start..start + len].iter_mut().enumerate() {
            *byte = u8::try_from(offset * 31 % 251).unwrap();
        }
        std::fs::write(path, &bytes).unwrap();
        bytes
    }

    /// The last run did not close the log (a crash, a power cut): the `-wal` file it left says
    /// so, and the check runs before anything is written. Opening is refused, the file untouched.
    fn refused_at_open_after_a_crash(offset_in_page: usize, len: usize) -> LedgerError {
        let dir = tempfile::tempdir().unwrap();
        let path = real_log(dir.path());
        let bytes = damage(&path, offset_in_page, len);
        let wal = dir.path().join("sales.sqlite3-wal");
        std::fs::write(&wal, b"frames a crash left behind").unwrap();

        let err = Ledger::open(&path).unwrap_err();
        assert_damaged(&err, &path);
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "the damaged file was written to");
        // Still refused on the next start: nothing was "repaired" behind the user's back.
        assert_damaged(&Ledger::open(&path).unwrap_err(), &path);
        err
    }

    #[test]
    fn garbage_inside_a_page_is_refused_with_what_sqlite_found() {
        let err = refused_at_open_after_a_crash(2048, 64);
        let message = err.to_string();
        // SQLite's findings name the page; its "*** in database main ***" heading is dropped.
        assert!(message.contains("page"), "{message}");
        assert!(!message.contains("***") && !message.contains('\n'), "{message}");
    }

    #[test]
    fn whole_pages_of_garbage_are_refused() {
        refused_at_open_after_a_crash(0, 8192);
    }

    /// Damage in a log that was closed cleanly (a failing disk while the till was off) is found
    /// by the check in the background: the till opens at once, then takes no new sale.
    #[test]
    fn damage_in_a_cleanly_closed_log_stops_new_sales_once_the_background_check_finds_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = real_log(dir.path());
        damage(&path, 2048, 64);

        let mut ledger =
            Ledger::open(&path).expect("a cleanly closed log opens without waiting for the check");
        ledger.check_integrity_in_background();
        assert_damaged(&ledger.wait_for_integrity_check().unwrap_err(), &path);
        let err = ledger.insert_sale(&new_sale_at("ST-damage-new", 1)).unwrap_err();
        assert_damaged(&err, &path);
        // Another connection of this process (the manager's window) is refused too.
        assert_damaged(&Ledger::open(&path).unwrap_err(), &path);
        drop(ledger);

        // The next start refuses it at once, and says so beside the file for whoever restores it.
        let note = std::fs::read_to_string(dir.path().join("sales.sqlite3.damaged")).unwrap();
        assert!(note.contains("restore it from a backup"), "{note}");
        assert_damaged(&Ledger::open(&path).unwrap_err(), &path);
    }

    /// A process that quits without closing the log (the app) checkpoints it first: that empties
    /// the `-wal`, and an empty `-wal` counts as a clean close, so damage is left to the
    /// background check rather than to a 7.5 s check before the till opens.
    #[test]
    fn a_checkpointed_log_counts_as_closed_cleanly_even_with_its_wal_left() {
        let dir = tempfile::tempdir().unwrap();
        let path = real_log(dir.path());
        let wal = dir.path().join("sales.sqlite3-wal");
        {
            let mut ledger = Ledger::open(&path).unwrap();
            ledger.insert_sale(&new_sale_at("ST-damage-left", 1)).unwrap();
            assert!(std::fs::metadata(&wal).unwrap().len() > 0, "the sale is in the WAL");
            ledger.checkpoint().unwrap();
            assert_eq!(std::fs::metadata(&wal).unwrap().len(), 0, "the checkpoint emptied the WAL");
        }
        // What a quit without closing leaves: the emptied WAL beside the file.
        std::fs::write(&wal, b"").unwrap();
        assert_eq!(file_check::check_at_open(&path).0, file_check::CheckAtOpen::InBackground);
        std::fs::write(&wal, b"frames a crash left behind").unwrap();
        assert_eq!(file_check::check_at_open(&path).0, file_check::CheckAtOpen::Now);
    }

    #[test]
    fn a_restored_log_opens_again_and_loses_its_damage_note() {
        let dir = tempfile::tempdir().unwrap();
        let path = real_log(dir.path());
        let sound = std::fs::read(&path).unwrap();
        damage(&path, 0, 8192);
        std::fs::write(dir.path().join("sales.sqlite3-wal"), b"frames a crash left behind").unwrap();
        assert_damaged(&Ledger::open(&path).unwrap_err(), &path);
        assert!(dir.path().join("sales.sqlite3.damaged").exists());

        std::fs::write(&path, sound).unwrap();
        let ledger = Ledger::open(&path).unwrap();
        assert!(ledger.sale("ST-damage-0299").unwrap().is_some());
        assert!(!dir.path().join("sales.sqlite3.damaged").exists());
    }

    #[test]
    fn a_cleanly_closed_sound_log_passes_its_background_check_and_takes_sales() {
        let dir = tempfile::tempdir().unwrap();
        let path = real_log(dir.path());
        let mut ledger = Ledger::open(&path).unwrap();
        ledger.check_integrity_in_background();
        ledger.wait_for_integrity_check().unwrap();
        ledger.insert_sale(&new_sale_at("ST-damage-new", 1)).unwrap();
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused_and_left_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sales.sqlite3");
        let text = b"Date,Amount\n2025-06-01,12.50\n".repeat(200);
        std::fs::write(&path, &text).unwrap();

        let err = Ledger::open(&path).unwrap_err();
        assert_damaged(&err, &path);
        assert!(err.to_string().contains("not a database"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), text);
    }
}
