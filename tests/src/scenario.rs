//! Runs one end-to-end scenario: one app at a time in this test binary (two WebKit instances on
//! a 2-core CI machine only slow each other down), on its own async runtime, stopped (and its
//! app with it) once it runs past its time limit instead of holding up CI. A failure panics with
//! the whole error chain, which names the screenshot and log it left in `target/e2e-artifacts/`.

use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Runs `scenario` to its end within `limit`; panics (failing the test) on an error or a timeout.
#[allow(clippy::panic)]
pub fn run_scenario(limit: Duration, scenario: impl Future<Output = anyhow::Result<()>>) {
    let _one = ONE_APP_AT_A_TIME.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => panic!("cannot start an async runtime for the scenario: {error}"),
    };
    match runtime.block_on(async { tokio::time::timeout(limit, scenario).await }) {
        Ok(Ok(())) => {}
        Ok(Err(error)) => panic!("{error:#}"),
        Err(_) => panic!("the scenario did not finish within {limit:?}; see target/e2e-artifacts/"),
    }
}
