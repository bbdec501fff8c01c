//! Turning a gateway answer (status, headers, body) into data or a typed error.

use std::time::Duration;

use jiff::SignedDuration;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use crate::retry::DEFAULT_BLOCK;
use crate::wire::Envelope;
use crate::{codes, GatewayError};

/// Turns an HTTP answer into data or a typed error: the envelope's code first, the HTTP status as
/// the fallback for codes we do not know.
pub(crate) fn decode<T: DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    bytes: &[u8],
    clock_offset: Option<SignedDuration>,
) -> Result<T, GatewayError> {
    match status.as_u16() {
        429 => return Err(GatewayError::RateLimited { retry_after: retry_after(headers) }),
        418 => {
            return Err(GatewayError::Blocked { retry_after: retry_after(headers).unwrap_or(DEFAULT_BLOCK) })
        }
        _ => {}
    }
    let envelope: Envelope = match serde_json::from_slice(bytes) {
        Ok(envelope) => envelope,
        Err(_) if status.is_server_error() => return Err(GatewayError::Server { status: status.as_u16() }),
        Err(e) => {
            return Err(GatewayError::Undecodable {
                detail: format!("HTTP {} with a body that is not an envelope: {e}", status.as_u16()),
            })
        }
    };
    if envelope.code == codes::SUCCESS {
        let data = envelope.data.unwrap_or(serde_json::Value::Null);
        return serde_json::from_value(data)
            .map_err(|e| GatewayError::Undecodable { detail: format!("unexpected data: {e}") });
    }
    let message = envelope.message.unwrap_or_default();
    Err(match envelope.code.as_str() {
        codes::API_PERMISSION_DISABLED => GatewayError::NotEnabled,
        codes::INVALID_SIGNATURE => GatewayError::SignatureRejected { message },
        codes::TIMESTAMP_OUT_OF_WINDOW => GatewayError::TimestampRejected { message, clock_offset },
        codes::ORDER_NOT_FOUND => GatewayError::OrderNotFound,
        codes::DUPLICATE_ORDER => GatewayError::DuplicateOrder,
        codes::RATE_LIMITED => GatewayError::RateLimited { retry_after: retry_after(headers) },
        // A wrong merchant ID needs the same fix as a wrong secret: check the credentials.
        codes::UNKNOWN_MERCHANT => GatewayError::SignatureRejected { message },
        // Unknown codes: only what the HTTP status says for certain. A 404 or 409 is NOT taken
        // as "no such order" / "duplicate": from a wrong base URL or another endpoint, that would
        // make the till believe an order does not exist when it might.
        _ => match status.as_u16() {
            401 | 403 if message.to_ascii_lowercase().contains("timestamp") => {
                GatewayError::TimestampRejected { message, clock_offset }
            }
            401 => GatewayError::SignatureRejected { message },
            500..=599 => GatewayError::Server { status: status.as_u16() },
            _ => GatewayError::Rejected { code: envelope.code, message },
        },
    })
}

pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Result<serde_json::Value, GatewayError> {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT);
        decode(status, &HeaderMap::new(), body.as_bytes(), None)
    }

    #[test]
    fn success_envelope_yields_data() {
        assert_eq!(answer(200, r#"{"code":"00000","data":{"a":1}}"#), Ok(serde_json::json!({"a":1})));
    }

    #[test]
    fn error_codes_map_to_what_the_cashier_must_do() {
        assert_eq!(
            answer(200, r#"{"code":"50010","message":"API_PERMISSION_DISABLED"}"#),
            Err(GatewayError::NotEnabled)
        );
        assert!(matches!(
            answer(401, r#"{"code":"40101","message":"bad sig"}"#),
            Err(GatewayError::SignatureRejected { .. })
        ));
        assert!(matches!(
            answer(401, r#"{"code":"99999","message":"Timestamp expired"}"#),
            Err(GatewayError::TimestampRejected { .. })
        ));
        assert_eq!(
            answer(404, r#"{"code":"40401","message":"no such order"}"#),
            Err(GatewayError::OrderNotFound)
        );
        // An unknown code on a 404 (a wrong base URL, another endpoint) is not "no such order".
        assert!(matches!(
            answer(404, r#"{"code":"77777","message":"nope"}"#),
            Err(GatewayError::Rejected { .. })
        ));
        assert!(matches!(
            answer(403, r#"{"code":"40301","message":"unknown merchant"}"#),
            Err(GatewayError::SignatureRejected { .. })
        ));
        assert!(matches!(answer(400, r#"{"code":"40000","message":"amount too small"}"#),
            Err(GatewayError::Rejected { message, .. }) if message == "amount too small"));
    }

    #[test]
    fn garbage_is_a_server_error_on_5xx_and_undecodable_otherwise() {
        assert_eq!(answer(502, "<html>Bad Gateway</html>"), Err(GatewayError::Server { status: 502 }));
        assert!(matches!(answer(200, "<html>"), Err(GatewayError::Undecodable { .. })));
        assert_eq!(answer(418, ""), Err(GatewayError::Blocked { retry_after: DEFAULT_BLOCK }));
    }
}
