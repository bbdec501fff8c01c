//! A busy day in a sales log, written straight into the ledger for the manager's tests: the daily
//! close, the export and voids have real sales to work on.

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use stabletill_ledger::{Ledger, NewSale, OrderDetails, SaleException, SaleState, StatusUpdate};

/// Writes a busy yesterday (UTC) into the sales log at `home`: three currencies, three networks,
/// two cashiers, an underpaid sale, one paid late and a void. Returns the day, "YYYY-MM-DD".
pub fn seed_busy_yesterday(home: &Path) -> anyhow::Result<String> {
    std::fs::create_dir_all(home)?;
    let mut ledger = Ledger::open(&home.join("sales.sqlite3"))?;
    let yesterday = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date().yesterday()?;
    let midnight = yesterday.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp();
    // Minutes may run past 59 (a sale's expiry 15 minutes on): counted from midnight.
    let at = |hh: i64, mm: i64| -> anyhow::Result<jiff::Timestamp> {
        Ok(midnight.checked_add(jiff::SignedDuration::from_mins(hh * 60 + mm))?)
    };
    let dec = |text: &str| -> anyhow::Result<Decimal> { Ok(Decimal::from_str(text)?) };
    // (time, amount, currency, network, state, crypto due, crypto paid, flag, cashier)
    let sales = [
        ((9, 5), "12.50", "USDT", "tron", SaleState::Paid, "13.00", Some("13.00"), None, "Anna"),
        ((9, 40), "4.20", "USDT", "tron", SaleState::Paid, "4.70", Some("4.70"), None, "Anna"),
        ((10, 15), "45.00", "USDC", "ethereum", SaleState::Paid, "46.20", Some("46.20"), None, "Ben"),
        ((11, 2), "8.00", "USDT", "bsc", SaleState::Expired, "8.10", None, None, "Ben"),
        (
            (12, 30),
            "23.90",
            "USDT",
            "tron",
            SaleState::Paid,
            "24.40",
            Some("24.00"),
            Some(SaleException::Underpaid),
            "Anna",
        ),
        ((13, 10), "6.00", "USDT", "tron", SaleState::Failed, "6.50", None, None, "Anna"),
        ((14, 45), "120.00", "USDC", "ethereum", SaleState::Paid, "121.20", Some("121.20"), None, "Ben"),
        ((16, 20), "15.00", "USDT", "tron", SaleState::Void, "15.50", Some("15.50"), None, "Anna"),
        (
            (17, 5),
            "9.99",
            "USDT",
            "bsc",
            SaleState::Paid,
            "10.09",
            Some("10.09"),
            Some(SaleException::PaidLate),
            "Ben",
        ),
        ((18, 30), "31.00", "USDT", "tron", SaleState::Paid, "31.50", Some("31.50"), None, "Anna"),
        ((19, 10), "20.00", "USD1", "bsc", SaleState::Paid, "20.10", Some("20.10"), None, "Ben"),
    ];
    for (n, ((hh, mm), amount, currency, network, state, due, paid, flag, cashier)) in
        sales.into_iter().enumerate()
    {
        let id = format!("ST-E2EMGR-{n:02}-{hh:02}{mm:02}-SEEDED");
        let created = at(hh, mm)?;
        ledger.insert_sale(&NewSale {
            merchant_order_id: id.clone(),
            gateway: "paystablecoin".into(),
            order_amount: dec(amount)?,
            currency: currency.into(),
            network: network.into(),
            created_at: created,
            expires_at: Some(at(hh, mm + 15)?),
            cashier: Some(cashier.into()),
        })?;
        let awaiting = StatusUpdate {
            state: SaleState::Awaiting,
            raw_status: Some("PENDING".into()),
            crypto_paid_amount: None,
            at: created,
            source: "create".into(),
            note: None,
            exceptions: Vec::new(),
        };
        let details = OrderDetails {
            acquiring_order_id: Some(format!("ACQ{n:04}")),
            deposit_address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE".into(),
            crypto_amount: dec(due)?,
            crypto_currency: currency.into(),
            network_display_name: format!("{network} network"),
            expires_at: at(hh, mm + 15)?,
            payment_link: None,
        };
        ledger.record_order(&id, &details, &awaiting)?;
        let (final_state, raw) = match state {
            SaleState::Void => (SaleState::Paid, "SUCCEEDED"),
            SaleState::Expired => (SaleState::Expired, "EXPIRED"),
            SaleState::Failed => (SaleState::Failed, "FAILED"),
            _ => (SaleState::Paid, "SUCCEEDED"),
        };
        ledger.record_status(
            &id,
            &StatusUpdate {
                state: final_state,
                raw_status: Some(raw.into()),
                crypto_paid_amount: paid.map(dec).transpose()?,
                at: at(hh, mm + 3)?,
                source: "poll".into(),
                note: None,
                exceptions: flag.into_iter().collect(),
            },
        )?;
        if state == SaleState::Void {
            ledger.record_status(
                &id,
                &StatusUpdate {
                    state: SaleState::Void,
                    raw_status: None,
                    crypto_paid_amount: None,
                    at: at(hh + 1, mm)?,
                    source: "manager".into(),
                    note: Some("goods returned, refunded in cash".into()),
                    exceptions: Vec::new(),
                },
            )?;
        }
    }
    Ok(yesterday.to_string())
}
