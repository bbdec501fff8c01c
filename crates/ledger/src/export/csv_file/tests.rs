//! CSV escaping and layout: what a spreadsheet or a script reads back is exactly what was stored,
//! and nothing in a cell can run as a formula.

use jiff::tz::TimeZone;

use super::*;
use crate::test_support::{at, dec, new_sale_at, order_details, update};
use crate::{SaleException, SaleState};

fn period() -> ExportPeriod {
    ExportPeriod { from: at(0), until: at(3600), zone: TimeZone::get("Europe/Berlin").unwrap() }
}

fn export(ledger: &Ledger) -> (String, ExportSummary) {
    let mut bytes = Vec::new();
    let summary = ledger.export_csv(&period(), &mut bytes).unwrap();
    (String::from_utf8(bytes).unwrap(), summary)
}

fn read_back(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = reader.records().map(|record| record.unwrap().iter().map(str::to_owned).collect()).collect();
    (header, rows)
}

#[test]
fn hostile_text_is_neutralised_and_quoted_and_reads_back_whole() {
    let mut ledger = Ledger::open_in_memory().unwrap();
    let mut sale = new_sale_at("ST-csv-0001", 60);
    sale.cashier = Some("=HYPERLINK(\"http://evil.example\",\"click\")".to_owned());
    ledger.insert_sale(&sale).unwrap();
    let mut details = order_details();
    details.acquiring_order_id = Some("+49 30 1234".to_owned());
    details.deposit_address = "@SUM(1+1)".to_owned();
    let mut status = update(SaleState::Paid, Some("-2+3"), 90);
    status.crypto_paid_amount = Some(dec("12.500000"));
    status.exceptions = vec![SaleException::Overpaid, SaleException::PaidLate];
    ledger.record_order("ST-csv-0001", &details, &status).unwrap();

    let mut second = new_sale_at("ST-csv-0002", 120);
    second.cashier = Some("Zoë, \"the boss\"\nsecond line — 店员 🧾".to_owned());
    second.network = "\tbsc".to_owned();
    ledger.insert_sale(&second).unwrap();
    let mut third = new_sale_at("ST-csv-0003", 180);
    // Names are trimmed when stored, so the carriage return comes in through the network code.
    third.cashier = Some(" \r=cmd ".to_owned());
    third.network = "\r=cmd".to_owned();
    ledger.insert_sale(&third).unwrap();

    let (text, summary) = export(&ledger);
    assert_eq!(summary.rows, 3);
    let (header, rows) = read_back(&text);
    assert_eq!(header, EXPORT_COLUMNS);
    assert_eq!(rows.len(), 3);
    let first = &rows[0];
    assert_eq!(first[1], "ST-csv-0001");
    assert_eq!(first[2], "'+49 30 1234");
    assert_eq!(first[3], "2025-06-01T14:01:00+02:00");
    assert_eq!(first[4], "2025-06-01T14:01:30+02:00");
    assert_eq!(first[5], "paid");
    assert_eq!(first[6], "'-2+3");
    assert_eq!(first[7], "overpaid;paid_late");
    assert_eq!((first[8].as_str(), first[9].as_str()), ("12.50", "USDT"));
    assert_eq!((first[10].as_str(), first[11].as_str()), ("12.500000", "12.500000"));
    assert_eq!(first[14], "'@SUM(1+1)");
    assert_eq!(first[15], "'=HYPERLINK(\"http://evil.example\",\"click\")");

    let second = &rows[1];
    assert_eq!(
        second[15], "Zoë, \"the boss\"\nsecond line — 店员 🧾",
        "unicode, quotes, comma, newline intact"
    );
    assert_eq!(second[13], "'\tbsc");
    assert_eq!((second[4].as_str(), second[10].as_str(), second[11].as_str()), ("", "", ""));
    assert_eq!((rows[2][13].as_str(), rows[2][15].as_str()), ("'\r=cmd", "'=cmd"));

    // RFC 4180 on the wire: CRLF after every record, doubled quotes inside a quoted field.
    assert!(text.starts_with("localId,merchantOrderId,acquiringOrderId,created,"), "{text}");
    assert!(text.contains("\"Zoë, \"\"the boss\"\"\nsecond line — 店员 🧾\""), "{text}");
    assert_eq!(text.matches("\r\n").count(), 4, "header and three rows end in CRLF");
}

#[test]
fn amounts_stay_plain_numbers_even_when_they_start_with_a_sign() {
    let mut ledger = Ledger::open_in_memory().unwrap();
    let mut refund = new_sale_at("ST-csv-0004", 60);
    refund.order_amount = dec("-5.00");
    ledger.insert_sale(&refund).unwrap();
    let (text, _) = export(&ledger);
    let (_, rows) = read_back(&text);
    assert_eq!(rows[0][8], "-5.00");
    assert_eq!(rows[0][5], "creating");
}

#[test]
fn an_empty_period_is_just_the_header() {
    let ledger = Ledger::open_in_memory().unwrap();
    let (text, summary) = export(&ledger);
    assert_eq!(summary.rows, 0);
    assert!(summary.totals.is_empty());
    assert_eq!(text, format!("{}\r\n", EXPORT_COLUMNS.join(",")));
}
