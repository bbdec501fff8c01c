//! The manager's side of the till: settings, the API secret, the manager PIN, the daily close,
//! exports and voids. Each action needs a [`ManagerPass`] (the manager PIN typed a moment ago)
//! and writes a line to the audit log: who, what, when. The app's manager screens and the CLI
//! both go through here, so the rules and the record are the same for both.

use std::sync::Mutex;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use stabletill_gateway::ApiSecret;
use stabletill_ledger::{AuditEntry, AuditFilter, Ledger, SaleState, StatusUpdate};

mod signing_key;
pub use signing_key::public_key_pem;

use crate::cashiers::{add_cashier, remove_cashier};
use crate::export::{export_sales, ExportOutcome, ExportRequest};
use crate::pin::Pin;
use crate::sales_query::sales_on_day;
use crate::till::lock;
use crate::{
    ConfigKey, PinGuard, PinStatus, SaleView, SecretStore, TillConfig, TillError, TillHome, ZReport,
};

/// How long an unlock lasts before the PIN is asked for again: long enough for a close and an
/// export, short enough that a till left on the manager screens locks itself.
pub const UNLOCK_LIFETIME: SignedDuration = SignedDuration::from_mins(10);
/// Whose name the audit log records for the computer's owner at a terminal.
pub const CLI_ACTOR: &str = "cli";
const MANAGER_ACTOR: &str = "manager";
const LONGEST_REASON: usize = 200;

/// What the audit log records a manager action as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    Unlock,
    WrongPin,
    PinSet,
    SettingChanged,
    SecretSet,
    SecretCleared,
    Report,
    Export,
    Void,
    CashierAdded,
    CashierRemoved,
    CashierSignIn,
    CashierSignOut,
    WrongCashierPin,
    SigningKeySet,
}

impl AuditAction {
    /// The word stored in the audit log. These are in the database: never change one.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Unlock => "unlock",
            Self::WrongPin => "wrong_pin",
            Self::PinSet => "pin_set",
            Self::SettingChanged => "setting_changed",
            Self::SecretSet => "secret_set",
            Self::SecretCleared => "secret_cleared",
            Self::Report => "report",
            Self::Export => "export",
            Self::Void => "void",
            Self::CashierAdded => "cashier_added",
            Self::CashierRemoved => "cashier_removed",
            Self::CashierSignIn => "sign_in",
            Self::CashierSignOut => "sign_out",
            Self::WrongCashierPin => "wrong_cashier_pin",
            Self::SigningKeySet => "signing_key_set",
        }
    }
}

/// Proof that the manager PIN was typed (or that the owner is at a terminal), and whose name
/// goes into the audit log. Only [`BackOffice::unlock`] and [`ManagerPass::cli`] make one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerPass {
    actor: String,
    expires_at: Option<Timestamp>,
}

impl ManagerPass {
    /// The computer's owner running the `stabletill` CLI. It asks for no PIN: whoever can run it
    /// as this user can read and edit the data directory (settings, sales log) directly anyway,
    /// so a PIN would only pretend to protect. Its actions are still recorded, as "cli". The app
    /// must never use this.
    pub fn cli() -> Self {
        Self { actor: CLI_ACTOR.to_owned(), expires_at: None }
    }

    /// The name the audit log records.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    /// When the PIN is asked for again; `None` for the CLI.
    pub fn expires_at(&self) -> Option<Timestamp> {
        self.expires_at
    }
}

/// One till's manager functions over its data directory. Holds its own connection to the sales
/// log (the till's own keeps taking sales meanwhile) and the PIN guard; share one per process.
#[derive(Debug)]
pub struct BackOffice {
    home: TillHome,
    ledger: Mutex<Ledger>,
    pin: PinGuard,
}

impl BackOffice {
    /// Opens the sales log in `home` (creating it if needed). Blocking: call it off the async
    /// runtime, like every method here.
    pub fn open(home: &TillHome) -> Result<Self, TillError> {
        // The settings file too, so reports name the till by the id it keeps.
        TillConfig::load_or_create(home)?;
        let ledger = Ledger::open(&home.sales_log())?;
        Ok(Self { home: home.clone(), ledger: Mutex::new(ledger), pin: PinGuard::new(home) })
    }

    /// Whether a PIN is set and whether the screens are locked, for the unlock screen.
    pub fn pin_status(&self) -> Result<PinStatus, TillError> {
        self.pin.status()
    }

    /// Checks the manager PIN and opens the manager functions for [`UNLOCK_LIFETIME`], recorded
    /// as "manager". A wrong PIN is recorded too, and counts towards the lockout.
    pub fn unlock(&self, pin: &str) -> Result<ManagerPass, TillError> {
        self.unlock_as(pin, MANAGER_ACTOR)
    }

    /// [`BackOffice::unlock`] recorded under a person's name (e.g. the shift manager signed in
    /// at the till) instead of "manager".
    pub fn unlock_as(&self, pin: &str, name: &str) -> Result<ManagerPass, TillError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 80 {
            return Err(TillError::InvalidSetting("a name for the audit log is 1 to 80 characters".into()));
        }
        match self.pin.verify(pin) {
            Ok(()) => {
                let pass = ManagerPass {
                    actor: name.to_owned(),
                    expires_at: Timestamp::now().checked_add(UNLOCK_LIFETIME).ok(),
                };
                self.record(&pass, AuditAction::Unlock, "manager functions unlocked")?;
                Ok(pass)
            }
            Err(err @ (TillError::WrongPin { .. } | TillError::PinLocked { .. })) => {
                let detail = format!("as {name}: {err}");
                lock(&self.ledger).record_audit("unknown", AuditAction::WrongPin.as_str(), &detail)?;
                Err(err)
            }
            Err(err) => Err(err),
        }
    }

    /// Sets the first manager PIN, during setup. Refused once a PIN is set: changing it then
    /// needs the current one ([`BackOffice::change_pin`]).
    pub fn set_first_pin(&self, new_pin: &str) -> Result<(), TillError> {
        self.pin.set_first_pin(&Pin::new(new_pin)?)?;
        lock(&self.ledger).record_audit("setup", AuditAction::PinSet.as_str(), "first manager PIN set")?;
        Ok(())
    }

    /// Replaces the manager PIN (4–12 digits) and clears the wrong-PIN count.
    pub fn change_pin(&self, pass: &ManagerPass, new_pin: &str) -> Result<(), TillError> {
        self.check(pass)?;
        self.pin.replace_pin(&Pin::new(new_pin)?)?;
        self.record(pass, AuditAction::PinSet, "manager PIN changed")
    }

    /// Changes one setting (checked; a bad value changes nothing) and records old and new value.
    pub fn change_setting(
        &self,
        pass: &ManagerPass,
        key: ConfigKey,
        value: &str,
    ) -> Result<TillConfig, TillError> {
        self.check(pass)?;
        let before = TillConfig::load(&self.home)?.value_text(key);
        let config = TillConfig::set(&self.home, key, value)?;
        let detail = format!("{}: {before:?} -> {:?}", key.as_str(), config.value_text(key));
        self.record(pass, AuditAction::SettingChanged, &detail)?;
        Ok(config)
    }

    /// Stores (or replaces) the API secret in `secrets`. The audit log says that it changed,
    /// never what it is.
    pub fn set_secret(
        &self,
        pass: &ManagerPass,
        secrets: &SecretStore,
        secret: &ApiSecret,
    ) -> Result<(), TillError> {
        self.check(pass)?;
        let replaced = secrets.is_set()?;
        secrets.set(secret)?;
        let detail = if replaced { "API secret replaced" } else { "API secret stored" };
        self.record(pass, AuditAction::SecretSet, detail)
    }

    /// Removes the API secret; returns whether one was stored.
    pub fn clear_secret(&self, pass: &ManagerPass, secrets: &SecretStore) -> Result<bool, TillError> {
        self.check(pass)?;
        let removed = secrets.clear()?;
        let detail = if removed { "API secret removed" } else { "no API secret was stored" };
        self.record(pass, AuditAction::SecretCleared, detail)?;
        Ok(removed)
    }

    /// The daily close of business `day`.
    pub fn day_report(&self, pass: &ManagerPass, day: Date) -> Result<ZReport, TillError> {
        self.check(pass)?;
        let config = TillConfig::load(&self.home)?;
        let report = ZReport::build(&lock(&self.ledger), &config, day)?;
        self.record(pass, AuditAction::Report, &format!("day {day}: {} sales", report.report.count))?;
        Ok(report)
    }

    /// Exports business days to a CSV or XLSX file, written atomically.
    pub fn export_sales(
        &self,
        pass: &ManagerPass,
        request: &ExportRequest,
    ) -> Result<ExportOutcome, TillError> {
        self.check(pass)?;
        let calendar = TillConfig::load(&self.home)?.calendar();
        let outcome = export_sales(&lock(&self.ledger), &calendar, request)?;
        let detail = format!(
            "{} {}..{}: {} sales to {}",
            request.format.as_str(),
            request.first_day,
            request.last_day,
            outcome.rows,
            outcome.path.display()
        );
        self.record(pass, AuditAction::Export, &detail)?;
        Ok(outcome)
    }

    /// Voids a finished sale (paid, failed or expired), e.g. when the goods came back and the
    /// money was returned outside the till. A sale still open is cancelled instead: it may yet
    /// be paid, and a void would hide that payment.
    pub fn void_sale(
        &self,
        pass: &ManagerPass,
        merchant_order_id: &str,
        reason: &str,
    ) -> Result<SaleView, TillError> {
        self.check(pass)?;
        let reason = reason.trim();
        if reason.is_empty() || reason.chars().count() > LONGEST_REASON {
            return Err(TillError::InvalidSetting(format!(
                "say why the sale is voided (1 to {LONGEST_REASON} characters)"
            )));
        }
        let mut ledger = lock(&self.ledger);
        let sale = ledger
            .sale(merchant_order_id)?
            .ok_or_else(|| TillError::NotFound(format!("no sale {merchant_order_id} in the sales log")))?;
        if !matches!(sale.state, SaleState::Paid | SaleState::Failed | SaleState::Expired) {
            return Err(TillError::NotAvailable(format!(
                "sale {merchant_order_id} is {}: only a paid, failed or expired sale can be voided",
                sale.state.as_str()
            )));
        }
        let update = StatusUpdate {
            state: SaleState::Void,
            raw_status: None,
            crypto_paid_amount: None,
            at: Timestamp::now(),
            source: "manager".to_owned(),
            note: Some(reason.to_owned()),
            exceptions: Vec::new(),
        };
        let record = ledger.record_status(merchant_order_id, &update)?.unwrap_or(sale);
        let detail = format!("{merchant_order_id} ({} {}): {reason}", record.order_amount, record.currency);
        ledger.record_audit(pass.actor(), AuditAction::Void.as_str(), &detail)?;
        Ok(SaleView::from(&record))
    }

    /// The cashiers who may sign in at the counter, by name. Their PINs never leave the till.
    pub fn cashiers(&self, pass: &ManagerPass) -> Result<Vec<String>, TillError> {
        self.check(pass)?;
        Ok(TillConfig::load(&self.home)?.cashiers.into_iter().map(|cashier| cashier.name).collect())
    }

    /// Adds a cashier with their PIN (4–8 digits, stored as its argon2id hash); returns the names.
    pub fn add_cashier(&self, pass: &ManagerPass, name: &str, pin: &str) -> Result<Vec<String>, TillError> {
        self.check(pass)?;
        let names = add_cashier(&self.home, name, pin)?;
        let added = names.last().cloned().unwrap_or_default();
        self.record(pass, AuditAction::CashierAdded, &format!("cashier {added} added"))?;
        Ok(names)
    }

    /// Removes a cashier (they are signed out at the counter); returns the names left.
    pub fn remove_cashier(&self, pass: &ManagerPass, name: &str) -> Result<Vec<String>, TillError> {
        self.check(pass)?;
        let (removed, names) = remove_cashier(&self.home, name)?;
        self.record(pass, AuditAction::CashierRemoved, &format!("cashier {removed} removed"))?;
        Ok(names)
    }

    /// The sales of business `day`, newest first, for picking one to void. Reading them is not
    /// itself recorded.
    pub fn day_sales(&self, pass: &ManagerPass, day: Date) -> Result<Vec<SaleView>, TillError> {
        self.check(pass)?;
        let calendar = TillConfig::load(&self.home)?.calendar();
        sales_on_day(&lock(&self.ledger), &calendar, Some(day))
    }

    /// The audit log, newest first. Reading it is not itself recorded.
    pub fn audit_log(&self, pass: &ManagerPass, filter: &AuditFilter) -> Result<Vec<AuditEntry>, TillError> {
        self.check(pass)?;
        Ok(lock(&self.ledger).audit_entries(filter)?)
    }

    fn check(&self, pass: &ManagerPass) -> Result<(), TillError> {
        match pass.expires_at {
            Some(expires) if expires <= Timestamp::now() => Err(TillError::PinRequired(
                "the manager functions locked again: type the manager PIN".to_owned(),
            )),
            _ => Ok(()),
        }
    }

    /// Appends the audit line for an action that has just been done.
    fn record(&self, pass: &ManagerPass, action: AuditAction, detail: &str) -> Result<(), TillError> {
        lock(&self.ledger).record_audit(pass.actor(), action.as_str(), detail).map_err(|e| {
            TillError::Storage(format!(
                "{} was done but could not be written to the audit log: {e}",
                action.as_str()
            ))
        })?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
