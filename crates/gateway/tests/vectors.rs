//! Every signing vector in shared/vectors (computed with the guide's own Python algorithm) must
//! come out byte-for-byte the same from our signer.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use serde::Deserialize;
use stabletill_gateway::signing::{sign_get, sign_get_query, sign_post, sign_webhook};
use stabletill_gateway::ApiSecret;

#[derive(Deserialize)]
struct VectorFile {
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
struct Vector {
    kind: String,
    secret: String,
    timestamp: String,
    path: Option<String>,
    body: Option<String>,
    query: Option<String>,
    signature: String,
}

fn vectors() -> Vec<Vector> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/vectors/paystablecoin-signing.json");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("the signing vectors must be at {path}: {e}"));
    let file: VectorFile = serde_json::from_str(&text).expect("vector file is JSON");
    file.vectors
}

#[test]
fn all_23_vectors_match() {
    let vectors = vectors();
    assert_eq!(vectors.len(), 23, "the vector file holds 23 signatures");
    for (i, v) in vectors.iter().enumerate() {
        let secret = ApiSecret::new(v.secret.clone());
        let path = v.path.as_deref().unwrap_or_default();
        let ours = match v.kind.as_str() {
            "get" => sign_get(&secret, &v.timestamp, path),
            "post" => {
                sign_post(&secret, &v.timestamp, path, v.body.as_deref().unwrap_or_default().as_bytes())
            }
            "get_query" => {
                sign_get_query(&secret, &v.timestamp, path, v.query.as_deref().unwrap_or_default())
            }
            "webhook" => {
                sign_webhook(&secret, &v.timestamp, v.body.as_deref().unwrap_or_default().as_bytes())
            }
            other => panic!("vector {i} has unknown kind {other}"),
        };
        assert_eq!(ours, v.signature, "vector {i} ({}) differs", v.kind);
    }
}

#[test]
fn a_different_secret_gives_a_different_signature() {
    let v = &vectors()[0];
    let wrong = ApiSecret::new(format!("{}x", v.secret));
    assert_ne!(sign_get(&wrong, &v.timestamp, v.path.as_deref().unwrap_or_default()), v.signature);
}
