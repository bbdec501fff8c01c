//! HTTP client for the three API Checkout endpoints a till uses. Each request is signed with a
//! fresh millisecond timestamp and its body is sent byte-for-byte as signed.

use std::time::Duration;

use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::signing::{sign_get, sign_post};
use crate::wire::{CreateOrderRequest, Envelope, Order, PaymentMethod};
use crate::{codes, ApiSecret, GatewayEnvironment, GatewayError};

/// Answers larger than this are refused unread: no legitimate answer comes close.
const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// What identifies and authenticates the merchant.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub merchant_id: String,
    pub secret: ApiSecret,
}

/// A PayStableCoin API Checkout client for one merchant.
#[derive(Debug, Clone)]
pub struct PayStableCoinClient {
    http: reqwest::Client,
    base: Url,
    credentials: Credentials,
}

impl PayStableCoinClient {
    pub fn new(environment: &GatewayEnvironment, credentials: Credentials) -> Result<Self, GatewayError> {
        Self::with_timeout(environment, credentials, DEFAULT_TIMEOUT)
    }

    pub fn with_timeout(
        environment: &GatewayEnvironment,
        credentials: Credentials,
        timeout: Duration,
    ) -> Result<Self, GatewayError> {
        check_path_segment("merchant ID", &credentials.merchant_id)?;
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("StableTill/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| GatewayError::Unreachable { detail: format!("HTTP client could not start: {e}") })?;
        Ok(Self { http, base: environment.base_url(), credentials })
    }

    pub fn merchant_id(&self) -> &str {
        &self.credentials.merchant_id
    }

    /// The payment methods enabled for this merchant, sorted by `displayOrder` (ascending).
    pub async fn payment_methods(&self) -> Result<Vec<PaymentMethod>, GatewayError> {
        let path = self.merchant_path("checkout/payment-methods");
        let mut methods: Vec<PaymentMethod> = self.send(Method::GET, &path, None).await?;
        methods.sort_by_key(|m| m.display_order.unwrap_or(i64::MAX));
        Ok(methods)
    }

    pub async fn create_order(&self, request: &CreateOrderRequest) -> Result<Order, GatewayError> {
        check_path_segment("merchantOrderId", &request.merchant_order_id)?;
        let path = self.merchant_path("checkout/orders");
        let body = serde_json::to_vec(request).map_err(|e| GatewayError::Undecodable {
            detail: format!("request could not be encoded: {e}"),
        })?;
        self.send(Method::POST, &path, Some(body)).await
    }

    pub async fn query_order(&self, merchant_order_id: &str) -> Result<Order, GatewayError> {
        check_path_segment("merchantOrderId", merchant_order_id)?;
        let path = self.merchant_path(&format!("checkout/orders/{merchant_order_id}"));
        self.send(Method::GET, &path, None).await
    }

    fn merchant_path(&self, rest: &str) -> String {
        format!(
            "{}/api/v1/merchants/{}/{rest}",
            self.base.path().trim_end_matches('/'),
            self.credentials.merchant_id
        )
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<T, GatewayError> {
        let timestamp = jiff::Timestamp::now().as_millisecond().to_string();
        let secret = &self.credentials.secret;
        let signature = match &body {
            Some(bytes) => sign_post(secret, &timestamp, path, bytes),
            None => sign_get(secret, &timestamp, path),
        };
        let mut url = self.base.clone();
        url.set_path(path);
        let mut request = self
            .http
            .request(method.clone(), url)
            .header("X-Timestamp", &timestamp)
            .header("X-Signature", signature);
        if let Some(bytes) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        tracing::debug!(%method, path, "gateway request");
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = read_capped(response).await?;
        tracing::debug!(%method, path, status = status.as_u16(), "gateway answer");
        decode(status, &headers, &bytes)
    }
}

/// IDs go into the URL path and into the signed string: allow only what needs no escaping.
fn check_path_segment(what: &str, value: &str) -> Result<(), GatewayError> {
    let ok = !value.is_empty()
        && value.len() <= 128
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(GatewayError::Rejected {
            code: "local".into(),
            message: format!("{what} {value:?} may only contain letters, digits, '-' and '_'"),
        })
    }
}

fn transport_error(error: reqwest::Error) -> GatewayError {
    if error.is_timeout() {
        GatewayError::Timeout
    } else if error.is_connect() {
        GatewayError::Unreachable { detail: root_cause(&error) }
    } else {
        GatewayError::ConnectionLost { detail: root_cause(&error) }
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, GatewayError> {
    let too_big =
        || GatewayError::Undecodable { detail: format!("answer larger than {MAX_RESPONSE_BYTES} bytes") };
    if response.content_length().is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_big());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// Turns an HTTP answer into data or a typed error: the envelope's code first, the HTTP status as
/// the fallback for codes we do not know.
fn decode<T: DeserializeOwned>(
    status: StatusCode,
    headers: &HeaderMap,
    bytes: &[u8],
) -> Result<T, GatewayError> {
    match status.as_u16() {
        429 => return Err(GatewayError::RateLimited { retry_after: retry_after(headers) }),
        418 => return Err(GatewayError::Blocked),
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
        codes::TIMESTAMP_OUT_OF_WINDOW => GatewayError::TimestampRejected { message },
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
                GatewayError::TimestampRejected { message }
            }
            401 => GatewayError::SignatureRejected { message },
            500..=599 => GatewayError::Server { status: status.as_u16() },
            _ => GatewayError::Rejected { code: envelope.code, message },
        },
    })
}

fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Result<serde_json::Value, GatewayError> {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::IM_A_TEAPOT);
        decode(status, &HeaderMap::new(), body.as_bytes())
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
        assert_eq!(answer(418, ""), Err(GatewayError::Blocked));
    }

    #[test]
    fn ids_with_path_characters_are_refused_before_sending() {
        assert!(check_path_segment("merchantOrderId", "../../x").is_err());
        assert!(check_path_segment("merchantOrderId", "ST-till1-01JABCDEF").is_ok());
    }
}
