//! `stabletill simulator [--port P] [--auto-pay SECS]`: the built-in PayStableCoin simulator in
//! the foreground. Its first line on stdout is `{"url", "merchantId", "secret"}` (demo credentials,
//! which are not secret) so scripts and tests can point a till at it.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

use crate::args::SimulatorArgs;
use crate::exit;

pub async fn run(args: SimulatorArgs) -> ExitCode {
    let mut config = SimulatorConfig::demo();
    config.port = args.port;
    if let Some(secs) = args.auto_pay {
        match Duration::try_from_secs_f64(secs) {
            Ok(delay) => config.auto_pay_after = Some(delay),
            Err(_) => {
                eprintln!("error: --auto-pay takes a number of seconds, 0 or more (got {secs})");
                return exit::BAD_INPUT.into();
            }
        }
    }
    let simulator = match RunningSimulator::start(config).await {
        Ok(simulator) => simulator,
        Err(e) => {
            eprintln!("error: the simulator cannot listen on 127.0.0.1:{}: {e}", args.port);
            return exit::FAILURE.into();
        }
    };
    let banner = json!({
        "url": simulator.url(),
        "merchantId": simulator.merchant_id(),
        "secret": simulator.secret().expose(),
    });
    println!("{banner}");
    // Whoever reads this line through a pipe needs it now, not when the buffer fills.
    let _ = std::io::stdout().flush();
    eprintln!("Simulator running at {} — Ctrl-C to stop.", simulator.url());
    wait_for_stop().await;
    simulator.shutdown().await;
    exit::SUCCESS.into()
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
