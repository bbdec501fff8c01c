//! Property tests of the BlockATM verifier: it accepts exactly what the client's signer signs, for
//! any flat body and any request time inside the window, and refuses every one-byte change of a
//! signed value, of the request time or of the signature, and any other key. A one-byte change of
//! the raw body is refused unless it leaves the signed content the same (the signature covers the
//! body's content, not its formatting: see `stabletill_gateway::blockatm::signing`).

use std::sync::LazyLock;

use axum::http::{HeaderMap, HeaderValue};
use jiff::Timestamp;
use proptest::prelude::*;
use serde_json::Value;
use stabletill_gateway::blockatm::codes::{REQUEST_TIME_HEADER, SIGNATURE_HEADER};
use stabletill_gateway::blockatm::{sign, signing_string, SigningKey};

use super::auth::check_signed;

const NOW_MS: i64 = 1_763_700_000_000;
const WINDOW_MS: i64 = 30_000;
const KEY_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
/// Anything but `&`, which the rule refuses in values; quotes and backslashes test the escaping.
const VALUE_CHARS: &[u8] = b"ABCxyz0189 .-_:/=+\"\\";
const BASE64_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

static KEY: LazyLock<SigningKey> =
    LazyLock::new(|| SigningKey::generate().unwrap_or_else(|e| panic!("no key for the property tests: {e}")));

/// A create-like request as a client signs it: fields in the order they are sent.
#[derive(Debug, Clone)]
struct Signed {
    fields: Vec<(String, Value)>,
    time: String,
}

impl Signed {
    fn body(&self) -> Vec<u8> {
        let parts: Vec<String> =
            self.fields.iter().map(|(k, v)| format!("{}:{v}", Value::String(k.clone()))).collect();
        format!("{{{}}}", parts.join(",")).into_bytes()
    }

    fn signature(&self) -> String {
        sign(&KEY, &self.body(), &self.time).unwrap_or_default()
    }

    fn accepted(&self, body: &[u8], signature: &str, key: &SigningKey) -> bool {
        let (Ok(time), Ok(signature)) = (HeaderValue::from_str(&self.time), HeaderValue::from_str(signature))
        else {
            return false;
        };
        let mut headers = HeaderMap::new();
        headers.insert(REQUEST_TIME_HEADER, time);
        headers.insert(SIGNATURE_HEADER, signature);
        let now = Timestamp::from_millisecond(NOW_MS).unwrap_or(Timestamp::UNIX_EPOCH);
        check_signed(&key.public_key(), now, &headers, body).is_ok()
    }
}

fn text_of(alphabet: &'static [u8], len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(alphabet), len)
        .prop_map(|b| b.into_iter().map(char::from).collect())
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => text_of(VALUE_CHARS, 1..24).prop_map(Value::String),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<bool>().prop_map(Value::from),
        1 => Just(Value::Null),
    ]
}

fn signed() -> impl Strategy<Value = Signed> {
    (
        prop::collection::btree_map(text_of(KEY_CHARS, 1..12), value(), 1..8),
        any::<u64>(),
        -WINDOW_MS..=WINDOW_MS,
    )
        .prop_map(|(fields, shuffle, skew)| {
            let mut fields: Vec<(String, Value)> = fields.into_iter().filter(|(k, _)| k != "time").collect();
            // Send the fields in some order other than the sorted one.
            let len = fields.len().max(1);
            fields.rotate_left(usize::try_from(shuffle % len as u64).unwrap_or(0));
            Signed { fields, time: (NOW_MS + skew).to_string() }
        })
}

/// `text` with the byte at `index` (mod len) replaced by a different one from `alphabet`.
fn one_changed(text: &str, index: usize, pick: usize, alphabet: &[u8]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let i = index % bytes.len();
    let others: Vec<u8> = alphabet.iter().copied().filter(|&b| b != bytes[i]).collect();
    bytes[i] = others[pick % others.len()];
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn what_the_client_signs_is_accepted(request in signed()) {
        prop_assert!(request.accepted(&request.body(), &request.signature(), &KEY));
    }

    #[test]
    fn a_changed_value_byte_is_refused(request in signed(), which in any::<usize>(), index in any::<usize>(), pick in any::<usize>()) {
        let signature = request.signature();
        let strings: Vec<usize> =
            (0..request.fields.len()).filter(|&i| request.fields[i].1.is_string()).collect();
        prop_assume!(!strings.is_empty());
        let mut changed = request.clone();
        let field = &mut changed.fields[strings[which % strings.len()]].1;
        let text = field.as_str().unwrap_or_default().to_owned();
        *field = Value::String(one_changed(&text, index, pick, VALUE_CHARS));
        prop_assert!(!changed.accepted(&changed.body(), &signature, &KEY));
    }

    #[test]
    fn a_changed_body_byte_is_refused_unless_the_content_is_the_same(
        request in signed(), index in any::<usize>(), flip in 1u8..=255,
    ) {
        let signature = request.signature();
        let mut body = request.body();
        let i = index % body.len();
        body[i] ^= flip;
        let same_content = signing_string(&body, &request.time) == signing_string(&request.body(), &request.time);
        prop_assert!(same_content || !request.accepted(&body, &signature, &KEY));
    }

    #[test]
    fn a_changed_time_digit_is_refused(request in signed(), index in any::<usize>(), pick in any::<usize>()) {
        let signature = request.signature();
        let changed = Signed { time: one_changed(&request.time, index, pick, b"0123456789"), ..request };
        prop_assert!(!changed.accepted(&changed.body(), &signature, &KEY));
    }

    #[test]
    fn a_changed_signature_byte_is_refused(request in signed(), index in any::<usize>(), pick in any::<usize>()) {
        let signature = one_changed(&request.signature(), index, pick, BASE64_CHARS);
        prop_assert!(!request.accepted(&request.body(), &signature, &KEY));
    }

    #[test]
    fn another_key_is_refused(request in signed()) {
        let other = SigningKey::generate().unwrap_or_else(|e| panic!("{e}"));
        prop_assert!(!request.accepted(&request.body(), &request.signature(), &other));
    }
}
