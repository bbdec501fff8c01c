//! The XLSX export of sales whose text fields hold anything (control characters, text longer than
//! a cell holds, formula text): the workbook is always written, with one row per sale. A workbook
//! costs far more than a row (a zip of a dozen XML parts), so the sales are exported in batches
//! of a hundred runs; when a batch fails, each of its sales is exported alone to name the culprit.
//! Amounts stay in a till's range, so a batch's totals always add up exactly.

#![no_main]

#[path = "../common/sale.rs"]
mod sale;

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use sale::{period_of, with_sale_batched, FuzzSale};
use stabletill_ledger::{ExportPeriod, Ledger, LedgerError, SaleRecord};

thread_local! {
    /// One folder for every workbook: made once, each export replaces the last.
    static DIR: tempfile::TempDir = tempfile::tempdir().expect("a temporary directory");
}

fuzz_target!(|input: FuzzSale| with_sale_batched(&input, check_batch));

fn check_batch(ledger: &Ledger, period: &ExportPeriod, sales: &[SaleRecord]) {
    DIR.with(|dir| {
        let path = dir.path().join("sales.xlsx");
        match export(ledger, period, &path) {
            Ok(rows) => assert_eq!(rows, sales.len() as u64, "every sale of the batch is a row"),
            Err(batch_error) => {
                let culprit = sales.iter().find_map(|sale| {
                    export(ledger, &period_of(sale), &path).err().map(|error| (sale, error))
                });
                panic!("the batch was not exported ({batch_error}); alone: {culprit:#?}");
            }
        }
    })
}

/// Rows written to a workbook that is really there.
fn export(ledger: &Ledger, period: &ExportPeriod, path: &Path) -> Result<u64, LedgerError> {
    let summary = ledger.export_xlsx(period, path)?;
    match path.metadata() {
        Ok(meta) if meta.len() > 0 => Ok(summary.rows),
        _ => Err(LedgerError::Export("the export said it wrote a workbook that is not there".to_owned())),
    }
}
