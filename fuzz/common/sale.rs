//! A sale made of arbitrary text, written into an in-memory sales log: what the two export targets
//! share. Every text field a cashier, a wallet or the gateway can fill is fuzzed, and one of them
//! can be stretched past what a spreadsheet cell holds. One log serves many runs (opening one
//! costs more than the export): each run's sale gets its own second, so an export can cover one
//! run's sale or the last batch of them.

// Each target uses its own part of this module.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};

use jiff::Timestamp;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use rust_decimal::Decimal;
use stabletill_ledger::{ExportPeriod, Ledger, NewSale, OrderDetails, SaleRecord, SaleState, StatusUpdate};

#[derive(Debug, Arbitrary)]
pub struct FuzzSale {
    pub merchant_order_id: String,
    pub currency: String,
    pub network: String,
    pub cashier: Option<String>,
    pub order_amount: (i64, u8),
    pub details: Option<FuzzDetails>,
    /// Repeats one text field (which, how many times): libFuzzer's inputs are a few kB, and text
    /// from a gateway or a cashier can be far longer.
    pub stretch: Option<(u8, u16)>,
}

#[derive(Debug, Arbitrary)]
pub struct FuzzDetails {
    pub acquiring_order_id: Option<String>,
    pub deposit_address: String,
    pub crypto_currency: String,
    pub network_display_name: String,
    pub payment_link: Option<String>,
    pub crypto_amount: (i64, u8),
    pub raw_status: String,
    pub crypto_paid: Option<(i64, u8)>,
    pub paid: bool,
}

/// Which amounts a sale gets.
#[derive(Clone, Copy)]
enum Amounts {
    /// Any decimal at all: one sale's export must take it.
    Any,
    /// Below 10,000,000 with at most 18 decimals (a till's amounts and a token's decimals): a
    /// hundred of them add up exactly, so a batch's totals never need rounding (which the log
    /// refuses, and which would hide the export under test).
    TillRange,
}

fn decimal(amounts: Amounts, (mantissa, scale): (i64, u8)) -> Decimal {
    match amounts {
        Amounts::Any => Decimal::new(mantissa, u32::from(scale % 29)),
        Amounts::TillRange => {
            let scale = u32::from(scale % 19);
            let below = 10_i128.pow(7 + scale);
            Decimal::from_i128_with_scale(i128::from(mantissa) % below, scale)
        }
    }
}

/// The longest a stretched field gets, in bytes: past a cell's 32,767 characters, and no
/// longer, so that a run stays quick enough for millions of them.
const STRETCHED_BYTES: usize = 40_000;

/// Runs per sales log before a fresh one, so memory stays flat over millions of runs.
const RUNS_PER_LOG: u64 = 2_000;

/// Runs whose sales one batched export covers (a divisor of `RUNS_PER_LOG`).
const RUNS_PER_BATCH: u64 = 100;

thread_local! {
    static LOG: RefCell<Option<Ledger>> = const { RefCell::new(None) };
    static RUN: Cell<u64> = const { Cell::new(0) };
    static BATCH: RefCell<Vec<SaleRecord>> = const { RefCell::new(Vec::new()) };
}

/// The second this run's sale is made in (runs count from 1).
fn at(run: u64) -> Timestamp {
    let second = 1_795_000_000 + i64::try_from((run - 1) % RUNS_PER_LOG).unwrap_or(0);
    Timestamp::from_second(second).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// From `from` until one second after `until`, in UTC.
fn seconds(from: Timestamp, until: Timestamp) -> ExportPeriod {
    ExportPeriod { from, until: until + jiff::SignedDuration::from_secs(1), zone: jiff::tz::TimeZone::UTC }
}

/// Just this run's second.
pub fn period(run: u64) -> ExportPeriod {
    seconds(at(run), at(run))
}

/// The second a stored sale was made in: to export it alone.
pub fn period_of(sale: &SaleRecord) -> ExportPeriod {
    seconds(sale.created_at, sale.created_at)
}

/// The next run's number, from 1.
fn next_run() -> u64 {
    RUN.with(|run| {
        run.set(run.get() + 1);
        run.get()
    })
}

/// Runs `f` on the sales log for `run` with this run's sale stored in it (or None when the log
/// refused the sale: a refusal is a message, which is fine, only the export is under test).
fn store<T>(
    sale: &FuzzSale,
    amounts: Amounts,
    run: u64,
    f: impl FnOnce(&Ledger, Option<SaleRecord>) -> T,
) -> Option<T> {
    LOG.with(|log| {
        let mut log = log.borrow_mut();
        if run % RUNS_PER_LOG == 1 || log.is_none() {
            *log = Ledger::open_in_memory().ok();
        }
        let ledger = log.as_mut()?;
        let record = insert(ledger, sale, amounts, run);
        Some(f(ledger, record))
    })
}

/// Runs `export` on the sales log holding this run's sale, with the run number and the sale as
/// stored; does nothing when the log refused the sale (a refusal is a message, which is fine:
/// only the export is under test).
pub fn with_sale(sale: &FuzzSale, export: impl FnOnce(&Ledger, u64, &SaleRecord)) {
    let run = next_run();
    store(sale, Amounts::Any, run, |ledger, record| {
        if let Some(record) = record {
            export(ledger, run, &record);
        }
    });
}

/// Stores this run's sale (with amounts in a till's range), and every [`RUNS_PER_BATCH`] runs
/// calls `export` once with the period of the batch's runs and the sales the log took from them:
/// for an export whose fixed cost (a whole workbook) dwarfs a row. Every sale is still exported,
/// in its batch.
pub fn with_sale_batched(sale: &FuzzSale, export: impl FnOnce(&Ledger, &ExportPeriod, &[SaleRecord])) {
    let run = next_run();
    store(sale, Amounts::TillRange, run, |ledger, record| {
        BATCH.with(|batch| {
            let mut batch = batch.borrow_mut();
            batch.extend(record);
            if run % RUNS_PER_BATCH == 0 {
                export(ledger, &seconds(at(run + 1 - RUNS_PER_BATCH), at(run)), &batch);
                batch.clear();
            }
        })
    });
}

/// `text` repeated `times` times, at most [`STRETCHED_BYTES`] long.
fn stretched(text: &str, times: u16) -> String {
    let times = usize::from(times).min(STRETCHED_BYTES / text.len().max(1));
    text.repeat(times)
}

fn insert(ledger: &mut Ledger, sale: &FuzzSale, amounts: Amounts, run: u64) -> Option<SaleRecord> {
    let mut sale_text =
        [sale.merchant_order_id.clone(), sale.network.clone(), sale.cashier.clone().unwrap_or_default()];
    if let Some((field, times)) = sale.stretch {
        let field = &mut sale_text[usize::from(field) % sale_text.len()];
        *field = stretched(field, times);
    }
    let [merchant_order_id, network, cashier] = sale_text;
    // Unique in the log whatever the fuzzer chose; the fuzzed text still starts the id.
    let merchant_order_id = format!("{merchant_order_id}#{run}");
    let at = at(run);
    let new = NewSale {
        merchant_order_id: merchant_order_id.clone(),
        gateway: "paystablecoin".to_owned(),
        order_amount: decimal(amounts, sale.order_amount),
        currency: sale.currency.clone(),
        network,
        created_at: at,
        expires_at: None,
        cashier: sale.cashier.as_ref().map(|_| cashier),
    };
    let mut record = ledger.insert_sale(&new).ok()?;
    if let Some(details) = &sale.details {
        let order = OrderDetails {
            acquiring_order_id: details.acquiring_order_id.clone(),
            deposit_address: details.deposit_address.clone(),
            crypto_amount: decimal(amounts, details.crypto_amount),
            crypto_currency: details.crypto_currency.clone(),
            network_display_name: details.network_display_name.clone(),
            expires_at: at,
            payment_link: details.payment_link.clone(),
        };
        let update = StatusUpdate {
            state: if details.paid { SaleState::Paid } else { SaleState::Awaiting },
            raw_status: Some(details.raw_status.clone()),
            crypto_paid_amount: details.crypto_paid.map(|paid| decimal(amounts, paid)),
            at,
            source: "fuzz".to_owned(),
            note: None,
            exceptions: Vec::new(),
        };
        record = ledger.record_order(&merchant_order_id, &order, &update).ok()?;
    }
    Some(record)
}
