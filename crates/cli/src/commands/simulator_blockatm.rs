//! `stabletill simulator --gateway-kind blockatm`: the BlockATM-style simulator in the foreground.

use std::io::Write;
use std::process::ExitCode;

use serde_json::json;
use stabletill_simulator::blockatm::{BlockAtmSimulatorConfig, RunningBlockAtmSimulator};

use super::simulator::wait_for_stop;
use crate::args::SimulatorArgs;
use crate::exit;

/// The BlockATM simulator with the demo merchant; its first line is `{url, apiKey, privateKeyPem}`
/// (a demo key pair that only unlocks this simulator, so printing it is fine).
pub async fn run(args: &SimulatorArgs) -> ExitCode {
    let mut config = BlockAtmSimulatorConfig { port: args.port, ..BlockAtmSimulatorConfig::demo() };
    if let Some((min, _)) = args.auto_pay {
        config.auto_pay_after = Some(min);
    }
    if let Some(faults) = &args.faults {
        config.faults = faults.clone();
    }
    if let Some(per_minute) = args.rate_limit {
        config.rate_limit_per_minute = (per_minute > 0).then_some(per_minute);
    }
    let simulator = match RunningBlockAtmSimulator::start(config).await {
        Ok(simulator) => simulator,
        Err(e) => {
            eprintln!("error: the BlockATM simulator cannot start on 127.0.0.1:{}: {e}", args.port);
            return exit::FAILURE.into();
        }
    };
    let banner = json!({
        "url": simulator.url(),
        "apiKey": simulator.api_key().expose(),
        "privateKeyPem": simulator.private_key_pem(),
    });
    println!("{banner}");
    let _ = std::io::stdout().flush();
    eprintln!("BlockATM simulator running at {} — Ctrl-C to stop.", simulator.url());
    wait_for_stop().await;
    simulator.shutdown().await;
    exit::SUCCESS.into()
}
