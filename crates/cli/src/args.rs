//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "stabletill", version, about = "StableTill: take stablecoin payments at the counter")]
#[command(
    after_help = "Exit status: 0 success (charge: paid), 1 error, 2 bad input, 3 payment failed or expired, 4 still unpaid when --timeout ran out."
)]
pub struct Cli {
    /// The till's data directory (settings and sales log).
    #[arg(long, global = true, env = "STABLETILL_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show or change the till's settings.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Store, check or remove the API secret in the OS keyring.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// List the payment methods the gateway offers.
    Methods(MethodsArgs),
    /// Charge an amount: create the order, show the QR, wait for the payment.
    Charge(ChargeArgs),
    /// Read the sales log.
    #[command(subcommand)]
    Sales(SalesCommand),
    /// Reconcile every sale that is not final with the gateway, and wait for the answers.
    Sync(SyncArgs),
    /// Run the built-in gateway simulator in the foreground (demo credentials).
    Simulator(SimulatorArgs),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Set one setting: merchant-id ID | gateway production|sandbox|URL | shop-name NAME.
    Set { key: String, value: String },
    /// Print the settings (never the secret).
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Read the API secret from standard input (one line) into the OS keyring.
    Set,
    /// Say whether a secret is stored (it is never printed).
    Status,
    /// Remove the secret from the OS keyring.
    Clear,
}

#[derive(Debug, Args)]
pub struct MethodsArgs {
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ChargeArgs {
    /// The amount, e.g. 12.50 (a dot for decimals).
    // Hyphen values are let through so "-1" gets the amount checker's message, not a usage error.
    #[arg(allow_hyphen_values = true)]
    pub amount: String,
    /// The stablecoin: USDT, USDC or USD1.
    #[arg(long)]
    pub currency: String,
    /// The network code, as `stabletill methods` lists it (e.g. tron).
    #[arg(long)]
    pub network: String,
    /// One JSON object per line for every state change, nothing else on stdout.
    #[arg(long)]
    pub json: bool,
    /// Stop waiting after this many seconds (the sale stays open in the sales log).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Stop waiting after this many seconds (open sales stay open, and are reconciled next time).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// One JSON object per line for every change, nothing else on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SalesCommand {
    /// List sales, newest first.
    List {
        /// Only sales created on this day (YYYY-MM-DD, this computer's time zone).
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct SimulatorArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Pay every order automatically this many seconds after it is created (or at a random
    /// moment in a range, e.g. 5..20).
    #[arg(long, value_name = "SECS", value_parser = crate::commands::simulator::parse_auto_pay)]
    pub auto_pay: Option<(std::time::Duration, std::time::Duration)>,
    /// Inject faults into API requests, e.g.
    /// latency=50..300ms,5xx=0.05,reset-before=0.02,reset-after-commit=0.05,timeout=0.02,hang=30s,malformed=0.02,wrong-content-type=0.02,hostile-names=1
    #[arg(long, value_name = "SPEC")]
    pub faults: Option<stabletill_simulator::FaultConfig>,
    /// Run the gateway's own timings (each network's confirmation time, the close 2 min after
    /// expiry, the 418 cool-down) at this speed: 1 real time, 0.01 100× faster. Without it a
    /// payment confirms in 1 s, whatever the network.
    #[arg(long, value_name = "F", value_parser = crate::commands::simulator::parse_time_scale)]
    pub time_scale: Option<f64>,
    /// Requests per minute per merchant key before HTTP 429 (0: no limit) [default: 100].
    #[arg(long, value_name = "N")]
    pub rate_limit: Option<u32>,
    /// Append every API request to this file as one JSON line.
    #[arg(long, value_name = "FILE")]
    pub request_log: Option<PathBuf>,
}
