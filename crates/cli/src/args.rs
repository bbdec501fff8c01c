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
    /// Pay every order automatically this many seconds after it is created.
    #[arg(long, value_name = "SECS")]
    pub auto_pay: Option<f64>,
}
