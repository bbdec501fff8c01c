//! This computer's clock 10 minutes fast, then 10 minutes slow, against the gateway's (the
//! simulator's clock is moved, the machine's is left alone): `stabletill charge` is refused with
//! the measured offset and the next step, creates no order, and `stabletill doctor` shows the
//! same offset. Needs the OS keyring for the secret (run inside scripts/test-session).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use jiff::SignedDuration;
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

fn stabletill(home: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stabletill"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("STABLETILL_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the stabletill binary runs");
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A till on the simulator whose clock runs `gateway_ahead` ahead of this computer's.
fn charge_and_doctor(gateway_ahead: SignedDuration) -> (Output, Output, usize) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let simulator = runtime.block_on(RunningSimulator::start(SimulatorConfig::demo())).unwrap();
    simulator.set_clock_offset(gateway_ahead);
    let home = tempfile::tempdir().unwrap();
    for args in [
        ["config", "set", "merchant-id", simulator.merchant_id()],
        ["config", "set", "gateway", &simulator.url()],
    ] {
        let out = stabletill(home.path(), &args, None);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let secret = format!("{}\n", simulator.secret().expose());
    let out = stabletill(home.path(), &["secret", "set"], Some(&secret));
    assert!(
        out.status.success(),
        "`secret set` needs the OS keyring (run inside scripts/test-session): {}",
        text(&out.stderr)
    );

    let charge = stabletill(
        home.path(),
        &["charge", "12.50", "--currency", "USDT", "--network", "tron", "--timeout", "10"],
        None,
    );
    let doctor = stabletill(home.path(), &["doctor"], None);
    let _ = stabletill(home.path(), &["secret", "clear"], None);
    let orders = simulator.request_log().iter().filter(|r| r.method == "POST").count();
    runtime.block_on(simulator.shutdown());
    (charge, doctor, orders)
}

fn assert_explained(gateway_ahead: SignedDuration, words: &str) {
    let (charge, doctor, orders) = charge_and_doctor(gateway_ahead);
    let stderr = text(&charge.stderr);
    assert!(!charge.status.success(), "a charge with a skewed clock must fail: {}", text(&charge.stdout));
    assert!(
        stderr.contains(&format!("this computer's clock is {words}")),
        "the charge names the measured offset ({words}): {stderr}"
    );
    assert!(
        stderr.contains("set it to the correct time (automatic time) and try again"),
        "and the next step: {stderr}"
    );
    assert_eq!(orders, 0, "no order reached the gateway");

    let report = text(&doctor.stdout);
    assert!(
        report.contains(&format!(
            "this computer's clock is {words} (TOO FAR OFF: the gateway refuses requests"
        )),
        "doctor shows the same offset: {report}"
    );
}

#[test]
fn a_clock_ten_minutes_fast_is_named_with_the_next_step() {
    assert_explained(SignedDuration::from_mins(-10), "10 min 0 s fast");
}

#[test]
fn a_clock_ten_minutes_slow_is_named_with_the_next_step() {
    assert_explained(SignedDuration::from_mins(10), "10 min 0 s slow");
}
