//! A sale made of arbitrary text, written into an in-memory sales log: what the two export targets
//! share. Every text field a cashier, a wallet or the gateway can fill is fuzzed. One log serves
//! many runs (opening one costs more than the export): each run's sale gets its own second, and
//! the export covers that second only.

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

fn decimal((mantissa, scale): (i64, u8)) -> Decimal {
    Decimal::new(mantissa, u32::from(scale % 29))
}

/// Runs per sales log before a fresh one, so memory stays flat over millions of runs.
const RUNS_PER_LOG: u64 = 10_000;

thread_local! {
    static LOG: RefCell<Option<Ledger>> = const { RefCell::new(None) };
    static RUN: Cell<u64> = const { Cell::new(0) };
}

/// The second this run's sale is made in.
fn at(run: u64) -> Timestamp {
    let second = 1_795_000_000 + i64::try_from(run % RUNS_PER_LOG).unwrap_or(0);
    Timestamp::from_second(second).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// Just this run's second, in UTC.
pub fn period(run: u64) -> ExportPeriod {
    let from = at(run);
    ExportPeriod { from, until: from + jiff::SignedDuration::from_secs(1), zone: jiff::tz::TimeZone::UTC }
}

/// Runs `export` on the sales log holding this run's sale, with the run number and the sale as
/// stored; does nothing when the log refused the sale (a refusal is a message, which is fine:
/// only the export is under test).
pub fn with_sale(sale: &FuzzSale, export: impl FnOnce(&Ledger, u64, &SaleRecord)) {
    let run = RUN.with(|run| {
        run.set(run.get() + 1);
        run.get()
    });
    LOG.with(|log| {
        let mut log = log.borrow_mut();
        if run % RUNS_PER_LOG == 0 || log.is_none() {
            *log = Ledger::open_in_memory().ok();
        }
        let Some(ledger) = log.as_mut() else { return };
        if let Some(record) = insert(ledger, sale, run) {
            export(ledger, run, &record);
        }
    });
}

fn insert(ledger: &mut Ledger, sale: &FuzzSale, run: u64) -> Option<SaleRecord> {
    // Unique in the log whatever the fuzzer chose; the fuzzed text still starts the id.
    let merchant_order_id = format!("{}#{run}", sale.merchant_order_id);
    let at = at(run);
    let new = NewSale {
        merchant_order_id: merchant_order_id.clone(),
        gateway: "paystablecoin".to_owned(),
        order_amount: decimal(sale.order_amount),
        currency: sale.currency.clone(),
        network: sale.network.clone(),
        created_at: at,
        expires_at: None,
        cashier: sale.cashier.clone(),
    };
    let mut record = ledger.insert_sale(&new).ok()?;
    if let Some(details) = &sale.details {
        let order = OrderDetails {
            acquiring_order_id: details.acquiring_order_id.clone(),
            deposit_address: details.deposit_address.clone(),
            crypto_amount: decimal(details.crypto_amount),
            crypto_currency: details.crypto_currency.clone(),
            network_display_name: details.network_display_name.clone(),
            expires_at: at,
            payment_link: details.payment_link.clone(),
        };
        let update = StatusUpdate {
            state: if details.paid { SaleState::Paid } else { SaleState::Awaiting },
            raw_status: Some(details.raw_status.clone()),
            crypto_paid_amount: details.crypto_paid.map(decimal),
            at,
            source: "fuzz".to_owned(),
            note: None,
            exceptions: Vec::new(),
        };
        record = ledger.record_order(&merchant_order_id, &order, &update).ok()?;
    }
    Some(record)
}
