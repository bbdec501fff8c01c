//! BlockATM authentication as the simulator enforces it: the API key on every request, and on a
//! create also the request time within the receive window and the V1 signature, verified with the
//! merchant's registered public key over the very bytes that arrived. Runs before any body is
//! validated, so an unauthenticated caller learns nothing about orders or rules.

use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use stabletill_gateway::blockatm::codes::{
    self, API_KEY_HEADER, DEFAULT_REC_WINDOW_MS, REC_WINDOW_HEADER, REQUEST_TIME_HEADER, SIGNATURE_HEADER,
};
use stabletill_gateway::blockatm::{verify, ApiKey, PublicKey, SigningError};
use stabletill_gateway::signing::signatures_match;

use super::config::MAX_REC_WINDOW_MS;
use super::reply::BlockAtmError;

/// The API key, compared in constant time so the answer time does not leak a matching prefix.
pub(crate) fn check_api_key(expected: &ApiKey, headers: &HeaderMap) -> Result<(), BlockAtmError> {
    let received = header(headers, API_KEY_HEADER).unwrap_or_default();
    if !received.is_empty() && signatures_match(expected.expose(), received) {
        Ok(())
    } else {
        Err(BlockAtmError::new(
            StatusCode::UNAUTHORIZED,
            codes::INVALID_API_KEY,
            format!("{API_KEY_HEADER} is missing or unknown"),
        ))
    }
}

/// Request time within the window, then the signature over `body`.
pub(crate) fn check_signed(
    public_key: &PublicKey,
    now: Timestamp,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), BlockAtmError> {
    let time = check_request_time(now, headers)?;
    let signature = header(headers, SIGNATURE_HEADER)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| signature_error(format!("{SIGNATURE_HEADER} is missing")))?;
    match verify(public_key, body, time, signature) {
        Ok(()) => Ok(()),
        Err(SigningError::Body(problem)) => Err(BlockAtmError::invalid(problem)),
        Err(e @ (SigningError::Encoding(_) | SigningError::Mismatch | SigningError::Time(_))) => {
            Err(signature_error(format!(
                "{SIGNATURE_HEADER}: {e}; sign with the key pair registered for this API key"
            )))
        }
    }
}

/// `BlockATM-Request-Time` (13 digits) no further from `now` than `BlockATM-Rec_Window`.
fn check_request_time(now: Timestamp, headers: &HeaderMap) -> Result<&str, BlockAtmError> {
    let now_ms = now.as_millisecond();
    // Every refusal states the server's time, so a till can tell its own clock is wrong.
    let refuse = |problem: String| {
        BlockAtmError::new(
            StatusCode::UNAUTHORIZED,
            codes::REQUEST_TIME_OUTSIDE_WINDOW,
            format!("{problem}; the server time is {now_ms} ({now})"),
        )
    };
    let window = match header(headers, REC_WINDOW_HEADER) {
        None => u64::from(DEFAULT_REC_WINDOW_MS),
        Some(text) => match text.parse::<u64>() {
            Ok(ms) if (1..=MAX_REC_WINDOW_MS).contains(&ms) => ms,
            _ => {
                return Err(BlockAtmError::invalid(format!(
                    "{REC_WINDOW_HEADER} {text:?} must be 1 to {MAX_REC_WINDOW_MS} milliseconds"
                )))
            }
        },
    };
    let text = header(headers, REQUEST_TIME_HEADER)
        .ok_or_else(|| refuse(format!("{REQUEST_TIME_HEADER} is missing")))?;
    let millis = match text.parse::<i64>() {
        Ok(ms) if text.len() == 13 && text.bytes().all(|b| b.is_ascii_digit()) => ms,
        _ => return Err(refuse(format!("{REQUEST_TIME_HEADER} {text:?} is not 13-digit Unix milliseconds"))),
    };
    let skew = millis.saturating_sub(now_ms);
    if skew.unsigned_abs() > window {
        let direction = if skew > 0 { "ahead of" } else { "behind" };
        return Err(refuse(format!(
            "{REQUEST_TIME_HEADER} {millis} is {} ms {direction} the server clock, outside the receive window of {window} ms",
            skew.unsigned_abs()
        )));
    }
    Ok(text)
}

fn header<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim)
}

fn signature_error(message: String) -> BlockAtmError {
    BlockAtmError::new(StatusCode::UNAUTHORIZED, codes::INVALID_SIGNATURE, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use stabletill_gateway::blockatm::{sign, SigningKey};

    const NOW_MS: i64 = 1_763_700_000_000;

    fn now() -> Timestamp {
        Timestamp::from_millisecond(NOW_MS).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn headers(pairs: &[(&'static str, String)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            if let Ok(value) = value.parse() {
                map.insert(*name, value);
            }
        }
        map
    }

    fn code(result: Result<(), BlockAtmError>) -> Option<&'static str> {
        result.err().map(|e| e.code)
    }

    #[test]
    fn the_key_must_match_exactly() {
        let key = ApiKey::new("k-123");
        assert_eq!(check_api_key(&key, &headers(&[(API_KEY_HEADER, "k-123".into())])), Ok(()));
        assert_eq!(
            code(check_api_key(&key, &headers(&[(API_KEY_HEADER, "k-124".into())]))),
            Some(codes::INVALID_API_KEY)
        );
        assert_eq!(code(check_api_key(&key, &HeaderMap::new())), Some(codes::INVALID_API_KEY));
    }

    #[test]
    fn time_window_then_signature() {
        let key = SigningKey::generate().unwrap_or_else(|e| panic!("{e}"));
        let body = br#"{"amount":"1.00"}"#;
        let signed = |time: i64, window: Option<&str>| {
            let time = time.to_string();
            let signature = sign(&key, body, &time).unwrap_or_default();
            let mut pairs = vec![(REQUEST_TIME_HEADER, time), (SIGNATURE_HEADER, signature)];
            if let Some(window) = window {
                pairs.push((REC_WINDOW_HEADER, window.to_owned()));
            }
            check_signed(&key.public_key(), now(), &headers(&pairs), body)
        };
        assert_eq!(signed(NOW_MS - 30_000, None), Ok(()));
        assert_eq!(code(signed(NOW_MS - 30_001, None)), Some(codes::REQUEST_TIME_OUTSIDE_WINDOW));
        assert_eq!(code(signed(NOW_MS + 30_001, None)), Some(codes::REQUEST_TIME_OUTSIDE_WINDOW));
        assert_eq!(signed(NOW_MS + 50_000, Some("60000")), Ok(()));
        assert_eq!(code(signed(NOW_MS, Some("60001"))), Some(codes::INVALID_PARAMETER));
        assert_eq!(code(signed(NOW_MS, Some("5000"))), None);
        let other = SigningKey::generate().unwrap_or_else(|e| panic!("{e}"));
        let refused = check_signed(
            &other.public_key(),
            now(),
            &headers(&[
                (REQUEST_TIME_HEADER, NOW_MS.to_string()),
                (SIGNATURE_HEADER, sign(&key, body, &NOW_MS.to_string()).unwrap_or_default()),
            ]),
            body,
        );
        assert_eq!(code(refused), Some(codes::INVALID_SIGNATURE));
        let unsigned = check_signed(
            &key.public_key(),
            now(),
            &headers(&[(REQUEST_TIME_HEADER, NOW_MS.to_string())]),
            body,
        );
        assert_eq!(code(unsigned), Some(codes::INVALID_SIGNATURE));
    }
}
