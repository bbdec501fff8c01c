//! The order book's lifecycle on a driven clock: seconds after a fixed instant, no waiting.

use std::time::Duration;

use super::*;
use crate::lifecycle::Confirmation;
use crate::validate::create_request;

const ID: &str = "ST-till1-000000000001";

fn at(second: i64) -> Timestamp {
    Timestamp::from_second(1_763_700_000 + second).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn timing() -> Timing {
    Timing {
        auto_pay_after: None,
        auto_pay_spread: Duration::ZERO,
        confirmation: Confirmation::Fixed(Duration::from_secs(10)),
        close_grace: Duration::ZERO,
    }
}

fn book(auto_pay_after: Option<Duration>) -> OrderBook {
    OrderBook::new("MCH_TEST".into(), Timing { auto_pay_after, ..timing() })
}

/// `value` USDT on `network`, expiring 100 s after `at(0)`.
fn create_on(book: &OrderBook, value: &str, network: &str) -> Order {
    let body = format!(
        r#"{{"merchantOrderId":"{ID}","orderAmount":{{"value":"{value}","currency":"USDT"}},"paymentMethodType":"ON_CHAIN_TRANSFER","network":"{network}","expiresAt":"{}"}}"#,
        at(100)
    );
    let valid = create_request(body.as_bytes(), at(0)).map_err(|e| e.message);
    let valid = valid.unwrap_or_else(|e| panic!("{e}"));
    book.create(valid, at(0)).unwrap_or_default()
}

fn create(book: &OrderBook) -> Order {
    create_on(book, "12.50", "tron")
}

fn status(book: &OrderBook, second: i64) -> String {
    book.get(ID, at(second)).and_then(|o| o.status).map(|s| s.to_string()).unwrap_or_default()
}

fn paid(book: &OrderBook, second: i64) -> Option<String> {
    book.get(ID, at(second)).and_then(|o| o.crypto_paid_amount).map(|m| m.value)
}

#[test]
fn a_new_order_is_pending_with_the_fee_added() {
    let book = book(None);
    let order = create(&book);
    assert_eq!(order.status, Some(OrderStatus::Other("PENDING".into())));
    assert_eq!(order.final_status, Some(false));
    assert_eq!(order.crypto_payment_amount.map(|m| m.value), Some("13.00".into()));
    assert_eq!(order.expires_at.as_deref(), Some("2025-11-21T04:41:40Z"));
    assert_eq!(order.created_time, Some("2025-11-21T04:40:00Z".into()));
    assert!(order.acquiring_order_id.is_some_and(|id| id.starts_with("ORD_")));
    assert!(order.payment_order_id.is_some_and(|id| id.starts_with("PAY_")));
}

#[test]
fn a_short_payment_is_processing_then_succeeded_with_the_amount_paid() {
    let book = book(None);
    create(&book);
    assert_eq!(book.pay(ID, Some(Decimal::new(12, 0)), at(5)), Ok(()));
    assert_eq!(status(&book, 14), "PROCESSING");
    assert_eq!(status(&book, 15), "SUCCEEDED");
    let order = book.get(ID, at(500)).unwrap_or_default();
    assert_eq!(order.final_status, Some(true));
    assert_eq!(order.crypto_paid_amount.map(|m| m.value), Some("12.00".into()));
    assert_eq!(order.paid_time, Some("2025-11-21T04:40:15Z".into()));
    assert!(matches!(book.pay(ID, None, at(20)), Err(SimulatorError::AlreadyPaid { .. })));
    assert!(book.late_payments().is_empty(), "paid in time");
}

#[test]
fn an_overpayment_succeeds_with_the_amount_paid() {
    let book = book(None);
    create(&book);
    assert_eq!(book.pay(ID, Some(Decimal::new(2000, 2)), at(1)), Ok(()));
    assert_eq!(paid(&book, 11), Some("20.00".into()));
    assert!(matches!(book.pay(ID, Some(Decimal::ZERO), at(1)), Err(SimulatorError::InvalidAmount { .. })));
}

#[test]
fn an_unpaid_order_closes_at_expiry_plus_grace_and_is_refused_then() {
    let graced =
        OrderBook::new("MCH_TEST".into(), Timing { close_grace: Duration::from_secs(30), ..timing() });
    create(&graced);
    assert_eq!(status(&graced, 99), "PENDING");
    assert_eq!(status(&graced, 129), "PENDING", "expired but not yet closed by the gateway");
    assert_eq!(status(&graced, 130), "CLOSED");
    assert!(matches!(graced.pay(ID, None, at(130)), Err(SimulatorError::OrderClosed { .. })));
    assert!(matches!(graced.pay("nope", None, at(1)), Err(SimulatorError::UnknownOrder { .. })));
    let late = graced.late_payments();
    assert_eq!(late.len(), 1);
    assert_eq!((late[0].accepted, late[0].amount.as_str(), late[0].at), (false, "13.00", at(130)));
    assert_eq!(status(&graced, 1000), "CLOSED", "final");
}

#[test]
fn a_payment_between_expiry_and_close_is_paid_late() {
    let graced =
        OrderBook::new("MCH_TEST".into(), Timing { close_grace: Duration::from_secs(30), ..timing() });
    create(&graced);
    assert_eq!(graced.pay(ID, None, at(110)), Ok(()));
    assert_eq!(status(&graced, 119), "PROCESSING");
    assert_eq!(status(&graced, 1000), "SUCCEEDED", "the close never comes for a paid order");
    let order = graced.get(ID, at(1000)).unwrap_or_default();
    assert_eq!(order.paid_time, Some(at(120).to_string().into()));
    assert!(order.paid_at() > order.expires_at(), "paid late");
    let late = graced.late_payments();
    assert_eq!((late.len(), late[0].accepted, late[0].expires_at), (1, true, at(100)));
}

#[test]
fn failed_is_final_from_pending_or_processing() {
    let book = book(None);
    create(&book);
    assert_eq!(book.fail(ID, at(10)), Ok(()));
    assert_eq!(status(&book, 10), "FAILED");
    assert_eq!(book.get(ID, at(10)).and_then(|o| o.final_status), Some(true));
    assert!(matches!(book.pay(ID, None, at(11)), Err(SimulatorError::AlreadyFinal { .. })));
    assert!(matches!(book.fail(ID, at(12)), Err(SimulatorError::AlreadyFinal { .. })));
    assert_eq!(status(&book, 1000), "FAILED", "not CLOSED later");

    let processing = self::book(None);
    create(&processing);
    assert_eq!(processing.pay(ID, None, at(1)), Ok(()));
    assert_eq!(processing.fail(ID, at(5)), Ok(()));
    assert_eq!(status(&processing, 100), "FAILED", "never SUCCEEDED after failing");
    assert_eq!(paid(&processing, 100), None);

    let done = self::book(None);
    create(&done);
    assert_eq!(done.pay(ID, None, at(1)), Ok(()));
    let refused = done.fail(ID, at(11));
    assert!(matches!(&refused, Err(SimulatorError::AlreadyFinal { status, .. }) if status == "SUCCEEDED"));
    assert_eq!(status(&done, 12), "SUCCEEDED");
}

#[test]
fn auto_pay_pays_exactly_the_due_amount_unless_expired_or_failed_first() {
    let book = book(Some(Duration::from_secs(3)));
    create(&book);
    assert_eq!(status(&book, 2), "PENDING");
    assert_eq!(status(&book, 3), "PROCESSING");
    assert_eq!(paid(&book, 13), Some("13.00".into()));

    let late = self::book(Some(Duration::from_secs(100)));
    create(&late);
    assert_eq!(status(&late, 150), "CLOSED");

    let failed = self::book(Some(Duration::from_secs(3)));
    create(&failed);
    assert_eq!(failed.fail(ID, at(1)), Ok(()));
    assert_eq!(status(&failed, 50), "FAILED");
}

#[test]
fn each_network_keeps_its_own_confirmation_time() {
    let per_network = Timing { confirmation: Confirmation::PerNetwork { time_scale: 0.1 }, ..timing() };
    let book = OrderBook::new("MCH_TEST".into(), per_network);
    create_on(&book, "12.50", "ethereum");
    assert_eq!(book.pay(ID, None, at(0)), Ok(()));
    assert_eq!(status(&book, 29), "PROCESSING", "ethereum: 300 s × 0.1");
    assert_eq!(status(&book, 30), "SUCCEEDED");
}

#[test]
fn a_duplicate_leaves_the_first_order_alone() {
    let book = book(None);
    let first = create(&book);
    let body = format!(
        r#"{{"merchantOrderId":"{ID}","orderAmount":{{"value":"50","currency":"USDC"}},"paymentMethodType":"ON_CHAIN_TRANSFER","network":"bsc","expiresAt":"{}"}}"#,
        at(100)
    );
    let again = create_request(body.as_bytes(), at(1)).map_err(|e| e.message);
    let again = again.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(book.create(again, at(1)), Err(Duplicate));
    assert_eq!(book.get(ID, at(0)), Some(first));
}
