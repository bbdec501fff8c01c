//! Micro-benchmarks of the sales log's writes, tracked for regressions (BENCHMARKS.md #7):
//! committing a new sale and recording a status change, in memory (the CPU cost) and in a real
//! file with WAL and synchronous=FULL (what a till pays, mostly the disk's flush).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use jiff::Timestamp;
use rust_decimal::Decimal;
use stabletill_ledger::{Ledger, NewSale, SaleState, StatusUpdate};

fn new_sale(number: u64) -> NewSale {
    NewSale {
        merchant_order_id: format!("ST-BENCH-{number:012}"),
        gateway: "paystablecoin".to_owned(),
        order_amount: Decimal::new(1250, 2),
        currency: "USDT".to_owned(),
        network: "tron".to_owned(),
        created_at: Timestamp::now(),
        expires_at: None,
        cashier: None,
    }
}

fn processing() -> StatusUpdate {
    StatusUpdate {
        state: SaleState::Processing,
        raw_status: Some("PROCESSING".to_owned()),
        crypto_paid_amount: None,
        at: Timestamp::now(),
        source: "poll".to_owned(),
        note: None,
        exceptions: Vec::new(),
    }
}

/// `iters` new sales, timing only the inserts.
fn time_inserts(ledger: &mut Ledger, next: &mut u64, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        *next += 1;
        let sale = new_sale(*next);
        let started = Instant::now();
        ledger.insert_sale(&sale).unwrap();
        total += started.elapsed();
    }
    total
}

/// `iters` status changes, each on a sale inserted beforehand (untimed).
fn time_updates(ledger: &mut Ledger, next: &mut u64, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        *next += 1;
        let sale = new_sale(*next);
        ledger.insert_sale(&sale).unwrap();
        let update = processing();
        let started = Instant::now();
        let changed = ledger.record_status(&sale.merchant_order_id, &update).unwrap();
        total += started.elapsed();
        assert!(changed.is_some());
    }
    total
}

fn in_memory(c: &mut Criterion) {
    let mut group = c.benchmark_group("ledger in memory");
    let (mut ledger, mut next) = (Ledger::open_in_memory().unwrap(), 0);
    group.bench_function("insert_sale", |b| {
        b.iter_custom(|iters| time_inserts(&mut ledger, &mut next, iters))
    });
    group.bench_function("record_status", |b| {
        b.iter_custom(|iters| time_updates(&mut ledger, &mut next, iters))
    });
    group.finish();
}

fn in_a_file(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, mut next) = (Ledger::open(&dir.path().join("sales.sqlite3")).unwrap(), 0);
    let mut group = c.benchmark_group("ledger file (WAL, synchronous=FULL)");
    group.sample_size(20).measurement_time(Duration::from_secs(4));
    group.bench_function("insert_sale", |b| {
        b.iter_custom(|iters| time_inserts(&mut ledger, &mut next, iters))
    });
    group.bench_function("record_status", |b| {
        b.iter_custom(|iters| time_updates(&mut ledger, &mut next, iters))
    });
    group.finish();
}

criterion_group!(benches, in_memory, in_a_file);
criterion_main!(benches);
