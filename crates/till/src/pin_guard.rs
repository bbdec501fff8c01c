//! Checking a PIN, with a lockout that grows: after 5 wrong PINs in a row the manager screens
//! (or, for the cashiers' PINs, the counter's sign-in) lock for 30 s, then each further wrong PIN
//! locks them twice as long (1 min, 2 min, …) up to 15 min. A 4-digit PIN then takes months to
//! guess at the counter. The count and the lock are kept in a small file in the data directory,
//! so restarting the app does not reset them; a right PIN does. The manager PIN and the cashiers'
//! PINs keep separate counts: a cashier's typos never lock the manager out.
//!
//! The guard keeps a cashier at the screen out, not the computer's owner: whoever can edit files
//! in the data directory can also edit the settings file that holds the PIN's hash.

use std::path::PathBuf;
use std::sync::Mutex;

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use crate::atomic_file::write_text_atomically;
use crate::pin::{Pin, PinHash};
use crate::till::lock;
use crate::{TillConfig, TillError, TillHome};

/// Wrong PINs in a row before the first lockout.
pub const ATTEMPTS_BEFORE_LOCKOUT: u32 = 5;
const FIRST_LOCKOUT: SignedDuration = SignedDuration::from_secs(30);
const LONGEST_LOCKOUT: SignedDuration = SignedDuration::from_mins(15);

/// The wrong-PIN count as kept on disk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Attempts {
    failed_attempts: u32,
    locked_until: Option<Timestamp>,
}

/// Where the PIN stands, for the unlock screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PinStatus {
    /// Whether a manager PIN has been set at all.
    pub is_set: bool,
    /// Wrong PINs since the last right one.
    pub failed_attempts: u32,
    /// Wrong PINs left before the screens lock (0 while locked or past the first lockout).
    pub attempts_left: u32,
    /// Until when the screens are locked, if they are now.
    pub locked_until: Option<Timestamp>,
}

/// Which PINs a guard counts the wrong tries of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Guarded {
    /// The manager PIN, for the manager screens.
    Manager,
    /// The cashiers' PINs, for signing in at the counter: one count for all of them, so trying
    /// every name in turn gains nothing.
    CashierSignIn,
}

/// The PIN check of one till (one data directory). Share one per process: it also serialises
/// checks, so two wrong PINs typed at once are both counted.
#[derive(Debug)]
pub struct PinGuard {
    home: TillHome,
    guarded: Guarded,
    checking: Mutex<()>,
}

impl PinGuard {
    /// The manager PIN's guard.
    pub fn new(home: &TillHome) -> Self {
        Self { home: home.clone(), guarded: Guarded::Manager, checking: Mutex::new(()) }
    }

    /// The guard of the cashiers' sign-in, with its own wrong-PIN count.
    pub(crate) fn for_cashiers(home: &TillHome) -> Self {
        Self { home: home.clone(), guarded: Guarded::CashierSignIn, checking: Mutex::new(()) }
    }

    /// Ok if `pin` is the manager PIN. Otherwise WrongPin (with the tries left), PinLocked (too
    /// many wrong PINs; the PIN is not even checked until the lock ends), PinRequired (nothing
    /// typed), or NotConfigured (no PIN has been set). Slow by design (argon2): call it off the
    /// async runtime.
    pub fn verify(&self, pin: &str) -> Result<(), TillError> {
        self.verify_at(pin, Timestamp::now())
    }

    pub(crate) fn verify_at(&self, pin: &str, now: Timestamp) -> Result<(), TillError> {
        let _one_at_a_time = lock(&self.checking);
        let hash = self.stored_hash()?;
        self.check(pin, Some(&hash), now)
    }

    /// Ok if `pin` matches `hash`, counted like [`PinGuard::verify`]; no hash (a cashier name
    /// that is not on the list) is a wrong PIN like any other.
    pub(crate) fn verify_against(
        &self,
        pin: &str,
        hash: Option<&PinHash>,
        now: Timestamp,
    ) -> Result<(), TillError> {
        let _one_at_a_time = lock(&self.checking);
        self.check(pin, hash, now)
    }

    /// The check itself; the caller holds `checking`.
    fn check(&self, pin: &str, hash: Option<&PinHash>, now: Timestamp) -> Result<(), TillError> {
        let mut attempts = self.load()?;
        if let Some(until) = attempts.locked_until.filter(|until| *until > now) {
            return Err(self.locked(until, now));
        }
        if pin.trim().is_empty() {
            let what = match self.guarded {
                Guarded::Manager => "type the manager PIN",
                Guarded::CashierSignIn => "type your PIN",
            };
            return Err(TillError::PinRequired(what.to_owned()));
        }
        if hash.is_some_and(|hash| hash.matches(pin)) {
            if attempts != Attempts::default() {
                self.save(&Attempts::default())?;
            }
            return Ok(());
        }
        attempts.failed_attempts = attempts.failed_attempts.saturating_add(1);
        attempts.locked_until = lockout(attempts.failed_attempts).and_then(|wait| now.checked_add(wait).ok());
        self.save(&attempts)?;
        tracing::warn!(failed_attempts = attempts.failed_attempts, guarded = ?self.guarded, "a wrong PIN was typed");
        let attempts_left = ATTEMPTS_BEFORE_LOCKOUT.saturating_sub(attempts.failed_attempts);
        match (attempts.locked_until, self.guarded) {
            (Some(until), _) => Err(self.locked(until, now)),
            (None, Guarded::Manager) => Err(TillError::WrongPin { attempts_left }),
            (None, Guarded::CashierSignIn) => Err(TillError::WrongCashierPin { attempts_left }),
        }
    }

    fn locked(&self, until: Timestamp, now: Timestamp) -> TillError {
        let (until, wait_seconds) = wait(until, now);
        match self.guarded {
            Guarded::Manager => TillError::PinLocked { until, wait_seconds },
            Guarded::CashierSignIn => TillError::SignInLocked { until, wait_seconds },
        }
    }

    /// Whether a PIN is set, how many wrong ones were typed, and whether the screens are locked.
    pub fn status(&self) -> Result<PinStatus, TillError> {
        self.status_at(Timestamp::now())
    }

    pub(crate) fn status_at(&self, now: Timestamp) -> Result<PinStatus, TillError> {
        let config = TillConfig::load(&self.home)?;
        let is_set = match self.guarded {
            Guarded::Manager => config.manager_pin.is_some(),
            Guarded::CashierSignIn => !config.cashiers.is_empty(),
        };
        let attempts = self.load()?;
        let locked_until = attempts.locked_until.filter(|until| *until > now);
        let attempts_left = match locked_until {
            Some(_) => 0,
            None => ATTEMPTS_BEFORE_LOCKOUT.saturating_sub(attempts.failed_attempts),
        };
        Ok(PinStatus { is_set, failed_attempts: attempts.failed_attempts, attempts_left, locked_until })
    }

    /// Stores a new PIN (as its hash) and clears the wrong-PIN count. Whether the caller may do
    /// this is the caller's to check.
    pub(crate) fn replace_pin(&self, pin: &Pin) -> Result<(), TillError> {
        let _one_at_a_time = lock(&self.checking);
        self.store(pin)
    }

    /// Stores the first PIN; refused (PinRequired) once one is set. Checked and stored under one
    /// lock, so two setups racing cannot both set "the first" PIN.
    pub(crate) fn set_first_pin(&self, pin: &Pin) -> Result<(), TillError> {
        let _one_at_a_time = lock(&self.checking);
        if TillConfig::load(&self.home)?.manager_pin.is_some() {
            return Err(TillError::PinRequired(
                "a manager PIN is already set: unlock with it to change it".into(),
            ));
        }
        self.store(pin)
    }

    fn store(&self, pin: &Pin) -> Result<(), TillError> {
        TillConfig::set_manager_pin(&self.home, PinHash::of(pin)?)?;
        self.save(&Attempts::default())
    }

    fn stored_hash(&self) -> Result<PinHash, TillError> {
        TillConfig::load(&self.home)?.manager_pin.ok_or_else(|| {
            TillError::NotConfigured(
                "no manager PIN is set: set one in the setup or with `stabletill pin set`".to_owned(),
            )
        })
    }

    fn path(&self) -> PathBuf {
        match self.guarded {
            Guarded::Manager => self.home.pin_attempts_file(),
            Guarded::CashierSignIn => self.home.cashier_pin_attempts_file(),
        }
    }

    fn load(&self) -> Result<Attempts, TillError> {
        let path = self.path();
        match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str(&text).map_err(|e| {
                // Not silently reset: that would hand out five fresh guesses.
                TillError::Storage(format!(
                    "{} cannot be read ({e}); the computer's owner can delete it to clear the wrong-PIN count",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Attempts::default()),
            Err(e) => Err(TillError::Storage(format!("cannot read {}: {e}", path.display()))),
        }
    }

    fn save(&self, attempts: &Attempts) -> Result<(), TillError> {
        self.home.ensure_exists()?;
        let text = toml::to_string(attempts)
            .map_err(|e| TillError::Storage(format!("the wrong-PIN count cannot be written: {e}")))?;
        write_text_atomically(
            &self.path(),
            &format!(
                "# Wrong {} typed in a row at this till.\n{text}",
                match self.guarded {
                    Guarded::Manager => "manager PINs",
                    Guarded::CashierSignIn => "cashier PINs",
                }
            ),
        )
    }
}

/// How long the screens lock after the `failed`-th wrong PIN in a row, if at all.
fn lockout(failed: u32) -> Option<SignedDuration> {
    let beyond_first = failed.checked_sub(ATTEMPTS_BEFORE_LOCKOUT)?;
    // 30 s · 2^n, capped; the shift is capped first so it cannot overflow.
    let factor = 1_i32 << beyond_first.min(16);
    Some(FIRST_LOCKOUT.checked_mul(factor).unwrap_or(LONGEST_LOCKOUT).min(LONGEST_LOCKOUT))
}

/// The lock's end and the whole seconds to wait for it.
fn wait(until: Timestamp, now: Timestamp) -> (Timestamp, u64) {
    // Rounded up: "try again in 0 s" while still locked would be a lie.
    let millis = u128::try_from(until.duration_since(now).as_millis()).unwrap_or(0);
    (until, u64::try_from(millis.div_ceil(1000)).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests;
