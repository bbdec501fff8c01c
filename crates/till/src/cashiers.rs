//! Cashier sign-in: the cashiers the manager added (a name and a 4–8 digit PIN, kept as an
//! argon2id hash in the settings file), and who is signed in at the counter now. With
//! `cashier-sign-in` on, no sale starts until a cashier has signed in, and each sale records
//! the cashier's name; wrong PINs lock the sign-in out like the manager PIN locks its screens.
//! Who signed in and out, and every wrong PIN, goes into the audit log.

use std::sync::Mutex;

use jiff::Timestamp;
use serde::Serialize;
use stabletill_ledger::Ledger;

use crate::back_office::AuditAction;
use crate::pin::{Pin, PinHash};
use crate::till::lock;
use crate::{PinGuard, TillConfig, TillError, TillHome};

const LONGEST_NAME: usize = 40;

/// One cashier who may sign in. The PIN is only ever here as its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cashier {
    pub name: String,
    pub(crate) pin: PinHash,
}

/// A cashier's name as the counter shows it and each sale records it: 1 to 40 characters, no
/// control characters, spaces at either end dropped.
pub(crate) fn check_cashier_name(text: &str) -> Result<String, TillError> {
    let name = text.trim();
    if name.is_empty() || name.chars().count() > LONGEST_NAME || name.chars().any(char::is_control) {
        return Err(TillError::InvalidSetting(format!(
            "a cashier's name is 1 to {LONGEST_NAME} letters, digits or spaces, like Anna or Ben K."
        )));
    }
    Ok(name.to_owned())
}

/// Adds a cashier (a name not yet on the list, whatever its case) and returns the names.
pub(crate) fn add_cashier(home: &TillHome, name: &str, pin: &str) -> Result<Vec<String>, TillError> {
    let name = check_cashier_name(name)?;
    let pin = Pin::for_cashier(pin)?;
    let mut cashiers = TillConfig::load_or_create(home)?.cashiers;
    if find(&cashiers, &name).is_some() {
        return Err(TillError::InvalidSetting(format!(
            "there is already a cashier called {name}: choose another name, or remove that cashier first"
        )));
    }
    cashiers.push(Cashier { name, pin: PinHash::of(&pin)? });
    Ok(names(&TillConfig::set_cashiers(home, cashiers)?.cashiers))
}

/// Removes a cashier and returns the names left. The last one cannot go while sign-in is on:
/// nobody could sign in, so no sale could be taken.
pub(crate) fn remove_cashier(home: &TillHome, name: &str) -> Result<(String, Vec<String>), TillError> {
    let config = TillConfig::load_or_create(home)?;
    let mut cashiers = config.cashiers;
    let index = find(&cashiers, name)
        .ok_or_else(|| TillError::NotFound(format!("there is no cashier called {:?}", name.trim())))?;
    if config.cashier_sign_in && cashiers.len() == 1 {
        return Err(TillError::InvalidSetting(
            "this is the last cashier and sign-in is on: turn cashier sign-in off first, or add another cashier"
                .into(),
        ));
    }
    let removed = cashiers.remove(index);
    Ok((removed.name, names(&TillConfig::set_cashiers(home, cashiers)?.cashiers)))
}

fn find(cashiers: &[Cashier], name: &str) -> Option<usize> {
    let name = name.trim().to_lowercase();
    cashiers.iter().position(|cashier| cashier.name.to_lowercase() == name)
}

fn names(cashiers: &[Cashier]) -> Vec<String> {
    cashiers.iter().map(|cashier| cashier.name.clone()).collect()
}

/// What the counter's sign-in screen needs. Holds no PIN and no hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignInStatus {
    /// Sign-in is on: no charge until a cashier has signed in.
    pub required: bool,
    /// Who is signed in now.
    pub cashier: Option<String>,
    /// The names to pick from.
    pub cashiers: Vec<String>,
    /// Wrong PINs left before the sign-in locks.
    pub attempts_left: u32,
    /// Until when the sign-in is locked, if it is now.
    pub locked_until: Option<Timestamp>,
}

/// The counter's sign-in for one till (one data directory): who is signed in, in memory only, so
/// a restart of the app asks for a sign-in again. Blocking (argon2, the settings file, the audit
/// log): call it off the async runtime.
#[derive(Debug)]
pub struct CounterSignIn {
    home: TillHome,
    guard: PinGuard,
    signed_in: Mutex<Option<String>>,
    /// Its own connection to the sales log, for the audit log; opened at the first entry.
    audit: Mutex<Option<Ledger>>,
}

impl CounterSignIn {
    pub fn new(home: &TillHome) -> Self {
        Self {
            home: home.clone(),
            guard: PinGuard::for_cashiers(home),
            signed_in: Mutex::new(None),
            audit: Mutex::new(None),
        }
    }

    /// Where the sign-in stands. A cashier the manager removed (or sign-in turned off) is
    /// signed out here.
    pub fn status(&self) -> Result<SignInStatus, TillError> {
        let config = TillConfig::load(&self.home)?;
        let cashier = self.current(&config);
        let guard = self.guard.status()?;
        Ok(SignInStatus {
            required: config.cashier_sign_in,
            cashier,
            cashiers: names(&config.cashiers),
            attempts_left: guard.attempts_left,
            locked_until: guard.locked_until,
        })
    }

    /// Signs `name` in with `pin`, in place of whoever was signed in. A wrong name or PIN counts
    /// towards the lockout and is recorded in the audit log.
    pub fn sign_in(&self, name: &str, pin: &str) -> Result<SignInStatus, TillError> {
        self.sign_in_at(name, pin, Timestamp::now())
    }

    pub(crate) fn sign_in_at(
        &self,
        name: &str,
        pin: &str,
        now: Timestamp,
    ) -> Result<SignInStatus, TillError> {
        let config = TillConfig::load(&self.home)?;
        if !config.cashier_sign_in {
            return Err(TillError::NotAvailable(
                "cashier sign-in is off at this till: the manager turns it on under Cashiers".into(),
            ));
        }
        let cashier = find(&config.cashiers, name).map(|index| &config.cashiers[index]);
        match self.guard.verify_against(pin, cashier.map(|cashier| &cashier.pin), now) {
            Ok(()) => {}
            Err(error @ (TillError::WrongCashierPin { .. } | TillError::SignInLocked { .. })) => {
                let typed: String = name.trim().chars().take(LONGEST_NAME).collect();
                self.record("unknown", AuditAction::WrongCashierPin, &format!("as {typed:?}: {error}"))?;
                return Err(error);
            }
            Err(error) => return Err(error),
        }
        let Some(cashier) = cashier else {
            // Unreachable: a name not on the list never matches. Say something true anyway.
            return Err(TillError::WrongCashierPin { attempts_left: 0 });
        };
        *lock(&self.signed_in) = Some(cashier.name.clone());
        self.record(&cashier.name, AuditAction::CashierSignIn, "signed in at the counter")?;
        tracing::info!(cashier = %cashier.name, "cashier signed in");
        self.status()
    }

    /// Signs the cashier out; the counter then waits for the next sign-in.
    pub fn sign_out(&self) -> Result<SignInStatus, TillError> {
        let was = lock(&self.signed_in).take();
        if let Some(name) = was {
            self.record(&name, AuditAction::CashierSignOut, "signed out at the counter")?;
            tracing::info!(cashier = %name, "cashier signed out");
        }
        self.status()
    }

    /// Who a sale started now is recorded as: the signed-in cashier while sign-in is on (and
    /// `SignInRequired` when nobody is), nobody while it is off.
    pub fn cashier_for_sale(&self) -> Result<Option<String>, TillError> {
        let config = TillConfig::load(&self.home)?;
        match self.current(&config) {
            Some(name) => Ok(Some(name)),
            None if !config.cashier_sign_in => Ok(None),
            None => Err(TillError::SignInRequired(
                "a cashier signs in (name and PIN) before taking a payment".into(),
            )),
        }
    }

    /// The signed-in cashier, if they may still be: sign-in is on and they are on the list.
    fn current(&self, config: &TillConfig) -> Option<String> {
        let mut signed_in = lock(&self.signed_in);
        let still = signed_in.as_deref().and_then(|name| find(&config.cashiers, name));
        match still {
            Some(index) if config.cashier_sign_in => Some(config.cashiers[index].name.clone()),
            _ => {
                *signed_in = None;
                None
            }
        }
    }

    fn record(&self, actor: &str, action: AuditAction, detail: &str) -> Result<(), TillError> {
        let mut audit = lock(&self.audit);
        let ledger = match audit.as_mut() {
            Some(ledger) => ledger,
            None => audit.insert(Ledger::open(&self.home.sales_log())?),
        };
        ledger.record_audit(actor, action.as_str(), detail)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
