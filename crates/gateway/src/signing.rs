//! PayStableCoin request signing, exactly as the API Checkout guide computes it:
//! `Base64(HMAC-SHA256(secret, lines joined by "\n"))` where the lines are the millisecond
//! timestamp, the upper-case method, the path without query, and for a POST `Base64(SHA256(body))`
//! (for a GET with a query string, `Base64(SHA256(query))`). Standard Base64 with padding.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::ApiSecret;

type HmacSha256 = Hmac<Sha256>;

/// Signature of a POST: `ts\nPOST\npath\nBase64(SHA256(body))`.
pub fn sign_post(secret: &ApiSecret, timestamp: &str, path: &str, body: &[u8]) -> String {
    let body_hash = sha256_base64(body);
    hmac_base64(secret, &format!("{timestamp}\nPOST\n{path}\n{body_hash}"))
}

/// Signature of a GET without a query string: `ts\nGET\npath`.
pub fn sign_get(secret: &ApiSecret, timestamp: &str, path: &str) -> String {
    hmac_base64(secret, &format!("{timestamp}\nGET\n{path}"))
}

/// Signature of a GET with a query string: `ts\nGET\npath\nBase64(SHA256(query))`, where `path`
/// excludes the query and `query` is sent exactly as signed (without the leading `?`).
pub fn sign_get_query(secret: &ApiSecret, timestamp: &str, path: &str, query: &str) -> String {
    let query_hash = sha256_base64(query.as_bytes());
    hmac_base64(secret, &format!("{timestamp}\nGET\n{path}\n{query_hash}"))
}

/// Signature of a webhook body as the guide's `verify_webhook` helper computes it: `ts\nrawBody`.
pub fn sign_webhook(secret: &ApiSecret, timestamp: &str, raw_body: &[u8]) -> String {
    let mut mac = new_mac(secret);
    mac.update(timestamp.as_bytes());
    mac.update(b"\n");
    mac.update(raw_body);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// Constant-time comparison of a received signature against the expected one, so a verifier
/// (the simulator) does not leak how many leading characters matched.
pub fn signatures_match(expected: &str, received: &str) -> bool {
    let (a, b) = (expected.as_bytes(), received.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn sha256_base64(data: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(data))
}

fn hmac_base64(secret: &ApiSecret, message: &str) -> String {
    let mut mac = new_mac(secret);
    mac.update(message.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

fn new_mac(secret: &ApiSecret) -> HmacSha256 {
    // HMAC accepts keys of any length (long keys are hashed), so this cannot fail.
    match HmacSha256::new_from_slice(secret.expose().as_bytes()) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC-SHA256 takes keys of any length"),
    }
}
