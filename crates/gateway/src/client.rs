//! HTTP client for the three API Checkout endpoints a till uses. Each request is signed with a
//! fresh millisecond timestamp and its body is sent byte-for-byte as signed.

use std::time::Duration;

use std::sync::{Arc, Mutex};

use jiff::{SignedDuration, Timestamp};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use crate::clock::offset_from;
use crate::decode::decode;
use crate::retry::{backoff, may_retry, DEFAULT_RATE_LIMIT_PAUSE, MAX_ATTEMPTS};
use crate::signing::{sign_get, sign_get_query, sign_post};
use crate::transport::{read_capped, transport_error};
use crate::wire::{CreateOrderRequest, Order, PaymentMethod};
use crate::{ApiSecret, GatewayEnvironment, GatewayError, RequestBudget};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a create waits for the request budget or a `Retry-After` before telling the caller.
const LONGEST_SILENT_WAIT: Duration = Duration::from_secs(5);

/// What identifies and authenticates the merchant.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub merchant_id: String,
    pub secret: ApiSecret,
}

/// A PayStableCoin API Checkout client for one merchant. Every request draws from the key's
/// [`RequestBudget`]; clones share the connection pool, the budget and the clock measurement.
#[derive(Debug, Clone)]
pub struct PayStableCoinClient {
    http: reqwest::Client,
    base: Url,
    credentials: Credentials,
    budget: RequestBudget,
    clock_offset: Arc<Mutex<Option<SignedDuration>>>,
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
        Ok(Self {
            http,
            base: environment.base_url(),
            credentials,
            budget: RequestBudget::default(),
            clock_offset: Arc::new(Mutex::new(None)),
        })
    }

    /// Shares `budget` (e.g. a smaller share of a key that several tills use).
    pub fn with_budget(mut self, budget: RequestBudget) -> Self {
        self.budget = budget;
        self
    }

    pub fn budget(&self) -> &RequestBudget {
        &self.budget
    }

    /// `local - gateway` clock difference measured from the last answer's `Date` header.
    pub fn clock_offset(&self) -> Option<SignedDuration> {
        *self.clock_offset.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn merchant_id(&self) -> &str {
        &self.credentials.merchant_id
    }

    /// The payment methods enabled for this merchant, sorted by `displayOrder` (ascending).
    pub async fn payment_methods(&self) -> Result<Vec<PaymentMethod>, GatewayError> {
        let path = self.merchant_path("checkout/payment-methods");
        let mut methods: Vec<PaymentMethod> = self.send(Method::GET, &path, None, None).await?;
        methods.sort_by_key(|m| m.display_order.unwrap_or(i64::MAX));
        Ok(methods)
    }

    pub async fn create_order(&self, request: &CreateOrderRequest) -> Result<Order, GatewayError> {
        check_path_segment("merchantOrderId", &request.merchant_order_id)?;
        let path = self.merchant_path("checkout/orders");
        let body = serde_json::to_vec(request).map_err(|e| GatewayError::Undecodable {
            detail: format!("request could not be encoded: {e}"),
        })?;
        self.send(Method::POST, &path, None, Some(body)).await
    }

    pub async fn query_order(&self, merchant_order_id: &str) -> Result<Order, GatewayError> {
        check_path_segment("merchantOrderId", merchant_order_id)?;
        let path = self.merchant_path(&format!("checkout/orders/{merchant_order_id}"));
        self.send(Method::GET, &path, None, None).await
    }

    /// A signed GET of any merchant endpoint with a query string (sent exactly as signed), for
    /// endpoints beyond the three a till needs (e.g. listings).
    pub async fn get_with_query<T: DeserializeOwned>(
        &self,
        rest: &str,
        query: &str,
    ) -> Result<T, GatewayError> {
        let path = self.merchant_path(rest);
        self.send(Method::GET, &path, Some(query), None).await
    }

    fn merchant_path(&self, rest: &str) -> String {
        format!(
            "{}/api/v1/merchants/{}/{rest}",
            self.base.path().trim_end_matches('/'),
            self.credentials.merchant_id
        )
    }

    /// Sends a request inside the key's budget, retrying what may be retried (see `retry.rs`).
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Result<T, GatewayError> {
        // A create is made while the customer waits: never keep the cashier waiting in silence.
        let longest_wait = (method == Method::POST).then_some(LONGEST_SILENT_WAIT);
        let mut attempt = 0;
        loop {
            self.budget.acquire_within(longest_wait).await?;
            let error = match self.send_once(&method, path, query, body.as_deref()).await {
                Ok(data) => return Ok(data),
                Err(error) => error,
            };
            let asked = match &error {
                GatewayError::RateLimited { retry_after } => {
                    let wait = retry_after.unwrap_or(DEFAULT_RATE_LIMIT_PAUSE);
                    self.budget.pause_for(wait);
                    Some(wait)
                }
                GatewayError::Blocked { retry_after } => {
                    self.budget.block_for(*retry_after);
                    None
                }
                _ => None,
            };
            attempt += 1;
            let too_long = longest_wait.is_some_and(|longest| asked.is_some_and(|asked| asked > longest));
            if attempt >= MAX_ATTEMPTS || !may_retry(&method, &error) || too_long {
                return Err(error);
            }
            let wait = backoff(attempt, asked);
            tracing::info!(%method, path, %error, ?wait, "gateway request failed; retrying");
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once<T: DeserializeOwned>(
        &self,
        method: &Method,
        path: &str,
        query: Option<&str>,
        body: Option<&[u8]>,
    ) -> Result<T, GatewayError> {
        let timestamp = Timestamp::now().as_millisecond().to_string();
        let secret = &self.credentials.secret;
        let signature = match (body, query) {
            (Some(bytes), _) => sign_post(secret, &timestamp, path, bytes),
            (None, Some(query)) => sign_get_query(secret, &timestamp, path, query),
            (None, None) => sign_get(secret, &timestamp, path),
        };
        let mut url = self.base.clone();
        url.set_path(path);
        url.set_query(query);
        let mut request = self
            .http
            .request(method.clone(), url)
            .header("X-Timestamp", &timestamp)
            .header("X-Signature", signature);
        if let Some(bytes) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(bytes.to_vec());
        }
        tracing::debug!(%method, path, "gateway request");
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let offset = offset_from(&headers, Timestamp::now());
        if offset.is_some() {
            *self.clock_offset.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = offset;
        }
        let bytes = read_capped(response).await?;
        tracing::debug!(%method, path, status = status.as_u16(), "gateway answer");
        decode(status, &headers, &bytes, offset)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_path_characters_are_refused_before_sending() {
        assert!(check_path_segment("merchantOrderId", "../../x").is_err());
        assert!(check_path_segment("merchantOrderId", "ST-till1-01JABCDEF").is_ok());
    }
}
