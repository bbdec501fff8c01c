//! The numbers reconcile to the last decimal: thousands of generated sales (several currencies,
//! networks, states and cashiers, over five business days with a 04:00 cut-off, sales right at
//! the cut-off and the 25-hour day the clocks go back) are exported to CSV and reported day by
//! day, and for every day the CSV's totals, the Z-report's totals and a plain sum over the
//! ledger's own listing are the same decimals.

use std::collections::BTreeMap;

use jiff::civil::{date, time, Date};
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use stabletill_ledger::{
    NewSale, OrderDetails, SaleException, SaleRecord, SaleState, SalesFilter, StatusUpdate,
};

use super::*;
use crate::export::export_sales;
use crate::{BusinessCalendar, ExportFormat, ExportRequest};

const SALES: usize = 4000;
const CURRENCIES: [&str; 3] = ["USDT", "USDC", "USD1"];
const NETWORKS: [&str; 4] = ["tron", "ethereum", "bsc", "solana"];
const STATES: [SaleState; 8] = [
    SaleState::Paid,
    SaleState::Paid,
    SaleState::Failed,
    SaleState::Expired,
    SaleState::Cancelled,
    SaleState::Void,
    SaleState::Awaiting,
    SaleState::Creating,
];
const CASHIERS: [Option<&str>; 4] = [Some("Anna"), Some("Zoë, \"the boss\""), Some("=Ben"), None];

/// Per currency and state: count, order amount, crypto due, crypto paid.
type Sums = BTreeMap<(String, &'static str), (u64, Decimal, Decimal, Decimal)>;

fn calendar() -> BusinessCalendar {
    BusinessCalendar::new(TimeZone::get("Europe/Berlin").unwrap(), time(4, 0, 0, 0))
}

fn config() -> TillConfig {
    let dir = tempfile::tempdir().unwrap();
    let mut config = TillConfig::load(&crate::TillHome::at(dir.path())).unwrap();
    config.time_zone = Some(calendar().zone().clone());
    config.day_cutoff = calendar().cutoff();
    config
}

fn days() -> Vec<Date> {
    (22..=27).map(|day| date(2026, 10, day)).collect()
}

/// Between 1 and 199,999 units of the last of `scale` decimals.
fn amount(rng: &mut StdRng, scale: u32) -> Decimal {
    Decimal::new(rng.random_range(1..200_000), scale)
}

fn generate(ledger: &mut Ledger) -> usize {
    let mut rng = StdRng::seed_from_u64(20_261_025);
    let (start, _) = calendar().bounds(date(2026, 10, 23)).unwrap();
    let (_, end) = calendar().bounds(date(2026, 10, 26)).unwrap();
    let span = end.duration_since(start).as_secs();
    // Sales right at the cut-off on both sides, and in both 02:30s of the night the clocks go back.
    let mut instants: Vec<Timestamp> = [
        "2026-10-24T03:59:59.999+02:00",
        "2026-10-24T04:00:00+02:00",
        "2026-10-25T02:30:00+02:00",
        "2026-10-25T02:30:00+01:00",
        "2026-10-26T03:59:59+01:00",
        "2026-10-26T04:00:00+01:00",
    ]
    .iter()
    .map(|text| text.parse().unwrap())
    .collect();
    while instants.len() < SALES {
        let offset = SignedDuration::from_millis(rng.random_range(0..span * 1000));
        instants.push(start.checked_add(offset).unwrap());
    }
    for (index, created) in instants.iter().enumerate() {
        let currency = CURRENCIES[rng.random_range(0..CURRENCIES.len())];
        let network = NETWORKS[rng.random_range(0..NETWORKS.len())];
        let state = STATES[rng.random_range(0..STATES.len())];
        let order_scale = rng.random_range(0..3);
        let order_amount = amount(&mut rng, order_scale);
        let id = format!("ST-REC-{index:05}");
        ledger
            .insert_sale(&NewSale {
                merchant_order_id: id.clone(),
                gateway: "paystablecoin".to_owned(),
                order_amount,
                currency: currency.to_owned(),
                network: network.to_owned(),
                created_at: *created,
                expires_at: None,
                cashier: CASHIERS[rng.random_range(0..CASHIERS.len())].map(str::to_owned),
            })
            .unwrap();
        if state == SaleState::Creating {
            continue;
        }
        // BSC tokens have 18 decimals, the others 6: the due amount keeps the order's value.
        let scale = if network == "bsc" { 18 } else { 6 };
        let mut due = order_amount;
        due.rescale(scale);
        let paid = match rng.random_range(0..10) {
            0 => Some(due - Decimal::new(1, scale)),
            1 => Some(due + amount(&mut rng, scale)),
            2..=6 => Some(due),
            _ => None,
        };
        let flags = match paid {
            Some(paid) if paid < due => vec![SaleException::Underpaid],
            Some(paid) if paid > due => vec![SaleException::Overpaid, SaleException::PaidLate],
            _ => Vec::new(),
        };
        let details = OrderDetails {
            payment_link: None,
            acquiring_order_id: Some(format!("+{index}")),
            deposit_address: format!("addr-{index}"),
            crypto_amount: due,
            crypto_currency: currency.to_owned(),
            network_display_name: network.to_owned(),
            expires_at: *created,
        };
        let update = StatusUpdate {
            state,
            raw_status: Some("SUCCEEDED".to_owned()),
            crypto_paid_amount: paid,
            at: *created,
            source: "poll".to_owned(),
            note: (state == SaleState::Void).then(|| format!("void #{index}, with a comma")),
            exceptions: flags,
        };
        ledger.record_order(&id, &details, &update).unwrap();
    }
    instants.len()
}

fn state_row(state: SaleState) -> &'static str {
    match state {
        SaleState::Creating | SaleState::Awaiting | SaleState::Processing => "open",
        other => other.as_str(),
    }
}

fn add(
    sums: &mut Sums,
    currency: &str,
    state: SaleState,
    order: Decimal,
    due: Option<Decimal>,
    paid: Option<Decimal>,
) {
    let line = sums.entry((currency.to_owned(), state_row(state))).or_default();
    line.0 += 1;
    line.1 += order;
    line.2 += due.unwrap_or_default();
    line.3 += paid.unwrap_or_default();
}

/// The plain sum over the ledger's own listing of the day (newest first, another query).
fn ledger_sums(ledger: &Ledger, day: Date) -> Sums {
    let (from, until) = calendar().bounds(day).unwrap();
    let mut sums = Sums::new();
    let sales: Vec<SaleRecord> =
        ledger.list_sales(&SalesFilter { from: Some(from), until: Some(until), limit: None }).unwrap();
    for sale in sales {
        add(
            &mut sums,
            &sale.currency,
            sale.state,
            sale.order_amount,
            sale.crypto_amount,
            sale.crypto_paid_amount,
        );
    }
    sums
}

/// The sums of the exported CSV file, read back as text and parsed as exact decimals.
fn csv_sums(path: &std::path::Path, day: Date) -> Sums {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let column = |name: &str| stabletill_ledger::EXPORT_COLUMNS.iter().position(|c| *c == name).unwrap();
    let decimal = |text: &str| (!text.is_empty()).then(|| Decimal::from_str_exact(text).unwrap());
    let mut sums = Sums::new();
    for record in reader.records() {
        let record = record.unwrap();
        let created: Timestamp = record[column("created")].parse().unwrap();
        assert_eq!(calendar().day_of(created).unwrap(), day, "a row of another day: {record:?}");
        let state = SaleState::parse(&record[column("state")]).unwrap();
        add(
            &mut sums,
            &record[column("orderCurrency")],
            state,
            decimal(&record[column("orderAmount")]).unwrap(),
            decimal(&record[column("cryptoDue")]),
            decimal(&record[column("cryptoPaid")]),
        );
    }
    sums
}

fn report_sums(report: &ZReport) -> Sums {
    let mut sums = Sums::new();
    for (currency, totals) in &report.report.currencies {
        for (state, line) in totals.states.rows() {
            if line.count > 0 {
                sums.insert(
                    (currency.clone(), state),
                    (line.count, line.order_amount, line.crypto_due, line.crypto_paid),
                );
            }
        }
    }
    sums
}

#[test]
fn export_totals_equal_report_totals_equal_the_ledger_to_the_last_decimal() {
    let mut ledger = Ledger::open_in_memory().unwrap();
    let generated = generate(&mut ledger);
    let config = config();
    let dir = tempfile::tempdir().unwrap();
    let mut counted = 0;
    for day in days() {
        let report = ZReport::build(&ledger, &config, day).unwrap();
        let out = dir.path().join(format!("{day}.csv"));
        let request =
            ExportRequest { first_day: day, last_day: day, format: ExportFormat::Csv, out: out.clone() };
        let outcome = export_sales(&ledger, &calendar(), &request).unwrap();

        let direct = ledger_sums(&ledger, day);
        assert_eq!(csv_sums(&out, day), direct, "CSV of {day}");
        assert_eq!(report_sums(&report), direct, "Z-report of {day}");
        assert_eq!(outcome.totals, report.report.currencies, "export summary of {day}");
        assert_eq!(outcome.rows, report.report.count);
        for (currency, totals) in &report.report.currencies {
            let paid = direct.get(&(currency.clone(), "paid")).map_or(Decimal::ZERO, |line| line.1);
            assert_eq!(totals.paid, paid, "{currency} takings of {day}");
            let by_network: Decimal = totals.networks.values().map(|network| network.paid).sum();
            assert_eq!(by_network, paid, "{currency} networks of {day}");
        }
        let by_hour: u64 = report.report.paid_by_hour.iter().map(|hour| hour.count).sum();
        let paid_count: u64 = report.report.currencies.values().map(|c| c.states.paid.count).sum();
        assert_eq!(by_hour, paid_count, "every paid sale of {day} is in an hour");
        let by_cashier: u64 = report.report.cashiers.iter().map(|c| c.count).sum();
        assert_eq!(by_cashier, report.report.count);
        counted += report.report.count;
    }
    assert_eq!(usize::try_from(counted).unwrap(), generated, "every sale in exactly one business day");

    // The cut-off and the clock change put the marked sales where a person expects them.
    // With a 04:00 cut-off the long night belongs to the 24th: its business day has 25 hours.
    let autumn = ZReport::build(&ledger, &config, date(2026, 10, 24)).unwrap();
    assert_eq!(autumn.report.paid_by_hour.len(), 25);
    let in_day = |day: Date, text: &str| {
        let (from, until) = calendar().bounds(day).unwrap();
        let at: Timestamp = text.parse().unwrap();
        from <= at && at < until
    };
    assert!(in_day(date(2026, 10, 23), "2026-10-24T03:59:59.999+02:00"));
    assert!(in_day(date(2026, 10, 24), "2026-10-24T04:00:00+02:00"));
    assert!(in_day(date(2026, 10, 24), "2026-10-25T02:30:00+01:00"), "both 02:30s are the 24th's night");
    assert!(in_day(date(2026, 10, 24), "2026-10-25T02:30:00+02:00"));
    let (from, until) = calendar().bounds(date(2026, 10, 24)).unwrap();
    assert_eq!(until.duration_since(from), SignedDuration::from_hours(25));

    // A range export is the days' exports together.
    let out = dir.path().join("range.csv");
    let request = ExportRequest {
        first_day: date(2026, 10, 23),
        last_day: date(2026, 10, 25),
        format: ExportFormat::Csv,
        out,
    };
    let range = export_sales(&ledger, &calendar(), &request).unwrap();
    let each: u64 = (23..=25)
        .map(|day| ZReport::build(&ledger, &config, date(2026, 10, day)).unwrap().report.count)
        .sum();
    assert_eq!(range.rows, each);
}
