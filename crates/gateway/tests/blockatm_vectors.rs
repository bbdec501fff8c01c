//! BlockATM V1 signing checked by an independent implementation: `blockatm_vectors.py` (Python's
//! `cryptography`) must build the same signing string, accept every signature our signer makes
//! and refuse forged ones; our verifier must accept every signature Python makes, with either
//! value of `s`. Never skipped: without Python's `cryptography` this test fails with the fix.

#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::io::Write;
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::json;
use stabletill_gateway::blockatm::{
    sign, signing_string, verify, CreateQrOrder, PublicKey, SigningError, SigningKey,
};

/// A key made for these vectors only; it protects nothing.
const TEST_KEY_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQglpz9tv2O96KOmC8J
NdOVJgTL3rXhqk3LV88p0YH5/56hRANCAARypXY0H6jphUX8kcsgIIh6zlrrQi27
tSXT2RfcAkwaTfzYgmdfLL2GnQPBocvJz4IwqDWs4YSzN2lVvEPZrVWR
-----END PRIVATE KEY-----";
const TEST_PUBLIC_PEM: &str = "-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEcqV2NB+o6YVF/JHLICCIes5a60It
u7Ul09kX3AJMGk382IJnXyy9hp0DwaHLyc+CMKg1rOGEszdpVbxD2a1VkQ==
-----END PUBLIC KEY-----";
const ADVICE: &str = "the BlockATM signing vectors need python3 with the cryptography package: \
                      apt-get install -y python3-cryptography";

#[derive(Deserialize)]
struct Answer {
    cases: Vec<PythonCase>,
    forged_accepted: Vec<bool>,
}

#[derive(Deserialize)]
struct PythonCase {
    name: String,
    signing_string: String,
    rust_signature_valid: bool,
    rust_signature_strict_der: bool,
    python_signature: String,
    python_signature_high_s: String,
}

/// (name, body, time, the signing string the rule gives, worked out by hand)
fn cases() -> Vec<(&'static str, String, &'static str, &'static str)> {
    let create = CreateQrOrder {
        merchant_order_no: "ST-till1-01JABCDEFGHJKMNPQRSTVWXYZ".into(),
        chain_id: "tron".into(),
        symbol: "USDT".into(),
        amount: "12.50".into(),
        expire_time: 1_763_700_900_000,
        notify_url: None,
    };
    vec![
        (
            "the client's create body",
            serde_json::to_string(&create).unwrap(),
            "1763700000000",
            "amount=12.50&chainId=tron&expireTime=1763700900000&merchantOrderNo=ST-till1-01JABCDEFGHJKMNPQRSTVWXYZ&symbol=USDT&time=1763700000000",
        ),
        (
            "nulls skipped, numbers and booleans as sent",
            r#"{"symbol":"USDC","amount":100,"price":1.50,"big":1e21,"test":false,"note":null,"chainId":"56"}"#.into(),
            "1763700000001",
            "amount=100&big=1e21&chainId=56&price=1.50&symbol=USDC&test=false&time=1763700000001",
        ),
        (
            "nested values as their JSON text, whitespace around values dropped",
            "{ \"b\" : [1, 2,{\"x\":\"y\"}] ,\n \"a\":{\"k\": \"v\"} }".into(),
            "1763700000002",
            "a={\"k\": \"v\"}&b=[1, 2,{\"x\":\"y\"}]&time=1763700000002",
        ),
        (
            "strings unescaped, keys sorted by bytes",
            r#"{"z":"caf\u00e9 \"q\" \\ /","Z":"upper","a_b":"1","a":"2","é":"accent"}"#.into(),
            "1763700000003",
            "Z=upper&a=2&a_b=1&z=café \"q\" \\ /&é=accent&time=1763700000003",
        ),
        ("an empty object", "{}".into(), "1763700000004", "time=1763700000004"),
    ]
}

fn python() -> String {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/blockatm_vectors.py");
    // The first interpreter that has the package (a pyenv python3 may shadow Debian's).
    for candidate in ["python3", "/usr/bin/python3"] {
        let found = Command::new(candidate)
            .args(["-c", "import cryptography.hazmat.primitives.asymmetric.ec"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if found {
            return format!("{candidate}\n{script}");
        }
    }
    panic!("{ADVICE}");
}

fn run_python(input: &serde_json::Value) -> Answer {
    let found = python();
    let (interpreter, script) = found.split_once('\n').unwrap();
    let mut child = Command::new(interpreter)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{ADVICE} ({e})"));
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => {}
        Some(3) => panic!("{ADVICE}: {stderr}"),
        _ => panic!("blockatm_vectors.py failed ({}): {stderr}", output.status),
    }
    serde_json::from_slice(&output.stdout).expect("the script answers JSON")
}

#[test]
fn python_and_rust_agree_on_every_vector() {
    let key = SigningKey::from_pkcs8_pem(TEST_KEY_PEM).unwrap();
    let public = PublicKey::from_public_key_pem(TEST_PUBLIC_PEM).unwrap();
    assert_eq!(key.public_key(), public, "the test key pair belongs together");
    let cases = cases();

    let mut input_cases = Vec::new();
    let mut forged = Vec::new();
    for (name, body, time, expected) in &cases {
        assert_eq!(signing_string(body.as_bytes(), time).as_deref(), Ok(*expected), "{name}");
        let signature = sign(&key, body.as_bytes(), time).unwrap();
        assert_eq!(verify(&public, body.as_bytes(), time, &signature), Ok(()), "{name}");
        input_cases.push(json!({"name": name, "body": body, "time": time, "rust_signature": signature}));
        // Python must refuse our signature for another time and for another body.
        let later = (time.parse::<u64>().unwrap() + 1).to_string();
        forged.push(json!({"body": body, "time": later, "signature": signature}));
        let mut other_body: serde_json::Value = serde_json::from_str(body).unwrap();
        other_body["extra"] = json!("1");
        let other_body = other_body.to_string();
        forged.push(json!({"body": other_body, "time": time, "signature": signature}));
    }
    let stranger = SigningKey::generate().unwrap();
    let (_, body, time, _) = &cases[0];
    forged.push(
        json!({"body": body, "time": time, "signature": sign(&stranger, body.as_bytes(), time).unwrap()}),
    );

    let answer = run_python(&json!({
        "private_key_pem": TEST_KEY_PEM,
        "public_key_pem": TEST_PUBLIC_PEM,
        "cases": input_cases,
        "forged": forged,
    }));

    assert_eq!(answer.cases.len(), cases.len());
    for ((name, body, time, expected), python) in cases.iter().zip(&answer.cases) {
        assert_eq!(&python.name, name);
        assert_eq!(python.signing_string, *expected, "Python builds another string for {name}");
        assert!(python.rust_signature_valid, "Python refuses our signature for {name}");
        assert!(python.rust_signature_strict_der, "our signature for {name} is not strict DER");
        for signature in [&python.python_signature, &python.python_signature_high_s] {
            assert_eq!(verify(&public, body.as_bytes(), time, signature), Ok(()), "{name}: {signature}");
            let later = (time.parse::<u64>().unwrap() + 1).to_string();
            assert_eq!(
                verify(&public, body.as_bytes(), &later, signature),
                Err(SigningError::Mismatch),
                "{name}"
            );
        }
    }
    assert_eq!(answer.forged_accepted.len(), forged.len());
    assert!(answer.forged_accepted.iter().all(|accepted| !accepted), "Python accepted a forgery");
}
