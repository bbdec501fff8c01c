//! The simulator as our own gateway client sees it: every behaviour a till relies on, through
//! `stabletill_gateway::PayStableCoinClient`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{client, client_as, fast_config, order, order_expiring, order_id, start, CONFIRMATION};
use rust_decimal::Decimal;
use stabletill_gateway::{ApiSecret, GatewayError, Money, OrderStatus};
use stabletill_simulator::{SimulatorConfig, SimulatorError, DEMO_MERCHANT_ID, DEMO_SECRET};

fn pending() -> Option<OrderStatus> {
    Some(OrderStatus::Other("PENDING".into()))
}

#[tokio::test]
async fn payment_methods_are_listed_with_limits_and_sorted_by_the_client() {
    // Each network's own confirmation time, in real time: the estimates are the networks' own.
    let simulator =
        start(SimulatorConfig { per_network_confirmation: true, ..SimulatorConfig::demo() }).await;
    let methods = client(&simulator).payment_methods().await.unwrap();
    let listed: Vec<(String, String, Option<i64>)> =
        methods.iter().map(|m| (m.crypto_currency.clone(), m.network.clone(), m.display_order)).collect();
    let expected = [
        ("USDT", "tron"),
        ("USDC", "tron"),
        ("USDT", "bsc"),
        ("USDC", "bsc"),
        ("USDT", "ethereum"),
        ("USDC", "ethereum"),
        ("USD1", "bsc"),
        ("USD1", "ethereum"),
    ];
    let expected: Vec<(String, String, Option<i64>)> =
        expected.iter().zip(1..).map(|((c, n), i)| (c.to_string(), n.to_string(), Some(i))).collect();
    assert_eq!(listed, expected);

    let tron = &methods[0];
    assert_eq!(tron.network_display_name, "TRON Network");
    assert_eq!((tron.min().unwrap(), tron.max().unwrap()), (Decimal::new(1, 0), Decimal::new(10_000, 0)));
    assert_eq!(tron.estimated_confirmation_time_sec, Some(60));
    let eth = methods.iter().find(|m| m.network == "ethereum").unwrap();
    assert_eq!(eth.network_display_name, "Ethereum");
    assert_eq!((eth.min().unwrap(), eth.max().unwrap()), (Decimal::new(10, 0), Decimal::new(50_000, 0)));
    assert_eq!(eth.estimated_confirmation_time_sec, Some(300));
    let bsc = methods.iter().find(|m| m.network == "bsc").unwrap();
    assert_eq!(bsc.network_display_name, "BNB Smart Chain");
    assert_eq!(bsc.min().unwrap(), Decimal::new(5, 1));
}

#[tokio::test]
async fn the_advertised_confirmation_time_is_the_one_the_simulator_really_uses() {
    // The demo confirms in 1 s whatever the network: its methods must say so, or a till that
    // plans its polling around the estimate would wait for a minute that never comes.
    let demo = start(SimulatorConfig::demo()).await;
    let methods = client(&demo).payment_methods().await.unwrap();
    assert!(methods.iter().all(|m| m.estimated_confirmation_time_sec == Some(1)), "{methods:?}");
    let scaled =
        start(SimulatorConfig { per_network_confirmation: true, time_scale: 0.1, ..SimulatorConfig::demo() })
            .await;
    let methods = client(&scaled).payment_methods().await.unwrap();
    let eth = methods.iter().find(|m| m.network == "ethereum").unwrap();
    assert_eq!(eth.estimated_confirmation_time_sec, Some(30));
}

#[tokio::test]
async fn an_order_is_created_pending_then_paid_processing_then_succeeded() {
    let simulator = start(fast_config()).await;
    let client = client(&simulator);
    let id = order_id("life");
    let request = order(&id, "12.50", "USDT", "tron");
    let created = client.create_order(&request).await.unwrap();

    assert_eq!(created.status, pending());
    assert_eq!(created.final_status, Some(false));
    assert_eq!(created.merchant_id.as_deref(), Some(DEMO_MERCHANT_ID));
    assert_eq!(created.merchant_order_id.as_deref(), Some(id.as_str()));
    assert_eq!(created.crypto_payment_amount, Some(Money { value: "13.00".into(), currency: "USDT".into() }));
    assert_eq!(created.order_amount, Some(request.order_amount.clone()));
    let address = created.deposit_address.clone().unwrap();
    assert!(address.starts_with('T') && address.len() == 34, "{address}");
    assert_eq!(created.network.as_deref(), Some("tron"));
    assert_eq!(created.network_display_name.as_deref(), Some("TRON Network"));
    assert_eq!(created.payment_method_type.as_deref(), Some("ON_CHAIN_TRANSFER"));
    assert_eq!(created.expires_at.as_deref(), Some(request.expires_at.as_str()));
    assert!(created.acquiring_order_id.as_deref().unwrap().starts_with("ORD_"));
    assert!(created.payment_order_id.as_deref().unwrap().starts_with("PAY_"));
    assert!(created.created_time.is_some());
    assert_eq!(created.crypto_paid_amount, None);
    assert_eq!(created.paid_time, None);

    // The query answers the same order until something happens.
    assert_eq!(client.query_order(&id).await.unwrap(), created);

    simulator.pay(&id, None).unwrap();
    let seen = client.query_order(&id).await.unwrap();
    assert_eq!(seen.status, Some(OrderStatus::Processing));
    assert_eq!(seen.final_status, Some(false));

    tokio::time::sleep(CONFIRMATION + Duration::from_millis(150)).await;
    let paid = client.query_order(&id).await.unwrap();
    assert_eq!(paid.status, Some(OrderStatus::Succeeded));
    assert_eq!(paid.final_status, Some(true));
    assert_eq!(paid.crypto_paid_amount, Some(Money { value: "13.00".into(), currency: "USDT".into() }));
    assert!(paid.paid_time.is_some());
    assert_eq!(paid.deposit_address.as_deref(), Some(address.as_str()));

    assert!(matches!(simulator.pay(&id, None), Err(SimulatorError::AlreadyPaid { .. })));
    simulator.shutdown().await;
}

#[tokio::test]
async fn a_short_payment_succeeds_with_the_amount_actually_paid() {
    let simulator = start(fast_config()).await;
    let client = client(&simulator);
    let id = order_id("short");
    client.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap();
    simulator.pay(&id, Some(Decimal::new(12, 0))).unwrap();
    tokio::time::sleep(CONFIRMATION + Duration::from_millis(150)).await;
    let paid = client.query_order(&id).await.unwrap();
    assert_eq!(paid.status, Some(OrderStatus::Succeeded));
    assert_eq!(paid.crypto_paid_amount.map(|m| m.value), Some("12.00".into()));
    assert_eq!(paid.crypto_payment_amount.map(|m| m.value), Some("13.00".into()));
}

#[tokio::test]
async fn evm_networks_get_hex_addresses_and_their_own_fee() {
    let simulator = start(SimulatorConfig::demo()).await;
    let client = client(&simulator);
    let eth = client.create_order(&order(&order_id("eth"), "12.50", "USDC", "ethereum")).await.unwrap();
    let bsc = client.create_order(&order(&order_id("bsc"), "0.5", "USD1", "bsc")).await.unwrap();
    assert_eq!(eth.crypto_payment_amount.map(|m| m.value), Some("14.00".into()));
    assert_eq!(bsc.crypto_payment_amount, Some(Money { value: "0.60".into(), currency: "USD1".into() }));
    assert_eq!(bsc.network_display_name.as_deref(), Some("BNB Smart Chain"));
    for address in [eth.deposit_address.unwrap(), bsc.deposit_address.unwrap()] {
        assert!(address.starts_with("0x") && address.len() == 42, "{address}");
        assert!(address[2..].bytes().all(|b| b.is_ascii_hexdigit()), "{address}");
    }
}

#[tokio::test]
async fn a_wrong_secret_is_a_signature_rejection_and_creates_nothing() {
    let simulator = start(SimulatorConfig::demo()).await;
    let wrong = client_as(&simulator, DEMO_MERCHANT_ID, ApiSecret::new("not-the-secret"));
    let id = order_id("badsig");
    let err = wrong.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap_err();
    assert!(matches!(err, GatewayError::SignatureRejected { .. }), "{err:?}");
    let err = wrong.payment_methods().await.unwrap_err();
    assert!(matches!(err, GatewayError::SignatureRejected { .. }), "{err:?}");
    assert_eq!(client(&simulator).query_order(&id).await, Err(GatewayError::OrderNotFound));
}

#[tokio::test]
async fn a_merchant_without_api_checkout_gets_not_enabled_on_every_call() {
    let config = SimulatorConfig { api_checkout_enabled: false, ..SimulatorConfig::demo() };
    let simulator = start(config).await;
    let client = client(&simulator);
    let id = order_id("off");
    assert_eq!(client.payment_methods().await, Err(GatewayError::NotEnabled));
    assert_eq!(
        client.create_order(&order(&id, "12.50", "USDT", "tron")).await,
        Err(GatewayError::NotEnabled)
    );
    assert_eq!(client.query_order(&id).await, Err(GatewayError::NotEnabled));
}

#[tokio::test]
async fn an_unknown_merchant_is_refused_with_its_code() {
    let simulator = start(SimulatorConfig::demo()).await;
    let stranger = client_as(&simulator, "MCH_SOMEONE_ELSE", ApiSecret::new(DEMO_SECRET));
    let err = stranger.payment_methods().await.unwrap_err();
    // The client files a wrong merchant ID with a wrong secret: both mean "check the credentials".
    assert!(
        matches!(&err, GatewayError::SignatureRejected { message } if message.contains("MCH_SOMEONE_ELSE")),
        "{err:?}"
    );
    let log = simulator.request_log();
    assert_eq!((log[0].code.as_str(), log[0].status), ("40301", 403));
}

#[tokio::test]
async fn an_unknown_order_is_not_found() {
    let simulator = start(SimulatorConfig::demo()).await;
    let err = client(&simulator).query_order("ST-test-never-created-0001").await;
    assert_eq!(err, Err(GatewayError::OrderNotFound));
    assert!(matches!(
        simulator.pay("ST-test-never-created-0001", None),
        Err(SimulatorError::UnknownOrder { .. })
    ));
}

#[tokio::test]
async fn a_duplicate_merchant_order_id_is_refused_and_the_first_order_kept() {
    let simulator = start(SimulatorConfig::demo()).await;
    let client = client(&simulator);
    let id = order_id("dup");
    let first = client.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap();
    let again = client.create_order(&order(&id, "99.00", "USDC", "bsc")).await;
    assert_eq!(again, Err(GatewayError::DuplicateOrder));
    let stored = client.query_order(&id).await.unwrap();
    assert_eq!(stored.acquiring_order_id, first.acquiring_order_id);
    assert_eq!(stored.order_amount.map(|m| m.value), Some("12.50".into()));

    let creates: Vec<String> = simulator
        .request_log()
        .iter()
        .filter(|r| r.is_create() && r.merchant_order_id.as_deref() == Some(id.as_str()))
        .map(|r| r.code.clone())
        .collect();
    assert_eq!(creates, ["00000", "40901"]);
}

#[tokio::test]
async fn invalid_orders_are_rejected_with_a_message_naming_the_problem() {
    let simulator = start(SimulatorConfig::demo()).await;
    let client = client(&simulator);
    let cases = [
        (order(&order_id("min"), "0.99", "USDT", "tron"), "below the minimum 1.00"),
        (order(&order_id("max"), "10000.01", "USDT", "tron"), "above the maximum 10000.00"),
        (order(&order_id("dec"), "12.1234567", "USDT", "tron"), "7 decimals"),
        (order(&order_id("net"), "12.50", "USDT", "solana"), "network \"solana\" is not offered"),
        (order(&order_id("cur"), "12.50", "USD1", "tron"), "\"USD1\" is not offered on network \"tron\""),
        (order(&order_id("eth"), "9.99", "USDT", "ethereum"), "below the minimum 10.00"),
    ];
    for (request, expected) in cases {
        let err = client.create_order(&request).await.unwrap_err();
        match &err {
            GatewayError::Rejected { code, message } => {
                assert_eq!(code, "40000");
                assert!(message.contains(expected), "{message:?} should say {expected:?}");
            }
            other => panic!("{} should be Rejected, got {other:?}", request.order_amount),
        }
        let lookup = client.query_order(&request.merchant_order_id).await;
        assert_eq!(lookup, Err(GatewayError::OrderNotFound), "a refused order must not exist");
    }

    let mut past = order(&order_id("past"), "12.50", "USDT", "tron");
    past.expires_at = "2020-01-01T00:00:00Z".into();
    let err = client.create_order(&past).await.unwrap_err();
    assert!(err.to_string().contains("expiresAt"), "{err}");
}

#[tokio::test]
async fn an_unpaid_order_closes_when_it_expires() {
    let simulator = start(SimulatorConfig { close_grace: Duration::ZERO, ..fast_config() }).await;
    let client = client(&simulator);
    let id = order_id("exp");
    let request = order_expiring(&id, "12.50", "USDT", "tron", Duration::from_millis(1500));
    assert_eq!(client.create_order(&request).await.unwrap().status, pending());
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let closed = client.query_order(&id).await.unwrap();
    assert_eq!(closed.status, Some(OrderStatus::Closed));
    assert_eq!(closed.final_status, Some(true));
    assert!(matches!(simulator.pay(&id, None), Err(SimulatorError::OrderClosed { .. })));
}

#[tokio::test]
async fn auto_pay_pays_every_order_by_itself() {
    let config = SimulatorConfig {
        auto_pay_after: Some(Duration::from_millis(200)),
        confirmation_delay: Duration::from_millis(200),
        ..SimulatorConfig::demo()
    };
    let simulator = start(config).await;
    let client = client(&simulator);
    let id = order_id("auto");
    let created = client.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap();
    assert_eq!(created.status, pending());
    tokio::time::sleep(Duration::from_millis(600)).await;
    let paid = client.query_order(&id).await.unwrap();
    assert_eq!(paid.status, Some(OrderStatus::Succeeded));
    assert_eq!(paid.crypto_paid_amount.map(|m| m.value), Some("13.00".into()));
    assert!(matches!(simulator.pay(&id, None), Err(SimulatorError::AlreadyPaid { .. })));
}

#[tokio::test]
async fn a_gateway_clock_six_minutes_ahead_is_a_timestamp_rejection() {
    let simulator = start(SimulatorConfig::demo()).await;
    simulator.set_clock_offset(jiff::SignedDuration::from_mins(6));
    let err = client(&simulator).payment_methods().await.unwrap_err();
    assert!(
        matches!(&err, GatewayError::TimestampRejected { message, .. } if message.contains("server time")),
        "{err:?}"
    );
    // The simulator's Date header follows its own clock, so the client can tell it is 6 min off.
    let measured = client(&simulator).clock_offset();
    let offset = match &err {
        GatewayError::TimestampRejected { clock_offset, .. } => *clock_offset,
        _ => None,
    };
    assert!(measured.is_none(), "a fresh client has measured nothing yet");
    let minutes = offset.map(|o| o.as_secs());
    assert!(minutes.is_some_and(|s| (-362..=-358).contains(&s)), "local - gateway = {minutes:?} s");
    simulator.set_clock_offset(jiff::SignedDuration::ZERO);
    assert!(client(&simulator).payment_methods().await.is_ok());
}

#[tokio::test]
async fn debug_output_never_shows_the_secret() {
    let config = SimulatorConfig { secret: ApiSecret::new("top-secret-value"), ..SimulatorConfig::demo() };
    assert!(!format!("{config:?}").contains("top-secret-value"));
    let simulator = start(config).await;
    let shown = format!("{simulator:?}");
    assert!(!shown.contains("top-secret-value"), "{shown}");
    assert!(shown.contains(&simulator.url()), "{shown}");
    assert_eq!(simulator.secret().expose(), "top-secret-value");
}
