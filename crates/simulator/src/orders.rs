//! The in-memory order book: create, look up, pay (on time, late, or refused after the close),
//! fail, and the gateway's view of each order. The lifecycle itself is in `lifecycle.rs`.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use stabletill_gateway::{Money, Order, OrderStatus, PAYMENT_METHOD_TYPE_ON_CHAIN};

use crate::address::deposit_address;
use crate::error::SimulatorError;
use crate::lifecycle::{Payment, Phase, StoredOrder, Timing};
use crate::validate::ValidOrder;

/// A customer payment that came after the order's expiresAt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LatePayment {
    pub merchant_order_id: String,
    /// The amount sent, as a decimal string.
    pub amount: String,
    /// When it was sent, by the simulator's clock.
    pub at: Timestamp,
    pub expires_at: Timestamp,
    /// True: it came before the gateway closed the order, which ends SUCCEEDED ("paid late").
    /// False: the order was CLOSED already and the payment was refused.
    pub accepted: bool,
}

#[derive(Debug)]
pub(crate) struct OrderBook {
    merchant_id: String,
    timing: Timing,
    orders: Mutex<HashMap<String, StoredOrder>>,
    late: Mutex<Vec<LatePayment>>,
}

/// The create request refused because the id is taken; the existing order is left as it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate;

impl OrderBook {
    /// How fast this book's orders move (for what the methods endpoint advertises).
    pub fn timing(&self) -> Timing {
        self.timing
    }

    pub fn new(merchant_id: String, timing: Timing) -> Self {
        Self { merchant_id, timing, orders: Mutex::default(), late: Mutex::default() }
    }

    /// Adds the order unless its merchantOrderId exists, and answers it as the gateway would.
    pub fn create(&self, valid: ValidOrder, now: Timestamp) -> Result<Order, Duplicate> {
        let mut orders = self.lock();
        let id = valid.request.merchant_order_id.clone();
        if orders.contains_key(&id) {
            return Err(Duplicate);
        }
        let created_at = millisecond_precision(now);
        let order = StoredOrder {
            acquiring_order_id: format!("ORD_{:016X}", rand::random::<u64>()),
            payment_order_id: format!("PAY_{:016X}", rand::random::<u64>()),
            due: at_least_two_decimals(valid.amount + valid.method.network.fee),
            deposit_address: deposit_address(valid.method.network.address, &id),
            created_at,
            confirmation: self.timing.confirmation_for(&valid.method.network),
            auto_pay_at: self.timing.auto_pay_at(created_at),
            payment: None,
            failed_at: None,
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
    /// Any positive amount is accepted: a short or excess payment ends SUCCEEDED with that
    /// cryptoPaidAmount (the real gateway's rule for these is unknown; the till must flag them).
    pub fn pay(
        &self,
        merchant_order_id: &str,
        amount: Option<Decimal>,
        now: Timestamp,
    ) -> Result<(), SimulatorError> {
        let mut orders = self.lock();
        let order = orders.get_mut(merchant_order_id).ok_or_else(|| unknown(merchant_order_id))?;
        let amount = at_least_two_decimals(amount.unwrap_or(order.due));
        if amount <= Decimal::ZERO {
            return Err(SimulatorError::InvalidAmount { amount: amount.to_string() });
        }
        let phase = order.phase(&self.timing, now);
        let expires_at = order.valid.expires_at;
        let late = |accepted| LatePayment {
            merchant_order_id: merchant_order_id.to_owned(),
            amount: amount.to_string(),
            at: now,
            expires_at,
            accepted,
        };
        match phase {
            Phase::Pending => {}
            Phase::Closed => {
                self.note_late(late(false));
                return Err(SimulatorError::OrderClosed { merchant_order_id: merchant_order_id.to_owned() });
            }
            Phase::Failed => return Err(already_final(merchant_order_id, phase)),
            Phase::Processing | Phase::Succeeded { .. } => {
                return Err(SimulatorError::AlreadyPaid {
                    merchant_order_id: merchant_order_id.to_owned(),
                    status: phase.status().to_owned(),
                })
            }
        }
        if now >= expires_at {
            self.note_late(late(true));
        }
        order.payment = Some(Payment { amount, at: now });
        Ok(())
    }

    /// The gateway gives the order up (FAILED), whether or not a transaction was seen.
    pub fn fail(&self, merchant_order_id: &str, now: Timestamp) -> Result<(), SimulatorError> {
        let mut orders = self.lock();
        let order = orders.get_mut(merchant_order_id).ok_or_else(|| unknown(merchant_order_id))?;
        let phase = order.phase(&self.timing, now);
        if phase.is_final() {
            return Err(already_final(merchant_order_id, phase));
        }
        order.failed_at = Some(now);
        Ok(())
    }

    pub fn late_payments(&self) -> Vec<LatePayment> {
        self.late.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn note_late(&self, payment: LatePayment) {
        tracing::info!(order = %payment.merchant_order_id, accepted = payment.accepted, "late payment");
        self.late.lock().unwrap_or_else(|e| e.into_inner()).push(payment);
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, StoredOrder>> {
        // A panic while holding the lock cannot leave a half-written order (each change is one
        // insert or one assignment), so the data is still good to use.
        self.orders.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn view(&self, order: &StoredOrder, now: Timestamp) -> Order {
        let phase = order.phase(&self.timing, now);
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
            final_status: Some(phase.is_final()),
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

fn unknown(merchant_order_id: &str) -> SimulatorError {
    SimulatorError::UnknownOrder { merchant_order_id: merchant_order_id.to_owned() }
}

fn already_final(merchant_order_id: &str, phase: Phase) -> SimulatorError {
    SimulatorError::AlreadyFinal {
        merchant_order_id: merchant_order_id.to_owned(),
        status: phase.status().to_owned(),
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

#[cfg(test)]
#[path = "orders_tests.rs"]
mod tests;
