//! The simulator on the wire, with hand-made requests: authentication edge cases, the envelope for
//! unknown routes, the control routes and the request log.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{client, order, order_id, start};
use jiff::{SignedDuration, Timestamp};
use serde_json::{json, Value};
use stabletill_gateway::signing::{sign_get, sign_get_query, sign_post};
use stabletill_simulator::{LoggedRequest, RunningSimulator, SimulatorConfig};

fn methods_path(simulator: &RunningSimulator) -> String {
    format!("/api/v1/merchants/{}/checkout/payment-methods", simulator.merchant_id())
}

fn orders_path(simulator: &RunningSimulator) -> String {
    format!("/api/v1/merchants/{}/checkout/orders", simulator.merchant_id())
}

fn millis(at: Timestamp) -> String {
    at.as_millisecond().to_string()
}

/// Sends a request with exactly these headers and body; returns the HTTP status and the JSON body.
async fn send(
    simulator: &RunningSimulator,
    method: reqwest::Method,
    path_and_query: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, Value) {
    let mut request = reqwest::Client::new().request(method, format!("{}{path_and_query}", simulator.url()));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.header("Content-Type", "application/json").body(body.to_owned());
    }
    let response = request.send().await.expect("simulator answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let json = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not an envelope: {text}"));
    (status, json)
}

#[tokio::test]
async fn a_timestamp_six_minutes_off_is_refused_with_the_server_time() {
    let simulator = start(SimulatorConfig::demo()).await;
    let path = methods_path(&simulator);
    for offset in [SignedDuration::from_mins(-6), SignedDuration::from_mins(6)] {
        let ts = millis(Timestamp::now() + offset);
        let signature = sign_get(simulator.secret(), &ts, &path);
        let (status, body) = send(
            &simulator,
            reqwest::Method::GET,
            &path,
            &[("X-Timestamp", &ts), ("X-Signature", &signature)],
            None,
        )
        .await;
        assert_eq!(status, 401);
        assert_eq!(body["code"], "40102");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains("server time"), "{message}");
        assert!(message.contains("360 s") || message.contains("359 s"), "{message}");
    }
    // The same request with a fresh timestamp is fine, so the refusal really was the clock.
    let ts = millis(Timestamp::now());
    let signature = sign_get(simulator.secret(), &ts, &path);
    let (status, body) = send(
        &simulator,
        reqwest::Method::GET,
        &path,
        &[("X-Timestamp", &ts), ("X-Signature", &signature)],
        None,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (200, Some("00000")));
}

#[tokio::test]
async fn missing_headers_are_refused() {
    let simulator = start(SimulatorConfig::demo()).await;
    let path = methods_path(&simulator);
    let (status, body) = send(&simulator, reqwest::Method::GET, &path, &[], None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("40102")));
    let ts = millis(Timestamp::now());
    let (status, body) = send(&simulator, reqwest::Method::GET, &path, &[("X-Timestamp", &ts)], None).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("40101")));
    assert!(body["message"].as_str().unwrap().contains("X-Signature"));
}

#[tokio::test]
async fn a_get_with_a_query_string_is_verified_with_the_query_line() {
    let simulator = start(SimulatorConfig::demo()).await;
    let path = methods_path(&simulator);
    let ts = millis(Timestamp::now());
    let with_query = format!("{path}?currency=USDT");
    let good = sign_get_query(simulator.secret(), &ts, &path, "currency=USDT");
    let (status, _) = send(
        &simulator,
        reqwest::Method::GET,
        &with_query,
        &[("X-Timestamp", &ts), ("X-Signature", &good)],
        None,
    )
    .await;
    assert_eq!(status, 200);
    let query_ignored = sign_get(simulator.secret(), &ts, &path);
    let (status, body) = send(
        &simulator,
        reqwest::Method::GET,
        &with_query,
        &[("X-Timestamp", &ts), ("X-Signature", &query_ignored)],
        None,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (401, Some("40101")));
}

#[tokio::test]
async fn a_post_is_verified_over_the_bytes_received_before_the_body_is_read() {
    let simulator = start(SimulatorConfig::demo()).await;
    let path = orders_path(&simulator);
    let ts = millis(Timestamp::now());
    let compact = serde_json::to_string(&order(&order_id("bytes"), "12.50", "USDT", "tron")).unwrap();
    let signature = sign_post(simulator.secret(), &ts, &path, compact.as_bytes());
    // Pretty-printed JSON is the same object but not the bytes that were signed.
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(&compact).unwrap()).unwrap();
    let headers = [("X-Timestamp", ts.as_str()), ("X-Signature", signature.as_str())];
    let (status, body) = send(&simulator, reqwest::Method::POST, &path, &headers, Some(&pretty)).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("40101")));
    // Garbage with a bad signature is a signature error, not a validation error.
    let (status, body) = send(&simulator, reqwest::Method::POST, &path, &headers, Some("{not json")).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("40101")));
    // Correctly signed garbage is an invalid request.
    let signature = sign_post(simulator.secret(), &ts, &path, b"{not json");
    let (status, body) = send(
        &simulator,
        reqwest::Method::POST,
        &path,
        &[("X-Timestamp", &ts), ("X-Signature", &signature)],
        Some("{not json"),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (400, Some("40000")));
    let (status, body) = send(
        &simulator,
        reqwest::Method::POST,
        &path,
        &[
            ("X-Timestamp", &ts),
            ("X-Signature", &sign_post(simulator.secret(), &ts, &path, compact.as_bytes())),
        ],
        Some(&compact),
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (200, Some("00000")));
    assert_eq!(body["data"]["status"], "PENDING");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_an_error_envelope() {
    let simulator = start(SimulatorConfig::demo()).await;
    let (status, body) = send(&simulator, reqwest::Method::GET, "/api/v2/nothing", &[], None).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("40000")));
    assert!(body["message"].as_str().unwrap().contains("/api/v2/nothing"));
    let path = methods_path(&simulator);
    let (status, body) = send(&simulator, reqwest::Method::DELETE, &path, &[], None).await;
    assert_eq!((status, body["code"].as_str()), (405, Some("40000")));
}

#[tokio::test]
async fn the_control_routes_pay_orders_and_show_the_request_log() {
    let simulator = start(SimulatorConfig::demo()).await;
    let client = client(&simulator);
    let id = order_id("ctl");
    client.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap();
    client.query_order(&id).await.unwrap();
    client.query_order(&id).await.unwrap();

    let pay = format!("/_simulator/orders/{id}/pay");
    let (status, body) =
        send(&simulator, reqwest::Method::POST, &pay, &[], Some(r#"{"amount":"13.00"}"#)).await;
    assert_eq!((status, body), (200, json!({"code": "00000"})));
    let (status, body) = send(&simulator, reqwest::Method::POST, &pay, &[], None).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("40000")));
    assert!(body["message"].as_str().unwrap().contains("already been paid"));
    let (status, body) =
        send(&simulator, reqwest::Method::POST, "/_simulator/orders/ST-test-nobody-000001/pay", &[], None)
            .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("40401")));
    let (status, body) =
        send(&simulator, reqwest::Method::POST, &pay, &[], Some(r#"{"amount":"thirteen"}"#)).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("40000")));

    let (status, body) = send(&simulator, reqwest::Method::GET, "/_simulator/requests", &[], None).await;
    assert_eq!((status, body["code"].as_str()), (200, Some("00000")));
    let over_http: Vec<LoggedRequest> = serde_json::from_value(body["data"].clone()).unwrap();
    // Control traffic is not gateway traffic: only the create and the two queries are logged.
    assert_eq!(over_http, simulator.request_log());
    let summary: Vec<(String, Option<String>, String)> =
        over_http.iter().map(|r| (r.method.clone(), r.merchant_order_id.clone(), r.code.clone())).collect();
    let get = || ("GET".to_owned(), Some(id.clone()), "00000".to_owned());
    assert_eq!(summary, [("POST".to_owned(), Some(id.clone()), "00000".to_owned()), get(), get()]);
    assert_eq!(over_http.iter().filter(|r| r.is_create()).count(), 1);
    assert!(over_http[0].path.ends_with("/checkout/orders"));
}

#[tokio::test]
async fn refused_creates_are_logged_with_their_order_id_and_code() {
    let simulator = start(SimulatorConfig::demo()).await;
    let id = order_id("logbad");
    let wrong =
        common::client_as(&simulator, simulator.merchant_id(), stabletill_gateway::ApiSecret::new("wrong"));
    let _ = wrong.create_order(&order(&id, "12.50", "USDT", "tron")).await;
    let log = simulator.request_log();
    assert_eq!(log.len(), 1);
    assert!(log[0].is_create());
    assert_eq!(log[0].merchant_order_id.as_deref(), Some(id.as_str()));
    assert_eq!((log[0].code.as_str(), log[0].status), ("40101", 401));
}

#[tokio::test]
async fn shutdown_stops_the_server() {
    let simulator = start(SimulatorConfig::demo()).await;
    let url = simulator.url();
    simulator.shutdown().await;
    let result = reqwest::Client::new().get(format!("{url}/_simulator/requests")).send().await;
    assert!(result.is_err(), "nothing should answer at {url} after shutdown");
}

#[tokio::test]
async fn the_request_log_is_counted_per_order_and_kept_as_json_lines() {
    let file = std::env::temp_dir().join(format!("stabletill-sim-log-{}.jsonl", order_id("file")));
    let config = SimulatorConfig { request_log_file: Some(file.clone()), ..SimulatorConfig::demo() };
    let simulator = start(config).await;
    let id = order_id("count");
    let good = client(&simulator);
    let wrong =
        common::client_as(&simulator, simulator.merchant_id(), stabletill_gateway::ApiSecret::new("wrong"));
    let _ = wrong.create_order(&order(&id, "12.50", "USDT", "tron")).await;
    good.create_order(&order(&id, "12.50", "USDT", "tron")).await.unwrap();
    let _ = good.create_order(&order(&id, "12.50", "USDT", "tron")).await; // duplicate
    for _ in 0..3 {
        good.query_order(&id).await.unwrap();
    }

    let log = simulator.request_log();
    let about = |r: &&LoggedRequest| r.merchant_order_id.as_deref() == Some(id.as_str());
    assert_eq!(log.iter().filter(about).filter(|r| r.is_create()).count(), 3);
    assert_eq!(log.iter().filter(about).filter(|r| r.is_create() && r.code == "00000").count(), 1);
    assert_eq!(log.iter().filter(|r| r.code == "40101").count(), 1, "one signature failure");
    assert_eq!(log.iter().filter(about).filter(|r| r.is_query()).count(), 3);
    assert!(log.iter().all(|r| r.fault.is_none() && r.latency_ms.is_none()));

    let jsonl = reqwest::get(format!("{}/_simulator/requests?format=jsonl", simulator.url())).await.unwrap();
    assert_eq!(jsonl.headers()["content-type"], "application/x-ndjson");
    let text = jsonl.text().await.unwrap();
    let lines: Vec<LoggedRequest> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines, log);
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    for field in ["method", "path", "merchantOrderId", "code", "status", "at", "fault", "latencyMs"] {
        assert!(first.get(field).is_some(), "{field} missing in {first}");
    }
    let (status, _) =
        send(&simulator, reqwest::Method::GET, "/_simulator/requests?format=xml", &[], None).await;
    assert_eq!(status, 400);

    simulator.shutdown().await;
    let written = std::fs::read_to_string(&file).unwrap();
    let _ = std::fs::remove_file(&file);
    let from_file: Vec<LoggedRequest> = written.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(from_file, log);
}

#[tokio::test]
async fn the_clock_control_route_shifts_the_gateway_clock_and_its_date_header() {
    let simulator = start(SimulatorConfig::demo()).await;
    let (status, _) =
        send(&simulator, reqwest::Method::POST, "/_simulator/clock", &[], Some(r#"{"offsetMs":-3600000}"#))
            .await;
    assert_eq!(status, 200);
    let response = common::raw_methods(&simulator).await.unwrap();
    assert_eq!(response.status(), 401, "the till's timestamp is an hour ahead of the gateway");
    let date = response.headers()["date"].to_str().unwrap().to_owned();
    let gateway = jiff::fmt::rfc2822::parse(&date).unwrap().timestamp();
    let behind = Timestamp::now().duration_since(gateway).as_secs();
    assert!((3598..=3602).contains(&behind), "Date {date} is {behind} s behind");
    let (status, body) = send(&simulator, reqwest::Method::POST, "/_simulator/clock", &[], Some("{}")).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("40000")));
}
