//! No OS keyring to be had: a session bus with no Secret Service on it (a private `dbus-daemon`
//! that can start no service), no session bus at all, or a gnome-keyring that is locked (with no
//! one on that bus to answer the unlock prompt). `stabletill secret set`, `secret status` and
//! `charge` must say what is wrong and what to do, store the secret nowhere else (no plaintext
//! fallback) and create no order; the app must show the keyring's state with the next step.
//! Needs dbus-daemon, dbus-send and gnome-keyring, and for the app a display and tauri-driver
//! (scripts/test-session provides them).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::ensure;
use stabletill_simulator::{RunningSimulator, SimulatorConfig};
use stabletill_tests::{cli_binary, RealApp, Screen};
use tempfile::TempDir;

const CANARY: &str = "keyring-canary-7d1f0c2b9e";
/// One app at a time: two WebKit instances on a 2-core machine only slow each other down.
static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The secret a till had stored before its keyring was locked.
const STORED: &str = "keyring-stored-4a6e9c1d0b";

/// A session bus of our own with nothing on it: no service files, so no Secret Service can be
/// started on demand (the system's session bus config would start gnome-keyring).
struct BareBus {
    daemon: Child,
    address: String,
    _dir: TempDir,
}

impl BareBus {
    fn start() -> Self {
        let dir = tempfile::Builder::new().prefix("stabletill-bare-bus-").tempdir().unwrap();
        let config = dir.path().join("session.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={}/bus</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.path().display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("dbus-daemon is needed: apt-get install dbus-daemon ({e})"));
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let address = line.trim().to_owned();
        assert!(address.starts_with("unix:"), "dbus-daemon printed no address: {line:?}");
        Self { daemon, address, _dir: dir }
    }
}

impl Drop for BareBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// `stabletill --home HOME ARGS` with the session bus at `bus`.
fn stabletill(home: &Path, bus: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(cli_binary().unwrap())
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("STABLETILL_HOME")
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
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

/// Every file under `dir` whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut queue = vec![dir.to_path_buf()];
    while let Some(dir) = queue.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                queue.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    found.push(path.display().to_string());
                }
            }
        }
    }
    found
}

/// The keyring's message: what is wrong, and the next step.
fn assert_explains_the_keyring(out: &Output, what: &str) {
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{what} must fail without a keyring: {}", text(&out.stdout));
    assert!(stderr.contains("keyring"), "{what}: the message names the keyring: {stderr}");
    assert!(
        stderr.contains("start and unlock a Secret Service keyring (GNOME Keyring or KWallet)"),
        "{what}: the message says what to do: {stderr}"
    );
    assert!(!stderr.contains(CANARY) && !text(&out.stdout).contains(CANARY), "{what} printed the secret");
}

fn new_home() -> TempDir {
    tempfile::Builder::new().prefix("stabletill-nokeyring-").tempdir().unwrap()
}

fn cli_is_refused_cleanly(bus: &str, home: &TempDir) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let simulator = runtime.block_on(RunningSimulator::start(SimulatorConfig::demo())).unwrap();
    for args in [
        ["config", "set", "merchant-id", simulator.merchant_id()],
        ["config", "set", "gateway", &simulator.url()],
    ] {
        let out = stabletill(home.path(), bus, &args, None);
        assert!(out.status.success(), "settings need no keyring: {}", text(&out.stderr));
    }

    let set = stabletill(home.path(), bus, &["secret", "set"], Some(&format!("{CANARY}\n")));
    assert_explains_the_keyring(&set, "secret set");
    let status = stabletill(home.path(), bus, &["secret", "status"], None);
    assert_explains_the_keyring(&status, "secret status");
    let charge = stabletill(
        home.path(),
        bus,
        &["charge", "5.00", "--currency", "USDT", "--network", "tron", "--timeout", "5"],
        None,
    );
    assert_explains_the_keyring(&charge, "charge");

    let no_fallback = files_containing(home.path(), CANARY);
    assert!(no_fallback.is_empty(), "the secret was written in plain text to {no_fallback:?}");
    let orders = simulator.request_log().iter().filter(|r| r.method == "POST").count();
    assert_eq!(orders, 0, "no order may be created without the secret");
    runtime.block_on(simulator.shutdown());
}

/// A gnome-keyring of its own on a [`BareBus`], holding this till's secret, then locked: as after
/// a reboot without auto-unlock, or a user who locked the keyring. Nothing can answer an unlock
/// prompt on this bus, so the keyring stays locked.
struct LockedKeyring {
    bus: BareBus,
    _state: TempDir,
}

impl LockedKeyring {
    fn start(home: &Path) -> Self {
        let bus = BareBus::start();
        let state = tempfile::Builder::new().prefix("stabletill-locked-keyring-").tempdir().unwrap();
        let (data, run) = (state.path().join("data"), state.path().join("run"));
        std::fs::create_dir_all(&data).unwrap();
        std::fs::create_dir_all(&run).unwrap();
        std::fs::set_permissions(&run, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
        let mut daemon = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_RUNTIME_DIR", &run)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("gnome-keyring-daemon is needed: apt-get install gnome-keyring ({e})")
            });
        daemon.stdin.take().unwrap().write_all(b"a-throw-away-password").unwrap();
        let started = daemon.wait_with_output().unwrap();
        assert!(started.status.success(), "gnome-keyring: {}", text(&started.stderr));

        let set = stabletill(home, &bus.address, &["secret", "set"], Some(&format!("{STORED}\n")));
        assert!(
            set.status.success(),
            "the secret is stored while the keyring is open: {}",
            text(&set.stderr)
        );
        let lock = Command::new("dbus-send")
            .args([
                "--session",
                "--dest=org.freedesktop.secrets",
                "--print-reply",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .output()
            .unwrap_or_else(|e| panic!("dbus-send is needed: apt-get install dbus-bin ({e})"));
        assert!(lock.status.success(), "the keyring could not be locked: {}", text(&lock.stderr));
        Self { bus, _state: state }
    }
}

#[test]
fn the_cli_explains_a_bus_without_a_secret_service_and_stores_nothing() {
    let bus = BareBus::start();
    cli_is_refused_cleanly(&bus.address, &new_home());
}

#[test]
fn the_cli_explains_a_missing_session_bus_and_stores_nothing() {
    let nowhere = tempfile::tempdir().unwrap();
    cli_is_refused_cleanly(&format!("unix:path={}/no-bus-here", nowhere.path().display()), &new_home());
}

#[test]
fn the_cli_explains_a_locked_keyring_and_stores_nothing() {
    let home = new_home();
    let keyring = LockedKeyring::start(home.path());
    cli_is_refused_cleanly(&keyring.bus.address, &home);
    let copies = files_containing(home.path(), STORED);
    assert!(copies.is_empty(), "the stored secret was copied out of the keyring to {copies:?}");
}

#[test]
fn the_app_shows_a_missing_secret_service_with_the_next_step() {
    let bus = BareBus::start();
    app_shows_the_keyring_state("keyring-unavailable", &bus.address, &new_home());
}

#[test]
fn the_app_shows_a_locked_keyring_with_the_next_step() {
    let home = new_home();
    let keyring = LockedKeyring::start(home.path());
    app_shows_the_keyring_state("keyring-locked", &keyring.bus.address, &home);
}

/// The app on `home`, with the session bus at `bus`, opens on the first-run screen, which names
/// the keyring's state and the next step.
fn app_shows_the_keyring_state(name: &str, bus: &str, home: &TempDir) {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    for args in
        [["config", "set", "merchant-id", "MCH_KEYRING_TEST"], ["config", "set", "shop-name", "Kiosk"]]
    {
        let out = stabletill(home.path(), bus, &args, None);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let outcome = runtime.block_on(async {
        let env: [(&str, &OsStr); 1] = [("DBUS_SESSION_BUS_ADDRESS", OsStr::new(bus))];
        let app = RealApp::start(name, home.path(), &env).await?;
        let shown = async {
            app.wait_for(r#"#first-run:not([hidden])"#, Duration::from_secs(20)).await?;
            let lead = app.text_of_id("first-run-lead").await?;
            ensure!(
                lead.contains("keyring is locked or not running") && lead.contains("then restart StableTill"),
                "the first-run screen names the keyring and the next step: {lead:?}"
            );
            let problem = app.text_of_id("first-run-problem").await?;
            ensure!(
                problem.contains("start and unlock a Secret Service keyring"),
                "and the reason, with what to do: {problem:?}"
            );
            let step = app.text_of_id("step-secret-status").await?;
            ensure!(step.contains("keyring locked or missing"), "the secret's step says so: {step:?}");
            app.screenshot("first-run").await?;
            Ok(())
        }
        .await;
        app.finish(shown).await
    });
    if let Err(error) = outcome {
        panic!("{error:#}");
    }
}
