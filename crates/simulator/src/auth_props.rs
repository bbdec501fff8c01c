//! Property tests of the verifier: it accepts exactly what `stabletill_gateway::signing` signs,
//! for any secret, path, query and body, and refuses every one-byte change of the body, path,
//! query, timestamp or signature.

use axum::http::{HeaderMap, HeaderValue, Method, Uri};
use jiff::Timestamp;
use proptest::prelude::*;
use stabletill_gateway::signing::{sign_get, sign_get_query, sign_post};
use stabletill_gateway::ApiSecret;

use crate::auth::{authenticate, TIMESTAMP_WINDOW_MS};

const NOW_MS: i64 = 1_763_700_000_000;
/// Path characters that need no escaping (what the client allows in ids, and `.` and `~`).
const PATH_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";
const QUERY_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789=&-_.";
const BASE64_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

/// One request as a client would sign it.
#[derive(Debug, Clone)]
struct Signed {
    secret: String,
    method: Method,
    path: String,
    query: Option<String>,
    body: Vec<u8>,
    timestamp: String,
}

impl Signed {
    fn signature(&self) -> String {
        let secret = ApiSecret::new(self.secret.clone());
        match (&self.method, &self.query) {
            (&Method::POST, _) => sign_post(&secret, &self.timestamp, &self.path, &self.body),
            (_, Some(query)) => sign_get_query(&secret, &self.timestamp, &self.path, query),
            _ => sign_get(&secret, &self.timestamp, &self.path),
        }
    }

    /// Whether the simulator accepts this request (as it arrives) with `signature`.
    fn accepted_with(&self, signature: &str) -> bool {
        let target = match &self.query {
            Some(query) => format!("{}?{query}", self.path),
            None => self.path.clone(),
        };
        let (Ok(uri), Ok(ts), Ok(sig)) =
            (target.parse::<Uri>(), HeaderValue::from_str(&self.timestamp), HeaderValue::from_str(signature))
        else {
            return false;
        };
        let mut headers = HeaderMap::new();
        headers.insert("X-Timestamp", ts);
        headers.insert("X-Signature", sig);
        let now = Timestamp::from_millisecond(NOW_MS).unwrap_or(Timestamp::UNIX_EPOCH);
        authenticate(&ApiSecret::new(self.secret.clone()), now, &self.method, &uri, &headers, &self.body)
            .is_ok()
    }
}

fn text_of(alphabet: &'static [u8], len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), len)
        .prop_map(|bytes| bytes.into_iter().map(char::from).collect())
}

fn signed() -> impl Strategy<Value = Signed> {
    (
        "\\PC{0,40}",
        any::<bool>(),
        text_of(PATH_CHARS, 1..40),
        prop::option::of(text_of(QUERY_CHARS, 1..30)),
        prop::collection::vec(any::<u8>(), 0..300),
        -TIMESTAMP_WINDOW_MS..=TIMESTAMP_WINDOW_MS,
    )
        .prop_map(|(secret, post, tail, query, body, skew)| Signed {
            secret,
            method: if post { Method::POST } else { Method::GET },
            path: format!("/api/v1/merchants/{tail}"),
            // A POST is signed over its body; a GET over its query, when it has one.
            query: if post { None } else { query },
            // A GET's body is neither signed nor read; a POST's is both.
            body,
            timestamp: (NOW_MS + skew).to_string(),
        })
}

/// `text` with the character at `index` (mod len, skipping the first `keep`) replaced by a
/// different one from `alphabet`.
fn one_changed(text: &str, keep: usize, index: usize, pick: usize, alphabet: &[u8]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let i = keep + index % (bytes.len() - keep);
    let others: Vec<u8> = alphabet.iter().copied().filter(|&b| b != bytes[i]).collect();
    bytes[i] = others[pick % others.len()];
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn what_the_client_signs_is_accepted(request in signed()) {
        prop_assert!(request.accepted_with(&request.signature()));
    }

    #[test]
    fn a_changed_body_byte_is_refused(request in signed(), index in any::<usize>(), flip in 1u8..=255) {
        let request = Signed { method: Method::POST, query: None, ..request };
        let signature = request.signature();
        let mut changed = request.clone();
        if changed.body.is_empty() {
            changed.body.push(flip);
        } else {
            let i = index % changed.body.len();
            changed.body[i] ^= flip;
        }
        prop_assert!(!changed.accepted_with(&signature));
    }

    #[test]
    fn a_changed_path_byte_is_refused(request in signed(), index in any::<usize>(), pick in any::<usize>()) {
        let signature = request.signature();
        // Every byte but the leading '/', replaced by one that keeps the path a valid path.
        let changed = Signed { path: one_changed(&request.path, 1, index, pick, PATH_CHARS), ..request };
        prop_assert!(!changed.accepted_with(&signature));
    }

    #[test]
    fn a_changed_query_byte_is_refused(
        request in signed(),
        query in text_of(QUERY_CHARS, 1..30),
        index in any::<usize>(),
        pick in any::<usize>(),
    ) {
        let request = Signed { method: Method::GET, query: Some(query), ..request };
        let signature = request.signature();
        let query = request.query.as_deref().map(|q| one_changed(q, 0, index, pick, QUERY_CHARS));
        let changed = Signed { query, ..request };
        prop_assert!(!changed.accepted_with(&signature));
    }

    #[test]
    fn a_changed_timestamp_digit_is_refused(request in signed(), index in any::<usize>(), pick in any::<usize>()) {
        let signature = request.signature();
        let changed = Signed { timestamp: one_changed(&request.timestamp, 0, index, pick, b"0123456789"), ..request };
        prop_assert!(!changed.accepted_with(&signature));
    }

    #[test]
    fn a_changed_signature_byte_is_refused(request in signed(), index in any::<usize>(), pick in any::<usize>()) {
        let signature = one_changed(&request.signature(), 0, index, pick, BASE64_CHARS);
        prop_assert!(!request.accepted_with(&signature));
    }

    #[test]
    fn another_secret_is_refused(request in signed(), extra in "\\PC{1,4}") {
        let signature = request.signature();
        let changed = Signed { secret: format!("{}{extra}", request.secret), ..request };
        prop_assert!(!changed.accepted_with(&signature));
    }
}
