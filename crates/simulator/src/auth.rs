//! Request authentication exactly as the gateway does it: a 13-digit millisecond `X-Timestamp`
//! within five minutes of the server clock, and an `X-Signature` computed over the very bytes that
//! arrived. Runs before any body is parsed, so an unauthenticated caller learns nothing about
//! validation rules or orders.

use axum::http::{HeaderMap, Method, StatusCode, Uri};
use jiff::Timestamp;
use stabletill_gateway::signing::{sign_get, sign_get_query, sign_post, signatures_match};
use stabletill_gateway::{codes, ApiSecret};

use crate::reply::ApiError;

/// The gateway rejects timestamps more than this far from its clock, in either direction.
pub(crate) const TIMESTAMP_WINDOW_MS: i64 = 5 * 60 * 1000;

/// Checks the timestamp, then the signature, of a request whose raw body is `body`.
pub(crate) fn authenticate(
    secret: &ApiSecret,
    now: Timestamp,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), ApiError> {
    let timestamp = check_timestamp(now, headers.get("X-Timestamp"))?;
    let received = headers
        .get("X-Signature")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| signature_error("X-Signature header is missing"))?;
    // The signed path is the path as sent, without the query; a query gets its own hashed line.
    let path = uri.path();
    let expected = match (method, uri.query()) {
        (&Method::POST, _) => sign_post(secret, timestamp, path, body),
        (_, Some(query)) if !query.is_empty() => sign_get_query(secret, timestamp, path, query),
        _ => sign_get(secret, timestamp, path),
    };
    if signatures_match(&expected, received) {
        Ok(())
    } else {
        Err(signature_error(
            "X-Signature does not match: check the merchant ID and API secret, and send the body \
             byte-for-byte as signed",
        ))
    }
}

fn signature_error(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, codes::INVALID_SIGNATURE, message)
}

/// Returns the header's text when it is 13 digits within the window of `now`.
fn check_timestamp(now: Timestamp, header: Option<&axum::http::HeaderValue>) -> Result<&str, ApiError> {
    let now_ms = now.as_millisecond();
    // Every refusal states the server's time, so a till can tell its own clock is wrong.
    let refuse = |problem: String| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            codes::TIMESTAMP_OUT_OF_WINDOW,
            format!("{problem}; the server time is {now_ms} ({now})"),
        )
    };
    let text = match header.map(|v| v.to_str()) {
        None => return Err(refuse("X-Timestamp header is missing".into())),
        Some(Err(_)) => return Err(refuse("X-Timestamp is not text".into())),
        Some(Ok(text)) => text,
    };
    let millis = match text.parse::<i64>() {
        Ok(ms) if text.len() == 13 && text.bytes().all(|b| b.is_ascii_digit()) => ms,
        _ => return Err(refuse(format!("X-Timestamp {text:?} is not a 13-digit Unix time in milliseconds"))),
    };
    let skew = millis.saturating_sub(now_ms);
    if skew.abs() > TIMESTAMP_WINDOW_MS {
        let direction = if skew > 0 { "ahead of" } else { "behind" };
        return Err(refuse(format!(
            "X-Timestamp {millis} is {} s {direction} the server clock (allowed: {} s)",
            skew.abs() / 1000,
            TIMESTAMP_WINDOW_MS / 1000
        )));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(ts: &str, sig: &str) -> HeaderMap {
        let mut map = HeaderMap::new();
        if let Ok(v) = ts.parse() {
            map.insert("X-Timestamp", v);
        }
        if let Ok(v) = sig.parse() {
            map.insert("X-Signature", v);
        }
        map
    }

    fn now() -> Timestamp {
        Timestamp::from_millisecond(1_763_700_000_000).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    #[test]
    fn a_correctly_signed_get_with_and_without_query_passes() {
        let secret = ApiSecret::new("s3cret");
        let ts = "1763700000000";
        let path = "/api/v1/merchants/M/checkout/payment-methods";
        let plain: Uri = path.parse().unwrap_or_default();
        let sig = sign_get(&secret, ts, path);
        assert_eq!(authenticate(&secret, now(), &Method::GET, &plain, &headers(ts, &sig), b""), Ok(()));
        let with_query: Uri = format!("{path}?a=1&b=2").parse().unwrap_or_default();
        let sig = sign_get_query(&secret, ts, path, "a=1&b=2");
        assert_eq!(authenticate(&secret, now(), &Method::GET, &with_query, &headers(ts, &sig), b""), Ok(()));
    }

    #[test]
    fn a_post_is_verified_over_the_exact_body_bytes() {
        let secret = ApiSecret::new("s3cret");
        let ts = "1763700000000";
        let uri: Uri = "/x".parse().unwrap_or_default();
        let sig = sign_post(&secret, ts, "/x", br#"{"a":1}"#);
        let ok = authenticate(&secret, now(), &Method::POST, &uri, &headers(ts, &sig), br#"{"a":1}"#);
        assert_eq!(ok, Ok(()));
        let spaced = authenticate(&secret, now(), &Method::POST, &uri, &headers(ts, &sig), br#"{"a": 1}"#);
        assert_eq!(spaced.map_err(|e| e.code), Err(codes::INVALID_SIGNATURE));
    }

    #[test]
    fn timestamps_outside_the_window_or_malformed_are_refused_with_the_server_time() {
        let secret = ApiSecret::new("s3cret");
        let uri: Uri = "/x".parse().unwrap_or_default();
        for ts in ["1763700300001", "1763699699999", "176370000000", "17637000000000", "abc"] {
            let sig = sign_get(&secret, ts, "/x");
            let err = authenticate(&secret, now(), &Method::GET, &uri, &headers(ts, &sig), b"");
            let err = err.err();
            assert_eq!(err.as_ref().map(|e| e.code), Some(codes::TIMESTAMP_OUT_OF_WINDOW), "{ts}");
            assert!(err.is_some_and(|e| e.message.contains("server time is 1763700000000")));
        }
        let ts = "1763700300000"; // exactly 5 minutes ahead is still accepted
        let sig = sign_get(&secret, ts, "/x");
        assert_eq!(authenticate(&secret, now(), &Method::GET, &uri, &headers(ts, &sig), b""), Ok(()));
    }

    #[test]
    fn missing_signature_is_an_invalid_signature() {
        let secret = ApiSecret::new("s3cret");
        let uri: Uri = "/x".parse().unwrap_or_default();
        let err = authenticate(&secret, now(), &Method::GET, &uri, &headers("1763700000000", ""), b"");
        assert_eq!(err.map_err(|e| e.code), Err(codes::INVALID_SIGNATURE));
    }
}
