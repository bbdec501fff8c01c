//! One writer per data directory: an exclusive lock on `<home>/stabletill.lock`, held for as long
//! as the [`HomeLock`] lives. The app holds it while it runs, `stabletill charge` and `sync` while
//! they run, so two processes never poll and write one sales log. Readers (listings, reports,
//! exports, `doctor`) take no lock. Two different homes (two tills, or demo beside real) never
//! meet.
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows): it goes with the
//! process, so a crash or a kill never leaves a stale lock behind. The file itself stays, with the
//! process id of the last holder in it, for the error message.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use fs4::fs_std::FileExt;

use crate::{TillError, TillHome};

/// Proof that this process is the one writer of a data directory; dropping it lets go.
#[derive(Debug)]
pub struct HomeLock {
    file: File,
    path: PathBuf,
}

impl HomeLock {
    /// Takes the data directory's lock, creating the directory if needed. Another holder (in
    /// this process or another) makes this fail at once with `not_available`, naming the
    /// directory and, when it can, the holder's process id: it never waits.
    pub fn acquire(home: &TillHome) -> Result<Self, TillError> {
        home.ensure_exists()?;
        let path = home.lock_file();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| TillError::Storage(format!("cannot open {}: {e}", path.display())))?;
        let locked = file
            .try_lock_exclusive()
            .map_err(|e| TillError::Storage(format!("cannot lock {}: {e}", path.display())))?;
        if !locked {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            return Err(in_use(home, holder.trim()));
        }
        // The holder's pid, for the message a second process shows; not needed for the lock.
        let _ = file
            .set_len(0)
            .and_then(|()| file.seek(SeekFrom::Start(0)))
            .and_then(|_| writeln!(file, "{}", std::process::id()));
        Ok(Self { file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
}

impl Drop for HomeLock {
    fn drop(&mut self) {
        // Closing the file releases the lock as well; unlocking first makes it immediate.
        let _ = FileExt::unlock(&self.file);
    }
}

fn in_use(home: &TillHome, holder: &str) -> TillError {
    let by = if holder.chars().all(|c| c.is_ascii_digit()) && !holder.is_empty() {
        format!(" (process {holder})")
    } else {
        String::new()
    };
    TillError::NotAvailable(format!(
        "the till in {} is already open in another StableTill{by}: the app or a `stabletill charge`/`sync`. \
         Use that one, or close it first; a second till needs its own data directory (--home)",
        home.root().display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn a_second_lock_on_the_same_home_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = TillHome::at(&dir.path().join("till"));
        let first = HomeLock::acquire(&home).expect("the first lock");
        assert!(first.path().ends_with("stabletill.lock"));

        let error = HomeLock::acquire(&home).expect_err("a second lock on the same home");
        assert_eq!(error.code(), ErrorCode::NotAvailable);
        let message = error.to_string();
        assert!(message.contains(&home.root().display().to_string()), "{message}");
        assert!(message.contains(&format!("process {}", std::process::id())), "{message}");

        drop(first);
        HomeLock::acquire(&home).expect("free again once the first is dropped");
    }

    #[test]
    fn different_homes_and_demo_beside_real_lock_independently() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = TillHome::at(dir.path());
        let other = TillHome::at(&dir.path().join("second-till"));
        let _real = HomeLock::acquire(&real).expect("the real till");
        let _demo = HomeLock::acquire(&real.demo()).expect("demo beside the real till");
        let _other = HomeLock::acquire(&other).expect("a second till with its own home");
    }
}
