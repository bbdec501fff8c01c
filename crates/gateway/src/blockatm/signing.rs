//! BlockATM V1 request signing, as the public rule describes it, with every choice the rule leaves
//! open fixed here (and checked against an independent Python implementation in
//! `tests/blockatm_vectors.py`).
//!
//! The signed string is built from the request body (a JSON object) and the `BlockATM-Request-Time`:
//! 1. take the body's top-level keys, sorted by their UTF-8 bytes (ASCII order for ASCII keys);
//! 2. skip keys whose value is `null`;
//! 3. render each value: a string as its unescaped text (`"12.50"` → `12.50`); anything else —
//!    numbers, `true`/`false`, nested objects and arrays — as its JSON text exactly as it appears in
//!    the body, surrounding whitespace removed (`12.50` stays `12.50`, never `12.5`);
//! 4. join `key=value` pairs with `&` and append `&time=<Request-Time>`
//!    (an empty object gives just `time=<Request-Time>`).
//!
//! Example: `{"symbol":"USDT","amount":"12.50","chainId":"1","expireTime":1763700900000,"x":null}`
//! at time `1763700000000` signs `amount=12.50&chainId=1&expireTime=1763700900000&symbol=USDT&time=1763700000000`.
//!
//! Refused on both sides, because they would make two different bodies sign the same string: a key
//! containing `&` or `=`, a key `time`, a value containing `&`, and a key given twice.
//!
//! The signature is SHA256withECDSA (ECDSA on P-256 over the SHA-256 of the string's UTF-8 bytes;
//! ours is deterministic, RFC 6979), encoded as an ASN.1 DER `SEQUENCE { r INTEGER, s INTEGER }` —
//! what Java's `SHA256withECDSA` and Python's `cryptography` produce — and then standard Base64 with
//! padding (not URL-safe). The verifier accepts exactly that: strict DER, canonical Base64, and
//! either value of `s` (no low-S rule, as neither Java nor OpenSSL applies one).

use std::collections::HashSet;
use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::Signature;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::keys::{PublicKey, SigningKey};

/// Why a body could not be signed, or a signature was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    #[error("the body cannot be signed: {0}")]
    Body(String),
    #[error("the request time {0:?} is not a whole number of milliseconds")]
    Time(String),
    #[error("the signature is not standard Base64 of a DER-encoded ECDSA signature: {0}")]
    Encoding(String),
    #[error("the signature does not match the body, the request time and the registered public key")]
    Mismatch,
}

/// The string that is signed for `body` sent at `request_time` (see the module documentation).
pub fn signing_string(body: &[u8], request_time: &str) -> Result<String, SigningError> {
    if request_time.is_empty() || !request_time.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SigningError::Time(request_time.to_owned()));
    }
    let mut fields = top_level_fields(body)?;
    fields.sort_by(|(a, _), (b, _)| a.as_bytes().cmp(b.as_bytes()));
    let mut pairs = Vec::with_capacity(fields.len() + 1);
    for (key, raw) in &fields {
        if key.contains(['&', '=']) || key == "time" {
            return Err(SigningError::Body(format!("key {key:?} would make the signed string ambiguous")));
        }
        let Some(value) = render(raw)? else { continue };
        if value.contains('&') {
            return Err(SigningError::Body(format!("the value of {key:?} contains '&'")));
        }
        pairs.push(format!("{key}={value}"));
    }
    pairs.push(format!("time={request_time}"));
    Ok(pairs.join("&"))
}

/// `Base64(DER(SHA256withECDSA(key, signing_string(body, request_time))))`.
pub fn sign(key: &SigningKey, body: &[u8], request_time: &str) -> Result<String, SigningError> {
    let message = signing_string(body, request_time)?;
    let signature: Signature = key.inner().sign(message.as_bytes());
    Ok(STANDARD.encode(signature.to_der().as_bytes()))
}

/// Accepts `signature` only if it is what the holder of `public_key`'s private key signs for
/// `body` at `request_time`. Does not look at the clock: the receive window is the caller's check.
pub fn verify(
    public_key: &PublicKey,
    body: &[u8],
    request_time: &str,
    signature: &str,
) -> Result<(), SigningError> {
    let message = signing_string(body, request_time)?;
    let der = STANDARD.decode(signature).map_err(|e| SigningError::Encoding(e.to_string()))?;
    let signature = Signature::from_der(&der).map_err(|e| SigningError::Encoding(e.to_string()))?;
    public_key.inner().verify(message.as_bytes(), &signature).map_err(|_| SigningError::Mismatch)
}

/// A value as it is signed; None for `null`, which is skipped.
fn render(raw: &RawValue) -> Result<Option<String>, SigningError> {
    let text = raw.get().trim();
    match text.as_bytes().first() {
        Some(b'"') => serde_json::from_str::<String>(text)
            .map(Some)
            .map_err(|e| SigningError::Body(format!("a string value cannot be read: {e}"))),
        Some(b'n') => Ok(None),
        _ => Ok(Some(text.to_owned())),
    }
}

/// The body's top-level fields in body order, values as raw JSON text; a key given twice is refused
/// (serde would silently keep one of them).
fn top_level_fields(body: &[u8]) -> Result<Vec<(String, Box<RawValue>)>, SigningError> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let fields = deserializer
        .deserialize_map(FieldsVisitor)
        .map_err(|e| SigningError::Body(format!("the body must be a JSON object: {e}")))?;
    deserializer.end().map_err(|e| SigningError::Body(format!("trailing characters after the body: {e}")))?;
    let mut seen = HashSet::new();
    if let Some((key, _)) = fields.iter().find(|(key, _)| !seen.insert(key.as_str())) {
        return Err(SigningError::Body(format!("key {key:?} appears twice")));
    }
    Ok(fields)
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Vec<(String, Box<RawValue>)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut fields = Vec::new();
        while let Some(field) = map.next_entry::<String, Box<RawValue>>()? {
            fields.push(field);
        }
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(body: &str) -> Result<String, SigningError> {
        signing_string(body.as_bytes(), "1763700000000")
    }

    #[test]
    fn the_documented_example_signs_the_documented_string() {
        let body = r#"{"symbol":"USDT","amount":"12.50","chainId":"1","expireTime":1763700900000,"x":null}"#;
        assert_eq!(
            string(body).as_deref(),
            Ok("amount=12.50&chainId=1&expireTime=1763700900000&symbol=USDT&time=1763700000000")
        );
    }

    #[test]
    fn values_are_rendered_as_documented() {
        let body = r#" { "b" : true, "a" : 1.50e0 , "n": [1, {"k":"v"}], "s":"\u00e9\n", "o" : {"z": 1} } "#;
        assert_eq!(
            string(body).as_deref(),
            Ok("a=1.50e0&b=true&n=[1, {\"k\":\"v\"}]&o={\"z\": 1}&s=é\n&time=1763700000000")
        );
        assert_eq!(string("{}").as_deref(), Ok("time=1763700000000"));
        // Sorted by bytes: upper case before lower case, shorter prefix first.
        assert_eq!(string(r#"{"ab":"1","a":"2","B":"3"}"#).as_deref(), Ok("B=3&a=2&ab=1&time=1763700000000"));
    }

    #[test]
    fn ambiguous_or_malformed_bodies_are_refused() {
        for body in [
            r#"{"a&b":"1"}"#,
            r#"{"a=b":"1"}"#,
            r#"{"time":"1"}"#,
            r#"{"a":"1&b=2"}"#,
            r#"{"a":"1","a":"2"}"#,
            r#"[1]"#,
            r#"{"a":1} x"#,
            "",
        ] {
            assert!(matches!(string(body), Err(SigningError::Body(_))), "{body}");
        }
        assert_eq!(signing_string(b"{}", "12a"), Err(SigningError::Time("12a".into())));
    }

    #[test]
    fn a_signature_verifies_only_for_its_body_time_and_key() {
        let key = SigningKey::generate().unwrap_or_else(|e| panic!("{e}"));
        let body = br#"{"amount":"12.50","symbol":"USDT"}"#;
        let signature = sign(&key, body, "1763700000000").unwrap_or_default();
        assert_eq!(verify(&key.public_key(), body, "1763700000000", &signature), Ok(()));
        assert_eq!(verify(&key.public_key(), body, "1763700000001", &signature), Err(SigningError::Mismatch));
        let other = br#"{"amount":"12.51","symbol":"USDT"}"#;
        assert_eq!(
            verify(&key.public_key(), other, "1763700000000", &signature),
            Err(SigningError::Mismatch)
        );
        let stranger = SigningKey::generate().unwrap_or_else(|e| panic!("{e}")).public_key();
        assert_eq!(verify(&stranger, body, "1763700000000", &signature), Err(SigningError::Mismatch));
        assert!(matches!(
            verify(&key.public_key(), body, "1763700000000", "AAAA"),
            Err(SigningError::Encoding(_))
        ));
        // Reordering or reformatting the body does not change what is signed.
        let reordered = br#"{ "symbol": "USDT", "amount": "12.50" }"#;
        assert_eq!(verify(&key.public_key(), reordered, "1763700000000", &signature), Ok(()));
    }
}
