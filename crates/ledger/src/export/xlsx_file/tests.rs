//! The workbook read back with calamine, as a spreadsheet would read it: numbers are numbers,
//! times are dates, and the Totals sheet adds up what the Sales sheet holds.

use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use jiff::civil::DateTime;

use super::*;
use crate::test_support::{at, dec, new_sale_at, order_details, update};
use crate::SaleState;

fn period() -> ExportPeriod {
    ExportPeriod { from: at(0), until: at(3600), zone: TimeZone::get("Europe/Berlin").unwrap() }
}

fn ledger_with_sales() -> Ledger {
    let mut ledger = Ledger::open_in_memory().unwrap();
    for (index, (amount, due, paid, currency)) in [
        ("12.50", "12.500000", Some("12.500000"), "USDT"),
        ("0.10", "0.10", Some("0.10"), "USDT"),
        ("7", "7.000000000000000001", None, "USDC"),
    ]
    .into_iter()
    .enumerate()
    {
        let id = format!("ST-xlsx-{index}");
        let mut sale = new_sale_at(&id, 60 * (i64::try_from(index).unwrap() + 1));
        sale.order_amount = dec(amount);
        sale.currency = currency.to_owned();
        sale.cashier = Some("=Anna".to_owned());
        ledger.insert_sale(&sale).unwrap();
        let mut details = order_details();
        details.crypto_amount = dec(due);
        details.crypto_currency = currency.to_owned();
        let state = if paid.is_some() { SaleState::Paid } else { SaleState::Expired };
        let mut status = update(state, Some("X"), 600);
        status.crypto_paid_amount = paid.map(dec);
        ledger.record_order(&id, &details, &status).unwrap();
    }
    ledger
}

/// Excel's serial number of a local wall-clock time: days since 1899-12-30, time as a fraction.
fn serial(local: &str) -> f64 {
    let local: DateTime = local.parse().unwrap();
    let epoch: DateTime = "1899-12-30T00:00:00".parse().unwrap();
    local.duration_since(epoch).as_secs_f64() / 86_400.0
}

#[test]
fn sales_are_typed_cells_and_totals_have_their_own_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sales.xlsx");
    let summary = ledger_with_sales().export_xlsx(&period(), &path).unwrap();
    assert_eq!(summary.rows, 3);
    assert_eq!(summary.totals["USDT"].paid.to_string(), "12.60");

    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["Sales", "Totals"]);
    let sales = workbook.worksheet_range("Sales").unwrap();
    assert_eq!(sales.height(), 4, "header and three sales");
    let header: Vec<String> = sales.rows().next().unwrap().iter().map(|cell| cell.to_string()).collect();
    assert_eq!(header[0], "localId");
    assert_eq!(header[3], "created (Europe/Berlin)");
    assert_eq!(header[15], "cashier");

    let first = sales.rows().nth(1).unwrap();
    assert_eq!(first[0], Data::Float(1.0));
    assert_eq!(first[1], Data::String("ST-xlsx-0".into()));
    assert_eq!(first[8], Data::Float(12.5));
    assert_eq!(first[10], Data::Float(12.5));
    assert_eq!(first[11], Data::Float(12.5));
    assert_eq!(first[15], Data::String("=Anna".into()), "a string cell, never a formula");
    match &first[3] {
        Data::DateTime(created) => {
            assert!(created.is_datetime());
            // 12:01 UTC is 14:01 in Berlin in June.
            assert!((created.as_f64() - serial("2025-06-01T14:01:00")).abs() < 1e-9, "{}", created.as_f64());
        }
        other => panic!("created is not a date cell: {other:?}"),
    }
    assert!(matches!(first[4], Data::DateTime(_)), "finished is a date cell");

    let third = sales.rows().nth(3).unwrap();
    assert_eq!(third[8], Data::Float(7.0));
    // 18 decimals do not fit a double: the workbook shows the nearest one, the CSV is exact.
    assert_eq!(third[10], Data::Float(7.0));
    assert_eq!(third[11], Data::Empty, "nothing paid");

    let totals = workbook.worksheet_range("Totals").unwrap();
    let lines: Vec<(String, String, String, f64, f64)> = totals
        .rows()
        .skip(1)
        .take_while(|row| !row[1].is_empty())
        .map(|row| {
            let number = |cell: &Data| match cell {
                Data::Float(value) => *value,
                other => panic!("not a number: {other:?}"),
            };
            (row[0].to_string(), row[1].to_string(), row[2].to_string(), number(&row[3]), number(&row[4]))
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("USDC".into(), "all".into(), "expired".into(), 1.0, 7.0),
            ("USDC".into(), "tron".into(), "expired".into(), 1.0, 7.0),
            ("USDT".into(), "all".into(), "paid".into(), 2.0, 12.6),
            ("USDT".into(), "tron".into(), "paid".into(), 2.0, 12.6),
        ]
    );
    let note = totals.rows().map(|row| row[0].to_string()).find(|text| text.contains("doubles"));
    assert!(note.is_some(), "the Totals sheet says the workbook is not the exact record");
}

#[test]
fn a_full_sheet_continues_on_the_next_and_an_empty_period_still_has_a_header() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("paged.xlsx");
    let summary = ledger_with_sales().export_xlsx_paged(&period(), &path, 2).unwrap();
    assert_eq!(summary.rows, 3);
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(workbook.sheet_names(), ["Sales", "Sales 2", "Totals"]);
    assert_eq!(workbook.worksheet_range("Sales").unwrap().height(), 3);
    let second = workbook.worksheet_range("Sales 2").unwrap();
    assert_eq!(second.height(), 2);
    assert_eq!(second.rows().nth(1).unwrap()[1], Data::String("ST-xlsx-2".into()));

    let empty = dir.path().join("empty.xlsx");
    let summary = Ledger::open_in_memory().unwrap().export_xlsx(&period(), &empty).unwrap();
    assert_eq!(summary.rows, 0);
    let mut workbook: Xlsx<_> = open_workbook(&empty).unwrap();
    assert_eq!(workbook.sheet_names(), ["Sales", "Totals"]);
    assert_eq!(workbook.worksheet_range("Sales").unwrap().height(), 1);
    // The only files left are the exports: the sheets' temporary files are gone.
    let mut names: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["empty.xlsx", "paged.xlsx"]);
}

#[test]
fn text_longer_than_a_cell_can_hold_is_cut_with_a_mark_and_the_export_still_succeeds() {
    let mut ledger = Ledger::open_in_memory().unwrap();
    let mut sale = new_sale_at("ST-long", 60);
    // A gateway or a cashier name can be longer than the 32,767 characters an Excel cell holds.
    sale.network = "n".repeat(40_000);
    sale.cashier = Some("é".repeat(33_000));
    ledger.insert_sale(&sale).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.xlsx");
    let summary = ledger.export_xlsx(&period(), &path).unwrap();
    assert_eq!(summary.rows, 1);
    let mut workbook: Xlsx<_> = open_workbook(&path).unwrap();
    let sales = workbook.worksheet_range("Sales").unwrap();
    let row = sales.rows().nth(1).unwrap();
    for column in [13, 15] {
        let text = row[column].to_string();
        assert_eq!(text.chars().count(), 32_767, "column {column}");
        assert!(text.ends_with('…'), "column {column}: the cut is marked");
    }
}
