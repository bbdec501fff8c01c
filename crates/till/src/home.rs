//! Where a till keeps its files: one data directory shared by the app and the CLI.

use std::path::{Path, PathBuf};

use crate::TillError;

/// The bundle identifier; the app-data directory is named after it, as Tauri names it.
pub const APP_IDENTIFIER: &str = "app.stabletill.till";
/// Overrides the data directory (tests, several tills on one computer).
pub const HOME_ENV: &str = "STABLETILL_HOME";

/// A till's data directory: `config.toml`, the sales log, the wrong-PIN count, `logs/`, and `demo/` for demo
/// mode, whose sales never mix with real ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TillHome {
    root: PathBuf,
}

impl TillHome {
    /// `explicit` (a `--home` flag) wins, then `STABLETILL_HOME`, then the platform's app-data dir.
    pub fn resolve(explicit: Option<&Path>) -> Result<Self, TillError> {
        if let Some(path) = explicit {
            return Ok(Self::at(path));
        }
        if let Some(path) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
            return Ok(Self::at(Path::new(&path)));
        }
        Self::platform_default()
    }

    /// The platform's app-data directory for the bundle identifier, whatever the flags say.
    pub fn platform_default() -> Result<Self, TillError> {
        let data = dirs::data_dir().ok_or_else(|| {
            TillError::NotConfigured(format!(
                "this system has no app-data directory: set {HOME_ENV} to a folder for StableTill's data"
            ))
        })?;
        Ok(Self::at(&data.join(APP_IDENTIFIER)))
    }

    pub fn at(path: &Path) -> Self {
        Self { root: path.to_path_buf() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The separate home that demo mode uses, so demo sales never reach the real sales log.
    pub fn demo(&self) -> Self {
        Self { root: self.root.join("demo") }
    }

    pub fn config_file(&self) -> PathBuf {
        self.root.join("config.toml")
    }

    pub fn sales_log(&self) -> PathBuf {
        self.root.join("sales.sqlite3")
    }

    /// Held by the one process that writes this till (see `HomeLock`).
    pub fn lock_file(&self) -> PathBuf {
        self.root.join("stabletill.lock")
    }

    /// The app's daily log files (`stabletill.YYYY-MM-DD.log`, kept 14 days).
    pub fn logs_dir(&self) -> PathBuf {
        self.root.join("logs")
    }

    /// Where the app remembers its windows' sizes and places (per till, so two tills on one
    /// computer keep their own).
    pub fn window_state_file(&self) -> PathBuf {
        self.root.join("window-state.json")
    }

    /// The count of wrong manager PINs typed in a row, and the lockout it caused.
    pub fn pin_attempts_file(&self) -> PathBuf {
        self.root.join("pin-attempts.toml")
    }

    /// The count of wrong cashier PINs typed in a row at the counter's sign-in.
    pub fn cashier_pin_attempts_file(&self) -> PathBuf {
        self.root.join("cashier-pin-attempts.toml")
    }

    /// Creates the directory if needed (and makes it private to this user on Unix).
    pub fn ensure_exists(&self) -> Result<(), TillError> {
        std::fs::create_dir_all(&self.root)
            .map_err(|e| TillError::Storage(format!("cannot create {}: {e}", self.root.display())))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o700));
        }
        Ok(())
    }

    /// A stable name for this till's keyring entry: the data directory, so two tills on one
    /// computer (two homes) keep separate secrets.
    pub fn keyring_account(&self) -> String {
        let absolute = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        format!("till:{}", absolute.display())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_home_wins_and_demo_is_a_separate_directory() {
        let home = TillHome::resolve(Some(Path::new("/tmp/till-a"))).expect("explicit path");
        assert_eq!(home.root(), Path::new("/tmp/till-a"));
        assert_eq!(home.demo().sales_log(), Path::new("/tmp/till-a/demo/sales.sqlite3"));
        assert_ne!(home.sales_log(), home.demo().sales_log());
    }
}
