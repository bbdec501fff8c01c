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
    /// Read the sales log: list, daily close (Z-report), export.
    #[command(subcommand)]
    Sales(SalesCommand),
    /// Set the manager PIN the app asks for before its manager screens.
    #[command(subcommand)]
    Pin(PinCommand),
    /// Reconcile every sale that is not final with the gateway, and wait for the answers.
    Sync(SyncArgs),
    /// Run the built-in gateway simulator in the foreground (demo credentials).
    Simulator(SimulatorArgs),
    /// Print diagnostics for support: version, system, data directory, settings, whether the
    /// keyring and the gateway answer, the clock's offset, the last log lines. Never a secret.
    Doctor(DoctorArgs),
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Do not contact the gateway (no reachability or clock check).
    #[arg(long)]
    pub offline: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Set one setting: merchant-id ID | gateway production|sandbox|URL | shop-name NAME |
    /// order-lifetime 15m | requests-per-minute N | time-zone Europe/Berlin|system |
    /// day-cutoff HH:MM (when the business day starts, e.g. 04:00 for a bar open past midnight) |
    /// privacy-mode on|off (deposit addresses shortened in log lines and diagnostics).
    Set { key: String, value: String },
    /// Print the settings (never the secret).
    Show {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Read the API secret (BlockATM: the API key) from standard input (one line) into the OS keyring.
    Set,
    /// BlockATM: read the merchant's P-256 private key (PKCS#8 PEM) from standard input into the keyring.
    SetSigningKey,
    /// BlockATM: make a new P-256 key pair, keep the private key in the keyring, print only the
    /// public key (PEM) to register with BlockATM.
    NewSigningKey,
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
        /// Only sales created on this business day (YYYY-MM-DD; the time-zone and day-cutoff
        /// settings say when it starts and ends).
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write the sales of business days to a file: CSV (RFC 4180, UTF-8, the exact record) or
    /// XLSX (typed cells and a Totals sheet; Excel keeps numbers as doubles). The file is
    /// written atomically; prints how many sales were written.
    Export {
        /// The first business day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: String,
        /// The last business day, included (default: the same as --day).
        #[arg(long, value_name = "YYYY-MM-DD")]
        to: Option<String>,
        /// csv or xlsx.
        #[arg(long, value_name = "csv|xlsx")]
        format: String,
        /// The file to write (replaced if it exists).
        #[arg(long, value_name = "PATH")]
        out: PathBuf,
    },
    /// The daily close (Z-report) of one business day.
    #[command(after_help = REPORT_JSON_HELP)]
    Report {
        /// The business day (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD")]
        day: String,
        /// Print the report as one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// The shape of `sales report --json`, part of the command-line contract.
const REPORT_JSON_HELP: &str = "\
--json prints one object; amounts are decimal strings, times UTC (RFC 3339), keys camelCase:
  {\"day\": \"2026-11-21\", \"count\": 12, \"from\": \"…Z\", \"until\": \"…Z\",
   \"timeZone\": \"Europe/Berlin\", \"dayCutoff\": \"04:00\", \"shopName\": …, \"tillId\": …,
   \"currencies\": {\"USDT\": {\"count\": 10, \"paid\": \"123.45\",
       \"states\": {\"paid\"|\"failed\"|\"expired\"|\"cancelled\"|\"void\"|\"open\":
                   {\"count\": 9, \"orderAmount\": \"…\", \"cryptoDue\": \"…\", \"cryptoPaid\": \"…\"}},
       \"networks\": {\"tron\": {\"count\": …, \"paid\": \"…\", \"states\": {…}}}}},
   \"exceptions\": [{\"kind\": \"underpaid|overpaid|paid_late|paid_after_cancel|inconsistent_answer|void\",
       \"merchantOrderId\", \"state\", \"createdAt\", \"currency\", \"orderAmount\", \"cryptoCurrency\",
       \"cryptoDue\", \"cryptoPaid\", \"difference\", \"reason\", \"cashier\"}],
   \"firstSale\"/\"lastSale\": {\"merchantOrderId\", \"createdAt\"} or null,
   \"cashiers\": [{\"cashier\": name or null, \"count\", \"paidCount\", \"paid\": {\"USDT\": \"…\"}}],
   \"paidByHour\": [{\"start\", \"count\", \"paid\": {\"USDT\": \"…\"}}]}
\"paid\" is the order amounts of the sales in state paid: the takings.";

#[derive(Debug, Subcommand)]
pub enum PinCommand {
    /// Read a new manager PIN (4 to 12 digits) from standard input; stored only as an argon2id
    /// hash. The CLI itself never asks for the PIN: whoever can run it as this user can read and
    /// edit the till's data directly anyway. Its changes are recorded in the audit log as "cli".
    Set,
    /// Say whether a manager PIN is set and whether the manager screens are locked.
    Status,
}

#[derive(Debug, Args)]
pub struct SimulatorArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Which gateway to simulate: paystablecoin (first line {url, merchantId, secret}) or
    /// blockatm (first line {url, apiKey, privateKeyPem}).
    #[arg(long, value_name = "KIND", default_value = "paystablecoin", value_parser = ["paystablecoin", "blockatm"])]
    pub gateway_kind: String,
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
