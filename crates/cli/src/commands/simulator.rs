//! `stabletill simulator [--port P] [--auto-pay SECS|MIN..MAX] [--faults SPEC] [--time-scale F]
//! [--rate-limit N] [--request-log FILE]`: the built-in PayStableCoin simulator in the
//! foreground. Its first line on stdout is `{"url", "merchantId", "secret"}` (demo credentials,
//! which are not secret) so scripts and tests can point a till at it; `--port` and `--auto-pay
//! SECS` and that line are relied on by tests outside this project.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use serde_json::json;
use stabletill_simulator::{RunningSimulator, SimulatorConfig};

use crate::args::SimulatorArgs;
use crate::exit;

pub async fn run(args: SimulatorArgs) -> ExitCode {
    if args.gateway_kind == "blockatm" {
        return super::simulator_blockatm::run(&args).await;
    }
    let config = config_from(&args);
    let simulator = match RunningSimulator::start(config).await {
        Ok(simulator) => simulator,
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            eprintln!("error: {e}");
            return exit::BAD_INPUT.into();
        }
        Err(e) => {
            eprintln!("error: the simulator cannot start on 127.0.0.1:{}: {e}", args.port);
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
    let faults = simulator.faults();
    if faults != stabletill_simulator::FaultConfig::default() {
        eprintln!("Injecting faults: {faults}");
    }
    wait_for_stop().await;
    simulator.shutdown().await;
    exit::SUCCESS.into()
}

/// The demo configuration with the flags applied. Values were checked by clap already.
fn config_from(args: &SimulatorArgs) -> SimulatorConfig {
    let mut config = SimulatorConfig { port: args.port, ..SimulatorConfig::demo() };
    if let Some((min, max)) = args.auto_pay {
        config = config.with_auto_pay_between(min, max);
    }
    if let Some(faults) = &args.faults {
        config.faults = faults.clone();
    }
    if let Some(scale) = args.time_scale {
        // Asking for a speed means asking for the gateway's own timings at that speed.
        config.time_scale = scale;
        config.per_network_confirmation = true;
    }
    if let Some(per_minute) = args.rate_limit {
        config.rate_limit_per_minute = (per_minute > 0).then_some(per_minute);
    }
    config.request_log_file = args.request_log.clone();
    config
}

/// `--auto-pay`: `SECS` (a fixed delay, as always) or `MIN..MAX` (a random one), seconds ≥ 0.
pub fn parse_auto_pay(text: &str) -> Result<(Duration, Duration), String> {
    let seconds = |part: &str| {
        part.trim()
            .parse::<f64>()
            .ok()
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
            .ok_or_else(|| format!("{part:?} is not a number of seconds, 0 or more"))
    };
    match text.split_once("..") {
        None => seconds(text).map(|fixed| (fixed, fixed)),
        Some((min, max)) => {
            let (min, max) = (seconds(min)?, seconds(max)?);
            if min > max {
                return Err(format!("{text:?}: the first number must not be larger than the second"));
            }
            Ok((min, max))
        }
    }
}

/// `--time-scale`: a finite number above 0.
pub fn parse_time_scale(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => Ok(scale),
        _ => Err(format!("{text:?} is not a speed: use a number above 0, e.g. 1 (real time) or 0.01")),
    }
}

pub(crate) async fn wait_for_stop() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_pay_takes_seconds_or_a_range() {
        assert_eq!(parse_auto_pay("1"), Ok((Duration::from_secs(1), Duration::from_secs(1))));
        assert_eq!(parse_auto_pay("0.5"), Ok((Duration::from_millis(500), Duration::from_millis(500))));
        assert_eq!(parse_auto_pay("5..20"), Ok((Duration::from_secs(5), Duration::from_secs(20))));
        assert!(parse_auto_pay("-1").is_err_and(|e| e.contains("0 or more")));
        assert!(parse_auto_pay("20..5").is_err_and(|e| e.contains("larger")));
        assert!(parse_auto_pay("soon").is_err());
    }

    #[test]
    fn time_scale_is_a_positive_number() {
        assert_eq!(parse_time_scale("0.01"), Ok(0.01));
        for bad in ["0", "-1", "inf", "NaN", "fast"] {
            assert!(parse_time_scale(bad).is_err(), "{bad}");
        }
    }
}
