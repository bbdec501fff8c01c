//! The system asking the app to stop (shutdown, logout, a service manager's SIGTERM, Ctrl+C)
//! ends it as cleanly as the cashier closing its window: exit 0, the sales log checkpointed (its
//! `-wal` emptied), so the next start opens it at once instead of checking it as after a crash.
//! Needs an X server (Xvfb) and a D-Bus session bus, as scripts/test provides.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use stabletill_tests::{artifacts_dir, launch_demo, wait_for_exit};

/// How long a demo till may take to open its sales log and write its first rows.
const OPENS: Duration = Duration::from_secs(60);
/// How long a clean stop may take.
const STOPS: Duration = Duration::from_secs(20);

#[test]
fn a_stop_signal_ends_the_app_with_its_sales_log_checkpointed() {
    assert!(
        std::env::var_os("DISPLAY").is_some_and(|display| !display.is_empty()),
        "no DISPLAY: run the tests under Xvfb (scripts/test-session does)"
    );
    for signal in [Signal::SIGTERM, Signal::SIGINT] {
        let home = tempfile::Builder::new().prefix("stabletill-stop-").tempdir().unwrap();
        let name = format!("clean-stop-{signal}");
        let app = launch_demo(home.path(), &name).unwrap();
        let wal = home.path().join("demo").join("sales.sqlite3-wal");
        wait_until(OPENS, || file_len(&wal) > 0)
            .unwrap_or_else(|| panic!("the demo till wrote nothing to its sales log; see {name}.log"));

        kill(Pid::from_raw(i32::try_from(app.id()).unwrap()), signal).unwrap();
        let status = wait_for_exit(app, STOPS).unwrap();
        assert!(status.success(), "{signal} should end the app with exit 0, got {status}");
        assert_eq!(file_len(&wal), 0, "{signal}: the sales log's WAL is left for the next start to check");
        let log = std::fs::read_to_string(artifacts_dir().unwrap().join(format!("{name}.log"))).unwrap();
        assert!(log.contains("sales log checkpointed"), "{signal}: {log}");
    }
}

/// 0 for a file that is not there.
fn file_len(path: &Path) -> u64 {
    path.metadata().map(|meta| meta.len()).unwrap_or(0)
}

fn wait_until(limit: Duration, done: impl Fn() -> bool) -> Option<()> {
    let deadline = Instant::now() + limit;
    while !done() {
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(())
}
