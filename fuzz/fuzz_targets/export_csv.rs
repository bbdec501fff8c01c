//! The CSV export of a sale whose text fields hold anything: it is written, it reads back as one
//! row of 16 cells, every text cell is what was stored (with a leading apostrophe where a
//! spreadsheet would run it as a formula), and every amount is the stored decimal digit for digit.

#![no_main]

#[path = "../common/sale.rs"]
mod sale;

use libfuzzer_sys::fuzz_target;
use sale::{period, with_sale, FuzzSale};
use stabletill_ledger::{Ledger, SaleRecord};

/// What a spreadsheet must not see at the start of a cell (formula starters, and the tab and
/// carriage return that can hide one).
const FORMULA_STARTERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn expected(text: &str) -> String {
    if text.starts_with(FORMULA_STARTERS) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fuzz_target!(|input: FuzzSale| with_sale(&input, check_export));

fn check_export(ledger: &Ledger, run: u64, stored: &SaleRecord) {
    let mut out = Vec::new();
    let summary = ledger.export_csv(&period(run), &mut out).expect("a stored sale can be exported");
    assert_eq!(summary.rows, 1);
    let mut reader = csv::ReaderBuilder::new().has_headers(true).from_reader(out.as_slice());
    let rows: Vec<csv::StringRecord> =
        reader.records().collect::<Result<_, _>>().expect("the CSV reads back");
    assert_eq!(rows.len(), 1, "{:?}", String::from_utf8_lossy(&out));
    let row = &rows[0];
    assert_eq!(row.len(), 16);
    let text = |value: Option<&str>| expected(value.unwrap_or_default());
    let amount = |value: Option<rust_decimal::Decimal>| value.map(|v| v.to_string()).unwrap_or_default();
    assert_eq!(row[1], text(Some(&stored.merchant_order_id)));
    assert_eq!(row[2], text(stored.acquiring_order_id.as_deref()));
    assert_eq!(row[6], text(stored.raw_status.as_deref()));
    assert_eq!(row[8], amount(Some(stored.order_amount)));
    assert_eq!(row[9], text(Some(&stored.currency)));
    assert_eq!(row[10], amount(stored.crypto_amount));
    assert_eq!(row[11], amount(stored.crypto_paid_amount));
    assert_eq!(row[12], text(stored.crypto_currency.as_deref()));
    assert_eq!(row[13], text(Some(&stored.network)));
    assert_eq!(row[14], text(stored.deposit_address.as_deref()));
    assert_eq!(row[15], text(stored.cashier.as_deref()));
    for cell in row.iter() {
        assert!(
            !cell.starts_with(FORMULA_STARTERS) || cell.parse::<rust_decimal::Decimal>().is_ok(),
            "{cell:?}"
        );
    }
}
