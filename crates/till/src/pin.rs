//! The manager's and the cashiers' PINs and their stored form. The PIN itself is never stored or logged: the settings
//! file keeps an argon2id hash as a PHC string, with its own random salt, so two tills with the
//! same PIN store different hashes and the file alone does not give the PIN away cheaply.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2};

use crate::TillError;

const SHORTEST_PIN: usize = 4;
const LONGEST_PIN: usize = 12;
/// A cashier keys theirs at every sign-in: shorter than the manager's at most.
const LONGEST_CASHIER_PIN: usize = 8;

/// A PIN as typed: 4 to 12 digits (a cashier's: 4 to 8). Debug never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    /// Checks the shape of a new manager PIN. (Verifying a PIN does not need this: a wrong
    /// shape is simply a wrong PIN.)
    pub fn new(text: &str) -> Result<Self, TillError> {
        Self::digits(text, LONGEST_PIN, "a manager PIN")
    }

    /// Checks the shape of a new cashier PIN: 4 to 8 digits.
    pub fn for_cashier(text: &str) -> Result<Self, TillError> {
        Self::digits(text, LONGEST_CASHIER_PIN, "a cashier PIN")
    }

    fn digits(text: &str, longest: usize, what: &str) -> Result<Self, TillError> {
        let digits = text.trim();
        if (SHORTEST_PIN..=longest).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Self(digits.to_owned()))
        } else {
            Err(TillError::InvalidSetting(format!(
                "{what} is {SHORTEST_PIN} to {longest} digits (0-9), nothing else"
            )))
        }
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

/// An argon2id PHC string, e.g. `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`.
#[derive(Clone, PartialEq, Eq)]
pub struct PinHash(String);

impl PinHash {
    /// Hashes `pin` with argon2id's recommended parameters and a fresh random salt. Deliberately
    /// slow (tens of milliseconds): call it off the async runtime.
    pub fn of(pin: &Pin) -> Result<Self, TillError> {
        let hash: PasswordHash = Argon2::default()
            .hash_password(pin.0.as_bytes())
            .map_err(|e| TillError::Storage(format!("the PIN cannot be hashed: {e}")))?;
        Ok(Self(hash.to_string()))
    }

    /// A stored hash, checked to be an argon2id PHC string.
    pub(crate) fn parse(text: &str) -> Result<Self, TillError> {
        let hash = PasswordHash::new(text).map_err(|e| {
            TillError::InvalidSetting(format!(
                "the stored manager PIN is damaged ({e}): set it again with `stabletill pin set`"
            ))
        })?;
        if hash.algorithm.as_str() != Algorithm::Argon2id.as_str() {
            return Err(TillError::InvalidSetting(format!(
                "the stored manager PIN uses {}, not argon2id: set it again with `stabletill pin set`",
                hash.algorithm
            )));
        }
        Ok(Self(text.to_owned()))
    }

    /// Whether `typed` is the PIN. Anything that is not the PIN (empty, letters, too long) is
    /// simply not it. Slow by design, like [`PinHash::of`].
    pub(crate) fn matches(&self, typed: &str) -> bool {
        let Ok(hash) = PasswordHash::new(&self.0) else { return false };
        // The parameters come from the stored string, so a hash made with other costs still checks.
        Argon2::default().verify_password(typed.trim().as_bytes(), &hash).is_ok()
    }

    /// The PHC string, as stored in the settings file.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinHash(<argon2id>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_is_four_to_twelve_digits() {
        for good in ["1234", "000000", "123456789012", " 4711 "] {
            assert!(Pin::new(good).is_ok(), "{good:?}");
        }
        for bad in ["123", "1234567890123", "12a4", "12 34", "", "١٢٣٤", "-1234"] {
            let err = Pin::new(bad).unwrap_err();
            assert!(err.to_string().contains("4 to 12 digits"), "{bad:?}: {err}");
        }
        assert_eq!(format!("{:?}", Pin::new("4711").unwrap()), "Pin(<redacted>)");
    }

    #[test]
    fn a_cashier_pin_is_four_to_eight_digits() {
        for good in ["1234", "12345678", " 0007 "] {
            assert!(Pin::for_cashier(good).is_ok(), "{good:?}");
        }
        for bad in ["123", "123456789", "12a4", ""] {
            let err = Pin::for_cashier(bad).unwrap_err();
            assert_eq!(err.to_string(), "a cashier PIN is 4 to 8 digits (0-9), nothing else", "{bad:?}");
        }
    }

    #[test]
    fn the_hash_is_salted_argon2id_and_checks_only_the_right_pin() {
        let pin = Pin::new("90817263").unwrap();
        let hash = PinHash::of(&pin).unwrap();
        assert!(hash.as_str().starts_with("$argon2id$v=19$"), "{}", hash.as_str());
        assert!(!hash.as_str().contains("90817263"));
        assert!(hash.matches("90817263"));
        assert!(!hash.matches("90817264"));
        assert!(!hash.matches(""));
        let again = PinHash::of(&pin).unwrap();
        assert_ne!(hash, again, "a fresh salt every time");
        assert!(again.matches("90817263"));
        assert_eq!(PinHash::parse(hash.as_str()).unwrap(), hash);
        assert_eq!(format!("{hash:?}"), "PinHash(<argon2id>)");
    }

    #[test]
    fn a_stored_hash_that_is_not_argon2id_is_refused() {
        for bad in ["1234", "$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo", ""] {
            let err = PinHash::parse(bad).unwrap_err();
            assert!(err.to_string().contains("stabletill pin set"), "{bad:?}: {err}");
        }
    }
}
