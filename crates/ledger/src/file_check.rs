//! When the full integrity check of a sales log runs: before the first write when the last run
//! may have left the file half-written, otherwise in the background so a big log (7.5 s for a
//! million sales) does not hold up the till's start.
//!
//! SQLite deletes the `-wal` file when the last connection closes cleanly, and a truncating
//! checkpoint empties it. A non-empty `-wal` found before this process opens the log therefore
//! means a crash (or power loss) of the last run, or another program (the CLI, the app) using the
//! log right now: either way the check runs first.
//! A log found closed cleanly is checked in the background when the program that opened it asks
//! (the till does; a short CLI export does not need to), a few seconds later so that it does not
//! compete with the till's windows as they open, or at once when someone waits for the verdict;
//! if the check finds damage, new sales are refused from then on. A file this process has open
//! already (the till and the manager's window share one log) is not checked again while it stays
//! open. Damage found leaves a note beside the file (`sales.sqlite3.damaged`), so every later open
//! checks first and refuses it until the file passes again (restored from a backup).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::{integrity, LedgerError};

/// What [`Ledger::open`](crate::Ledger::open) does about the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CheckAtOpen {
    /// Before anything writes: the last run did not close the log cleanly, or it is in use.
    Now,
    /// The log was closed cleanly: the check can wait, and run in the background.
    InBackground,
    /// A new file, or one this process has open already.
    NotNeeded,
}

/// Decides before the connection touches the file (reading a WAL log creates its `-wal`). For a
/// file this process has open already, also gives that file's check, held from here on: pass it
/// to [`register`]. (Looked up again there, it could be gone in between — its last holder, a
/// background check's thread, just ending — and the file would pass as sound unchecked.)
pub(crate) fn check_at_open(path: &Path) -> (CheckAtOpen, Option<Arc<FileCheck>>) {
    if let Some(open) = open_check(&mut checks(), path) {
        return (CheckAtOpen::NotNeeded, Some(open));
    }
    let size = std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
    if size == 0 {
        return (CheckAtOpen::NotNeeded, None);
    }
    // An empty `-wal` is what a truncating checkpoint leaves (`Ledger::checkpoint`, as the app
    // quits): every committed page is in the main file.
    let wal_len = std::fs::metadata(sibling(path, "-wal")).map(|meta| meta.len()).unwrap_or(0);
    if wal_len > 0 || sibling(path, DAMAGE_NOTE).exists() {
        (CheckAtOpen::Now, None)
    } else {
        (CheckAtOpen::InBackground, None)
    }
}

/// The check before anything writes: Err(Damaged) leaves the note that keeps the file refused;
/// a pass removes an old note (the file was restored).
pub(crate) fn check_now(conn: &Connection, path: &Path) -> Result<(), LedgerError> {
    let verdict = integrity::check(conn, path);
    match &verdict {
        Err(LedgerError::Damaged { detail, .. }) => note_damage(path, detail),
        Ok(()) => {
            let note = sibling(path, DAMAGE_NOTE);
            if note.exists() {
                if let Err(err) = std::fs::remove_file(&note) {
                    tracing::warn!(note = %note.display(), error = %err, "cannot remove the old damage note");
                }
            }
        }
        Err(_) => {}
    }
    verdict
}

/// The check of `path` this process shares between its open connections: `open`, the one
/// [`check_at_open`] found, if it found one; else after `mode`'s check at open has passed (or was
/// not needed), a finished one; for [`CheckAtOpen::InBackground`], one that waits for
/// [`FileCheck::start`].
pub(crate) fn register(path: &Path, mode: CheckAtOpen, open: Option<Arc<FileCheck>>) -> Arc<FileCheck> {
    let mut checks = checks();
    if let Some(check) = open.or_else(|| open_check(&mut checks, path)) {
        return check;
    }
    let check = match mode {
        CheckAtOpen::InBackground => Arc::new(FileCheck::with(CheckState::Deferred)),
        CheckAtOpen::Now | CheckAtOpen::NotNeeded => Arc::new(FileCheck::sound()),
    };
    checks.insert(key(path), Arc::downgrade(&check));
    check
}

/// How long a check asked for in the background waits before it starts, unless someone waits
/// for its verdict first. The till asks as it opens, while its windows are being drawn: reading a
/// million-sale log then, even at the lowest priority, made that start-up 1.08×–1.16× as long as
/// with an empty log (BENCHMARKS.md #6); a few seconds later it costs the shop nothing — sales go
/// on during the check either way.
const START_DELAY: Duration = Duration::from_secs(5);

fn start_in_background(path: &Path, check: &Arc<FileCheck>, delay: Duration) {
    let path = path.to_owned();
    let spawned = std::thread::Builder::new().name("sales-log-check".to_owned()).spawn({
        let check = Arc::clone(check);
        move || {
            check.wait_to_start(delay);
            give_way();
            let started = Instant::now();
            let outcome = match check_file(&path) {
                Ok(()) => CheckState::Sound,
                Err(LedgerError::Damaged { detail, .. }) => {
                    note_damage(&path, &detail);
                    tracing::error!(path = %path.display(), %detail, "the sales log is damaged: new sales are refused");
                    CheckState::Damaged(detail)
                }
                Err(err) => {
                    // Not damage (the disk was busy, the file was moved): nothing to refuse on.
                    tracing::warn!(path = %path.display(), error = %err, "the sales log could not be checked");
                    CheckState::Sound
                }
            };
            tracing::info!(elapsed_ms = started.elapsed().as_millis(), "sales log checked in the background");
            check.finish(outcome);
        }
    });
    if let Err(err) = spawned {
        tracing::warn!(error = %err, "cannot start the background check of the sales log");
        check.finish(CheckState::Sound);
    }
}

/// Puts the calling thread (the background check's) at the lowest CPU priority: it reads the
/// whole log (seconds for a big one), and the cashier's screen must not wait for it. At normal
/// priority, started as the till opened, it made the start-up with a million-sale log on two
/// cores 1.19× as long (BENCHMARKS.md #6). Elsewhere than Linux the check keeps the normal
/// priority.
fn give_way() {
    #[cfg(target_os = "linux")]
    {
        // On Linux, a thread id names that thread alone.
        let this_thread = Some(rustix::thread::gettid());
        if let Err(err) = rustix::process::setpriority_process(this_thread, 19) {
            tracing::debug!(error = %err, "the background check runs at normal priority");
        }
    }
}

/// The full check on a connection of its own. Only reads.
fn check_file(path: &Path) -> Result<(), LedgerError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(crate::ledger::BUSY_TIMEOUT)?;
    integrity::check(&conn, path)
}

#[derive(Debug)]
enum CheckState {
    /// The log was closed cleanly; nobody has asked for the check yet.
    Deferred,
    /// Asked for: its thread waits out [`START_DELAY`] (or until someone waits for the verdict).
    Scheduled,
    Running,
    Sound,
    Damaged(String),
}

/// One file's check, shared by every connection of this process to it.
#[derive(Debug)]
pub(crate) struct FileCheck {
    state: Mutex<CheckState>,
    finished: Condvar,
}

impl FileCheck {
    fn with(state: CheckState) -> Self {
        Self { state: Mutex::new(state), finished: Condvar::new() }
    }

    pub(crate) fn sound() -> Self {
        Self::with(CheckState::Sound)
    }

    /// Starts a deferred check on its own thread and connection after [`START_DELAY`]; a check
    /// that is scheduled, runs or ran already is left alone.
    pub(crate) fn start(self: &Arc<Self>, path: &Path) {
        self.start_after(path, START_DELAY);
    }

    fn start_after(self: &Arc<Self>, path: &Path, delay: Duration) {
        {
            let mut state = lock(&self.state);
            if !matches!(*state, CheckState::Deferred) {
                return;
            }
            *state = CheckState::Scheduled;
        }
        start_in_background(path, self, delay);
    }

    /// On the check's thread: returns once `delay` has passed or someone waits for the verdict.
    fn wait_to_start(&self, delay: Duration) {
        let deadline = Instant::now() + delay;
        let mut state = lock(&self.state);
        while matches!(*state, CheckState::Scheduled) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                *state = CheckState::Running;
                break;
            }
            state = self.finished.wait_timeout(state, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// Err(Damaged) once the check has found damage in `path`; Ok while it runs or waits.
    pub(crate) fn refuse_if_damaged(&self, path: &Path) -> Result<(), LedgerError> {
        match &*lock(&self.state) {
            CheckState::Damaged(detail) => {
                Err(LedgerError::Damaged { path: path.to_owned(), detail: detail.clone() })
            }
            _ => Ok(()),
        }
    }

    /// Waits for a scheduled or running check to finish (starting a scheduled one at once) and
    /// gives its result (Ok for one never asked for).
    pub(crate) fn wait(&self, path: &Path) -> Result<(), LedgerError> {
        let mut state = lock(&self.state);
        if matches!(*state, CheckState::Scheduled) {
            *state = CheckState::Running;
            self.finished.notify_all();
        }
        while matches!(*state, CheckState::Running) {
            state = self.finished.wait(state).unwrap_or_else(PoisonError::into_inner);
        }
        drop(state);
        self.refuse_if_damaged(path)
    }

    fn finish(&self, outcome: CheckState) {
        *lock(&self.state) = outcome;
        self.finished.notify_all();
    }
}

/// Beside the sales log: what a check found, for the next start and for whoever restores it.
const DAMAGE_NOTE: &str = ".damaged";

fn note_damage(path: &Path, detail: &str) {
    let note = sibling(path, DAMAGE_NOTE);
    let text = format!(
        "{} was found damaged by SQLite's integrity check at {}: {detail}\n\
         StableTill refuses new sales into it until it passes the check again: restore it from a \
         backup (the *.backup files beside it, or your own), then start StableTill.\n",
        path.display(),
        jiff::Timestamp::now(),
    );
    if let Err(err) = std::fs::write(&note, text) {
        tracing::warn!(note = %note.display(), error = %err, "cannot write the damage note");
    }
}

/// `sales.sqlite3` + `suffix`, in the same folder.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// One entry per file, however it was named.
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// The check of the connections this process has open to `path`, if any. Forgets files that are
/// closed: the next open decides afresh.
fn open_check(checks: &mut Checks, path: &Path) -> Option<Arc<FileCheck>> {
    checks.retain(|_, check| check.strong_count() > 0);
    checks.get(&key(path)).and_then(Weak::upgrade)
}

/// Held by the connections (`Ledger`), not by the map.
type Checks = HashMap<PathBuf, Weak<FileCheck>>;

fn checks() -> MutexGuard<'static, Checks> {
    static CHECKS: OnceLock<Mutex<Checks>> = OnceLock::new();
    lock(CHECKS.get_or_init(Mutex::default))
}

/// A check that panicked leaves its verdict as it was; the map itself is always consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod check_tests {
    use super::*;

    /// A sound sales log of one table, and its check as a cleanly closed log gets it.
    fn scheduled_check(dir: &Path) -> (PathBuf, Arc<FileCheck>) {
        let path = dir.join("sales.sqlite3");
        Connection::open(&path).and_then(|conn| conn.execute_batch("CREATE TABLE t (x);")).expect("a log");
        (path, Arc::new(FileCheck::with(CheckState::Deferred)))
    }

    #[test]
    fn a_check_asked_for_in_the_background_waits_before_it_starts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, check) = scheduled_check(dir.path());
        check.start_after(&path, Duration::from_secs(3600));
        // A tiny log is checked in milliseconds: had it started, it would be over.
        std::thread::sleep(Duration::from_millis(200));
        assert!(matches!(*lock(&check.state), CheckState::Scheduled), "{:?}", check.state);
    }

    #[test]
    fn a_file_found_open_keeps_its_verdict_even_if_its_last_other_holder_is_gone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sales.sqlite3");
        let damaged = Arc::new(FileCheck::with(CheckState::Damaged("page 2".into())));
        checks().insert(key(&path), Arc::downgrade(&damaged));
        let (mode, open) = check_at_open(&path);
        assert_eq!(mode, CheckAtOpen::NotNeeded, "the file is open in this process");
        // The connection that held it closes (or the check's thread ends) before the new one
        // registers: the verdict found stays.
        drop(damaged);
        let check = register(&path, mode, open);
        assert!(check.refuse_if_damaged(&path).is_err(), "{:?}", check.state);
    }

    #[test]
    fn waiting_for_the_verdict_starts_a_scheduled_check_at_once() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (path, check) = scheduled_check(dir.path());
        check.start_after(&path, Duration::from_secs(3600));
        check.wait(&path).expect("a sound log passes");
        assert!(matches!(*lock(&check.state), CheckState::Sound), "{:?}", check.state);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::give_way;

    #[test]
    fn the_check_thread_gives_way_and_the_others_keep_their_priority() {
        let own = rustix::process::getpriority_process(None).expect("this thread's priority");
        let lowered = std::thread::spawn(|| {
            give_way();
            rustix::process::getpriority_process(Some(rustix::thread::gettid())).expect("its priority")
        })
        .join()
        .expect("the thread ran");
        assert_eq!(lowered, 19, "the check runs at the lowest CPU priority");
        let after = rustix::process::getpriority_process(None).expect("this thread's priority");
        assert_eq!(after, own, "only the check's own thread was lowered");
    }
}
