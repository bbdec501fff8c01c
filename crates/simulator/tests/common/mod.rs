//! Helpers shared by the integration tests: a started simulator, a gateway client for it, and
//! create requests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use stabletill_gateway::{
    ApiSecret, CreateOrderRequest, Credentials, GatewayEnvironment, Money, PayStableCoinClient,
    PAYMENT_METHOD_TYPE_ON_CHAIN,
};
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

/// Short enough for tests, long enough that PROCESSING can be observed first.
pub const CONFIRMATION: Duration = Duration::from_millis(400);

pub fn fast_config() -> SimulatorConfig {
    SimulatorConfig { confirmation_delay: CONFIRMATION, ..SimulatorConfig::demo() }
}

pub async fn start(config: SimulatorConfig) -> RunningSimulator {
    RunningSimulator::start(config).await.expect("simulator starts on loopback")
}

pub fn client(simulator: &RunningSimulator) -> PayStableCoinClient {
    client_as(simulator, simulator.merchant_id(), simulator.secret().clone())
}

pub fn client_as(simulator: &RunningSimulator, merchant_id: &str, secret: ApiSecret) -> PayStableCoinClient {
    let environment: GatewayEnvironment = simulator.url().parse().expect("loopback URL");
    let credentials = Credentials { merchant_id: merchant_id.to_owned(), secret };
    PayStableCoinClient::new(&environment, credentials).expect("client builds")
}

/// A merchantOrderId in the till's style, unique within the test process.
pub fn order_id(tag: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("ST-test-{tag}-{}-{:04}", Timestamp::now().as_millisecond(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A create request expiring in 15 minutes.
pub fn order(id: &str, value: &str, currency: &str, network: &str) -> CreateOrderRequest {
    order_expiring(id, value, currency, network, Duration::from_secs(15 * 60))
}

pub fn order_expiring(
    id: &str,
    value: &str,
    currency: &str,
    network: &str,
    expires_in: Duration,
) -> CreateOrderRequest {
    let expires_in = SignedDuration::try_from(expires_in).expect("short duration");
    CreateOrderRequest {
        merchant_order_id: id.to_owned(),
        order_amount: Money { value: value.to_owned(), currency: currency.to_owned() },
        payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.to_owned(),
        network: network.to_owned(),
        expires_at: (Timestamp::now() + expires_in).to_string(),
        callback_url: None,
    }
}

/// A client that gives up after `timeout` (for the timeout fault).
pub fn client_with_timeout(simulator: &RunningSimulator, timeout: Duration) -> PayStableCoinClient {
    let environment: GatewayEnvironment = simulator.url().parse().expect("loopback URL");
    let credentials =
        Credentials { merchant_id: simulator.merchant_id().to_owned(), secret: simulator.secret().clone() };
    PayStableCoinClient::with_timeout(&environment, credentials, timeout).expect("client builds")
}

/// A correctly signed GET of the payment methods with plain reqwest: no retries, no budget, so a
/// test sees exactly what the simulator answered.
pub async fn raw_methods(simulator: &RunningSimulator) -> reqwest::Result<reqwest::Response> {
    let path = format!("/api/v1/merchants/{}/checkout/payment-methods", simulator.merchant_id());
    let ts = Timestamp::now().as_millisecond().to_string();
    let signature = stabletill_gateway::signing::sign_get(simulator.secret(), &ts, &path);
    reqwest::Client::new()
        .get(format!("{}{path}", simulator.url()))
        .header("X-Timestamp", ts)
        .header("X-Signature", signature)
        .send()
        .await
}

/// A correctly signed create with plain reqwest.
pub async fn raw_create(
    simulator: &RunningSimulator,
    request: &CreateOrderRequest,
) -> reqwest::Result<reqwest::Response> {
    let path = format!("/api/v1/merchants/{}/checkout/orders", simulator.merchant_id());
    let body = serde_json::to_vec(request).expect("encodes");
    let ts = Timestamp::now().as_millisecond().to_string();
    let signature = stabletill_gateway::signing::sign_post(simulator.secret(), &ts, &path, &body);
    reqwest::Client::new()
        .post(format!("{}{path}", simulator.url()))
        .header("X-Timestamp", ts)
        .header("X-Signature", signature)
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
}

/// Log entries about `merchant_order_id`.
pub fn entries_for(
    simulator: &RunningSimulator,
    merchant_order_id: &str,
) -> Vec<stabletill_simulator::LoggedRequest> {
    simulator
        .request_log()
        .into_iter()
        .filter(|r| r.merchant_order_id.as_deref() == Some(merchant_order_id))
        .collect()
}

/// Waits (up to `limit`) until `ready` holds, polling every 20 ms; returns whether it did.
pub async fn eventually(limit: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if ready() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    ready()
}
