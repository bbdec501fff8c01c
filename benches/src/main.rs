//! `stabletill-bench`: StableTill's benchmark suite. Every measure is reported beside a baseline
//! measured in the same run, and judged by the ratio (or difference) between them: absolute
//! times drift from machine to machine and from hour to hour, ratios hold. See BENCHMARKS.md.
//!
//! `--smoke` runs every benchmark briefly, to check they still work (CI); without it, the full
//! run that BENCHMARKS.md records (`scripts/bench`).

mod app_launch;
mod big_ledger;
mod charge;
mod payment_seen;
mod procs;
mod stats;
mod table;
mod webdriver;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use clap::Parser;

use table::Row;

/// StableTill's benchmarks: ratios against baselines measured in the same run.
#[derive(Debug, Parser)]
#[command(name = "stabletill-bench")]
struct Args {
    /// A short run of every benchmark that only checks they still work.
    #[arg(long)]
    smoke: bool,
    /// Only these benchmarks (by number, e.g. `1,2,5`); 6 needs the big ledger of 5.
    #[arg(long, value_delimiter = ',')]
    only: Vec<u8>,
    /// #1: gateway time scale (default 1.0, real time; smoke 0.05).
    #[arg(long)]
    scale: Option<f64>,
    /// #1: sales per side (default 200; smoke 8).
    #[arg(long)]
    sales: Option<usize>,
    /// #1: tills in parallel, and as many baseline pollers (default 100; smoke 4).
    #[arg(long)]
    tills: Option<usize>,
    /// #2: charges measured (default 500; smoke 30).
    #[arg(long)]
    charges: Option<usize>,
    /// #5, #6: sales in the big sales log (default 1,000,000; smoke 20,000).
    #[arg(long)]
    ledger_sales: Option<u64>,
    /// The app binary (default: `stabletill-app` beside this program).
    #[arg(long)]
    app: Option<PathBuf>,
    /// The hello-world binary (default: `hello-tauri` beside this program).
    #[arg(long)]
    hello: Option<PathBuf>,
    /// Where the generated sales logs are kept (default: `target/bench-data`).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// Also write the results (table, notes, machine) as Markdown to this file.
    #[arg(long)]
    out: Option<PathBuf>,
}

impl Args {
    fn wants(&self, number: u8) -> bool {
        self.only.is_empty() || self.only.contains(&number)
    }

    fn pick<T>(&self, chosen: Option<T>, full: T, smoke: T) -> T {
        chosen.unwrap_or(if self.smoke { smoke } else { full })
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(8).enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("stabletill-bench: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("stabletill-bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Runs what was asked for; `Ok(false)` when a benchmark failed to run (not when a goal is missed).
async fn run(args: &Args) -> anyhow::Result<bool> {
    let started = Instant::now();
    let here = std::env::current_exe()?.parent().map(Path::to_path_buf).unwrap_or_default();
    let data_dir = args.data_dir.clone().unwrap_or_else(|| {
        here.parent().map_or_else(|| PathBuf::from("bench-data"), |target| target.join("bench-data"))
    });
    std::fs::create_dir_all(&data_dir)?;
    let work = tempfile::Builder::new().prefix("work-").tempdir_in(&data_dir)?;
    let machine = Machine::now();
    println!("{}", machine.describe());

    let mut results = Results::default();
    if args.wants(1) {
        let settings = payment_seen::Settings {
            scale: args.pick(args.scale, 1.0, 0.05),
            sales: args.pick(args.sales, 200, 8),
            tills: args.pick(args.tills, 100, 4),
        };
        eprintln!("#1 payment seen: {settings:?}");
        let dir = work.path().join("payment-seen");
        let begun = Instant::now();
        results.record("#1 payment seen", payment_seen::run(&settings, &dir).await, begun.elapsed());
    }
    if args.wants(2) {
        let charges = args.pick(args.charges, 500, 30);
        eprintln!("#2 charge to QR: {charges} charges");
        let begun = Instant::now();
        results.record("#2 charge to QR", charge::charge_to_qr(charges, work.path()).await, begun.elapsed());
    }
    let big = if args.wants(5) || args.wants(6) {
        let sales = args.pick(args.ledger_sales, 1_000_000, 20_000);
        let begun = Instant::now();
        let dir = data_dir.clone();
        let big = tokio::task::spawn_blocking(move || big_ledger::ensure(&dir, sales)).await?;
        results.timings.push(format!("big sales log ready: {:.0} s", begun.elapsed().as_secs_f64()));
        match big {
            Ok(big) => Some(big),
            Err(error) => {
                results.failures.push(format!("generating the big sales log: {error:#}"));
                None
            }
        }
    } else {
        None
    };
    if let (true, Some(big)) = (args.wants(5), &big) {
        let (day_runs, all_runs) = if args.smoke { (3, 1) } else { (20, 3) };
        eprintln!("#5 big ledger: {} sales", big.sales);
        let (big, dir) = (big.clone(), work.path().to_path_buf());
        let begun = Instant::now();
        let outcome =
            tokio::task::spawn_blocking(move || big_ledger::exports(&big, day_runs, all_runs, &dir)).await?;
        results.record("#5 big ledger", outcome, begun.elapsed());
    }
    if let (true, Some(big)) = (args.wants(6), &big) {
        let charges = args.pick(args.charges.map(|c| c.min(200)), 200, 20);
        eprintln!("#6 growth: {charges} charges on each log");
        let begun = Instant::now();
        results.record(
            "#6 charge growth",
            charge::charge_growth(charges, &big.path, work.path()).await,
            begun.elapsed(),
        );
    }
    if args.wants(3) || args.wants(4) || args.wants(6) {
        let settings = app_launch::Settings {
            app: args.app.clone().unwrap_or_else(|| here.join("stabletill-app")),
            hello: args.hello.clone().unwrap_or_else(|| here.join("hello-tauri")),
            memory_trials: if args.smoke { 1 } else { 3 },
            idle: Duration::from_secs(if args.smoke { 3 } else { 10 }),
            ready_trials: if args.smoke { 1 } else { 11 },
            big_ledger: big.as_ref().filter(|_| args.wants(6)).map(|big| big.path.clone()),
        };
        match app_launch::unavailable(&settings) {
            Some(reason) => {
                eprintln!("#3/#4/#6 app launches skipped: {reason}");
                results.notes.push(format!("#3, #4 and #6's start-up were not measured: {reason}"));
                if args.smoke {
                    results.failures.push(format!("app launches: {reason}"));
                }
            }
            None => {
                eprintln!("#3/#4/#6 app launches: {settings:?}");
                let begun = Instant::now();
                results.record(
                    "#3/#4/#6 app launches",
                    app_launch::run(&settings, work.path()).await,
                    begun.elapsed(),
                );
            }
        }
    }

    let machine = machine.finished();
    let report = format!(
        "{}\n\n{}\n{}\n\nDurations: {}; total {:.0} s.\n{}",
        machine.describe(),
        table::markdown(&results.rows),
        results.notes.iter().map(|note| format!("- {note}")).collect::<Vec<_>>().join("\n"),
        results.timings.join(", "),
        started.elapsed().as_secs_f64(),
        if results.failures.is_empty() {
            String::new()
        } else {
            format!("\nFAILED: {}\n", results.failures.join("; "))
        },
    );
    println!("\n{report}");
    if let Some(out) = &args.out {
        std::fs::write(out, &report)?;
        eprintln!("results written to {}", out.display());
    }
    if args.smoke {
        println!("{} passed, {} failed", results.rows.len(), results.failures.len());
    }
    Ok(results.failures.is_empty())
}

/// What the benchmarks produced so far.
#[derive(Debug, Default)]
struct Results {
    rows: Vec<Row>,
    notes: Vec<String>,
    failures: Vec<String>,
    timings: Vec<String>,
}

impl Results {
    fn record(&mut self, name: &str, outcome: anyhow::Result<(Vec<Row>, Vec<String>)>, took: Duration) {
        self.timings.push(format!("{name}: {:.0} s", took.as_secs_f64()));
        match outcome {
            Ok((rows, notes)) => {
                for row in &rows {
                    println!("  {} {}: {} vs {} → {}", row.id, row.what, row.value, row.baseline, row.ratio);
                }
                self.rows.extend(rows);
                self.notes.extend(notes);
            }
            Err(error) => {
                eprintln!("  {name} FAILED: {error:#}");
                self.failures.push(format!("{name}: {error:#}"));
            }
        }
    }
}

/// What the run ran on, and how busy the machine was before and after.
#[derive(Debug, Clone)]
struct Machine {
    cpu: String,
    cores: usize,
    memory: String,
    kernel: String,
    profile: &'static str,
    revision: String,
    load_before: String,
    load_after: Option<String>,
}

impl Machine {
    fn now() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| line.strip_prefix("model name").and_then(|rest| rest.split(':').nth(1)))
            .map(|name| name.trim().to_owned())
            .unwrap_or_else(|| "unknown CPU".into());
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        let memory = meminfo
            .lines()
            .find_map(|line| line.strip_prefix("MemTotal:"))
            .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or_else(|| "?".into(), |kib| format!("{:.0} GiB", kib as f64 / 1024.0 / 1024.0));
        Self {
            cpu,
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            memory,
            kernel: command_line("uname", &["-sr"]),
            profile: if cfg!(debug_assertions) { "debug" } else { "release" },
            revision: command_line("git", &["describe", "--always", "--dirty"]),
            load_before: load(),
            load_after: None,
        }
    }

    fn finished(mut self) -> Self {
        self.load_after = Some(load());
        self
    }

    fn describe(&self) -> String {
        format!(
            "Machine: {} × {} ({} cores available), {} RAM, {}; bench built {}; revision {}; load average (1/5/15 min) at start {}{}",
            self.cores,
            self.cpu,
            self.cores,
            self.memory,
            self.kernel,
            self.profile,
            self.revision,
            self.load_before,
            self.load_after.as_ref().map(|after| format!(", at end {after}")).unwrap_or_default()
        )
    }
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

fn command_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_else(|| "?".into())
}
