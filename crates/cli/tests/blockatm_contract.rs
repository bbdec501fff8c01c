//! The `stabletill` contract with the BlockATM-style gateway: gateway-kind, the API key and the
//! signing key in the keyring, methods, charge, sync, sales list, and the BlockATM simulator.
//! Needs the OS keyring (run inside dbus-run-session with gnome-keyring unlocked, as scripts/test).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, Write};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;
use stabletill_simulator::blockatm::{
    BlockAtmSimulatorConfig, RunningBlockAtmSimulator, DEMO_PRIVATE_KEY_PEM,
};

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
        .unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blockatm_shop_charges_and_is_paid() {
    let config = BlockAtmSimulatorConfig {
        auto_pay_after: Some(Duration::from_millis(500)),
        confirmation_delay: Duration::from_millis(300),
        ..BlockAtmSimulatorConfig::demo()
    };
    let simulator = RunningBlockAtmSimulator::start(config).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().to_path_buf();
    let url = simulator.url();
    let api_key = simulator.api_key().expose().to_owned();

    let out = tokio::task::spawn_blocking(move || {
        for args in
            [["config", "set", "gateway-kind", "blockatm"], ["config", "set", "gateway", url.as_str()]]
        {
            let out = stabletill(&home, &args, None);
            assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        }
        let out = stabletill(&home, &["secret", "set"], Some(&format!("{api_key}\n")));
        assert!(out.status.success(), "secret set needs the OS keyring: {}", text(&out.stderr));
        let out = stabletill(&home, &["secret", "set-signing-key"], Some(DEMO_PRIVATE_KEY_PEM));
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(!text(&out.stdout).contains("PRIVATE KEY"), "only the public key is ever printed");

        let methods: Value =
            serde_json::from_slice(&stabletill(&home, &["methods", "--json"], None).stdout).unwrap();
        let networks: Vec<&str> =
            methods.as_array().unwrap().iter().filter_map(|m| m["network"].as_str()).collect();
        for network in ["ethereum", "bsc", "polygon", "tron", "arbitrum"] {
            assert!(networks.contains(&network), "{network} missing from {networks:?}");
        }

        let charge = stabletill(
            &home,
            &["charge", "12.50", "--currency", "USDT", "--network", "bsc", "--json", "--timeout", "30"],
            None,
        );
        let sales = stabletill(&home, &["sales", "list", "--json"], None);
        let sync = stabletill(&home, &["sync", "--timeout", "5"], None);
        let status = stabletill(&home, &["secret", "status"], None);
        let _ = stabletill(&home, &["secret", "clear"], None);
        (charge, sales, sync, status)
    })
    .await
    .unwrap();
    let (charge, sales, sync, status) = out;
    assert!(charge.status.success(), "charge: {}{}", text(&charge.stdout), text(&charge.stderr));
    let lines: Vec<Value> = text(&charge.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let last = lines.last().unwrap();
    assert_eq!(last["status"], "SUCCEEDED");
    assert!(last["depositAddress"].as_str().is_some_and(|a| a.starts_with("0x")), "{last}");
    assert!(
        last["paymentLink"].as_str().is_some_and(|u| u.contains("/cashier/")),
        "the QR is the cashier page: {last}"
    );
    let sales: Value = serde_json::from_slice(&sales.stdout).unwrap();
    assert_eq!(sales[0]["gateway"], "blockatm");
    assert_eq!(sales[0]["status"], "SUCCEEDED");
    assert!(sync.status.success(), "{}", text(&sync.stderr));
    assert!(text(&status.stdout).contains("signing key is stored"));
    let creates = simulator.request_log().iter().filter(|r| r.method == "POST").count();
    assert_eq!(creates, 1);
    simulator.shutdown().await;
}

#[test]
fn a_new_signing_key_prints_only_its_public_half_and_the_simulator_announces_itself() {
    let dir = tempfile::tempdir().unwrap();
    let out = stabletill(dir.path(), &["secret", "new-signing-key"], None);
    assert!(out.status.success(), "needs the OS keyring: {}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(printed.contains("BEGIN PUBLIC KEY") && !printed.contains("PRIVATE"), "{printed}");
    let _ = stabletill(dir.path(), &["secret", "clear"], None);

    let mut child = Command::new(env!("CARGO_BIN_EXE_stabletill"))
        .args(["simulator", "--gateway-kind", "blockatm", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    let banner: Value = serde_json::from_str(&line).unwrap();
    assert!(banner["url"].as_str().is_some_and(|u| u.starts_with("http://127.0.0.1:")));
    assert!(banner["apiKey"].as_str().is_some_and(|k| !k.is_empty()));
    assert!(banner["privateKeyPem"].as_str().is_some_and(|k| k.contains("BEGIN PRIVATE KEY")));
}
