//! The BlockATM order book and each order's lifecycle, computed from timestamps whenever an order
//! is looked at (as on the PayStableCoin side), so nothing ticks in the background:
//!
//! ```text
//! PENDING ──paid──► PROCESSING ──confirmation──► SUCCESS
//!    │ unpaid at expireTime         CANCELLED (on command, from PENDING)
//!    ▼                              FAILED    (on command, from PENDING or PROCESSING)
//! EXPIRED
//! ```
//! A payment of any positive amount ends SUCCESS with that `paidAmount` (short or over: the till
//! must flag the difference); a payment after expireTime is refused.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use jiff::Timestamp;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use stabletill_gateway::blockatm::{status, BlockAtmOrder, PaymentRecord};

use super::validate::ValidQrOrder;
use crate::address::deposit_address;
use crate::error::SimulatorError;
use crate::lifecycle::later;

#[derive(Debug, Clone)]
struct StoredOrder {
    valid: ValidQrOrder,
    order_no: String,
    to_address: String,
    created_at: Timestamp,
    auto_pay_at: Option<Timestamp>,
    payment: Option<Payment>,
    failed_at: Option<Timestamp>,
    cancelled_at: Option<Timestamp>,
}

#[derive(Debug, Clone)]
struct Payment {
    amount: Decimal,
    at: Timestamp,
    tx_hash: String,
}

#[derive(Debug, Clone)]
enum Phase {
    Pending,
    Processing(Payment),
    Success(Payment),
    Expired,
    Cancelled,
    Failed,
}

impl Phase {
    fn status(&self) -> &'static str {
        match self {
            Self::Pending => status::PENDING,
            Self::Processing(_) => status::PROCESSING,
            Self::Success(_) => status::SUCCESS,
            Self::Expired => status::EXPIRED,
            Self::Cancelled => status::CANCELLED,
            Self::Failed => status::FAILED,
        }
    }
}

impl StoredOrder {
    fn phase(&self, confirmation: Duration, now: Timestamp) -> Phase {
        if self.failed_at.is_some_and(|at| now >= at) {
            return Phase::Failed;
        }
        if self.cancelled_at.is_some_and(|at| now >= at) {
            return Phase::Cancelled;
        }
        // The demo customer pays in time or not at all.
        let auto = self.auto_pay_at.filter(|&at| at < self.valid.expire_at && now >= at).map(|at| Payment {
            amount: self.valid.amount,
            at,
            tx_hash: tx_hash(self.valid.offer.chain.network, &self.order_no),
        });
        match self.payment.clone().filter(|p| now >= p.at).or(auto) {
            Some(paid) if now >= later(paid.at, confirmation) => Phase::Success(paid),
            Some(paid) => Phase::Processing(paid),
            None if now >= self.valid.expire_at => Phase::Expired,
            None => Phase::Pending,
        }
    }
}

#[derive(Debug)]
pub(crate) struct OrderBook {
    confirmation: Duration,
    auto_pay_after: Option<Duration>,
    orders: Mutex<HashMap<String, StoredOrder>>,
}

/// The merchantOrderNo is taken; the existing order is left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate;

impl OrderBook {
    pub fn new(confirmation: Duration, auto_pay_after: Option<Duration>) -> Self {
        Self { confirmation, auto_pay_after, orders: Mutex::default() }
    }

    /// Adds the order unless its merchantOrderNo exists; `base_url` is where the cashier page lives.
    pub fn create(
        &self,
        valid: ValidQrOrder,
        now: Timestamp,
        base_url: &str,
    ) -> Result<BlockAtmOrder, Duplicate> {
        let mut orders = self.lock();
        if orders.contains_key(&valid.merchant_order_no) {
            return Err(Duplicate);
        }
        let created_at = Timestamp::from_millisecond(now.as_millisecond()).unwrap_or(now);
        let order = StoredOrder {
            order_no: format!("BA{:016X}", rand::random::<u64>()),
            to_address: deposit_address(valid.offer.address_kind(), &valid.merchant_order_no),
            created_at,
            auto_pay_at: self.auto_pay_after.map(|after| later(created_at, after)),
            payment: None,
            failed_at: None,
            cancelled_at: None,
            valid,
        };
        let answer = self.view(&order, now, base_url);
        orders.insert(order.valid.merchant_order_no.clone(), order);
        Ok(answer)
    }

    pub fn get(&self, merchant_order_no: &str, now: Timestamp, base_url: &str) -> Option<BlockAtmOrder> {
        self.lock().get(merchant_order_no).map(|order| self.view(order, now, base_url))
    }

    /// The order with this orderNo (the cashier page's id), as the gateway would describe it.
    pub fn by_order_no(&self, order_no: &str, now: Timestamp, base_url: &str) -> Option<BlockAtmOrder> {
        let orders = self.lock();
        orders.values().find(|o| o.order_no == order_no).map(|order| self.view(order, now, base_url))
    }

    /// The customer sends `amount` (None: exactly the order's amount) now.
    pub fn pay(&self, id: &str, amount: Option<Decimal>, now: Timestamp) -> Result<(), SimulatorError> {
        let mut orders = self.lock();
        let order = orders.get_mut(id).ok_or_else(|| unknown(id))?;
        let amount = amount.unwrap_or(order.valid.amount);
        if amount <= Decimal::ZERO {
            return Err(SimulatorError::InvalidAmount { amount: amount.to_string() });
        }
        match order.phase(self.confirmation, now) {
            Phase::Pending => {}
            Phase::Expired => return Err(SimulatorError::OrderClosed { merchant_order_id: id.to_owned() }),
            phase @ (Phase::Processing(_) | Phase::Success(_)) => return Err(already_paid(id, &phase)),
            phase => return Err(already_final(id, &phase)),
        }
        let tx_hash = tx_hash(
            order.valid.offer.chain.network,
            &format!("{}:{}", order.order_no, rand::random::<u64>()),
        );
        order.payment = Some(Payment { amount, at: now, tx_hash });
        Ok(())
    }

    /// The gateway gives the order up (FAILED), whether or not a transaction was seen.
    pub fn fail(&self, id: &str, now: Timestamp) -> Result<(), SimulatorError> {
        let mut orders = self.lock();
        let order = orders.get_mut(id).ok_or_else(|| unknown(id))?;
        match order.phase(self.confirmation, now) {
            Phase::Pending | Phase::Processing(_) => {
                order.failed_at = Some(now);
                Ok(())
            }
            phase => Err(already_final(id, &phase)),
        }
    }

    /// The merchant cancels an order nobody has paid yet (CANCELLED).
    pub fn cancel(&self, id: &str, now: Timestamp) -> Result<(), SimulatorError> {
        let mut orders = self.lock();
        let order = orders.get_mut(id).ok_or_else(|| unknown(id))?;
        match order.phase(self.confirmation, now) {
            Phase::Pending => {
                order.cancelled_at = Some(now);
                Ok(())
            }
            phase @ Phase::Processing(_) => Err(already_paid(id, &phase)),
            phase => Err(already_final(id, &phase)),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, StoredOrder>> {
        // Each change is one insert or one assignment: a poisoned lock still holds good data.
        self.orders.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn view(&self, order: &StoredOrder, now: Timestamp, base_url: &str) -> BlockAtmOrder {
        let phase = order.phase(self.confirmation, now);
        let pay_url = format!("{base_url}/cashier/{}", order.order_no);
        let payment = match &phase {
            Phase::Processing(paid) | Phase::Success(paid) => Some(paid),
            // A transaction seen before the order failed stays on record.
            Phase::Failed => order.payment.as_ref().filter(|p| now >= p.at),
            _ => None,
        };
        let payments: Vec<PaymentRecord> = payment
            .map(|p| PaymentRecord {
                tx_hash: Some(p.tx_hash.clone()),
                amount: Some(p.amount.to_string()),
                timestamp: Some(p.at.as_millisecond()),
            })
            .into_iter()
            .collect();
        BlockAtmOrder {
            order_no: Some(order.order_no.clone()),
            merchant_order_no: Some(order.valid.merchant_order_no.clone()),
            chain_id: Some(order.valid.offer.chain.chain_id.to_owned()),
            chain_name: Some(order.valid.offer.chain.name.to_owned()),
            symbol: Some(order.valid.offer.symbol.to_owned()),
            amount: Some(order.valid.amount_text.clone()),
            to_address: Some(order.to_address.clone()),
            qr_code: Some(pay_url.clone()),
            pay_url: Some(pay_url),
            expire_time: Some(order.valid.expire_at.as_millisecond()),
            create_time: Some(order.created_at.as_millisecond()),
            status: Some(phase.status().to_owned()),
            paid_amount: Some(payment.map_or(Decimal::ZERO, |p| p.amount).to_string()),
            payments,
        }
    }
}

/// A transaction hash of the chain's shape: 64 hex digits, `0x`-prefixed outside TRON.
fn tx_hash(network: &str, seed: &str) -> String {
    let hex: String = Sha256::digest(format!("stabletill-blockatm-tx:{seed}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if network == "tron" {
        hex
    } else {
        format!("0x{hex}")
    }
}

fn unknown(id: &str) -> SimulatorError {
    SimulatorError::UnknownOrder { merchant_order_id: id.to_owned() }
}

fn already_paid(id: &str, phase: &Phase) -> SimulatorError {
    SimulatorError::AlreadyPaid { merchant_order_id: id.to_owned(), status: phase.status().to_owned() }
}

fn already_final(id: &str, phase: &Phase) -> SimulatorError {
    SimulatorError::AlreadyFinal { merchant_order_id: id.to_owned(), status: phase.status().to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blockatm::methods;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millisecond(1_763_700_000_000 + ms).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn valid(id: &str) -> ValidQrOrder {
        let offer = methods::find("tron", "USDT").unwrap_or_else(|| unreachable!("USDT on TRON is offered"));
        ValidQrOrder {
            merchant_order_no: id.into(),
            offer,
            amount_text: "12.50".into(),
            amount: Decimal::new(1250, 2),
            expire_at: at(60_000),
        }
    }

    fn status_at(book: &OrderBook, id: &str, ms: i64) -> Option<String> {
        book.get(id, at(ms), "http://x").and_then(|o| o.status)
    }

    #[test]
    fn pending_then_processing_then_success() {
        let book = OrderBook::new(Duration::from_secs(5), None);
        let created = book.create(valid("A"), at(0), "http://x").ok();
        assert_eq!(
            created.as_ref().and_then(|o| o.pay_url.clone()),
            created.as_ref().and_then(|o| o.qr_code.clone())
        );
        assert_eq!(book.create(valid("A"), at(1), "http://x"), Err(Duplicate));
        assert_eq!(book.pay("A", None, at(1_000)), Ok(()));
        assert_eq!(status_at(&book, "A", 2_000).as_deref(), Some("PROCESSING"));
        let done = book.get("A", at(6_000), "http://x").unwrap_or_default();
        assert_eq!(done.status.as_deref(), Some("SUCCESS"));
        assert_eq!(done.paid_amount.as_deref(), Some("12.50"));
        assert!(done.payments[0].tx_hash.as_ref().is_some_and(|h| h.len() == 64));
        assert!(matches!(book.pay("A", None, at(7_000)), Err(SimulatorError::AlreadyPaid { .. })));
    }

    #[test]
    fn expiry_cancel_fail_and_auto_pay() {
        let book = OrderBook::new(Duration::ZERO, None);
        let _ = book.create(valid("E"), at(0), "");
        assert_eq!(status_at(&book, "E", 60_000).as_deref(), Some("EXPIRED"));
        assert!(matches!(book.pay("E", None, at(61_000)), Err(SimulatorError::OrderClosed { .. })));
        let _ = book.create(valid("C"), at(0), "");
        assert_eq!(book.cancel("C", at(1)), Ok(()));
        assert_eq!(status_at(&book, "C", 2).as_deref(), Some("CANCELLED"));
        let _ = book.create(valid("F"), at(0), "");
        assert_eq!(book.fail("F", at(1)), Ok(()));
        assert!(matches!(book.fail("F", at(2)), Err(SimulatorError::AlreadyFinal { .. })));
        assert!(matches!(book.pay("nope", None, at(2)), Err(SimulatorError::UnknownOrder { .. })));

        let auto = OrderBook::new(Duration::from_secs(1), Some(Duration::from_secs(2)));
        let _ = auto.create(valid("P"), at(0), "");
        assert_eq!(status_at(&auto, "P", 1_000).as_deref(), Some("PENDING"));
        assert_eq!(status_at(&auto, "P", 2_500).as_deref(), Some("PROCESSING"));
        assert_eq!(status_at(&auto, "P", 3_000).as_deref(), Some("SUCCESS"));
    }
}
