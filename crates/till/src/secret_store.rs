//! The merchant's API secret in the OS keyring, and nowhere else. There is deliberately no
//! plaintext fallback: when the keyring is unavailable the user gets a clear error instead.

use std::sync::Arc;

use keyring_core::{CredentialStore, Entry};
use stabletill_gateway::blockatm::SigningKey;
use stabletill_gateway::ApiSecret;

use crate::keyring_platform::{platform_store, unavailable_advice};
use crate::{TillError, TillHome};

const SERVICE: &str = "app.stabletill.till";
const MAX_SECRET_LEN: usize = 1024;

/// One till's secret. Every call blocks on the keyring: from async code use `spawn_blocking`.
pub struct SecretStore {
    store: Arc<CredentialStore>,
    account: String,
}

impl std::fmt::Debug for SecretStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretStore").field("account", &self.account).finish_non_exhaustive()
    }
}

impl SecretStore {
    /// The OS keyring, with an entry named after this till's data directory.
    pub fn platform(home: &TillHome) -> Result<Self, TillError> {
        let store = platform_store().map_err(keyring_error)?;
        Ok(Self::with_store(store, home))
    }

    /// Any keyring-core store; tests pass keyring-core's in-memory mock.
    pub fn with_store(store: Arc<CredentialStore>, home: &TillHome) -> Self {
        Self { store, account: home.keyring_account() }
    }

    /// Stores (or replaces) the secret. The value is checked first; a bad one changes nothing.
    pub fn set(&self, secret: &ApiSecret) -> Result<(), TillError> {
        let value = secret.expose();
        if value.trim().is_empty() {
            return Err(TillError::InvalidSetting(
                "the API secret is empty: paste it from the merchant portal".into(),
            ));
        }
        if value.len() > MAX_SECRET_LEN || value.chars().any(char::is_control) || value.trim() != value {
            return Err(TillError::InvalidSetting(
                "that does not look like an API secret (spaces at the ends, line breaks or too long): copy it again from the merchant portal".into(),
            ));
        }
        self.entry()?.set_password(value).map_err(keyring_error)
    }

    /// The secret, or `None` when none is stored.
    pub fn get(&self) -> Result<Option<ApiSecret>, TillError> {
        match self.entry()?.get_password() {
            Ok(value) => Ok(Some(ApiSecret::new(value))),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    pub fn is_set(&self) -> Result<bool, TillError> {
        Ok(self.get()?.is_some())
    }

    /// Removes the secret; `false` when there was none.
    pub fn clear(&self) -> Result<bool, TillError> {
        match self.entry()?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(keyring_error(e)),
        }
    }

    /// The BlockATM merchant's long-lived P-256 signing key (PKCS#8 PEM), or `None`.
    pub fn signing_key(&self) -> Result<Option<SigningKey>, TillError> {
        match self.signing_entry()?.get_password() {
            Ok(pem) => SigningKey::from_pkcs8_pem(&pem).map(Some).map_err(|e| {
                TillError::KeyringUnavailable(format!(
                    "the stored signing key is unreadable ({e}): set it again"
                ))
            }),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(e)),
        }
    }

    /// Stores (or replaces) the signing key; only a key that parses is stored.
    pub fn set_signing_key(&self, key: &SigningKey) -> Result<(), TillError> {
        let pem = key
            .to_pkcs8_pem()
            .map_err(|e| TillError::InvalidSetting(format!("the signing key cannot be encoded: {e}")))?;
        self.signing_entry()?.set_password(&pem).map_err(keyring_error)
    }

    /// Removes the signing key; `false` when there was none.
    pub fn clear_signing_key(&self) -> Result<bool, TillError> {
        match self.signing_entry()?.delete_credential() {
            Ok(()) => Ok(true),
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(keyring_error(e)),
        }
    }

    fn entry(&self) -> Result<Entry, TillError> {
        self.store.build(SERVICE, &self.account, None).map_err(keyring_error)
    }

    fn signing_entry(&self) -> Result<Entry, TillError> {
        self.store.build(SERVICE, &format!("{}#signing-key", self.account), None).map_err(keyring_error)
    }
}

fn keyring_error(error: keyring_core::Error) -> TillError {
    // keyring errors never contain the secret itself; BadEncoding carries bytes, so don't print those.
    let detail = match &error {
        keyring_core::Error::BadEncoding(_) | keyring_core::Error::BadDataFormat(..) => {
            "the stored secret is unreadable".to_owned()
        }
        other => other.to_string(),
    };
    TillError::KeyringUnavailable(format!(
        "the OS keyring cannot be used ({detail}): {}",
        unavailable_advice()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock_store(home: &TillHome) -> SecretStore {
        let store: Arc<CredentialStore> = keyring_core::mock::Store::new().expect("mock store");
        SecretStore::with_store(store, home)
    }

    #[test]
    fn set_get_replace_clear() {
        let store = mock_store(&TillHome::at(std::path::Path::new("/tmp/till-secret-test")));
        assert_eq!(store.get().expect("get").map(|s| s.expose().to_owned()), None);
        store.set(&ApiSecret::new("first-secret")).expect("set");
        assert_eq!(store.get().expect("get").map(|s| s.expose().to_owned()).as_deref(), Some("first-secret"));
        store.set(&ApiSecret::new("second-secret")).expect("replace");
        assert_eq!(
            store.get().expect("get").map(|s| s.expose().to_owned()).as_deref(),
            Some("second-secret")
        );
        assert!(store.clear().expect("clear"));
        assert!(!store.clear().expect("clear again"));
        assert!(!store.is_set().expect("status"));
    }

    #[test]
    fn bad_secrets_are_refused_and_change_nothing() {
        let store = mock_store(&TillHome::at(std::path::Path::new("/tmp/till-secret-test-2")));
        store.set(&ApiSecret::new("kept")).expect("set");
        assert!(store.set(&ApiSecret::new("  ")).is_err());
        assert!(store.set(&ApiSecret::new("two\nlines")).is_err());
        assert_eq!(store.get().expect("get").map(|s| s.expose().to_owned()).as_deref(), Some("kept"));
    }

    #[test]
    fn a_signing_key_is_kept_apart_from_the_api_secret() {
        let store = mock_store(&TillHome::at(std::path::Path::new("/tmp/till-secret-test-4")));
        assert!(store.signing_key().expect("read").is_none());
        let key = SigningKey::generate().expect("a new key");
        store.set_signing_key(&key).expect("set");
        store.set(&ApiSecret::new("api-key")).expect("set api key");
        let back = store.signing_key().expect("read").expect("stored");
        assert_eq!(back.public_key().to_public_key_pem().ok(), key.public_key().to_public_key_pem().ok());
        assert!(store.clear_signing_key().expect("clear"));
        assert_eq!(store.get().expect("get").map(|s| s.expose().to_owned()).as_deref(), Some("api-key"));
    }

    #[test]
    fn debug_shows_no_secret() {
        let store = mock_store(&TillHome::at(std::path::Path::new("/tmp/till-secret-test-3")));
        store.set(&ApiSecret::new("do-not-print-me")).expect("set");
        assert!(!format!("{store:?}").contains("do-not-print-me"));
    }
}
