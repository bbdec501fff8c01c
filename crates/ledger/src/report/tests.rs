//! The daily report's arithmetic on a small, hand-counted day.

use super::*;
use crate::test_support::{at, dec, new_sale_at, order_details, update};

/// One sale as the test wants it, written through the ledger's own API.
struct Sale<'a> {
    id: &'a str,
    seconds: i64,
    currency: &'a str,
    network: &'a str,
    amount: &'a str,
    state: SaleState,
    due: Option<&'a str>,
    paid: Option<&'a str>,
    cashier: Option<&'a str>,
    flags: Vec<SaleException>,
    note: Option<&'a str>,
}

impl Default for Sale<'_> {
    fn default() -> Self {
        Sale {
            id: "",
            seconds: 0,
            currency: "USDT",
            network: "tron",
            amount: "12.50",
            state: SaleState::Paid,
            due: Some("12.50"),
            paid: Some("12.50"),
            cashier: Some("Anna"),
            flags: Vec::new(),
            note: None,
        }
    }
}

fn record(ledger: &mut Ledger, sale: Sale<'_>) {
    let mut new = new_sale_at(sale.id, sale.seconds);
    new.currency = sale.currency.to_owned();
    new.network = sale.network.to_owned();
    new.order_amount = dec(sale.amount);
    new.cashier = sale.cashier.map(str::to_owned);
    ledger.insert_sale(&new).unwrap();
    let mut status = update(sale.state, Some("SOMETHING"), sale.seconds + 1);
    status.crypto_paid_amount = sale.paid.map(dec);
    status.exceptions = sale.flags;
    status.note = sale.note.map(str::to_owned);
    match sale.due {
        Some(due) => {
            let mut details = order_details();
            details.crypto_amount = dec(due);
            details.crypto_currency = sale.currency.to_owned();
            ledger.record_order(sale.id, &details, &status).unwrap();
        }
        None => {
            ledger.record_status(sale.id, &status).unwrap();
        }
    }
}

fn period() -> ReportPeriod {
    ReportPeriod {
        day: jiff::civil::date(2025, 6, 1),
        from: at(0),
        until: at(4 * 3600),
        hour_starts: (0..4).map(|hour| at(hour * 3600)).collect(),
    }
}

fn day() -> Ledger {
    let mut ledger = Ledger::open_in_memory().unwrap();
    let sales = [
        Sale { id: "ST-r-01", seconds: 60, ..Sale::default() },
        Sale {
            id: "ST-r-02",
            seconds: 120,
            amount: "0.10",
            due: Some("0.10"),
            paid: Some("0.10"),
            ..Sale::default()
        },
        Sale {
            id: "ST-r-03",
            seconds: 3700,
            network: "ethereum",
            amount: "100",
            due: Some("100.000000"),
            paid: Some("99.5"),
            flags: vec![SaleException::Underpaid],
            cashier: Some("Ben"),
            ..Sale::default()
        },
        Sale {
            id: "ST-r-04",
            seconds: 3800,
            currency: "USDC",
            amount: "7.25",
            due: Some("7.25"),
            paid: Some("8"),
            flags: vec![SaleException::Overpaid, SaleException::PaidLate],
            cashier: None,
            ..Sale::default()
        },
        Sale { id: "ST-r-05", seconds: 7300, state: SaleState::Failed, paid: None, ..Sale::default() },
        Sale {
            id: "ST-r-06",
            seconds: 7400,
            state: SaleState::Expired,
            amount: "3",
            due: Some("3"),
            paid: None,
            cashier: Some("Ben"),
            ..Sale::default()
        },
        Sale {
            id: "ST-r-07",
            seconds: 7500,
            state: SaleState::Cancelled,
            amount: "4.40",
            due: Some("4.40"),
            paid: None,
            ..Sale::default()
        },
        Sale {
            id: "ST-r-08",
            seconds: 10900,
            state: SaleState::Void,
            amount: "20",
            due: Some("20"),
            paid: Some("20"),
            note: Some("customer returned the goods"),
            ..Sale::default()
        },
        Sale {
            id: "ST-r-09",
            seconds: 11000,
            state: SaleState::Awaiting,
            amount: "1.01",
            due: Some("1.01"),
            paid: None,
            ..Sale::default()
        },
        // Before and after the period: not in the report.
        Sale { id: "ST-r-00", seconds: -1, ..Sale::default() },
        Sale { id: "ST-r-10", seconds: 4 * 3600, ..Sale::default() },
    ];
    for sale in sales {
        record(&mut ledger, sale);
    }
    ledger
}

fn text(amount: &Decimal) -> String {
    amount.to_string()
}

#[test]
fn a_hand_counted_day_adds_up_to_the_last_decimal() {
    let report = day().day_report(&period()).unwrap();
    assert_eq!(report.count, 9);

    let usdt = &report.currencies["USDT"];
    assert_eq!(usdt.count, 8);
    // Paid: 12.50 + 0.10 + 100 (the underpaid sale still counts as paid).
    assert_eq!(text(&usdt.paid), "112.60");
    assert_eq!(usdt.states.paid.count, 3);
    assert_eq!(text(&usdt.states.paid.crypto_due), "112.600000");
    assert_eq!(text(&usdt.states.paid.crypto_paid), "112.10");
    assert_eq!((usdt.states.failed.count, text(&usdt.states.failed.order_amount)), (1, "12.50".into()));
    assert_eq!(text(&usdt.states.failed.crypto_due), "12.50");
    assert_eq!(text(&usdt.states.failed.crypto_paid), "0");
    assert_eq!((usdt.states.expired.count, text(&usdt.states.expired.order_amount)), (1, "3".into()));
    assert_eq!((usdt.states.cancelled.count, text(&usdt.states.cancelled.order_amount)), (1, "4.40".into()));
    assert_eq!((usdt.states.void.count, text(&usdt.states.void.crypto_paid)), (1, "20".into()));
    assert_eq!((usdt.states.open.count, text(&usdt.states.open.order_amount)), (1, "1.01".into()));

    let tron = &usdt.networks["tron"];
    assert_eq!((tron.count, text(&tron.paid)), (7, "12.60".into()));
    let ethereum = &usdt.networks["ethereum"];
    assert_eq!((ethereum.count, text(&ethereum.paid)), (1, "100".into()));
    assert_eq!(ethereum.states.paid.count, 1);

    let usdc = &report.currencies["USDC"];
    assert_eq!(
        (usdc.count, text(&usdc.paid), text(&usdc.states.paid.crypto_paid)),
        (1, "7.25".into(), "8".into())
    );

    let first = report.first_sale.as_ref().unwrap();
    let last = report.last_sale.as_ref().unwrap();
    assert_eq!((first.merchant_order_id.as_str(), first.created_at), ("ST-r-01", at(60)));
    assert_eq!((last.merchant_order_id.as_str(), last.created_at), ("ST-r-09", at(11000)));
}

#[test]
fn exceptions_are_listed_one_by_one_with_what_settles_them() {
    let report = day().day_report(&period()).unwrap();
    let lines: Vec<_> = report
        .exceptions
        .iter()
        .map(|line| (line.kind, line.merchant_order_id.as_str(), line.difference.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        lines,
        [
            (ExceptionKind::Underpaid, "ST-r-03", Some("-0.500000".to_owned())),
            (ExceptionKind::Overpaid, "ST-r-04", Some("0.75".to_owned())),
            (ExceptionKind::PaidLate, "ST-r-04", None),
            (ExceptionKind::Void, "ST-r-08", None),
        ]
    );
    let void = &report.exceptions[3];
    assert_eq!(void.reason.as_deref(), Some("customer returned the goods"));
    assert_eq!(void.state, SaleState::Void);
    assert_eq!(report.exceptions[0].cashier.as_deref(), Some("Ben"));
}

#[test]
fn cashiers_and_hours_split_the_takings() {
    let report = day().day_report(&period()).unwrap();
    let cashiers: Vec<_> =
        report.cashiers.iter().map(|line| (line.cashier.as_deref(), line.count, line.paid_count)).collect();
    assert_eq!(cashiers, [(Some("Anna"), 6, 2), (Some("Ben"), 2, 1), (None, 1, 1)]);
    assert_eq!(text(&report.cashiers[0].paid["USDT"]), "12.60");
    assert_eq!(text(&report.cashiers[2].paid["USDC"]), "7.25");

    let hours: Vec<_> = report.paid_by_hour.iter().map(|hour| (hour.start, hour.count)).collect();
    assert_eq!(hours, [(at(0), 2), (at(3600), 2), (at(7200), 0), (at(10800), 0)]);
    assert_eq!(text(&report.paid_by_hour[0].paid["USDT"]), "12.60");
    assert_eq!(text(&report.paid_by_hour[1].paid["USDT"]), "100");
    assert_eq!(text(&report.paid_by_hour[1].paid["USDC"]), "7.25");
}

#[test]
fn the_json_has_the_contracts_shape_with_amounts_as_strings() {
    let report = day().day_report(&period()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["day"], "2025-06-01");
    assert_eq!(json["count"], 9);
    assert_eq!(json["currencies"]["USDT"]["paid"], "112.60");
    assert_eq!(json["currencies"]["USDT"]["states"]["paid"]["cryptoPaid"], "112.10");
    assert_eq!(json["currencies"]["USDT"]["networks"]["ethereum"]["paid"], "100");
    assert_eq!(json["currencies"]["USDC"]["states"]["void"]["count"], 0);
    assert_eq!(json["exceptions"][0]["kind"], "underpaid");
    assert_eq!(json["exceptions"][0]["difference"], "-0.500000");
    assert_eq!(json["firstSale"]["merchantOrderId"], "ST-r-01");
    assert_eq!(json["cashiers"][2]["cashier"], serde_json::Value::Null);
    assert_eq!(json["paidByHour"][1]["paid"]["USDC"], "7.25");
    assert_eq!(json["from"], "2025-06-01T12:00:00Z");
}

#[test]
fn an_empty_day_has_every_hour_and_no_sales() {
    let ledger = Ledger::open_in_memory().unwrap();
    let report = ledger.day_report(&period()).unwrap();
    assert_eq!(report.count, 0);
    assert!(report.currencies.is_empty() && report.exceptions.is_empty() && report.cashiers.is_empty());
    assert_eq!((report.first_sale, report.last_sale), (None, None));
    assert_eq!(report.paid_by_hour.len(), 4);
}
