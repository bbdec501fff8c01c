//! The PayStableCoin guide's own Python client (crates/simulator/tests/guide_client.py: the
//! guide's functions verbatim, only credentials and base URL replaced) against the real
//! `stabletill simulator` binary: payment methods, create and query all answer code 00000, and a
//! wrong secret is refused. Proof that what a merchant following the guide sends is what our
//! simulator accepts, through the binary that scripts and external tests start.
//! Needs python3 with `requests`; without them this test FAILS (it is never skipped).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use serde_json::{json, Value};

const INSTALL_HINT: &str = "python3 with the `requests` library is needed: apt-get install python3-requests";
const GUIDE_CLIENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../simulator/tests/guide_client.py");
/// The expiresAt the guide's create_checkout_order sends.
const GUIDE_EXPIRES_AT: &str = "2026-12-31T23:59:59Z";
const SHIFTED_DAY: &str = "2026-06-01T12:00:00Z";

/// A `stabletill simulator` process, killed when dropped, with its announced credentials.
struct Simulator {
    child: Child,
    url: String,
    merchant_id: String,
    secret: String,
}

impl Simulator {
    fn start(flags: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stabletill"))
            .arg("simulator")
            .args(["--port", "0"])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the stabletill binary runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let banner: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("first line is not JSON ({e}): {line:?}"));
        let text = |field: &str| {
            banner[field].as_str().unwrap_or_else(|| panic!("no {field} in {banner}")).to_owned()
        };
        Self { url: text("url"), merchant_id: text("merchantId"), secret: text("secret"), child }
    }

    /// The guide's script sends a fixed expiresAt (2026-12-31), which must be in the future: both
    /// the simulator's clock and the script's move to a day before it, the same today as in
    /// years, so the test never depends on the date it runs.
    fn clock_offset_ms(&self) -> i64 {
        let day: jiff::Timestamp = SHIFTED_DAY.parse().unwrap();
        let offset = day.duration_since(jiff::Timestamp::now()).as_millis() as i64;
        let answer = post_json(&format!("{}/_simulator/clock", self.url), &json!({"offsetMs": offset}));
        assert_eq!(answer["code"], "00000", "{answer}");
        offset
    }

    fn run_guide(&self, secret: &str) -> (Output, Value) {
        require_requests();
        let offset = self.clock_offset_ms().to_string();
        let output = Command::new(python())
            .args([GUIDE_CLIENT, &self.url, &self.merchant_id, secret, &offset])
            .output()
            .unwrap_or_else(|e| panic!("{INSTALL_HINT} ({} could not be run: {e})", python()));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let answers = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
            panic!(
                "the guide's script printed no JSON ({e}): {stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        (output, answers)
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A POST with python's standard library, so this test needs no HTTP client crate of its own.
fn post_json(url: &str, body: &Value) -> Value {
    let script = "import sys,urllib.request\nr=urllib.request.Request(sys.argv[1],data=sys.argv[2].encode(),method='POST')\nprint(urllib.request.urlopen(r).read().decode())";
    let output = Command::new(python()).args(["-c", script, url, &body.to_string()]).output().unwrap();
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("no JSON from {url} ({e}): {output:?}"))
}

/// Debian's python3 (where apt installs python3-requests) before whatever else is on PATH.
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

fn require_requests() {
    match Command::new(python()).args(["-c", "import requests"]).output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            panic!("{INSTALL_HINT} ({} says: {})", python(), String::from_utf8_lossy(&out.stderr).trim())
        }
        Err(e) => panic!("{INSTALL_HINT} ({} could not be run: {e})", python()),
    }
}

#[test]
fn the_guides_client_gets_00000_from_the_simulator_binary() {
    let simulator = Simulator::start(&[]);
    let (output, answers) = simulator.run_guide(&simulator.secret);
    assert!(output.status.success(), "not 00000 three times: {answers}");
    for call in ["methods", "create", "query"] {
        assert_eq!(answers[call]["code"], "00000", "{call}: {}", answers[call]);
    }
    assert_eq!(answers["methods"]["data"].as_array().map(Vec::len), Some(8));
    let created = &answers["create"]["data"];
    assert_eq!(created["cryptoPaymentAmount"], json!({"value": "101.00", "currency": "USDC"}));
    assert_eq!(created["expiresAt"], GUIDE_EXPIRES_AT);
    let created_time = created["createdTime"].as_str().unwrap_or_default();
    assert!(created_time.starts_with("2026-06-01T12:"), "both clocks were shifted: {created_time}");
    assert_eq!(answers["query"]["data"]["merchantOrderId"], created["merchantOrderId"]);
}

#[test]
fn a_wrong_secret_is_refused_on_every_call() {
    let simulator = Simulator::start(&[]);
    let (output, answers) = simulator.run_guide("not-the-demo-secret");
    assert!(!output.status.success(), "the script must see a refusal: {answers}");
    for call in ["methods", "create", "query"] {
        assert_ne!(answers[call]["code"], "00000", "{call}: {}", answers[call]);
    }
    assert_eq!(answers["methods"]["code"], "40101");
    assert_eq!(answers["create"]["code"], "40101");
}

/// The new flags, all at once: the guide's calls still pass (no fault is drawn at probability
/// 0), and the request log file gets one JSON line for each of them.
#[test]
fn the_guide_passes_with_every_flag_and_its_calls_land_in_the_request_log_file() {
    let dir = std::env::temp_dir().join(format!("stabletill-guide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("requests.jsonl");
    let log_arg = log.to_str().unwrap().to_owned();
    let simulator = Simulator::start(&[
        "--auto-pay",
        "5..20",
        "--faults",
        "latency=1..5ms,5xx=0",
        "--time-scale",
        "0.01",
        "--rate-limit",
        "0",
        "--request-log",
        &log_arg,
    ]);
    let (output, answers) = simulator.run_guide(&simulator.secret);
    assert!(output.status.success(), "{answers}");
    drop(simulator);
    let lines: Vec<Value> =
        std::fs::read_to_string(&log).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let _ = std::fs::remove_dir_all(&dir);
    let calls: Vec<(&str, &str)> =
        lines.iter().map(|l| (l["method"].as_str().unwrap(), l["code"].as_str().unwrap())).collect();
    assert_eq!(calls, [("GET", "00000"), ("POST", "00000"), ("GET", "00000")]);
    assert!(lines.iter().all(|l| l["latencyMs"].as_u64().is_some_and(|ms| (1..=5).contains(&ms))));
    assert_eq!(lines[1]["merchantOrderId"], answers["create"]["data"]["merchantOrderId"]);
}

#[test]
fn bad_flags_are_refused_naming_the_part_at_fault() {
    for (flag, value, expected) in [
        ("--faults", "5xx=0.1,reset-befor=0.2", "reset-befor=0.2"),
        ("--faults", "timeout=2", "timeout=2"),
        ("--time-scale", "0", "not a speed"),
        ("--auto-pay", "20..5", "larger"),
        ("--rate-limit", "lots", "lots"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_stabletill"))
            .args(["simulator", "--port", "0", flag, value])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{flag} {value}: {stderr}");
        assert!(stderr.contains(expected), "{flag} {value}: expected {expected:?} in {stderr}");
        assert!(out.stdout.is_empty(), "nothing announced for a refused start");
    }
}
