//! `stabletill`: the StableTill core from a terminal. The command-line contract (subcommands,
//! flags, JSON fields, exit statuses) is relied on by tests outside this project: keep it stable.

mod args;
mod commands;
mod exit;
mod open;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.verbose);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return exit::FAILURE.into();
        }
    };
    let home = match stabletill_till::TillHome::resolve(cli.home.as_deref()) {
        Ok(home) => home,
        Err(e) => return exit::report(&e),
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
        }
    })
}

/// Logs go to stderr (stdout carries results and JSON); quiet unless asked with -v or RUST_LOG.
fn init_logging(verbose: u8) {
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).with_target(false).init();
}
