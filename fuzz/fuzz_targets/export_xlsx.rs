//! The XLSX export of a sale whose text fields hold anything (control characters, 100 kB strings,
//! formula text): the workbook is always written. Slow (a zip per run), so time-boxed.

#![no_main]

#[path = "../common/sale.rs"]
mod sale;

use libfuzzer_sys::fuzz_target;
use sale::{period, with_sale, FuzzSale};

fuzz_target!(|input: FuzzSale| {
    with_sale(&input, |ledger, run, _| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = dir.path().join("sales.xlsx");
        let summary = ledger.export_xlsx(&period(run), &path).expect("a stored sale can be exported");
        assert_eq!(summary.rows, 1);
        assert!(path.metadata().map(|m| m.len() > 0).unwrap_or(false));
    })
});
