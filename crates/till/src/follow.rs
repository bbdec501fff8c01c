//! One look at a sale: ask the gateway for the order's status and record what changed. The poll
//! scheduler decides when to look; the cashier's cancel is recorded here too.

use std::time::Duration;

use jiff::Timestamp;
use stabletill_gateway::{GatewayError, Order};
use stabletill_ledger::{SaleException, SaleState, StatusUpdate};

use crate::answer_check::{check_status, AskedOrder};
use crate::exceptions::exceptions_for;
use crate::state_mapping::next_state;
use crate::till::lock;
use crate::{SaleView, Till, TillError};

/// A sale stuck in "creating" is given up (voided) only this long after the expiry it asked for:
/// by then the gateway refuses any create for it that might still be on its way.
const CREATING_GRACE: Duration = Duration::from_secs(30);

impl Till {
    /// Asks the gateway once and records what changed. Returns the sale and whether it changed.
    pub async fn refresh(&self, merchant_order_id: &str) -> Result<(SaleView, bool), TillError> {
        let before = self.sale(merchant_order_id)?;
        if before.state.is_terminal() {
            return Ok((before, false));
        }
        if before.state == SaleState::Creating {
            return self.settle_creating(before).await;
        }
        let order = self.client.query_order(merchant_order_id).await?;
        if let Some(echoed) = order.merchant_order_id.as_deref().filter(|id| *id != merchant_order_id) {
            return Err(TillError::UnusableAnswer(format!(
                "the gateway answered for order {echoed:?} when asked about {merchant_order_id:?}; the answer was ignored"
            )));
        }
        let Some(status) = order.status.clone() else {
            return Err(TillError::UnusableAnswer("the gateway's answer has no order status".into()));
        };
        // The sale may have changed while the question was out (the cashier cancelled it): the
        // next state is derived from what is stored now, read and written under one lock.
        let mut ledger = lock(&self.ledger);
        let current = ledger
            .sale(merchant_order_id)?
            .map(|record| SaleView::from(&record))
            .ok_or_else(|| TillError::NotFound(format!("no sale {merchant_order_id} in the sales log")))?;
        let state = next_state(current.state, &status);
        let checked = check_status(&current, &status, &order);
        // A paid amount that cannot be believed raises no under- or overpaid flag of its own.
        let believed = Order {
            crypto_paid_amount: order.crypto_paid_amount.clone().filter(|_| checked.crypto_paid.is_some()),
            ..order
        };
        let mut exceptions = exceptions_for(&current, state, &believed);
        let note = if checked.contradictions.is_empty() {
            None
        } else {
            let problem = checked.contradictions.join("; ");
            tracing::warn!(merchant_order_id, problem, "the gateway's answer contradicts the sale");
            exceptions.push(SaleException::InconsistentAnswer);
            Some(problem)
        };
        let update = StatusUpdate {
            exceptions,
            state,
            raw_status: Some(status.as_str().to_owned()),
            crypto_paid_amount: checked.crypto_paid,
            at: Timestamp::now(),
            source: "poll".to_owned(),
            note,
        };
        match ledger.record_status(merchant_order_id, &update)? {
            Some(record) => Ok((SaleView::from(&record), true)),
            None => Ok((current, false)),
        }
    }

    /// A sale whose create was never answered: adopt the order if the gateway has it; void the
    /// sale once the order could no longer have been paid.
    async fn settle_creating(&self, before: SaleView) -> Result<(SaleView, bool), TillError> {
        let id = before.merchant_order_id.clone();
        match self.client.query_order(&id).await {
            Ok(order) => {
                let asked = AskedOrder {
                    merchant_order_id: &id,
                    amount: before.order_amount.value.parse().unwrap_or_default(),
                    currency: &before.order_amount.currency,
                    network: &before.network,
                    gateway: self.client.kind(),
                };
                let view = self.adopt_order(asked, &order, "recovery")?;
                Ok((view, true))
            }
            Err(GatewayError::OrderNotFound) if self.past_requested_expiry(&before) => {
                self.void(&id, "the gateway never received this order (not found after its expiry)")?;
                Ok((self.sale(&id)?, true))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The cashier gives up on a sale: the till is free at once, but the order is still followed
    /// until the gateway says it is final, so a late payment is not lost.
    pub fn cancel_sale(&self, merchant_order_id: &str) -> Result<SaleView, TillError> {
        // Read and write under one lock, so a payment recorded a moment ago is never overwritten.
        let mut ledger = lock(&self.ledger);
        let before = ledger
            .sale(merchant_order_id)?
            .map(|record| SaleView::from(&record))
            .ok_or_else(|| TillError::NotFound(format!("no sale {merchant_order_id} in the sales log")))?;
        if before.state.is_terminal() {
            return Ok(before);
        }
        let update = StatusUpdate {
            state: SaleState::Cancelled,
            raw_status: before.status.clone(),
            crypto_paid_amount: None,
            at: Timestamp::now(),
            source: "cashier".to_owned(),
            note: Some("cancelled at the counter".to_owned()),
            exceptions: Vec::new(),
        };
        let record = ledger.record_status(merchant_order_id, &update)?;
        Ok(record.as_ref().map(SaleView::from).unwrap_or(before))
    }
}

impl Till {
    /// Voids every sale that is not final, with `reason`: for a demo till whose in-process
    /// gateway was restarted and no longer knows any earlier order. Returns how many.
    pub fn void_open_sales(&self, reason: &str) -> Result<usize, TillError> {
        let open = self.open_sales()?;
        for sale in &open {
            self.void(&sale.merchant_order_id, reason)?;
        }
        Ok(open.len())
    }

    /// Whether the expiry this sale's create asked for (plus a grace) has passed, so no order can
    /// appear for it any more. The asked-for expiry is the stored one, else creation + lifetime.
    fn past_requested_expiry(&self, sale: &SaleView) -> bool {
        let asked = sale.expires_at.as_deref().and_then(|t| t.parse::<Timestamp>().ok()).or_else(|| {
            let created = sale.created_at.parse::<Timestamp>().ok()?;
            created.checked_add(jiff::SignedDuration::try_from(self.order_lifetime).ok()?).ok()
        });
        let Some(asked) = asked else { return false };
        Timestamp::now().duration_since(asked)
            > jiff::SignedDuration::try_from(CREATING_GRACE).unwrap_or_default()
    }
}
