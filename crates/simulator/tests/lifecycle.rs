//! The order lifecycle in real (scaled) time through our client: per-network confirmation,
//! FAILED on command, short and excess payments, paid late, refused after CLOSED, the demo's
//! speed and auto-pay within its range.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{client, order, order_expiring, order_id, start};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use stabletill_gateway::{OrderStatus, PayStableCoinClient};
use stabletill_simulator::{SimulatorConfig, SimulatorError};

async fn status(client: &PayStableCoinClient, id: &str) -> Option<OrderStatus> {
    client.query_order(id).await.unwrap().status
}

#[tokio::test]
async fn each_network_confirms_in_its_own_time_at_the_configured_speed() {
    // tron 60 s, bsc 45 s, ethereum 300 s of gateway time, at 1/200 speed: 0.3 s, 0.225 s, 1.5 s.
    let config =
        SimulatorConfig { per_network_confirmation: true, time_scale: 0.005, ..SimulatorConfig::demo() };
    let simulator = start(config).await;
    let client = client(&simulator);
    let tron = order_id("tron");
    let eth = order_id("eth");
    client.create_order(&order(&tron, "12.50", "USDT", "tron")).await.unwrap();
    client.create_order(&order(&eth, "12.50", "USDT", "ethereum")).await.unwrap();
    simulator.pay(&tron, None).unwrap();
    simulator.pay(&eth, None).unwrap();
    assert_eq!(status(&client, &tron).await, Some(OrderStatus::Processing));
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(status(&client, &tron).await, Some(OrderStatus::Succeeded));
    assert_eq!(status(&client, &eth).await, Some(OrderStatus::Processing));
    tokio::time::sleep(Duration::from_millis(2300)).await;
    assert_eq!(status(&client, &eth).await, Some(OrderStatus::Succeeded));
}

#[tokio::test]
async fn the_demo_confirms_a_payment_within_two_seconds() {
    let simulator = start(SimulatorConfig::demo()).await;
    let client = client(&simulator);
    let id = order_id("demo");
    client.create_order(&order(&id, "12.50", "USDC", "ethereum")).await.unwrap();
    simulator.pay(&id, None).unwrap();
    let paid = Instant::now();
    while status(&client, &id).await != Some(OrderStatus::Succeeded) {
        assert!(paid.elapsed() < Duration::from_secs(2), "still not SUCCEEDED");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(paid.elapsed() >= Duration::from_millis(900), "PROCESSING is visible first");
}

#[tokio::test]
async fn auto_pay_comes_within_its_range() {
    let config = SimulatorConfig { confirmation_delay: Duration::ZERO, ..SimulatorConfig::demo() }
        .with_auto_pay_between(Duration::from_millis(500), Duration::from_millis(900));
    let simulator = start(config).await;
    let client = client(&simulator);
    let id = order_id("auto");
    client.create_order(&order(&id, "12.50", "USDT", "bsc")).await.unwrap();
    assert_eq!(status(&client, &id).await, Some(OrderStatus::Other("PENDING".into())));
    tokio::time::sleep(Duration::from_millis(1000)).await;
    let paid = client.query_order(&id).await.unwrap();
    assert_eq!(paid.status, Some(OrderStatus::Succeeded));
    let delay = paid.paid_at().unwrap().duration_since(paid.created_at().unwrap());
    assert!((500..=900).contains(&delay.as_millis()), "paid {delay:?} after creation");
}

#[tokio::test]
async fn a_failed_order_stays_failed_and_cannot_be_paid() {
    let simulator = start(common::fast_config()).await;
    let client = client(&simulator);
    let id = order_id("fail");
    client.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap();
    simulator.fail(&id).unwrap();
    let failed = client.query_order(&id).await.unwrap();
    assert_eq!((failed.status, failed.final_status), (Some(OrderStatus::Failed), Some(true)));
    assert!(matches!(simulator.pay(&id, None), Err(SimulatorError::AlreadyFinal { .. })));
    assert!(matches!(simulator.fail(&id), Err(SimulatorError::AlreadyFinal { .. })));

    // Over HTTP, from PROCESSING: the transaction was seen, then the gateway gave up.
    let other = order_id("fail-http");
    client.create_order(&order(&other, "12.50", "USDT", "tron")).await.unwrap();
    simulator.pay(&other, None).unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/_simulator/orders/{other}/fail", simulator.url());
    assert_eq!(http.post(&url).send().await.unwrap().status(), 200);
    tokio::time::sleep(common::CONFIRMATION + Duration::from_millis(100)).await;
    assert_eq!(status(&client, &other).await, Some(OrderStatus::Failed), "never SUCCEEDED after FAILED");
    let again = http.post(&url).send().await.unwrap();
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("final"));
}

#[tokio::test]
async fn short_and_excess_payments_succeed_with_the_amount_actually_paid() {
    let simulator = start(common::fast_config()).await;
    let client = client(&simulator);
    let short = order_id("under");
    let over = order_id("over");
    client.create_order(&order(&short, "12.50", "USDT", "tron")).await.unwrap();
    client.create_order(&order(&over, "12.50", "USDT", "tron")).await.unwrap();
    simulator.pay(&short, Some(Decimal::new(1250, 2))).unwrap(); // orderAmount, not the 13.00 due
    let pay_url = format!("{}/_simulator/orders/{over}/pay", simulator.url());
    let answer = reqwest::Client::new().post(pay_url).json(&json!({"amount": "13.5"})).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    tokio::time::sleep(common::CONFIRMATION + Duration::from_millis(150)).await;
    for (id, paid) in [(&short, "12.50"), (&over, "13.50")] {
        let order = client.query_order(id).await.unwrap();
        assert_eq!(order.status, Some(OrderStatus::Succeeded));
        assert_eq!(order.crypto_payment_amount.map(|m| m.value), Some("13.00".into()));
        assert_eq!(order.crypto_paid_amount.map(|m| m.value), Some(paid.into()));
    }
}

#[tokio::test]
async fn a_payment_after_expiry_but_before_the_close_is_paid_late() {
    // Two minutes of close grace at 1/60 speed: the gateway closes 2 s after expiresAt.
    let config = SimulatorConfig { time_scale: 1.0 / 60.0, ..common::fast_config() };
    let simulator = start(config).await;
    let client = client(&simulator);
    let id = order_id("late");
    client
        .create_order(&order_expiring(&id, "12.50", "USDT", "tron", Duration::from_millis(500)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(status(&client, &id).await, Some(OrderStatus::Other("PENDING".into())), "expired, not closed");
    simulator.pay(&id, None).unwrap();
    tokio::time::sleep(common::CONFIRMATION + Duration::from_millis(150)).await;
    let paid = client.query_order(&id).await.unwrap();
    assert_eq!(paid.status, Some(OrderStatus::Succeeded));
    assert!(paid.paid_at().unwrap() > paid.expires_at().unwrap(), "paidTime is after expiresAt");
    let late = simulator.late_payments();
    assert_eq!(late.len(), 1);
    assert!(late[0].accepted && late[0].merchant_order_id == id);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(status(&client, &id).await, Some(OrderStatus::Succeeded), "SUCCEEDED is final");
}

#[tokio::test]
async fn a_payment_after_the_close_is_refused_and_recorded() {
    let config = SimulatorConfig { close_grace: Duration::from_millis(200), ..common::fast_config() };
    let simulator = start(config).await;
    let client = client(&simulator);
    let id = order_id("closed");
    client
        .create_order(&order_expiring(&id, "12.50", "USDT", "tron", Duration::from_millis(300)))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(status(&client, &id).await, Some(OrderStatus::Closed));
    assert!(matches!(simulator.pay(&id, None), Err(SimulatorError::OrderClosed { .. })));
    let pay_url = format!("{}/_simulator/orders/{id}/pay", simulator.url());
    let refused = reqwest::Client::new().post(pay_url).json(&json!({"amount": "5"})).send().await.unwrap();
    assert_eq!(refused.status(), 409);

    let late: Value = reqwest::get(format!("{}/_simulator/late-payments", simulator.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let late = late["data"].as_array().unwrap();
    assert_eq!(late.len(), 2);
    assert_eq!((&late[0]["amount"], &late[0]["accepted"]), (&json!("13.00"), &json!(false)));
    assert_eq!(late[1]["amount"], "5.00");
    assert_eq!(status(&client, &id).await, Some(OrderStatus::Closed), "CLOSED is final");
}
