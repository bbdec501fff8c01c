//! The Z-report as a manager reads it: the text and the chart of a small day in a bar that closes
//! at four in the morning.

use jiff::civil::{date, time};
use jiff::Timestamp;
use stabletill_ledger::{NewSale, OrderDetails, SaleException, SaleState, StatusUpdate};

use super::*;

fn bar_config() -> TillConfig {
    let dir = tempfile::tempdir().unwrap();
    let home = crate::TillHome::at(dir.path());
    let mut config = TillConfig::load(&home).unwrap();
    config.time_zone = Some(TimeZone::get("Europe/Berlin").unwrap());
    config.day_cutoff = time(4, 0, 0, 0);
    config.shop_name = Some("Bar Nachtfalter".to_owned());
    config
}

fn at(local: &str) -> Timestamp {
    format!("{local}[Europe/Berlin]").parse::<jiff::Zoned>().unwrap().timestamp()
}

fn add(
    ledger: &mut Ledger,
    id: &str,
    local: &str,
    amount: &str,
    state: SaleState,
    paid: &str,
    flags: Vec<SaleException>,
) {
    ledger
        .insert_sale(&NewSale {
            merchant_order_id: id.to_owned(),
            gateway: "paystablecoin".to_owned(),
            order_amount: amount.parse().unwrap(),
            currency: "USDT".to_owned(),
            network: "tron".to_owned(),
            created_at: at(local),
            expires_at: None,
            cashier: Some("Anna".to_owned()),
        })
        .unwrap();
    let details = OrderDetails {
        payment_link: None,
        acquiring_order_id: None,
        deposit_address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE".to_owned(),
        crypto_amount: amount.parse().unwrap(),
        crypto_currency: "USDT".to_owned(),
        network_display_name: "Tron (TRC20)".to_owned(),
        expires_at: at(local),
    };
    let update = StatusUpdate {
        state,
        raw_status: Some("SUCCEEDED".to_owned()),
        crypto_paid_amount: Some(paid.parse().unwrap()),
        at: at(local),
        source: "poll".to_owned(),
        note: (state == SaleState::Void).then(|| "spilled, poured again".to_owned()),
        exceptions: flags,
    };
    ledger.record_order(id, &details, &update).unwrap();
}

fn night() -> Ledger {
    let mut ledger = Ledger::open_in_memory().unwrap();
    add(&mut ledger, "ST-bar-1", "2026-11-21T21:15:00", "8.50", SaleState::Paid, "8.50", vec![]);
    add(
        &mut ledger,
        "ST-bar-2",
        "2026-11-22T01:40:00",
        "12.00",
        SaleState::Paid,
        "11.00",
        vec![SaleException::Underpaid],
    );
    // 02:30 on Sunday morning is still Saturday's business day.
    add(&mut ledger, "ST-bar-3", "2026-11-22T02:30:00", "4.20", SaleState::Void, "4.20", vec![]);
    // 04:00 is Sunday's.
    add(&mut ledger, "ST-bar-4", "2026-11-22T04:00:00", "100", SaleState::Paid, "100", vec![]);
    ledger
}

#[test]
fn the_text_report_reads_like_a_till_roll() {
    let report = ZReport::build(&night(), &bar_config(), date(2026, 11, 21)).unwrap();
    assert_eq!(report.report.count, 3);
    let text = report.to_text();
    for expected in [
        "Z-REPORT  business day Sat 2026-11-21",
        "Bar Nachtfalter, till ",
        "from 2026-11-21 04:00 +01:00 to 2026-11-22 04:00 +01:00 (Europe/Berlin, day starts 04:00)",
        "Sales: 3   first 21:15:00   last 02:30:00",
        "USDT: takings 20.50 (2 of 3 sales paid)",
        "  paid            2              20.50                    20.50                    19.50",
        "  void            1               4.20",
        "  by network: tron 3 sales, takings 20.50",
        "Exceptions: 2",
        "  underpaid         01:40  ST-bar-2  due 12.00 USDT, paid 11.00 USDT (-1.00), now paid",
        "  void              02:30  ST-bar-3  4.20 USDT: spilled, poured again",
        "  Anna                     3 sales     2 paid  20.50 USDT",
        "  21:00      1  8.50 USDT",
        "  01:00      1  12.00 USDT",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn the_json_adds_the_calendar_to_the_ledgers_report() {
    let report = ZReport::build(&night(), &bar_config(), date(2026, 11, 21)).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["day"], "2026-11-21");
    assert_eq!(json["count"], 3);
    assert_eq!(json["currencies"]["USDT"]["paid"], "20.50");
    assert_eq!(
        (json["timeZone"].as_str(), json["dayCutoff"].as_str()),
        (Some("Europe/Berlin"), Some("04:00"))
    );
    assert_eq!(json["shopName"], "Bar Nachtfalter");
    assert!(json.get("zone").is_none());
}

#[test]
fn the_chart_is_an_svg_with_a_bar_per_busy_hour_and_no_font_files() {
    let report = ZReport::build(&night(), &bar_config(), date(2026, 11, 21)).unwrap();
    let svg = report.chart_svg().unwrap();
    assert!(svg.starts_with("<svg"), "{}", &svg[..80.min(svg.len())]);
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Paid sales by hour, 2026-11-21 (Europe/Berlin)"));
    // plotters puts each text on a line of its own between the tags.
    assert!(svg.contains("\n04:00\n") && svg.contains("\n06:00\n"), "hour labels on the shop's clock");
    assert!(svg.contains("\nUSDT\n"), "a legend entry per currency");
    // Background, plot area, legend box and swatch, plus one bar for each of the two busy hours.
    let bars = svg.matches("fill=\"#26A17B\"").count();
    assert_eq!(bars, 3, "two bars and the legend swatch:\n{svg}");
    assert!(!svg.contains("@font-face") && !svg.contains("url("), "the viewer's own fonts, nothing loaded");
}

#[test]
fn the_chart_of_the_day_the_clocks_go_back_has_25_hours_told_apart_by_offset() {
    let mut config = bar_config();
    config.day_cutoff = jiff::civil::Time::midnight();
    let report = ZReport::build(&Ledger::open_in_memory().unwrap(), &config, date(2026, 10, 25)).unwrap();
    assert_eq!(report.report.paid_by_hour.len(), 25);
    let svg = report.chart_svg().unwrap();
    assert!(svg.contains("\n00:00+02:00\n") && svg.contains("\n04:00+01:00\n"), "{svg}");
    assert!(report.to_text().contains("Sales: 0"));
}
