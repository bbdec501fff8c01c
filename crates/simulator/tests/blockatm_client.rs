//! The BlockATM simulator as our own BlockATM client sees it, through the neutral view the till
//! uses (PayStableCoin's wire types) and the raw BlockATM one.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use serde_json::Value;
use stabletill_gateway::blockatm::{ApiKey, BlockAtmClient, BlockAtmCredentials, CreateQrOrder, SigningKey};
use stabletill_gateway::{
    CreateOrderRequest, GatewayEnvironment, GatewayError, Money, OrderStatus, RequestBudget,
    PAYMENT_METHOD_TYPE_ON_CHAIN,
};
use stabletill_simulator::blockatm::{
    BlockAtmSimulatorConfig, RunningBlockAtmSimulator, DEMO_PRIVATE_KEY_PEM,
};

const CONFIRMATION: Duration = Duration::from_millis(300);

async fn start(config: BlockAtmSimulatorConfig) -> RunningBlockAtmSimulator {
    RunningBlockAtmSimulator::start(BlockAtmSimulatorConfig { confirmation_delay: CONFIRMATION, ..config })
        .await
        .expect("simulator starts on loopback")
}

fn client_with(
    simulator: &RunningBlockAtmSimulator,
    api_key: ApiKey,
    signing_key: SigningKey,
) -> BlockAtmClient {
    let environment: GatewayEnvironment = simulator.url().parse().expect("loopback URL");
    BlockAtmClient::new(&environment, BlockAtmCredentials { api_key, signing_key }).expect("client builds")
}

fn client(simulator: &RunningBlockAtmSimulator) -> BlockAtmClient {
    let key =
        SigningKey::from_pkcs8_pem(&simulator.private_key_pem().expect("the demo key is known")).unwrap();
    client_with(simulator, simulator.api_key().clone(), key)
}

fn order_id(tag: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    format!("ST-ba-{tag}-{}-{:04}", Timestamp::now().as_millisecond(), NEXT.fetch_add(1, Ordering::Relaxed))
}

fn order(id: &str, value: &str, currency: &str, network: &str, expires_in: Duration) -> CreateOrderRequest {
    CreateOrderRequest {
        merchant_order_id: id.to_owned(),
        order_amount: Money { value: value.to_owned(), currency: currency.to_owned() },
        payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.to_owned(),
        network: network.to_owned(),
        expires_at: (Timestamp::now() + SignedDuration::try_from(expires_in).unwrap()).to_string(),
        callback_url: None,
    }
}

fn raw_status(order: &stabletill_gateway::Order) -> Option<String> {
    order.crypto_payment_detail.as_ref()?.get("status")?.as_str().map(str::to_owned)
}

#[tokio::test]
async fn methods_are_listed_by_network_code_with_limits() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    let methods = client(&simulator).payment_methods().await.unwrap();
    assert_eq!(methods.len(), 10);
    let networks: Vec<&str> = methods.iter().map(|m| m.network.as_str()).step_by(2).collect();
    assert_eq!(networks, ["tron", "bsc", "polygon", "arbitrum", "ethereum"]);
    assert_eq!(
        methods.iter().map(|m| m.display_order).collect::<Vec<_>>(),
        (1..=10).map(Some).collect::<Vec<_>>()
    );
    let eth = methods.iter().find(|m| m.network == "ethereum" && m.crypto_currency == "USDC").unwrap();
    assert_eq!((eth.min().unwrap(), eth.max().unwrap()), (Decimal::new(10, 0), Decimal::new(50_000, 0)));
    assert_eq!(eth.network_display_name, "Ethereum");
    // What the simulator really takes (1 s in the demo), so a till's cadence meets it.
    assert_eq!(eth.estimated_confirmation_time_sec, Some(1));
    let raw = client(&simulator).list_methods().await.unwrap();
    assert!(raw.iter().any(|m| m.chain_id == "42161" && m.chain_name.as_deref() == Some("Arbitrum One")));
}

#[tokio::test]
async fn an_order_is_created_with_address_and_cashier_url_then_paid() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    let client = client(&simulator);
    let id = order_id("paid");
    let created =
        client.create_order(&order(&id, "12.50", "USDT", "tron", Duration::from_secs(900))).await.unwrap();
    assert_eq!(created.status, Some(OrderStatus::Other("PENDING".into())));
    assert_eq!(created.final_status, Some(false));
    assert_eq!(created.merchant_order_id.as_deref(), Some(id.as_str()));
    assert_eq!(created.crypto_payment_amount, Some(Money { value: "12.50".into(), currency: "USDT".into() }));
    let address = created.deposit_address.clone().unwrap();
    assert!(address.starts_with('T') && address.len() == 34, "{address}");
    let Some(Value::String(pay_url)) = created.payment_method_value.clone() else { panic!("no cashier URL") };
    assert!(pay_url.starts_with(&format!("{}/cashier/BA", simulator.url())), "{pay_url}");
    assert_eq!(created.network.as_deref(), Some("tron"));
    let page = reqwest::get(&pay_url).await.unwrap().text().await.unwrap();
    assert!(page.contains("12.50 USDT") && page.contains(&address), "{page}");

    simulator.pay(&id, None).unwrap();
    let seen = client.query_order(&id).await.unwrap();
    assert_eq!(seen.status, Some(OrderStatus::Processing));
    assert_eq!(seen.crypto_paid_amount.as_ref().map(|m| m.value.as_str()), Some("12.50"));
    tokio::time::sleep(CONFIRMATION + Duration::from_millis(100)).await;
    let paid = client.query_order(&id).await.unwrap();
    assert_eq!(paid.status, Some(OrderStatus::Succeeded));
    assert_eq!(paid.final_status, Some(true));
    assert_eq!(raw_status(&paid).as_deref(), Some("SUCCESS"));
    assert!(paid.paid_at().is_some());
    let raw = client.get_order(&id).await.unwrap();
    assert_eq!(raw.payments.len(), 1);
    assert_eq!(raw.pay_url.as_deref(), Some(pay_url.as_str()));
    let creates: Vec<_> = simulator.request_log().into_iter().filter(|e| e.method == "POST").collect();
    assert_eq!(creates.len(), 1);
    assert_eq!(creates[0].merchant_order_id.as_deref(), Some(id.as_str()));
}

#[tokio::test]
async fn expired_cancelled_and_failed_orders_end_as_the_till_expects() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    let client = client(&simulator);
    let (expiring, cancelled, failed) = (order_id("exp"), order_id("cancel"), order_id("fail"));
    client
        .create_order(&order(&expiring, "5", "USDC", "polygon", Duration::from_millis(1200)))
        .await
        .unwrap();
    client.create_order(&order(&cancelled, "5", "USDC", "bsc", Duration::from_secs(900))).await.unwrap();
    client.create_order(&order(&failed, "15", "USDT", "ethereum", Duration::from_secs(900))).await.unwrap();
    simulator.cancel(&cancelled).unwrap();
    simulator.fail(&failed).unwrap();
    tokio::time::sleep(Duration::from_millis(1400)).await;
    for (id, status, raw) in [
        (&expiring, OrderStatus::Closed, "EXPIRED"),
        (&cancelled, OrderStatus::Closed, "CANCELLED"),
        (&failed, OrderStatus::Failed, "FAILED"),
    ] {
        let order = client.query_order(id).await.unwrap();
        assert_eq!((order.status.clone(), raw_status(&order).as_deref()), (Some(status), Some(raw)), "{id}");
    }
    assert!(simulator.pay(&expiring, None).is_err());
}

#[tokio::test]
async fn a_wrong_key_is_a_signature_error_and_creates_nothing() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    let stranger = client_with(&simulator, simulator.api_key().clone(), SigningKey::generate().unwrap());
    let id = order_id("wrongkey");
    let err =
        stranger.create_order(&order(&id, "5", "USDT", "tron", Duration::from_secs(900))).await.unwrap_err();
    assert!(matches!(err, GatewayError::SignatureRejected { .. }), "{err}");
    assert_eq!(client(&simulator).query_order(&id).await.unwrap_err(), GatewayError::OrderNotFound);
    let demo_key = SigningKey::from_pkcs8_pem(DEMO_PRIVATE_KEY_PEM).unwrap();
    let wrong_api_key = client_with(&simulator, ApiKey::new("not-the-key"), demo_key);
    let err = wrong_api_key.payment_methods().await.unwrap_err();
    assert!(matches!(err, GatewayError::SignatureRejected { .. }), "{err}");
}

#[tokio::test]
async fn a_request_time_outside_the_window_is_a_clock_error_with_the_offset() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    simulator.set_clock_offset(SignedDuration::from_secs(300));
    let client = client(&simulator);
    let id = order_id("skew");
    let err =
        client.create_order(&order(&id, "5", "USDT", "tron", Duration::from_secs(3600))).await.unwrap_err();
    let GatewayError::TimestampRejected { clock_offset: Some(offset), .. } = err else { panic!("{err:?}") };
    assert!((-302..=-298).contains(&offset.as_secs()), "{offset:?}");
    let measured = client.clock_offset().expect("measured from the Date header");
    assert!(stabletill_gateway::describe_offset(measured).contains("slow"));
    // Queries are not signed, so they still work: the till can reconcile with a skewed clock.
    assert_eq!(client.query_order(&id).await.unwrap_err(), GatewayError::OrderNotFound);

    // A wider BlockATM-Rec_Window (it reaches the server) lets a 45 s skew through.
    simulator.set_clock_offset(SignedDuration::from_secs(45));
    let err =
        client.create_order(&order(&id, "5", "USDT", "tron", Duration::from_secs(3600))).await.unwrap_err();
    assert!(matches!(err, GatewayError::TimestampRejected { .. }), "{err:?}");
    let wide = client.clone().with_rec_window(60_000);
    wide.create_order(&order(&id, "5", "USDT", "tron", Duration::from_secs(3600))).await.unwrap();
}

#[tokio::test]
async fn duplicates_unknown_orders_and_a_disabled_api_are_told_apart() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    let client = client(&simulator);
    let id = order_id("dup");
    let request = order(&id, "20.00", "USDT", "arbitrum", Duration::from_secs(900));
    let first = client.create_order(&request).await.unwrap();
    let again =
        CreateOrderRequest { order_amount: Money { value: "99".into(), currency: "USDT".into() }, ..request };
    assert_eq!(client.create_order(&again).await.unwrap_err(), GatewayError::DuplicateOrder);
    let kept = client.query_order(&id).await.unwrap();
    assert_eq!(kept.crypto_payment_amount, first.crypto_payment_amount);
    assert_eq!(client.query_order("ST-ba-nobody-0000").await.unwrap_err(), GatewayError::OrderNotFound);

    let off = start(BlockAtmSimulatorConfig { api_enabled: false, ..BlockAtmSimulatorConfig::demo() }).await;
    assert_eq!(self::client(&off).payment_methods().await.unwrap_err(), GatewayError::NotEnabled);
}

#[tokio::test]
async fn past_the_limit_429_then_continued_overuse_418() {
    let config = BlockAtmSimulatorConfig {
        rate_limit_per_minute: Some(3),
        block_after_refusals: 1,
        ..BlockAtmSimulatorConfig::demo()
    };
    let simulator = start(config).await;
    // Generous budgets, so the client itself does not hold the requests back.
    let eager = client(&simulator).with_budget(RequestBudget::per_minute(10_000));
    for i in 0..3 {
        let id = order_id(&format!("rl{i}"));
        eager.create_order(&order(&id, "5", "USDT", "tron", Duration::from_secs(900))).await.unwrap();
    }
    let id = order_id("rl-limited");
    let err =
        eager.create_order(&order(&id, "5", "USDT", "tron", Duration::from_secs(900))).await.unwrap_err();
    assert!(
        matches!(err, GatewayError::RateLimited { retry_after: Some(wait) } if wait > Duration::from_secs(50)),
        "{err:?}"
    );
    // Another till on the same key keeps going: the gateway blocks the key.
    let other = client(&simulator).with_budget(RequestBudget::per_minute(10_000));
    let err = other.query_order(&id).await.unwrap_err();
    assert!(matches!(err, GatewayError::Blocked { .. }), "{err:?}");
    let sent = simulator.request_log().len();
    // Blocked: the client stops sending at once.
    assert!(matches!(other.payment_methods().await.unwrap_err(), GatewayError::Blocked { .. }));
    assert_eq!(simulator.request_log().len(), sent);
    let codes: Vec<u16> = simulator.request_log().iter().map(|e| e.status).collect();
    assert_eq!(codes, [200, 200, 200, 429, 418]);
}

#[tokio::test]
async fn faults_are_injected_like_on_the_paystablecoin_side() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    let client = client(&simulator);
    simulator.set_faults("reset-after-commit=1".parse().unwrap()).unwrap();
    let id = order_id("reset");
    let err =
        client.create_order(&order(&id, "5", "USDT", "bsc", Duration::from_secs(900))).await.unwrap_err();
    assert!(err.is_ambiguous(), "{err:?}");
    simulator.set_faults("5xx=1".parse().unwrap()).unwrap();
    assert_eq!(client.query_order(&id).await.unwrap_err(), GatewayError::Server { status: 502 });
    simulator.set_faults(Default::default()).unwrap();
    // The ambiguous create did reach the gateway: looking it up finds it, so nothing is re-sent.
    assert!(client.query_order(&id).await.unwrap().deposit_address.is_some());
    let faults: Vec<Option<String>> = simulator.request_log().into_iter().map(|e| e.fault).collect();
    let named = |name: &str| Some(name.to_owned());
    assert_eq!(faults, [named("reset-after-commit"), named("5xx"), named("5xx"), named("5xx"), None]);
}

#[tokio::test]
async fn raw_creates_and_control_routes_work_over_http() {
    let simulator = start(BlockAtmSimulatorConfig::demo()).await;
    let client = client(&simulator);
    let id = order_id("raw");
    let raw = CreateQrOrder {
        merchant_order_no: id.clone(),
        chain_id: "56".into(),
        symbol: "USDC".into(),
        amount: "7.25".into(),
        expire_time: Timestamp::now().as_millisecond() + 600_000,
        notify_url: None,
    };
    let created = client.create_qr_order(&raw).await.unwrap();
    assert!(created.to_address.as_deref().is_some_and(|a| a.starts_with("0x") && a.len() == 42));
    assert_eq!(created.amount.as_deref(), Some("7.25"));
    let http = reqwest::Client::new();
    let paid = http
        .post(format!("{}/_simulator/orders/{id}/pay", simulator.url()))
        .json(&serde_json::json!({"amount": "7.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 200);
    let order = client.query_order(&id).await.unwrap();
    assert_eq!(order.crypto_paid_amount.map(|m| m.value), Some("7.00".into()));
    let log: Value = http
        .get(format!("{}/_simulator/requests", simulator.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(log["code"], "200");
    assert_eq!(log["data"].as_array().map(Vec::len), Some(2), "control routes are not logged");
}
