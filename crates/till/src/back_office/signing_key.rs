//! BlockATM's signing key from the manager's window: a new key made straight into the OS
//! keyring, of which only the public half is ever shown (to register with the gateway).

use stabletill_gateway::blockatm::SigningKey;

use super::{AuditAction, BackOffice, ManagerPass};
use crate::{SecretStore, TillError};

impl BackOffice {
    /// Makes a new P-256 signing key, stores it in the keyring (replacing any old one, which
    /// BlockATM then no longer accepts until the new public key is registered), and gives the
    /// public key as PEM.
    pub fn new_signing_key(&self, pass: &ManagerPass, secrets: &SecretStore) -> Result<String, TillError> {
        self.check(pass)?;
        let key = SigningKey::generate()
            .map_err(|e| TillError::NotAvailable(format!("a new signing key could not be made: {e}")))?;
        let public = public_key_pem(&key)?;
        let replaced = secrets.signing_key()?.is_some();
        secrets.set_signing_key(&key)?;
        let detail = if replaced { "signing key replaced" } else { "signing key made" };
        self.record(pass, AuditAction::SigningKeySet, detail)?;
        Ok(public)
    }

    /// The public half of the stored signing key, if one is stored.
    pub fn signing_public_key(
        &self,
        pass: &ManagerPass,
        secrets: &SecretStore,
    ) -> Result<Option<String>, TillError> {
        self.check(pass)?;
        secrets.signing_key()?.as_ref().map(public_key_pem).transpose()
    }
}

/// The public key as PEM (`-----BEGIN PUBLIC KEY-----`), as BlockATM's merchant portal takes it.
pub fn public_key_pem(key: &SigningKey) -> Result<String, TillError> {
    key.public_key()
        .to_public_key_pem()
        .map_err(|e| TillError::NotAvailable(format!("the public key cannot be encoded: {e}")))
}
