//! Following a sale to its end: ask the gateway for the order's status, record every change, and
//! tell the caller (the app's events, the CLI's output) about it.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use stabletill_gateway::GatewayError;
use stabletill_ledger::{SaleState, StatusUpdate};

use crate::state_mapping::next_state;
use crate::till::{lock, ORDER_LIFETIME};
use crate::{SaleView, Till, TillError, WatchOutcome};

/// A sale stuck in "creating" is given up (voided) only once its order could no longer be paid.
const CREATING_GRACE: Duration = Duration::from_secs(60);

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
        let Some(status) = order.status else {
            return Err(TillError::UnusableAnswer("the gateway's answer has no order status".into()));
        };
        let update = StatusUpdate {
            state: next_state(before.state, &status),
            raw_status: Some(status.as_str().to_owned()),
            crypto_paid_amount: order.crypto_paid_amount.as_ref().and_then(|m| m.decimal().ok()),
            at: Timestamp::now(),
            source: "poll".to_owned(),
            note: None,
        };
        match lock(&self.ledger).record_status(merchant_order_id, &update)? {
            Some(record) => Ok((SaleView::from(&record), true)),
            None => Ok((before, false)),
        }
    }

    /// A sale whose create was never answered: adopt the order if the gateway has it; void the
    /// sale once the order could no longer have been paid.
    async fn settle_creating(&self, before: SaleView) -> Result<(SaleView, bool), TillError> {
        let id = before.merchant_order_id.clone();
        match self.client.query_order(&id).await {
            Ok(order) => {
                let amount = before.order_amount.value.parse().unwrap_or_default();
                let view =
                    self.adopt_order(&id, &order, "recovery", amount, &before.order_amount.currency)?;
                Ok((view, true))
            }
            Err(GatewayError::OrderNotFound) if created_long_ago(&before) => {
                self.void(&id, "the gateway never received this order")?;
                Ok((self.sale(&id)?, true))
            }
            Err(error) => Err(error.into()),
        }
    }

    /// The cashier gives up on a sale: the till is free at once, but the order is still followed
    /// until the gateway says it is final, so a late payment is not lost.
    pub fn cancel_sale(&self, merchant_order_id: &str) -> Result<SaleView, TillError> {
        let before = self.sale(merchant_order_id)?;
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
        };
        let record = lock(&self.ledger).record_status(merchant_order_id, &update)?;
        Ok(record.as_ref().map(SaleView::from).unwrap_or(before))
    }

    /// Polls every `interval` until the gateway reports a final status or `deadline` passes,
    /// calling `on_change` with every change. Passing network trouble is waited out; an error
    /// that waiting cannot fix (wrong secret, API disabled) ends the watch.
    pub async fn watch(
        &self,
        merchant_order_id: &str,
        interval: Duration,
        deadline: Option<Instant>,
        mut on_change: impl FnMut(&SaleView),
    ) -> Result<WatchOutcome, TillError> {
        loop {
            match self.refresh(merchant_order_id).await {
                Ok((view, changed)) => {
                    if changed {
                        on_change(&view);
                    }
                    if view.state.is_terminal() {
                        return Ok(WatchOutcome::Finished(view));
                    }
                }
                Err(TillError::Gateway(error)) if error.is_transient() => {
                    tracing::warn!(merchant_order_id, %error, "status check failed; trying again");
                }
                Err(error) => return Err(error),
            }
            if deadline.is_some_and(|d| Instant::now() + interval > d) {
                return Ok(WatchOutcome::TimedOut(self.sale(merchant_order_id)?));
            }
            tokio::time::sleep(interval).await;
        }
    }
}

fn created_long_ago(sale: &SaleView) -> bool {
    let Ok(created) = sale.created_at.parse::<Timestamp>() else {
        return false;
    };
    let limit = ORDER_LIFETIME + CREATING_GRACE;
    Timestamp::now().duration_since(created).unsigned_abs() > limit
}
