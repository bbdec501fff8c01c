//! HTTP client for the BlockATM endpoints a till uses. Creates are signed with a fresh request time
//! on every attempt; every request draws from the key's [`RequestBudget`] and follows the same
//! retry rules as the PayStableCoin client (`retry.rs`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use reqwest::header::CONTENT_TYPE;
use reqwest::Method;
use serde::de::DeserializeOwned;
use url::Url;

use super::codes::{
    API_KEY_HEADER, DEFAULT_REC_WINDOW_MS, METHODS_PATH, ORDER_PATH, REC_WINDOW_HEADER, REQUEST_TIME_HEADER,
    SIGNATURE_HEADER,
};
use super::decode::decode;
use super::keys::{ApiKey, SigningKey};
use super::neutral;
use super::signing::sign;
use super::wire::{BlockAtmMethod, BlockAtmOrder, CreateQrOrder};
use crate::clock::offset_from;
use crate::retry::{backoff, may_retry, DEFAULT_RATE_LIMIT_PAUSE, MAX_ATTEMPTS};
use crate::transport::{read_capped, transport_error};
use crate::{CreateOrderRequest, GatewayEnvironment, GatewayError, Order, PaymentMethod, RequestBudget};

/// BlockATM's API host, as the seed guide names it (unverified: no sandbox is known).
pub const PRODUCTION_URL: &str = "https://backend.blockatm.net";

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest a create waits for the request budget or a `Retry-After` before telling the caller.
const LONGEST_SILENT_WAIT: Duration = Duration::from_secs(5);

/// What identifies and authenticates the merchant: the API key and the private key whose public
/// half is registered with BlockATM. `Debug` redacts both.
#[derive(Debug, Clone)]
pub struct BlockAtmCredentials {
    pub api_key: ApiKey,
    pub signing_key: SigningKey,
}

/// A BlockATM client for one merchant. Clones share the connection pool, the budget and the clock
/// measurement.
#[derive(Debug, Clone)]
pub struct BlockAtmClient {
    http: reqwest::Client,
    base: Url,
    credentials: BlockAtmCredentials,
    budget: RequestBudget,
    rec_window_ms: u32,
    clock_offset: Arc<Mutex<Option<SignedDuration>>>,
}

impl BlockAtmClient {
    /// `Production` is [`PRODUCTION_URL`]; a `Custom` URL is used as given (https, or http on
    /// loopback for the simulator). `Sandbox` is refused: BlockATM has no known sandbox.
    pub fn new(
        environment: &GatewayEnvironment,
        credentials: BlockAtmCredentials,
    ) -> Result<Self, GatewayError> {
        Self::with_timeout(environment, credentials, DEFAULT_TIMEOUT)
    }

    pub fn with_timeout(
        environment: &GatewayEnvironment,
        credentials: BlockAtmCredentials,
        timeout: Duration,
    ) -> Result<Self, GatewayError> {
        let base = match environment {
            GatewayEnvironment::Production => Url::parse(PRODUCTION_URL)
                .map_err(|e| local(format!("BlockATM production URL is invalid: {e}")))?,
            GatewayEnvironment::Sandbox => {
                return Err(local("BlockATM has no known sandbox: give the gateway's URL instead".into()))
            }
            GatewayEnvironment::Custom(url) => url.clone(),
        };
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(5)))
            .user_agent(concat!("StableTill/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| GatewayError::Unreachable { detail: format!("HTTP client could not start: {e}") })?;
        Ok(Self {
            http,
            base,
            credentials,
            budget: RequestBudget::default(),
            rec_window_ms: DEFAULT_REC_WINDOW_MS,
            clock_offset: Arc::new(Mutex::new(None)),
        })
    }

    /// Shares `budget` (e.g. a smaller share of a key that several tills use).
    pub fn with_budget(mut self, budget: RequestBudget) -> Self {
        self.budget = budget;
        self
    }

    /// The `BlockATM-Rec_Window` to send with signed requests, in milliseconds.
    pub fn with_rec_window(mut self, rec_window_ms: u32) -> Self {
        self.rec_window_ms = rec_window_ms;
        self
    }

    pub fn budget(&self) -> &RequestBudget {
        &self.budget
    }

    /// `local - gateway` clock difference measured from the last answer's `Date` header.
    pub fn clock_offset(&self) -> Option<SignedDuration> {
        *self.clock_offset.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The payment methods in PayStableCoin's shape (see [`neutral`]).
    pub async fn payment_methods(&self) -> Result<Vec<PaymentMethod>, GatewayError> {
        Ok(neutral::payment_methods(&self.list_methods().await?))
    }

    /// Creates the order from a PayStableCoin create request and answers it in PayStableCoin's shape.
    pub async fn create_order(&self, request: &CreateOrderRequest) -> Result<Order, GatewayError> {
        let qr_order = neutral::create_request(request)?;
        Ok(neutral::order(&self.create_qr_order(&qr_order).await?))
    }

    pub async fn query_order(&self, merchant_order_id: &str) -> Result<Order, GatewayError> {
        Ok(neutral::order(&self.get_order(merchant_order_id).await?))
    }

    /// `GET /api/v1/payment-methods`, as BlockATM lists them.
    pub async fn list_methods(&self) -> Result<Vec<BlockAtmMethod>, GatewayError> {
        self.send(Method::GET, METHODS_PATH, None).await
    }

    /// `POST /order/api/v2/pay/order`, signed.
    pub async fn create_qr_order(&self, request: &CreateQrOrder) -> Result<BlockAtmOrder, GatewayError> {
        check_path_segment("merchantOrderNo", &request.merchant_order_no)?;
        let body = serde_json::to_vec(request).map_err(|e| GatewayError::Undecodable {
            detail: format!("request could not be encoded: {e}"),
        })?;
        self.send(Method::POST, ORDER_PATH, Some(body)).await
    }

    /// `GET /order/api/v2/pay/order/{merchantOrderNo}`.
    pub async fn get_order(&self, merchant_order_no: &str) -> Result<BlockAtmOrder, GatewayError> {
        check_path_segment("merchantOrderNo", merchant_order_no)?;
        self.send(Method::GET, &format!("{ORDER_PATH}/{merchant_order_no}"), None).await
    }

    /// Sends a request inside the key's budget, retrying what may be retried (see `retry.rs`).
    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<T, GatewayError> {
        let path = format!("{}{path}", self.base.path().trim_end_matches('/'));
        // A create is made while the customer waits: never keep the cashier waiting in silence.
        let longest_wait = (method == Method::POST).then_some(LONGEST_SILENT_WAIT);
        let mut attempt = 0;
        loop {
            self.budget.acquire_within(longest_wait).await?;
            let error = match self.send_once(&method, &path, body.as_deref()).await {
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
            tracing::info!(%method, path, %error, ?wait, "BlockATM request failed; retrying");
            tokio::time::sleep(wait).await;
        }
    }

    async fn send_once<T: DeserializeOwned>(
        &self,
        method: &Method,
        path: &str,
        body: Option<&[u8]>,
    ) -> Result<T, GatewayError> {
        let mut url = self.base.clone();
        url.set_path(path);
        let mut request =
            self.http.request(method.clone(), url).header(API_KEY_HEADER, self.credentials.api_key.expose());
        if let Some(bytes) = body {
            // Only creates are signed; the time is taken per attempt so a retry is not stale.
            let time = Timestamp::now().as_millisecond().to_string();
            let signature = sign(&self.credentials.signing_key, bytes, &time)
                .map_err(|e| local(format!("the order cannot be signed: {e}")))?;
            request = request
                .header(REQUEST_TIME_HEADER, &time)
                .header(REC_WINDOW_HEADER, self.rec_window_ms.to_string())
                .header(SIGNATURE_HEADER, signature)
                .header(CONTENT_TYPE, "application/json")
                .body(bytes.to_vec());
        }
        tracing::debug!(%method, path, "BlockATM request");
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let headers = response.headers().clone();
        let offset = offset_from(&headers, Timestamp::now());
        if offset.is_some() {
            *self.clock_offset.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = offset;
        }
        let bytes = read_capped(response).await?;
        tracing::debug!(%method, path, status = status.as_u16(), "BlockATM answer");
        decode(status, &headers, &bytes, offset)
    }
}

/// IDs go into the URL path: allow only what needs no escaping.
fn check_path_segment(what: &str, value: &str) -> Result<(), GatewayError> {
    let ok = !value.is_empty()
        && value.len() <= 128
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(local(format!("{what} {value:?} may only contain letters, digits, '-' and '_'")))
    }
}

fn local(message: String) -> GatewayError {
    GatewayError::Rejected { code: "local".into(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_with_path_characters_are_refused_and_sandbox_is_unknown() {
        assert!(check_path_segment("merchantOrderNo", "../../x").is_err());
        assert!(check_path_segment("merchantOrderNo", "ST-till1-01JABCDEF").is_ok());
        let credentials = BlockAtmCredentials {
            api_key: ApiKey::new("k"),
            signing_key: SigningKey::generate().unwrap_or_else(|e| panic!("{e}")),
        };
        assert!(BlockAtmClient::new(&GatewayEnvironment::Sandbox, credentials.clone()).is_err());
        let client = BlockAtmClient::new(&GatewayEnvironment::Production, credentials);
        assert!(client.is_ok_and(|c| format!("{c:?}").contains("<redacted>")));
    }
}
