//! The merchant's BlockATM credentials: the API key, and the long-lived P-256 key pair whose public
//! half is registered with the gateway. Secrets are wrapped so `Debug` prints `<redacted>`.

use std::fmt;

use p256::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding};
use rand::rngs::OsRng;
use rand::TryRngCore;

/// A key could not be read, generated or written. Messages never contain key material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the private key is not a P-256 key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) or SEC1 PEM (-----BEGIN EC PRIVATE KEY-----): {0}")]
    PrivateKeyPem(String),
    #[error("the public key is not a P-256 key in SPKI PEM (-----BEGIN PUBLIC KEY-----): {0}")]
    PublicKeyPem(String),
    #[error("no random numbers for a new key: {0}")]
    Random(String),
    #[error("the key could not be written as PEM: {0}")]
    Encode(String),
}

/// The merchant's BlockATM API key. Not a signing secret, but it identifies the merchant and is
/// kept out of logs all the same: `Debug` and `Display` print `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The raw key, for the request header and the keyring. Never log the result.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The merchant's P-256 private key, which signs create-order requests. `Debug` prints
/// `<redacted>`; the key leaves this type only as PEM through [`SigningKey::to_pkcs8_pem`].
#[derive(Clone)]
pub struct SigningKey(p256::ecdsa::SigningKey);

impl SigningKey {
    /// A new key from the operating system's random source.
    pub fn generate() -> Result<Self, KeyError> {
        // A random 32-byte string is a valid scalar unless it is zero or ≥ the group order, which
        // happens with probability below 2^-32: a few tries are more than enough.
        for _ in 0..8 {
            let mut bytes = [0u8; 32];
            OsRng.try_fill_bytes(&mut bytes).map_err(|e| KeyError::Random(e.to_string()))?;
            let key = p256::ecdsa::SigningKey::from_slice(&bytes);
            bytes.fill(0);
            if let Ok(key) = key {
                return Ok(Self(key));
            }
        }
        Err(KeyError::Random("the random source keeps producing invalid scalars".into()))
    }

    /// Reads a PKCS#8 PEM key (what `openssl genpkey` and Python's `cryptography` write), or a
    /// SEC1 `EC PRIVATE KEY` PEM (what `openssl ecparam -genkey` writes).
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, KeyError> {
        let pem = pem.trim();
        if pem.starts_with("-----BEGIN EC PRIVATE KEY-----") {
            let secret =
                p256::SecretKey::from_sec1_pem(pem).map_err(|e| KeyError::PrivateKeyPem(e.to_string()))?;
            return Ok(Self(secret.into()));
        }
        p256::ecdsa::SigningKey::from_pkcs8_pem(pem)
            .map(Self)
            .map_err(|e| KeyError::PrivateKeyPem(e.to_string()))
    }

    /// The key as PKCS#8 PEM, for the keyring or a demo. This is the secret itself: never log it.
    pub fn to_pkcs8_pem(&self) -> Result<String, KeyError> {
        let pem = self.0.to_pkcs8_pem(LineEnding::LF).map_err(|e| KeyError::Encode(e.to_string()))?;
        Ok(pem.as_str().to_owned())
    }

    /// The public half, to register with the gateway.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(*self.0.verifying_key())
    }

    pub(crate) fn inner(&self) -> &p256::ecdsa::SigningKey {
        &self.0
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A merchant's registered public key, which verifies its signatures.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(p256::ecdsa::VerifyingKey);

impl PublicKey {
    /// Reads an SPKI PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn from_public_key_pem(pem: &str) -> Result<Self, KeyError> {
        p256::ecdsa::VerifyingKey::from_public_key_pem(pem.trim())
            .map(Self)
            .map_err(|e| KeyError::PublicKeyPem(e.to_string()))
    }

    /// The key as SPKI PEM, the form a merchant uploads to the gateway.
    pub fn to_public_key_pem(&self) -> Result<String, KeyError> {
        self.0.to_public_key_pem(LineEnding::LF).map_err(|e| KeyError::Encode(e.to_string()))
    }

    pub(crate) fn inner(&self) -> &p256::ecdsa::VerifyingKey {
        &self.0
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Public, so it may be shown; the compressed point is enough to tell two keys apart.
        let point = self.0.to_encoded_point(true);
        let hex: String = point.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
        f.debug_tuple("PublicKey").field(&hex).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_through_pem_and_never_print() {
        let key = SigningKey::generate().unwrap_or_else(|e| panic!("{e}"));
        let pem = key.to_pkcs8_pem().unwrap_or_default();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let again = SigningKey::from_pkcs8_pem(&pem).map(|k| k.public_key());
        assert_eq!(again, Ok(key.public_key()));
        assert_eq!(format!("{key:?}"), "<redacted>");
        assert_eq!(format!("{:?}", ApiKey::new("abc")), "<redacted>");
        assert_eq!(format!("{}", ApiKey::new("abc")), "<redacted>");

        let public = key.public_key().to_public_key_pem().unwrap_or_default();
        assert!(public.starts_with("-----BEGIN PUBLIC KEY-----"));
        assert_eq!(PublicKey::from_public_key_pem(&public), Ok(key.public_key()));
        assert!(format!("{:?}", key.public_key()).starts_with("PublicKey(\"0"));
    }

    #[test]
    fn garbage_is_refused_without_echoing_it() {
        let err =
            SigningKey::from_pkcs8_pem("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----")
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
        assert!(err.contains("PKCS#8"), "{err}");
        assert!(!err.contains("c2VjcmV0"), "{err}");
        assert!(PublicKey::from_public_key_pem("nope").is_err());
    }
}
