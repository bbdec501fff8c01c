//! Turning a BlockATM answer into data or a [`GatewayError`] with the same meaning the
//! PayStableCoin client gives it: the envelope's code first, the HTTP status for codes we do not know.

use jiff::SignedDuration;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::codes;
use super::wire::BlockAtmEnvelope;
use crate::decode::retry_after;
use crate::retry::DEFAULT_BLOCK;
use crate::GatewayError;

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
    let envelope: BlockAtmEnvelope = match serde_json::from_slice(bytes) {
        Ok(envelope) => envelope,
        Err(_) if status.is_server_error() => return Err(GatewayError::Server { status: status.as_u16() }),
        Err(e) => {
            return Err(GatewayError::Undecodable {
                detail: format!("HTTP {} with a body that is not an envelope: {e}", status.as_u16()),
            })
        }
    };
    // `success: false` with code 200 is not a success, whatever the code says.
    if envelope.code == codes::SUCCESS && envelope.success != Some(false) {
        let data = envelope.data.unwrap_or(serde_json::Value::Null);
        return serde_json::from_value(data)
            .map_err(|e| GatewayError::Undecodable { detail: format!("unexpected data: {e}") });
    }
    let message = envelope.msg.unwrap_or_default();
    Err(match envelope.code.as_str() {
        codes::API_NOT_ENABLED => GatewayError::NotEnabled,
        // A wrong API key needs the same fix as a wrong private key: check the credentials.
        codes::INVALID_API_KEY | codes::INVALID_SIGNATURE => GatewayError::SignatureRejected { message },
        codes::REQUEST_TIME_OUTSIDE_WINDOW => GatewayError::TimestampRejected { message, clock_offset },
        codes::ORDER_NOT_FOUND => GatewayError::OrderNotFound,
        codes::DUPLICATE_ORDER => GatewayError::DuplicateOrder,
        codes::RATE_LIMITED => GatewayError::RateLimited { retry_after: retry_after(headers) },
        // Unknown codes: only what the HTTP status says for certain. A 404 or 409 is not taken as
        // "no such order" / "duplicate" (a wrong base URL answers 404 too).
        _ => match status.as_u16() {
            401 | 403 if mentions_time(&message) => GatewayError::TimestampRejected { message, clock_offset },
            401 => GatewayError::SignatureRejected { message },
            500..=599 => GatewayError::Server { status: status.as_u16() },
            _ => GatewayError::Rejected { code: envelope.code, message },
        },
    })
}

fn mentions_time(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    lower.contains("timestamp")
        || lower.contains("request-time")
        || lower.contains("recv")
        || lower.contains("window")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Result<serde_json::Value, GatewayError> {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT);
        decode(status, &HeaderMap::new(), body.as_bytes(), None)
    }

    #[test]
    fn success_needs_code_200_and_not_success_false() {
        assert_eq!(
            answer(200, r#"{"code":"200","success":true,"data":{"a":1},"msg":"success"}"#),
            Ok(serde_json::json!({"a":1}))
        );
        assert_eq!(answer(200, r#"{"code":200,"data":[1]}"#), Ok(serde_json::json!([1])));
        assert!(matches!(
            answer(200, r#"{"code":"200","success":false,"msg":"no"}"#),
            Err(GatewayError::Rejected { .. })
        ));
    }

    #[test]
    fn codes_map_to_what_the_cashier_must_do() {
        let err =
            |status, code: &str| answer(status, &format!(r#"{{"code":"{code}","success":false,"msg":"m"}}"#));
        assert_eq!(err(403, codes::API_NOT_ENABLED), Err(GatewayError::NotEnabled));
        assert!(matches!(err(401, codes::INVALID_API_KEY), Err(GatewayError::SignatureRejected { .. })));
        assert!(matches!(err(401, codes::INVALID_SIGNATURE), Err(GatewayError::SignatureRejected { .. })));
        assert!(matches!(
            err(401, codes::REQUEST_TIME_OUTSIDE_WINDOW),
            Err(GatewayError::TimestampRejected { .. })
        ));
        assert_eq!(err(404, codes::ORDER_NOT_FOUND), Err(GatewayError::OrderNotFound));
        assert_eq!(err(409, codes::DUPLICATE_ORDER), Err(GatewayError::DuplicateOrder));
        assert!(matches!(err(404, "404"), Err(GatewayError::Rejected { .. })));
        assert!(matches!(
            answer(401, r#"{"code":"9","msg":"Timestamp for this request is outside of the recvWindow"}"#),
            Err(GatewayError::TimestampRejected { .. })
        ));
        assert_eq!(answer(502, "<html>"), Err(GatewayError::Server { status: 502 }));
        assert_eq!(answer(418, ""), Err(GatewayError::Blocked { retry_after: DEFAULT_BLOCK }));
        assert_eq!(answer(429, ""), Err(GatewayError::RateLimited { retry_after: None }));
    }
}
