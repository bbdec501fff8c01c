//! The manager's side of the `stabletill` command-line contract: `sales export`, `sales report`,
//! business days in `sales list`, `pin set`, and the audit log the CLI leaves. A sales log is
//! seeded directly through stabletill-ledger and the real binary runs with `--home`; nothing
//! here needs a gateway or the OS keyring.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use calamine::{open_workbook, Data, Reader, Xlsx};
use rust_decimal::Decimal;
use serde_json::Value;
use stabletill_ledger::{AuditFilter, Ledger, NewSale, OrderDetails, SaleState, StatusUpdate};

fn run(home: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stabletill"))
        .arg("--home")
        .arg(home)
        .args(args)
        .env_remove("STABLETILL_HOME")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the stabletill binary runs");
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn ok(home: &Path, args: &[&str]) -> String {
    let out = run(home, args, None);
    assert!(out.status.success(), "{args:?} failed: {}{}", stdout(&out), stderr(&out));
    stdout(&out)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// One sale at a Berlin wall-clock time.
fn seed(
    ledger: &mut Ledger,
    id: &str,
    local: &str,
    amount: &str,
    currency: &str,
    state: SaleState,
    cashier: &str,
) {
    let created = format!("{local}[Europe/Berlin]").parse::<jiff::Zoned>().unwrap().timestamp();
    ledger
        .insert_sale(&NewSale {
            merchant_order_id: id.to_owned(),
            gateway: "paystablecoin".to_owned(),
            order_amount: Decimal::from_str_exact(amount).unwrap(),
            currency: currency.to_owned(),
            network: "tron".to_owned(),
            created_at: created,
            expires_at: None,
            cashier: Some(cashier.to_owned()),
        })
        .unwrap();
    let details = OrderDetails {
        payment_link: None,
        acquiring_order_id: Some(format!("PSC-{id}")),
        deposit_address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE".to_owned(),
        crypto_amount: Decimal::from_str_exact(amount).unwrap(),
        crypto_currency: currency.to_owned(),
        network_display_name: "Tron (TRC20)".to_owned(),
        expires_at: created,
    };
    let update = StatusUpdate {
        state,
        raw_status: Some("SUCCEEDED".to_owned()),
        crypto_paid_amount: (state == SaleState::Paid).then(|| Decimal::from_str_exact(amount).unwrap()),
        at: created,
        source: "poll".to_owned(),
        note: None,
        exceptions: Vec::new(),
    };
    ledger.record_order(id, &details, &update).unwrap();
}

/// A bar in Berlin whose business day starts at 04:00, with Saturday 2026-11-21's sales (one of
/// them at 02:30 on Sunday morning), one from Friday and one from Sunday.
fn bar() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(dir.path(), &["config", "set", "time-zone", "Europe/Berlin"]);
    ok(dir.path(), &["config", "set", "day-cutoff", "04:00"]);
    let mut ledger = Ledger::open(&dir.path().join("sales.sqlite3")).unwrap();
    seed(&mut ledger, "ST-cli-fri", "2026-11-21T03:59:00", "5.00", "USDT", SaleState::Paid, "Anna");
    seed(&mut ledger, "ST-cli-01", "2026-11-21T18:00:00", "12.50", "USDT", SaleState::Paid, "Anna");
    seed(
        &mut ledger,
        "ST-cli-02",
        "2026-11-21T19:30:00",
        "0.10",
        "USDT",
        SaleState::Paid,
        "=Ben, \"the\" boss",
    );
    seed(&mut ledger, "ST-cli-03", "2026-11-21T21:00:00", "7.25", "USDC", SaleState::Paid, "Anna");
    seed(&mut ledger, "ST-cli-04", "2026-11-21T22:00:00", "30", "USDT", SaleState::Expired, "Anna");
    seed(&mut ledger, "ST-cli-05", "2026-11-22T02:30:00", "100.01", "USDT", SaleState::Paid, "Anna");
    seed(&mut ledger, "ST-cli-sun", "2026-11-22T04:00:00", "9.99", "USDT", SaleState::Paid, "Anna");
    dir
}

fn audit(home: &Path) -> Vec<(String, String)> {
    let ledger = Ledger::open(&home.join("sales.sqlite3")).unwrap();
    let mut entries: Vec<_> = ledger
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|entry| (entry.actor, entry.action))
        .collect();
    entries.reverse();
    entries
}

#[test]
fn sales_export_writes_csv_and_xlsx_with_one_row_per_sale_of_the_business_days() {
    let home = bar();
    let csv_path = home.path().join("saturday.csv");
    let printed = ok(
        home.path(),
        &["sales", "export", "--day", "2026-11-21", "--format", "csv", "--out", csv_path.to_str().unwrap()],
    );
    assert!(printed.starts_with("5 sales written to "), "{printed}");

    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
            "localId",
            "merchantOrderId",
            "acquiringOrderId",
            "created",
            "finished",
            "state",
            "gatewayStatus",
            "exceptions",
            "orderAmount",
            "orderCurrency",
            "cryptoDue",
            "cryptoPaid",
            "cryptoCurrency",
            "network",
            "depositAddress",
            "cashier"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ids: Vec<&str> = rows.iter().map(|row| &row[1]).collect();
    assert_eq!(ids, ["ST-cli-01", "ST-cli-02", "ST-cli-03", "ST-cli-04", "ST-cli-05"]);
    assert_eq!(&rows[4][3], "2026-11-22T02:30:00+01:00", "the 02:30 sale is Saturday's, on the shop's clock");
    assert_eq!((&rows[1][8], &rows[1][15]), ("0.10", "'=Ben, \"the\" boss"));
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(text.matches("\r\n").count(), 6, "header plus one line per sale");

    // A range of days, as a workbook.
    let xlsx_path = home.path().join("weekend.xlsx");
    let printed = ok(
        home.path(),
        &[
            "sales",
            "export",
            "--day",
            "2026-11-20",
            "--to",
            "2026-11-22",
            "--format",
            "xlsx",
            "--out",
            xlsx_path.to_str().unwrap(),
        ],
    );
    assert!(printed.starts_with("7 sales written to "), "{printed}");
    let mut workbook: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
    assert_eq!(workbook.sheet_names(), ["Sales", "Totals"]);
    let sales = workbook.worksheet_range("Sales").unwrap();
    assert_eq!(sales.height(), 8);
    assert_eq!(sales.rows().nth(2).unwrap()[8], Data::Float(12.5));

    // Bad input is refused before anything is written.
    let bad = home.path().join("bad.csv");
    for args in [
        vec!["sales", "export", "--day", "2026-11-21", "--format", "pdf", "--out", bad.to_str().unwrap()],
        vec!["sales", "export", "--day", "21.11.2026", "--format", "csv", "--out", bad.to_str().unwrap()],
        vec![
            "sales",
            "export",
            "--day",
            "2026-11-21",
            "--to",
            "2026-11-20",
            "--format",
            "csv",
            "--out",
            bad.to_str().unwrap(),
        ],
    ] {
        let out = run(home.path(), &args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).starts_with("error: "), "{}", stderr(&out));
    }
    assert!(!bad.exists());
    let missing = home.path().join("no-such-folder").join("x.csv");
    let out = run(
        home.path(),
        &["sales", "export", "--day", "2026-11-21", "--format", "csv", "--out", missing.to_str().unwrap()],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn sales_report_json_counts_the_business_day_with_paid_totals_as_strings() {
    let home = bar();
    let report: Value =
        serde_json::from_str(&ok(home.path(), &["sales", "report", "--day", "2026-11-21", "--json"]))
            .unwrap();
    assert_eq!(report["day"], "2026-11-21");
    assert_eq!(report["count"], 5);
    assert_eq!(report["currencies"]["USDT"]["paid"], "112.61");
    assert_eq!(report["currencies"]["USDC"]["paid"], "7.25");
    assert_eq!(report["currencies"]["USDT"]["states"]["expired"]["orderAmount"], "30");
    assert_eq!(report["timeZone"], "Europe/Berlin");
    assert_eq!(report["dayCutoff"], "04:00");
    assert_eq!(report["paidByHour"].as_array().unwrap().len(), 24);

    let text = ok(home.path(), &["sales", "report", "--day", "2026-11-21"]);
    assert!(text.contains("Z-REPORT  business day Sat 2026-11-21"), "{text}");
    assert!(text.contains("USDT: takings 112.61 (3 of 4 sales paid)"), "{text}");

    let out = run(home.path(), &["sales", "report", "--day", "tomorrow"], None);
    assert_eq!(out.status.code(), Some(2));
    let help = ok(home.path(), &["sales", "report", "--help"]);
    assert!(help.contains("\"currencies\": {\"USDT\": {\"count\": 10, \"paid\": \"123.45\""), "{help}");
}

#[test]
fn sales_list_uses_the_business_day() {
    let home = bar();
    let listed: Value =
        serde_json::from_str(&ok(home.path(), &["sales", "list", "--day", "2026-11-21", "--json"])).unwrap();
    let ids: Vec<&str> =
        listed.as_array().unwrap().iter().map(|sale| sale["merchantOrderId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["ST-cli-05", "ST-cli-04", "ST-cli-03", "ST-cli-02", "ST-cli-01"]);
    assert_eq!(listed[0]["cashier"], "Anna");
}

#[test]
fn pin_set_stores_only_an_argon2id_hash_and_the_cli_records_what_it_changed() {
    let home = bar();
    let out = run(home.path(), &["pin", "set"], Some("12ab\n"));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("4 to 12 digits"), "{}", stderr(&out));
    let out = run(home.path(), &["pin", "set"], Some("90817263\n"));
    assert!(out.status.success(), "{}", stderr(&out));
    let settings = std::fs::read_to_string(home.path().join("config.toml")).unwrap();
    assert!(settings.contains("manager_pin = \"$argon2id$"), "{settings}");
    assert!(!settings.contains("90817263"));
    assert!(ok(home.path(), &["pin", "status"]).contains("A manager PIN is set"));
    assert!(ok(home.path(), &["config", "show"]).contains("manager-pin: set"));

    ok(home.path(), &["sales", "report", "--day", "2026-11-21"]);
    let out_file = home.path().join("x.csv");
    ok(
        home.path(),
        &["sales", "export", "--day", "2026-11-21", "--format", "csv", "--out", out_file.to_str().unwrap()],
    );
    ok(home.path(), &["sales", "list"]);
    let entries = audit(home.path());
    let as_str: Vec<(&str, &str)> = entries.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    assert_eq!(
        as_str,
        [
            ("cli", "setting_changed"),
            ("cli", "setting_changed"),
            ("cli", "pin_set"),
            ("cli", "report"),
            ("cli", "export"),
        ],
        "settings, PIN, report and export are recorded; a listing is not"
    );
}
