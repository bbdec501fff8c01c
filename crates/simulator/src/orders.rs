//! The in-memory order book and each order's lifecycle. Status is computed from timestamps whenever
//! an order is looked at (PENDING → paid → PROCESSING for the confirmation delay → SUCCEEDED;
//! unpaid past expiresAt → CLOSED), so nothing needs to tick in the background and a test only has
//! to wait, never to drive a clock.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use stabletill_gateway::{Money, Order, OrderStatus, PAYMENT_METHOD_TYPE_ON_CHAIN};

use crate::address::deposit_address;
use crate::error::SimulatorError;
use crate::validate::ValidOrder;

/// How fast orders move; from the configuration.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    pub auto_pay_after: Option<Duration>,
    pub confirmation_delay: Duration,
}

#[derive(Debug)]
pub(crate) struct OrderBook {
    merchant_id: String,
    timing: Timing,
    orders: Mutex<HashMap<String, StoredOrder>>,
}

/// The create request refused because the id is taken; the existing order is left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate;

#[derive(Debug, Clone)]
struct StoredOrder {
    valid: ValidOrder,
    acquiring_order_id: String,
    payment_order_id: String,
    due: Decimal,
    deposit_address: String,
    created_at: Timestamp,
    /// A payment made through [`OrderBook::pay`]; an automatic one is derived, not stored.
    payment: Option<Payment>,
}

#[derive(Debug, Clone, Copy)]
struct Payment {
    amount: Decimal,
    at: Timestamp,
}

/// Where an order stands at a given moment.
#[derive(Debug, Clone, Copy)]
enum Phase {
    Pending,
    Processing,
    Succeeded { paid: Payment, confirmed_at: Timestamp },
    Closed,
}

impl Phase {
    fn status(&self) -> &'static str {
        match self {
            // Undocumented awaiting status: the till treats any non-terminal value as awaiting.
            Self::Pending => "PENDING",
            Self::Processing => "PROCESSING",
            Self::Succeeded { .. } => "SUCCEEDED",
            Self::Closed => "CLOSED",
        }
    }
}

impl OrderBook {
    pub fn new(merchant_id: String, timing: Timing) -> Self {
        Self { merchant_id, timing, orders: Mutex::new(HashMap::new()) }
    }

    /// Adds the order unless its merchantOrderId exists, and answers it as the gateway would.
    pub fn create(&self, valid: ValidOrder, now: Timestamp) -> Result<Order, Duplicate> {
        let mut orders = self.lock();
        let id = valid.request.merchant_order_id.clone();
        if orders.contains_key(&id) {
            return Err(Duplicate);
        }
        let order = StoredOrder {
            acquiring_order_id: format!("ORD_{:016X}", rand::random::<u64>()),
            payment_order_id: format!("PAY_{:016X}", rand::random::<u64>()),
            due: at_least_two_decimals(valid.amount + valid.method.network.fee),
            deposit_address: deposit_address(valid.method.network.address, &id),
            created_at: millisecond_precision(now),
            payment: None,
            valid,
        };
        let answer = self.view(&order, now);
        orders.insert(id, order);
        Ok(answer)
    }

    pub fn get(&self, merchant_order_id: &str, now: Timestamp) -> Option<Order> {
        let orders = self.lock();
        orders.get(merchant_order_id).map(|order| self.view(order, now))
    }

    /// The customer sends `amount` (None: exactly what is due) to the order's deposit address now.
    pub fn pay(
        &self,
        merchant_order_id: &str,
        amount: Option<Decimal>,
        now: Timestamp,
    ) -> Result<(), SimulatorError> {
        let mut orders = self.lock();
        let order = orders.get_mut(merchant_order_id).ok_or_else(|| SimulatorError::UnknownOrder {
            merchant_order_id: merchant_order_id.to_owned(),
        })?;
        let phase = self.phase(order, now);
        match phase {
            Phase::Pending => {}
            Phase::Closed => {
                return Err(SimulatorError::OrderClosed { merchant_order_id: merchant_order_id.to_owned() })
            }
            Phase::Processing | Phase::Succeeded { .. } => {
                return Err(SimulatorError::AlreadyPaid {
                    merchant_order_id: merchant_order_id.to_owned(),
                    status: phase.status().to_owned(),
                })
            }
        }
        let amount = amount.unwrap_or(order.due);
        if amount <= Decimal::ZERO {
            return Err(SimulatorError::InvalidAmount { amount: amount.to_string() });
        }
        order.payment = Some(Payment { amount: at_least_two_decimals(amount), at: now });
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, StoredOrder>> {
        // A panic while holding the lock cannot leave a half-written order (each change is one
        // insert or one assignment), so the data is still good to use.
        self.orders.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn phase(&self, order: &StoredOrder, now: Timestamp) -> Phase {
        let expires_at = order.valid.expires_at;
        let auto_payment = self.timing.auto_pay_after.and_then(|after| {
            let at = later(order.created_at, after);
            (at < expires_at && now >= at).then_some(Payment { amount: order.due, at })
        });
        match order.payment.or(auto_payment) {
            Some(paid) => {
                let confirmed_at = later(paid.at, self.timing.confirmation_delay);
                if now >= confirmed_at {
                    Phase::Succeeded { paid, confirmed_at }
                } else {
                    Phase::Processing
                }
            }
            None if now >= expires_at => Phase::Closed,
            None => Phase::Pending,
        }
    }

    fn view(&self, order: &StoredOrder, now: Timestamp) -> Order {
        let phase = self.phase(order, now);
        let request = &order.valid.request;
        let currency = &request.order_amount.currency;
        let network = &order.valid.method.network;
        let (paid_amount, paid_time) = match phase {
            Phase::Succeeded { paid, confirmed_at } => {
                (Some(Money::new(paid.amount, currency.clone())), Some(confirmed_at.to_string().into()))
            }
            _ => (None, None),
        };
        Order {
            merchant_id: Some(self.merchant_id.clone()),
            merchant_order_id: Some(request.merchant_order_id.clone()),
            acquiring_order_id: Some(order.acquiring_order_id.clone()),
            payment_order_id: Some(order.payment_order_id.clone()),
            status: Some(OrderStatus::parse(phase.status())),
            final_status: Some(matches!(phase, Phase::Succeeded { .. } | Phase::Closed)),
            order_amount: Some(request.order_amount.clone()),
            crypto_payment_amount: Some(Money::new(order.due, currency.clone())),
            crypto_paid_amount: paid_amount,
            deposit_address: Some(order.deposit_address.clone()),
            network: Some(network.code.to_owned()),
            network_display_name: Some(network.display_name.to_owned()),
            payment_method_type: Some(PAYMENT_METHOD_TYPE_ON_CHAIN.to_owned()),
            payment_method_value: None,
            crypto_payment_detail: None,
            expires_at: Some(order.valid.expires_at.to_string()),
            created_time: Some(order.created_at.to_string().into()),
            paid_time,
        }
    }
}

/// Amounts on the wire always show cents: 13 → "13.00", 12.623456 stays as it is.
fn at_least_two_decimals(mut amount: Decimal) -> Decimal {
    if amount.scale() < 2 {
        amount.rescale(2);
    }
    amount
}

fn millisecond_precision(at: Timestamp) -> Timestamp {
    Timestamp::from_millisecond(at.as_millisecond()).unwrap_or(at)
}

/// `at + duration`, saturating: a configured delay too long for the calendar simply never elapses.
fn later(at: Timestamp, duration: Duration) -> Timestamp {
    SignedDuration::try_from(duration).ok().and_then(|d| at.checked_add(d).ok()).unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::create_request;

    const ID: &str = "ST-till1-000000000001";

    fn at(second: i64) -> Timestamp {
        Timestamp::from_second(1_763_700_000 + second).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn book(auto_pay_after: Option<Duration>) -> OrderBook {
        let timing = Timing { auto_pay_after, confirmation_delay: Duration::from_secs(10) };
        OrderBook::new("MCH_TEST".into(), timing)
    }

    /// 12.50 USDT on tron, expiring 100 s after `at(0)`.
    fn create(book: &OrderBook) -> Order {
        let body = format!(
            r#"{{"merchantOrderId":"{ID}","orderAmount":{{"value":"12.50","currency":"USDT"}},"paymentMethodType":"ON_CHAIN_TRANSFER","network":"tron","expiresAt":"{}"}}"#,
            at(100)
        );
        let valid = create_request(body.as_bytes(), at(0)).map_err(|e| e.message);
        let valid = valid.unwrap_or_else(|e| panic!("{e}"));
        book.create(valid, at(0)).unwrap_or_default()
    }

    fn status(book: &OrderBook, second: i64) -> String {
        book.get(ID, at(second)).and_then(|o| o.status).map(|s| s.to_string()).unwrap_or_default()
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
    fn a_payment_is_processing_then_succeeded() {
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
    }

    #[test]
    fn an_unpaid_order_closes_at_expiry_and_cannot_be_paid_then() {
        let book = book(None);
        create(&book);
        assert_eq!(status(&book, 99), "PENDING");
        assert_eq!(status(&book, 100), "CLOSED");
        assert!(matches!(book.pay(ID, None, at(100)), Err(SimulatorError::OrderClosed { .. })));
        assert!(matches!(book.pay("nope", None, at(1)), Err(SimulatorError::UnknownOrder { .. })));
    }

    #[test]
    fn auto_pay_pays_exactly_the_due_amount_unless_expired_first() {
        let book = book(Some(Duration::from_secs(3)));
        create(&book);
        assert_eq!(status(&book, 2), "PENDING");
        assert_eq!(status(&book, 3), "PROCESSING");
        let order = book.get(ID, at(13)).unwrap_or_default();
        assert_eq!(order.crypto_paid_amount.map(|m| m.value), Some("13.00".into()));

        let late = self::book(Some(Duration::from_secs(100)));
        create(&late);
        assert_eq!(status(&late, 150), "CLOSED");
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
}
