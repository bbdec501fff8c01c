//! Every injected fault as a client meets it: what our gateway client reports, what plain reqwest
//! sees on the wire, whether the order was stored, and what the request log says. Creates are
//! used where the client would retry a GET, so each fault is met exactly once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::{
    client, client_with_timeout, entries_for, eventually, order, order_id, raw_create, raw_methods, start,
};
use serde_json::{json, Value};
use stabletill_gateway::GatewayError;
use stabletill_simulator::{FaultConfig, SimulatorConfig, NO_ENVELOPE};

async fn start_with(spec: &str) -> stabletill_simulator::RunningSimulator {
    let faults: FaultConfig = spec.parse().unwrap();
    start(SimulatorConfig { faults, ..SimulatorConfig::demo() }).await
}

#[tokio::test]
async fn a_5xx_is_a_server_error_with_an_html_page_and_nothing_is_created() {
    let simulator = start_with("5xx=1").await;
    let id = order_id("5xx");
    let err = client(&simulator).create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap_err();
    assert!(matches!(err, GatewayError::Server { status: 502 | 503 }), "{err:?}");
    assert!(err.is_ambiguous(), "a 5xx to a create must be looked up, not re-sent blindly");

    let raw = raw_methods(&simulator).await.unwrap();
    assert!([502, 503].contains(&raw.status().as_u16()));
    assert_eq!(raw.headers()["content-type"], "text/html");
    assert!(raw.text().await.unwrap().contains("<html>"));

    simulator.set_faults(FaultConfig::default()).unwrap();
    assert_eq!(client(&simulator).query_order(&id).await, Err(GatewayError::OrderNotFound));
    let create = &entries_for(&simulator, &id)[0];
    assert_eq!(create.fault.as_deref(), Some("5xx"));
    assert_eq!(create.code, NO_ENVELOPE);
    assert!([502, 503].contains(&create.status));
}

#[tokio::test]
async fn reset_before_drops_the_connection_and_nothing_happens() {
    let simulator = start_with("reset-before=1").await;
    let id = order_id("rstb");
    let err = client(&simulator).create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap_err();
    assert!(matches!(err, GatewayError::ConnectionLost { .. } | GatewayError::Unreachable { .. }), "{err:?}");
    simulator.set_faults(FaultConfig::default()).unwrap();
    assert_eq!(client(&simulator).query_order(&id).await, Err(GatewayError::OrderNotFound));
    let entries = entries_for(&simulator, &id);
    assert_eq!(entries.len(), 2, "the dropped create (with its id) and the query: {entries:?}");
    assert!(entries[0].is_create());
    assert_eq!(
        (entries[0].fault.as_deref(), entries[0].code.as_str(), entries[0].status),
        (Some("reset-before"), NO_ENVELOPE, 0)
    );
}

/// The nasty one: the gateway stored the order, and the client never heard.
#[tokio::test]
async fn reset_after_commit_stores_the_order_although_the_client_got_a_connection_error() {
    let simulator = start_with("reset-after-commit=1").await;

    // On the wire: no response at all, not even a status line.
    let raw_id = order_id("rsta-raw");
    let raw = raw_create(&simulator, &order(&raw_id, "12.50", "USDT", "tron")).await;
    let error = raw.expect_err("a connection error, not a response");
    assert!(!error.is_connect() && !error.is_timeout() && error.status().is_none(), "{error:?}");

    let id = order_id("rsta");
    let err = client(&simulator).create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap_err();
    assert!(matches!(err, GatewayError::ConnectionLost { .. }), "{err:?}");
    assert!(err.is_ambiguous());

    simulator.set_faults(FaultConfig::default()).unwrap();
    for stored in [&raw_id, &id] {
        let order = client(&simulator).query_order(stored).await.expect("the order exists");
        assert_eq!(order.merchant_order_id.as_deref(), Some(stored.as_str()));
        let create = &entries_for(&simulator, stored)[0];
        assert!(create.is_create());
        assert_eq!(create.fault.as_deref(), Some("reset-after-commit"));
        assert_eq!((create.code.as_str(), create.status), ("00000", 200), "committed, never delivered");
    }
    let creates = simulator.request_log().iter().filter(|r| r.is_create()).count();
    assert_eq!(creates, 2, "nothing re-sent the creates on its own");
}

#[tokio::test]
async fn a_timeout_holds_the_answer_past_the_clients_timeout_but_stores_the_order() {
    let simulator = start_with("timeout=1,hang=2s").await;
    let id = order_id("tmo");
    let started = Instant::now();
    let err = client_with_timeout(&simulator, Duration::from_millis(300))
        .create_order(&order(&id, "12.50", "USDT", "tron"))
        .await
        .unwrap_err();
    assert_eq!(err, GatewayError::Timeout);
    assert!(started.elapsed() < Duration::from_millis(1500), "the client gave up itself");

    // The entry is written when the hang ends or when the server notices the client left.
    assert!(eventually(Duration::from_secs(4), || !entries_for(&simulator, &id).is_empty()).await);
    let create = &entries_for(&simulator, &id)[0];
    assert_eq!((create.fault.as_deref(), create.code.as_str()), (Some("timeout"), "00000"));
    simulator.set_faults(FaultConfig::default()).unwrap();
    assert!(client(&simulator).query_order(&id).await.is_ok(), "the gateway did act on it");
}

#[tokio::test]
async fn a_malformed_answer_is_undecodable_and_the_order_exists() {
    let simulator = start_with("malformed=1").await;
    let id = order_id("mal");
    let err = client(&simulator).create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap_err();
    assert!(matches!(err, GatewayError::Undecodable { .. }), "{err:?}");

    let raw = raw_methods(&simulator).await.unwrap();
    assert_eq!(raw.status(), 200);
    let text = raw.text().await.unwrap();
    assert!(
        text.starts_with("{\"code\":\"00000\"") && serde_json::from_str::<Value>(&text).is_err(),
        "{text}"
    );

    simulator.set_faults(FaultConfig::default()).unwrap();
    assert!(client(&simulator).query_order(&id).await.is_ok());
    assert_eq!(entries_for(&simulator, &id)[0].fault.as_deref(), Some("malformed"));
}

#[tokio::test]
async fn a_wrong_content_type_labels_json_as_html() {
    let simulator = start_with("wrong-content-type=1").await;
    let raw = raw_methods(&simulator).await.unwrap();
    assert_eq!(raw.headers()["content-type"], "text/html; charset=utf-8");
    let body: Value = serde_json::from_str(&raw.text().await.unwrap()).unwrap();
    assert_eq!(body["code"], "00000");
    // Our client reads the body whatever its label says: the envelope decides, not the header.
    let methods = client(&simulator).payment_methods().await;
    assert!(methods.is_ok_and(|m| m.len() == 8));
    let log = simulator.request_log();
    assert!(log.iter().all(|r| r.fault.as_deref() == Some("wrong-content-type")), "{log:?}");
}

#[tokio::test]
async fn hostile_names_replace_every_network_display_name() {
    let simulator = start_with("hostile-names=1").await;
    let client = client(&simulator);
    let methods = client.payment_methods().await.unwrap();
    let names: Vec<&str> = methods.iter().map(|m| m.network_display_name.as_str()).collect();
    assert!(names.iter().any(|n| n.contains("<img src=x onerror=alert(1)>")), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("=HYPERLINK(")));
    assert!(names.iter().any(|n| n.chars().any(|c| c.is_control())));
    assert!(names.iter().any(|n| n.len() >= 10_000));

    let id = order_id("hostile");
    let created = client.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap();
    let name = created.network_display_name.unwrap();
    assert_ne!(name, "TRON Network");
    // Only the name is hostile: the data the till needs is intact.
    assert_eq!(created.network.as_deref(), Some("tron"));
    assert!(created.deposit_address.is_some_and(|a| a.starts_with('T')));
    assert!(simulator.request_log().iter().all(|r| r.fault.as_deref() == Some("hostile-names")));

    // An error answer has no name to replace, and is not marked.
    let _ = client.query_order("ST-test-never-created-0001").await;
    let last = simulator.request_log().pop().unwrap();
    assert_eq!((last.code.as_str(), last.fault), ("40401", None));
}

#[tokio::test]
async fn latency_delays_every_api_request_within_its_range() {
    let simulator = start_with("latency=150..250ms").await;
    for _ in 0..3 {
        let started = Instant::now();
        assert_eq!(raw_methods(&simulator).await.unwrap().status(), 200);
        assert!(started.elapsed() >= Duration::from_millis(150));
    }
    for entry in simulator.request_log() {
        assert!(entry.latency_ms.is_some_and(|ms| (150..=250).contains(&ms)), "{entry:?}");
        assert_eq!(entry.fault, None);
    }
}

#[tokio::test]
async fn control_routes_are_never_faulted_and_set_faults_over_http() {
    let simulator = start_with("reset-before=1").await;
    let http = reqwest::Client::new();
    let url = |path: &str| format!("{}/_simulator/{path}", simulator.url());

    let current: Value = http.get(url("faults")).send().await.unwrap().json().await.unwrap();
    assert_eq!(current, json!({"code": "00000", "data": {"reset-before": 1.0}}));

    let set = http.post(url("faults")).json(&json!({"5xx": 1, "latency": "10..20ms"})).send().await.unwrap();
    assert_eq!(set.status(), 200);
    assert_eq!(simulator.faults().to_string(), "latency=10..20ms,5xx=1");
    assert!([502, 503].contains(&raw_methods(&simulator).await.unwrap().status().as_u16()));

    let bad = http.post(url("faults")).json(&json!({"5xx": 2})).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    let message = bad.json::<Value>().await.unwrap()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("5xx=2"), "{message}");
    assert_eq!(simulator.faults().to_string(), "latency=10..20ms,5xx=1", "unchanged by a bad setting");

    let cleared = http.post(url("faults")).json(&json!("none")).send().await.unwrap();
    assert_eq!(cleared.status(), 200);
    assert_eq!(simulator.faults(), FaultConfig::default());
    assert_eq!(raw_methods(&simulator).await.unwrap().status(), 200);
}

#[tokio::test]
async fn bad_fault_settings_are_refused_in_code_too() {
    let faults = FaultConfig { server_error: 1.5, ..FaultConfig::default() };
    let config = SimulatorConfig { faults: faults.clone(), ..SimulatorConfig::demo() };
    let err = stabletill_simulator::RunningSimulator::start(config).await.unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("5xx"), "{err}");

    let simulator = start(SimulatorConfig::demo()).await;
    assert!(simulator.set_faults(faults).is_err());
    let sum = FaultConfig { timeout: 0.6, malformed: 0.6, ..FaultConfig::default() };
    assert!(simulator.set_faults(sum).unwrap_err().problem.contains("add up to 1"));
    assert_eq!(simulator.faults(), FaultConfig::default());
}

/// Mixed faults at a realistic rate: every create either exists or was never stored, and the log
/// says which fault each one met. A till's recovery tests build on exactly this bookkeeping.
#[tokio::test]
async fn under_mixed_faults_the_log_tells_which_creates_were_stored() {
    let simulator =
        start_with("5xx=0.2,reset-before=0.2,reset-after-commit=0.2,malformed=0.2,timeout=0,hang=1s").await;
    // A client each: one client's request budget would pace these to 1.5 per second.
    let mut ids = Vec::new();
    for i in 0..25 {
        let id = order_id(&format!("mix{i}"));
        let _ = client(&simulator).create_order(&order(&id, "12.50", "USDT", "tron")).await;
        ids.push(id);
    }
    simulator.set_faults(FaultConfig::default()).unwrap();
    for id in &ids {
        let create = entries_for(&simulator, id).into_iter().find(|r| r.is_create()).unwrap();
        let stored = client(&simulator).query_order(id).await.is_ok();
        let expected = matches!(create.fault.as_deref(), None | Some("reset-after-commit" | "malformed"));
        assert_eq!(stored, expected, "{create:?}");
    }
}
