//! The rate limit per merchant key on the wire: 429 with `Retry-After` and code 42901 past the
//! limit, 418 for everything during a cool-down after continued overuse, control routes exempt.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::{raw_methods, start};
use serde_json::Value;
use stabletill_simulator::{SimulatorConfig, BLOCKED_CODE, DEFAULT_RATE_LIMIT_PER_MINUTE};

async fn status_and_code(simulator: &stabletill_simulator::RunningSimulator) -> (u16, Option<u64>, String) {
    let response = raw_methods(simulator).await.unwrap();
    let status = response.status().as_u16();
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().parse().unwrap());
    let body: Value = response.json().await.unwrap();
    (status, retry_after, body["code"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn past_the_limit_429_with_retry_after_then_418_for_a_scaled_cool_down() {
    let config = SimulatorConfig {
        rate_limit_per_minute: Some(5),
        block_after_refusals: 3,
        // 200 s of gateway time at 1/100 speed: a two-second cool-down.
        block_cool_down: Duration::from_secs(200),
        time_scale: 0.01,
        ..SimulatorConfig::demo()
    };
    let simulator = start(config).await;
    for _ in 0..5 {
        assert_eq!(status_and_code(&simulator).await.0, 200);
    }
    for _ in 0..3 {
        let (status, retry_after, code) = status_and_code(&simulator).await;
        assert_eq!((status, code.as_str()), (429, "42901"));
        assert!(retry_after.is_some_and(|s| (1..=60).contains(&s)), "{retry_after:?}");
    }
    // The fourth request while limited is one too many: blocked.
    let (status, retry_after, code) = status_and_code(&simulator).await;
    assert_eq!((status, retry_after, code.as_str()), (418, Some(2), BLOCKED_CODE));
    // During the cool-down everything from this key is refused, whatever the endpoint…
    let client = common::client(&simulator);
    let err = client.query_order("ST-test-anything-00001").await.unwrap_err();
    assert!(matches!(err, stabletill_gateway::GatewayError::Blocked { .. }), "{err:?}");
    // …but control routes answer.
    let log = reqwest::get(format!("{}/_simulator/requests", simulator.url())).await.unwrap();
    assert_eq!(log.status(), 200);

    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(status_and_code(&simulator).await.0, 200, "the cool-down is over: a clean slate");

    let codes: Vec<String> = simulator.request_log().iter().map(|r| r.code.clone()).collect();
    assert_eq!(codes.iter().filter(|c| *c == "42901").count(), 3);
    assert_eq!(codes.iter().filter(|c| *c == BLOCKED_CODE).count(), 2);
}

#[tokio::test]
async fn the_default_limit_is_100_per_minute_and_each_key_counts_apart() {
    let simulator = start(SimulatorConfig::demo()).await;
    assert_eq!(DEFAULT_RATE_LIMIT_PER_MINUTE, 100);
    for i in 0..100 {
        assert_eq!(status_and_code(&simulator).await.0, 200, "request {i}");
    }
    let (status, retry_after, _) = status_and_code(&simulator).await;
    assert_eq!(status, 429);
    assert!(retry_after.is_some_and(|s| s >= 55), "the window is a minute: {retry_after:?}");
    // Another merchant key is counted on its own (and then refused for being unknown).
    let stranger = format!("{}/api/v1/merchants/MCH_OTHER/checkout/payment-methods", simulator.url());
    assert_eq!(reqwest::get(stranger).await.unwrap().status(), 403);
}

#[tokio::test]
async fn no_limit_when_switched_off() {
    let simulator = start(SimulatorConfig { rate_limit_per_minute: None, ..SimulatorConfig::demo() }).await;
    for _ in 0..150 {
        assert_eq!(status_and_code(&simulator).await.0, 200);
    }
}
