//! A big sales log, generated once and kept (`target/bench-data/`): `sales` sales over three
//! years, in the ledger's own schema, every sale final with the three events a real one has
//! (creating, awaiting, final). And #5: exporting one busy day and everything to CSV with the
//! ledger's exporter, against `sqlite3 -csv` on the same table.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context};
use jiff::civil::{date, Date};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use stabletill_ledger::{ExportPeriod, Ledger};

use crate::stats::{ms, ratio, Sample};
use crate::table::Row;

/// Bump when the generated data changes, so a kept file from an older generator is not reused.
const GENERATOR_VERSION: u32 = 1;
const FIRST_DAY: Date = date(2023, 5, 1);
const DAYS: i64 = 1096;
/// The shop's zone: exports write local times, and Berlin has clock changes to get right.
pub const SHOP_ZONE: &str = "Europe/Berlin";
const GOAL_DAY: Duration = Duration::from_millis(50);
const GOAL_ALL_RATIO: f64 = 1.5;

/// A generated sales log and the busy day chosen in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BigLedger {
    pub path: PathBuf,
    pub sales: u64,
    pub busy_day: Date,
    pub busy_day_sales: u64,
    pub bytes: u64,
}

impl BigLedger {
    pub fn zone() -> TimeZone {
        TimeZone::get(SHOP_ZONE).unwrap_or(TimeZone::UTC)
    }

    /// `[from, until)` of the busy day in the shop's zone.
    pub fn busy_day_bounds(&self) -> anyhow::Result<(Timestamp, Timestamp)> {
        let zone = Self::zone();
        let from = self.busy_day.to_zoned(zone.clone())?.timestamp();
        let until = self.busy_day.tomorrow()?.to_zoned(zone)?.timestamp();
        Ok((from, until))
    }
}

/// The kept log of `sales` sales in `dir`, generated first if it is not there.
pub fn ensure(dir: &Path, sales: u64) -> anyhow::Result<BigLedger> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("sales-{sales}-v{GENERATOR_VERSION}.sqlite3"));
    let facts = path.with_extension("json");
    if path.exists() {
        if let Ok(text) = std::fs::read_to_string(&facts) {
            if let Ok(known) = serde_json::from_str::<BigLedger>(&text) {
                if known.path == path && known.bytes == std::fs::metadata(&path)?.len() {
                    return Ok(known);
                }
            }
        }
    }
    let started = Instant::now();
    eprintln!("  generating a sales log of {sales} sales in {} …", path.display());
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(path.with_extension("sqlite3-wal"));
    let _ = std::fs::remove_file(path.with_extension("sqlite3-shm"));
    let (busy_day, busy_day_sales) = generate(&path, sales)?;
    let bytes = std::fs::metadata(&path)?.len();
    let generated = BigLedger { path: path.clone(), sales, busy_day, busy_day_sales, bytes };
    std::fs::write(&facts, serde_json::to_string_pretty(&generated)?)?;
    eprintln!(
        "  generated in {:.0} s: {} MB, busy day {busy_day} with {busy_day_sales} sales",
        started.elapsed().as_secs_f64(),
        bytes / 1_000_000
    );
    Ok(generated)
}

/// How many sales each day gets: a weekly rhythm, a shop that grows, some noise; exactly `sales`.
fn daily_counts(sales: u64, rng: &mut StdRng) -> Vec<u64> {
    const WEEK: [f64; 7] = [0.85, 0.90, 0.95, 1.0, 1.15, 1.25, 0.90];
    let weights: Vec<f64> = (0..DAYS)
        .map(|day| {
            let growth = 0.8 + 0.4 * day as f64 / DAYS as f64;
            WEEK[(day % 7) as usize] * growth * rng.random_range(0.9..1.1)
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut counts: Vec<u64> = weights.iter().map(|w| (w / total * sales as f64).floor() as u64).collect();
    let mut missing = sales - counts.iter().sum::<u64>();
    let (mut day, days) = (0, counts.len());
    while missing > 0 {
        counts[day % days] += 1;
        missing -= 1;
        day += 7;
    }
    counts
}

/// Writes the log: schema from `Ledger::open`, rows in one transaction through a plain
/// connection (a durable commit per sale would take hours). Returns the busy day.
fn generate(path: &Path, sales: u64) -> anyhow::Result<(Date, u64)> {
    drop(Ledger::open(path)?);
    let mut conn = Connection::open(path)?;
    conn.pragma_update(None, "synchronous", "OFF")?;
    let mut rng = StdRng::seed_from_u64(20_230_501);
    let counts = daily_counts(sales, &mut rng);
    let zone = BigLedger::zone();
    let tx = conn.transaction()?;
    {
        let mut insert_sale = tx.prepare(
            "INSERT INTO sales (merchant_order_id, gateway, order_amount, currency, network, state,
                raw_status, acquiring_order_id, deposit_address, crypto_amount, crypto_currency,
                network_display_name, crypto_paid_amount, expires_at, created_at, updated_at,
                finished_at, exceptions, reason, cashier, payment_link)
             VALUES (?1, 'paystablecoin', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
                ?15, ?15, ?16, ?17, ?18, NULL)",
        )?;
        let mut insert_event = tx.prepare(
            "INSERT INTO sale_events (sale_id, at, from_state, to_state, raw_status, source, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut number: u64 = 0;
        for (day_index, count) in counts.iter().enumerate() {
            let day = FIRST_DAY.checked_add(jiff::Span::new().days(day_index as i64))?;
            // Open 08:00–20:00 local time; sales spread over the day in order.
            let opens = day.at(8, 0, 0, 0).to_zoned(zone.clone())?.timestamp().as_millisecond();
            let mut moments: Vec<i64> =
                (0..*count).map(|_| opens + rng.random_range(0..12 * 3_600_000)).collect();
            moments.sort_unstable();
            for created in moments {
                number += 1;
                let sale = GeneratedSale::new(number, created, &mut rng);
                insert_sale.execute(params![
                    sale.merchant_order_id,
                    sale.amount,
                    sale.currency,
                    sale.network,
                    sale.state,
                    sale.raw_status,
                    sale.acquiring_order_id,
                    sale.deposit_address,
                    sale.crypto_amount,
                    sale.currency,
                    sale.network_display_name,
                    sale.crypto_paid,
                    created + 15 * 60_000,
                    created,
                    sale.finished,
                    sale.exceptions,
                    sale.reason,
                    sale.cashier,
                ])?;
                let id = tx.last_insert_rowid();
                insert_event.execute(params![
                    id,
                    created,
                    None::<&str>,
                    "creating",
                    None::<&str>,
                    "till",
                    None::<&str>
                ])?;
                insert_event.execute(params![
                    id,
                    created + 180,
                    "creating",
                    "awaiting",
                    "PENDING",
                    "create",
                    None::<&str>
                ])?;
                insert_event.execute(params![
                    id,
                    sale.finished,
                    "awaiting",
                    sale.state,
                    sale.raw_status,
                    if sale.state == "void" { "till" } else { "poll" },
                    sale.reason
                ])?;
            }
        }
    }
    tx.commit()?;
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    drop(conn);
    // The busy day: the one whose count is closest to 1,000 (the "≈ 1,000 sales").
    let (index, count) = counts
        .iter()
        .enumerate()
        .min_by_key(|(_, count)| count.abs_diff(1_000))
        .map(|(index, count)| (index, *count))
        .context("no days")?;
    Ok((FIRST_DAY.checked_add(jiff::Span::new().days(index as i64))?, count))
}

/// One generated sale: final, as sales older than today are.
struct GeneratedSale {
    merchant_order_id: String,
    amount: String,
    currency: &'static str,
    network: &'static str,
    network_display_name: &'static str,
    state: &'static str,
    raw_status: Option<&'static str>,
    acquiring_order_id: Option<String>,
    deposit_address: Option<String>,
    crypto_amount: Option<String>,
    crypto_paid: Option<String>,
    finished: i64,
    exceptions: &'static str,
    reason: Option<&'static str>,
    cashier: Option<&'static str>,
}

impl GeneratedSale {
    fn new(number: u64, created: i64, rng: &mut StdRng) -> Self {
        const TILLS: [&str; 3] = ["K7Q2XZ", "M4R8TW", "B2N6PD"];
        const CASHIERS: [Option<&str>; 4] = [Some("Ana"), Some("Ben"), Some("Chloé"), None];
        let (network, network_display_name, fee) = match rng.random_range(0..100) {
            0..50 => ("tron", "TRON Network", 50),
            50..80 => ("bsc", "BNB Smart Chain", 10),
            _ => ("ethereum", "Ethereum", 150),
        };
        let currency = if rng.random_bool(0.7) { "USDT" } else { "USDC" };
        let cents: i64 = rng.random_range(100..30_000);
        let due = cents + fee;
        let (state, raw_status) = match rng.random_range(0..100) {
            0..86 => ("paid", Some("SUCCEEDED")),
            86..96 => ("expired", Some("CLOSED")),
            96..98 => ("failed", Some("FAILED")),
            _ => ("void", None),
        };
        let created_ok = state != "void";
        let address = if network == "tron" {
            const BASE58: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
            let tail: String = (0..33).map(|_| BASE58[rng.random_range(0..BASE58.len())] as char).collect();
            format!("T{tail}")
        } else {
            format!("0x{:016x}{:016x}{:08x}", rng.random::<u64>(), rng.random::<u64>(), rng.random::<u32>())
        };
        let underpaid = state == "paid" && rng.random_bool(0.005);
        let paid = if underpaid { due - 100 } else { due };
        GeneratedSale {
            merchant_order_id: format!("ST-{}-{:013X}{:013X}", TILLS[(number % 3) as usize], created, number),
            amount: cents_text(cents),
            currency,
            network,
            network_display_name,
            state,
            raw_status,
            acquiring_order_id: created_ok.then(|| format!("ORD_{:016X}", rng.random::<u64>())),
            deposit_address: created_ok.then_some(address),
            crypto_amount: created_ok.then(|| cents_text(due)),
            crypto_paid: (state == "paid").then(|| cents_text(paid)),
            finished: created
                + match state {
                    "expired" => 15 * 60_000 + 120_000,
                    "void" => 200,
                    _ => rng.random_range(30_000..400_000),
                },
            exceptions: if underpaid { "underpaid" } else { "" },
            reason: (state == "void").then_some("the gateway refused the order"),
            cashier: CASHIERS[rng.random_range(0..CASHIERS.len())],
        }
    }
}

fn cents_text(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// The ledger's CSV export of `[from, until)` into `out`; returns the time and the rows.
fn ledger_export(
    ledger: &Ledger,
    from: Timestamp,
    until: Timestamp,
    out: &Path,
) -> anyhow::Result<(Duration, u64)> {
    let period = ExportPeriod { from, until, zone: BigLedger::zone() };
    let started = Instant::now();
    let summary = ledger.export_csv(&period, BufWriter::new(File::create(out)?))?;
    Ok((started.elapsed(), summary.rows))
}

/// `sqlite3 -csv` of the same rows of the same table into `out`, process start included.
fn sqlite3_export(path: &Path, from: Timestamp, until: Timestamp, out: &Path) -> anyhow::Result<Duration> {
    let sql = format!(
        "SELECT * FROM sales WHERE created_at >= {} AND created_at < {} ORDER BY created_at, id;",
        from.as_millisecond(),
        until.as_millisecond()
    );
    let started = Instant::now();
    let status = Command::new("sqlite3")
        .arg("-csv")
        .arg("-readonly")
        .arg(path)
        .arg(&sql)
        .stdin(Stdio::null())
        .stdout(File::create(out)?)
        .status()
        .context("sqlite3 (apt-get install sqlite3)")?;
    let elapsed = started.elapsed();
    if !status.success() {
        bail!("sqlite3 failed: {status}");
    }
    Ok(elapsed)
}

/// #5: one busy day `day_runs` times and everything `all_runs` times, each side alternating.
pub fn exports(
    big: &BigLedger,
    day_runs: usize,
    all_runs: usize,
    work: &Path,
) -> anyhow::Result<(Vec<Row>, Vec<String>)> {
    let (checks, check_rows) = open_checks(big)?;
    let ledger = Ledger::open(&big.path)?;
    let (day_from, day_until) = big.busy_day_bounds()?;
    let out = work.join("export.csv");
    let sqlite_out = work.join("sqlite3.csv");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut day_rows = 0;
    for _ in 0..day_runs {
        let (elapsed, rows) = ledger_export(&ledger, day_from, day_until, &out)?;
        ours.push(elapsed);
        day_rows = rows;
        theirs.push(sqlite3_export(&big.path, day_from, day_until, &sqlite_out)?);
    }
    let lines = std::fs::read_to_string(&sqlite_out)?.lines().count() as u64;
    ensure!(lines == day_rows, "sqlite3 wrote {lines} rows, the ledger {day_rows}");
    let (day_ours, day_theirs) = (Sample::new(ours), Sample::new(theirs));

    let (everything_from, everything_until) = (Timestamp::MIN, Timestamp::MAX);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    let mut all_rows = 0;
    let mut sizes = (0, 0);
    for _ in 0..all_runs {
        let (elapsed, rows) = ledger_export(&ledger, everything_from, everything_until, &out)?;
        ours.push(elapsed);
        all_rows = rows;
        theirs.push(sqlite3_export(&big.path, everything_from, everything_until, &sqlite_out)?);
        sizes = (std::fs::metadata(&out)?.len(), std::fs::metadata(&sqlite_out)?.len());
    }
    ensure!(all_rows == big.sales, "exported {all_rows} of {} sales", big.sales);
    let (all_ours, all_theirs) = (Sample::new(ours), Sample::new(theirs));
    let all_ratio = ratio(all_ours.p50().as_secs_f64(), all_theirs.p50().as_secs_f64());
    let notes = vec![checks, format!(
        "#5: {} sales ({} MB), busy day {} with {day_rows} sales; day export p50/p95 {}/{} ({day_runs} runs); \
         everything p50 {} vs sqlite3 {} ({all_runs} runs; {} MB of CSV vs sqlite3's {} MB)",
        big.sales,
        big.bytes / 1_000_000,
        big.busy_day,
        ms(day_ours.p50()),
        ms(day_ours.p95()),
        ms(all_ours.p50()),
        ms(all_theirs.p50()),
        sizes.0 / 1_000_000,
        sizes.1 / 1_000_000,
    )];
    let rows = vec![
        Row::new("5", format!("export one busy day ({day_rows} sales) to CSV, p95"))
            .value(ms(day_ours.p95()))
            .baseline(format!("{} (sqlite3 -csv)", ms(day_theirs.p95())))
            .ratio(ratio(day_ours.p95().as_secs_f64(), day_theirs.p95().as_secs_f64()))
            .goal("≤ 50 ms", Some(day_ours.p95() <= GOAL_DAY)),
        Row::new("5", format!("export everything ({all_rows} sales) to CSV, p50"))
            .value(ms(all_ours.p50()))
            .baseline(format!("{} (sqlite3 -csv)", ms(all_theirs.p50())))
            .ratio(all_ratio)
            .goal("≤ 1.5× sqlite3", all_ratio.map(|r| r <= GOAL_ALL_RATIO)),
    ];
    Ok((rows.into_iter().chain(check_rows).collect(), notes))
}

/// What opening the big log costs on the start-up path. A log the last run closed cleanly opens
/// at once and is checked in the background (`Ledger::open`, then `wait_for_integrity_check`
/// for the check's own time); after a crash (a `-wal` file left behind) the full
/// `integrity_check` runs before the open returns. Baseline: `PRAGMA integrity_check` alone
/// through the ledger's own SQLite build on a read-write connection as `Ledger::open` makes (a
/// read-only one skips the index cross-checks that cost most), the file in the page cache.
fn open_checks(big: &BigLedger) -> anyhow::Result<(String, Vec<Row>)> {
    let timed = |pragma: &str| -> anyhow::Result<Duration> {
        let conn = Connection::open(&big.path)?;
        let started = Instant::now();
        let answer: String = conn.query_row(&format!("PRAGMA {pragma}"), [], |row| row.get(0))?;
        ensure!(answer == "ok", "{pragma}: {answer}");
        Ok(started.elapsed())
    };
    // Once untimed, so every measure below finds the file in the page cache.
    timed("quick_check")?;
    let started = Instant::now();
    let ledger = Ledger::open(&big.path)?;
    let clean_open = started.elapsed();
    ledger.check_integrity_in_background();
    ledger.wait_for_integrity_check()?;
    let background = started.elapsed();
    drop(ledger);
    let mut wal = big.path.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::write(&wal, b"frames a crash left behind")?;
    let started = Instant::now();
    drop(Ledger::open(&big.path)?);
    let after_crash = started.elapsed();
    let integrity = timed("integrity_check")?;
    let note = format!(
        "#6: opening the {}-sale log: closed cleanly, Ledger::open {} (its check finished in the background {} after the open began); after a crash {}; PRAGMA integrity_check alone {}",
        big.sales,
        ms(clean_open),
        ms(background),
        ms(after_crash),
        ms(integrity),
    );
    let row = Row::new("6", "sales log open with 1M sales, closed cleanly (check in the background)")
        .value(ms(clean_open))
        .baseline(format!("{} (integrity_check alone)", ms(integrity)))
        .ratio(ratio(clean_open.as_secs_f64(), integrity.as_secs_f64()))
        .goal("tracked (start-up path)", None);
    Ok((note, vec![row]))
}
