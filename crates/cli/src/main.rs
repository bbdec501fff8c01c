//! `stabletill`: the StableTill core from a terminal. The command-line contract (subcommands,
//! flags, JSON fields, exit statuses) is relied on by tests outside this project: keep it stable.

mod args;
mod commands;
mod exit;
mod open;

use std::process::ExitCode;

use clap::Parser;

use stabletill_till::{
    daily_log_files, log_filter, HomeLock, MaskAddresses, PrivacySwitch, TillConfig, TillHome,
};

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return exit::FAILURE.into();
        }
    };
    let home = match stabletill_till::TillHome::resolve(cli.home.as_deref()) {
        Ok(home) => home,
        Err(e) => {
            init_logging(cli.verbose, None);
            return exit::report(&e);
        }
    };
    // `charge` and `sync` poll the gateway and write the sales log: one writer per till, so they
    // hold the data directory's lock (the app holds it too) and keep a log file for support.
    // Every other command only reads, or changes a setting atomically, and may run beside the app.
    let writes_sales = matches!(cli.command, Command::Charge(_) | Command::Sync(_));
    init_logging(cli.verbose, writes_sales.then_some(&home));
    let _writer = if writes_sales {
        match HomeLock::acquire(&home) {
            Ok(lock) => Some(lock),
            Err(e) => return exit::report(&e),
        }
    } else {
        None
    };
    runtime.block_on(async move {
        match cli.command {
            Command::Config(command) => commands::config::run(&home, command).await,
            Command::Secret(command) => commands::secret::run(&home, command).await,
            Command::Methods(args) => commands::methods::run(&home, args).await,
            Command::Charge(args) => commands::charge::run(&home, args).await,
            Command::Sales(command) => commands::sales::run(&home, command),
            Command::Pin(command) => commands::pin::run(&home, command).await,
            Command::Sync(args) => commands::sync::run(&home, args).await,
            Command::Simulator(args) => commands::simulator::run(args).await,
            Command::Doctor(args) => commands::doctor::run(&home, args).await,
        }
    })
}

/// Logs go to stderr (stdout carries results and JSON); quiet unless asked with -v or RUST_LOG.
/// With a `home` (commands that write the sales log) they also go to its daily log files, at the
/// level `STABLETILL_LOG` sets (info by default). The shop's `privacy-mode` masks addresses in both.
fn init_logging(verbose: u8, home: Option<&TillHome>) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    use tracing_subscriber::Layer;

    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let stderr_filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let privacy =
        PrivacySwitch::new(home.is_some_and(|home| TillConfig::load(home).is_ok_and(|c| c.privacy_mode)));
    let stderr = tracing_subscriber::fmt::layer()
        .with_writer(MaskAddresses::new(std::io::stderr, privacy.clone()))
        .with_target(false)
        .with_filter(stderr_filter);
    let mut problems = Vec::new();
    let files = home.and_then(|home| match daily_log_files(home, "stabletill-cli") {
        Ok(files) => {
            let (filter, problem) = log_filter();
            problems.extend(problem);
            let layer = tracing_subscriber::fmt::layer()
                .with_writer(MaskAddresses::new(files, privacy.clone()))
                .with_ansi(false)
                .with_filter(filter);
            Some(layer)
        }
        Err(e) => {
            problems.push(format!("no log file: {e}"));
            None
        }
    });
    let _ = tracing_subscriber::registry().with(stderr).with(files).try_init();
    for problem in problems {
        tracing::warn!("{problem}");
    }
}
