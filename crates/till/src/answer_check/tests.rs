//! A lying create or status answer never becomes a QR, and a status answer that contradicts the
//! sale is flagged.

use serde_json::json;

use super::*;
use crate::MoneyView;

const ID: &str = "ST-T1-01JABCDEF0123456789ABCDEFG";
const TRON: &str = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
const EVM: &str = "0xdAC17F958D2ee523a2206206994597C13D831ec7";

fn asked() -> AskedOrder<'static> {
    AskedOrder {
        merchant_order_id: ID,
        amount: Decimal::new(1250, 2),
        currency: "USDT",
        network: "tron",
        gateway: GatewayKind::PayStableCoin,
    }
}

fn answer(changes: serde_json::Value) -> Order {
    let mut order = json!({
        "merchantOrderId": ID,
        "status": "PENDING",
        "depositAddress": TRON,
        "network": "tron",
        "networkDisplayName": "TRON Network",
        "cryptoPaymentAmount": {"value": "13.00", "currency": "USDT"},
        "expiresAt": "2026-11-21T10:15:00Z",
    });
    if let (Some(order), Some(changes)) = (order.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            order.insert(key.clone(), value.clone());
        }
    }
    serde_json::from_value(order).unwrap_or_default()
}

fn refusal(changes: serde_json::Value) -> String {
    match check_new_order(asked(), &answer(changes)) {
        Ok(details) => panic!("should be refused, got {details:?}"),
        Err(problem) => problem,
    }
}

#[test]
fn an_honest_answer_gives_the_payment_details() {
    let details = check_new_order(asked(), &answer(json!({}))).expect("usable");
    assert_eq!(details.deposit_address, TRON);
    assert_eq!(details.crypto_amount, Decimal::new(1300, 2));
    assert_eq!(details.crypto_currency, "USDT");
}

#[test]
fn an_address_of_another_network_is_refused() {
    let problem = refusal(json!({"depositAddress": EVM}));
    assert!(problem.contains("is not an address on the tron network"), "{problem}");
    assert!(refusal(json!({"depositAddress": "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T"})).contains("tron"));
}

#[test]
fn negative_zero_short_and_absurd_amounts_are_refused() {
    let amount = |value: &str| json!({"cryptoPaymentAmount": {"value": value, "currency": "USDT"}});
    assert!(refusal(amount("-13.00")).contains("cannot be paid"));
    assert!(refusal(amount("0")).contains("cannot be paid"));
    assert!(refusal(amount("0.0000000000000000001")).contains("cannot be paid"));
    assert!(refusal(amount("1.25")).contains("paid short"));
    assert!(refusal(amount("1250")).contains("far more than the sale"));
    assert!(refusal(amount("79228162514264337593543950335")).contains("far more"));
    assert!(refusal(amount("13,00")).contains("not a decimal"));
    // A network fee of a dollar or two on a small sale is normal.
    let small = AskedOrder { amount: Decimal::ONE, ..asked() };
    let due = answer(json!({"cryptoPaymentAmount": {"value": "2.50", "currency": "USDT"}}));
    assert!(check_new_order(small, &due).is_ok());
}

#[test]
fn another_order_network_or_currency_is_refused() {
    let problem = refusal(json!({"merchantOrderId": "ST-T1-SOMEONE-ELSES-ORDER"}));
    assert!(problem.contains("answered for order \"ST-T1-SOMEONE-ELSES-ORDER\""), "{problem}");
    assert!(refusal(json!({"network": "ethereum"})).contains("the \"ethereum\" network instead of tron"));
    let problem = refusal(json!({"cryptoPaymentAmount": {"value": "13.00", "currency": "USDC"}}));
    assert!(problem.contains("although the sale is in USDT"), "{problem}");
}

#[test]
fn a_huge_field_makes_a_short_message() {
    let problem = refusal(json!({"merchantOrderId": "X".repeat(100_000)}));
    assert!(problem.len() < 300, "{} bytes", problem.len());
}

fn sale(state: SaleState) -> SaleView {
    SaleView {
        merchant_order_id: ID.into(),
        gateway: "paystablecoin".into(),
        state,
        status: Some("PROCESSING".into()),
        order_amount: MoneyView { value: "12.50".into(), currency: "USDT".into() },
        crypto_payment_amount: Some(MoneyView { value: "13.00".into(), currency: "USDT".into() }),
        crypto_paid_amount: None,
        deposit_address: Some(TRON.into()),
        payment_link: None,
        network: "tron".into(),
        network_display_name: Some("TRON Network".into()),
        acquiring_order_id: None,
        expires_at: Some("2026-11-21T10:15:00Z".into()),
        created_at: "2026-11-21T10:00:00Z".into(),
        finished_at: None,
        exceptions: Vec::new(),
        reason: None,
        cashier: None,
    }
}

#[test]
fn a_consistent_status_answer_is_believed() {
    let order =
        answer(json!({"status": "SUCCEEDED", "cryptoPaidAmount": {"value": "13.00", "currency": "usdt"}}));
    let checked = check_status(&sale(SaleState::Processing), &OrderStatus::Succeeded, &order);
    assert_eq!(checked, CheckedStatus { crypto_paid: Some(Decimal::new(1300, 2)), contradictions: vec![] });
}

#[test]
fn status_answers_that_contradict_the_sale_are_flagged() {
    let processing = sale(SaleState::Processing);
    let back = check_status(&processing, &OrderStatus::parse("PENDING"), &answer(json!({})));
    assert!(back.contradictions[0].contains("went back from PROCESSING to \"PENDING\""), "{back:?}");

    let other_amount = answer(json!({"cryptoPaymentAmount": {"value": "130.00", "currency": "USDT"}}));
    let checked = check_status(&processing, &OrderStatus::Processing, &other_amount);
    assert!(checked.contradictions[0].contains("now asks for \"130.00 USDT\""), "{checked:?}");

    let other_address = answer(json!({"depositAddress": EVM}));
    let checked = check_status(&processing, &OrderStatus::Processing, &other_address);
    assert!(checked.contradictions[0].contains("deposit address"), "{checked:?}");

    let negative = answer(json!({"cryptoPaidAmount": {"value": "-13.00", "currency": "USDT"}}));
    let checked = check_status(&processing, &OrderStatus::Succeeded, &negative);
    assert_eq!(checked.crypto_paid, None);
    assert!(checked.contradictions[0].contains("below zero"), "{checked:?}");

    let other_coin = answer(json!({"cryptoPaidAmount": {"value": "13.00", "currency": "EUR"}}));
    let checked = check_status(&processing, &OrderStatus::Succeeded, &other_coin);
    assert_eq!(checked.crypto_paid, None);
    assert!(checked.contradictions[0].contains("\"13.00 EUR\" paid for an order in USDT"), "{checked:?}");
}

fn cashier_page(url: &str) -> Result<Option<String>, String> {
    let asked = AskedOrder { gateway: GatewayKind::BlockAtm, ..asked() };
    check_new_order(asked, &answer(json!({"paymentMethodValue": url}))).map(|details| details.payment_link)
}

#[test]
fn a_cashier_page_must_be_https_or_the_local_simulator() {
    assert_eq!(cashier_page("https://pay.example/c/1"), Ok(Some("https://pay.example/c/1".into())));
    assert_eq!(cashier_page("http://127.0.0.1:8080/c/1"), Ok(Some("http://127.0.0.1:8080/c/1".into())));
    assert!(cashier_page("http://pay.example/c/1").is_err());
    assert!(cashier_page("javascript:alert(1)").is_err());
}

/// Found by the `blockatm_answer` fuzz target: the QR held the cashier page as the gateway wrote
/// it, not as it was checked, so a page that only *starts* like the local simulator's passed.
#[test]
fn regression_the_qr_holds_the_cashier_page_as_checked() {
    // The fuzzer's input: an upper-case scheme was accepted but kept as written.
    assert_eq!(cashier_page("Https://pay.example/c/BA1"), Ok(Some("https://pay.example/c/BA1".into())));
    // A remote host whose name starts with the loopback address is plain http to anyone.
    let problem = cashier_page("http://127.0.0.1.evil.example/c/1").unwrap_err();
    assert!(problem.contains("is not an https address"), "{problem}");
}
