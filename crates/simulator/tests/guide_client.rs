//! The PayStableCoin guide's own Python client (tests/guide_client.py, its functions copied
//! verbatim) must get code 00000 from the simulator for all three calls: proof that the simulator
//! signs, parses and answers like the documented gateway, independently of our Rust client.
//! Needs python3 with `requests`; a machine without them fails this test (it is never skipped).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use jiff::{SignedDuration, Timestamp};
use serde_json::Value;
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

const INSTALL_HINT: &str = "python3 with the `requests` library is needed: apt-get install python3-requests";
/// The expiresAt the guide's create_checkout_order sends.
const GUIDE_EXPIRES_AT: &str = "2026-12-31T23:59:59Z";

/// Debian's python3 (where apt installs python3-requests) before whatever else is on PATH.
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

fn require_requests() {
    let check = Command::new(python()).args(["-c", "import requests"]).output();
    match check {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            panic!("{INSTALL_HINT} ({} says: {})", python(), String::from_utf8_lossy(&out.stderr).trim())
        }
        Err(e) => panic!("{INSTALL_HINT} ({} could not be run: {e})", python()),
    }
}

/// Runs the guide's script against `simulator`, with both clocks shifted by `offset`.
async fn run_guide(simulator: &RunningSimulator, offset: SignedDuration) -> Value {
    require_requests();
    simulator.set_clock_offset(offset);
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/guide_client.py");
    let args = [
        script.to_owned(),
        simulator.url(),
        simulator.merchant_id().to_owned(),
        simulator.secret().expose().to_owned(),
        offset.as_millis().to_string(),
    ];
    // Blocking: the simulator keeps serving on the runtime while the script runs.
    let output = tokio::task::spawn_blocking(move || Command::new(python()).args(&args).output())
        .await
        .expect("the script runner did not panic")
        .unwrap_or_else(|e| panic!("{INSTALL_HINT} ({} could not be run: {e})", python()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the guide's client did not get 00000 three times:\n{stdout}\n{stderr}");
    serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("script output is not JSON ({e}): {stdout}"))
}

fn check_answers(answers: &Value) {
    for call in ["methods", "create", "query"] {
        assert_eq!(answers[call]["code"], "00000", "{call}: {}", answers[call]);
    }
    assert_eq!(answers["methods"]["data"].as_array().map(Vec::len), Some(8));
    let created = &answers["create"]["data"];
    // The public example: orderAmount 100.50 USDC on tron is 101.00 to pay.
    assert_eq!(created["cryptoPaymentAmount"]["value"], "101.00");
    assert_eq!(created["cryptoPaymentAmount"]["currency"], "USDC");
    assert_eq!(created["expiresAt"], GUIDE_EXPIRES_AT);
    assert_eq!(created["networkDisplayName"], "TRON Network");
    assert!(created["depositAddress"].as_str().is_some_and(|a| a.starts_with('T')));
    let queried = &answers["query"]["data"];
    assert_eq!(queried["merchantOrderId"], created["merchantOrderId"]);
    assert_eq!(queried["status"], "PENDING");
}

/// The guide's fixed expiresAt must be in the future for its create to succeed; once that date is
/// near, both clocks move back to a day the example still works on.
fn offset_keeping_the_guide_valid() -> SignedDuration {
    let now = Timestamp::now();
    let expires: Timestamp = GUIDE_EXPIRES_AT.parse().unwrap();
    if expires.duration_since(now) > SignedDuration::from_hours(1) {
        SignedDuration::ZERO
    } else {
        shifted_day().duration_since(now)
    }
}

fn shifted_day() -> Timestamp {
    "2026-06-01T12:00:00Z".parse().unwrap()
}

#[tokio::test]
async fn the_guides_python_client_gets_00000_for_all_three_calls() {
    let simulator = RunningSimulator::start(SimulatorConfig::demo()).await.unwrap();
    let answers = run_guide(&simulator, offset_keeping_the_guide_valid()).await;
    check_answers(&answers);
    let creates = simulator.request_log().iter().filter(|r| r.is_create()).count();
    assert_eq!(creates, 1);
    simulator.shutdown().await;
}

/// The clock shift that keeps the previous test working after 2026-12-31, exercised today.
#[tokio::test]
async fn the_guides_python_client_works_with_both_clocks_shifted() {
    let simulator = RunningSimulator::start(SimulatorConfig::demo()).await.unwrap();
    let answers = run_guide(&simulator, shifted_day().duration_since(Timestamp::now())).await;
    check_answers(&answers);
    let created = answers["create"]["data"]["createdTime"].as_str().unwrap();
    assert!(created.starts_with("2026-06-01T12:"), "simulator clock was shifted: {created}");
    simulator.shutdown().await;
}
