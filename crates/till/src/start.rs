//! Starting a sale: check the amount, commit the sale row, then (and only then) ask the gateway
//! for the order. An answer that never came is settled by looking the order up, never by a
//! second order.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use stabletill_gateway::{CreateOrderRequest, GatewayError, Money, Order, PAYMENT_METHOD_TYPE_ON_CHAIN};
use stabletill_ledger::{NewSale, SaleState, StatusUpdate};

use crate::answer_check::{check_new_order, AskedOrder};
use crate::methods::{check_limits, find_method};
use crate::order_id::new_merchant_order_id;
use crate::state_mapping::next_state;
use crate::till::lock;
use crate::{parse_amount, SaleView, Till, TillError};

/// How many times a create is sent (always with the same merchantOrderId) before the sale is
/// left "creating" for a later look-up to settle.
const CREATE_ROUNDS: u32 = 3;
const RESEND_SPACING: Duration = Duration::from_millis(500);

impl Till {
    /// Charges `amount_text` in `currency` on `network`: returns the sale with its deposit
    /// address and the exact crypto amount the customer must send. Bad input changes nothing.
    pub async fn start_sale(
        &self,
        amount_text: &str,
        currency: &str,
        network: &str,
    ) -> Result<SaleView, TillError> {
        self.start_sale_by(amount_text, currency, network, None).await
    }

    /// [`Till::start_sale`], recording `cashier` (the signed-in cashier's name) on the sale.
    pub async fn start_sale_by(
        &self,
        amount_text: &str,
        currency: &str,
        network: &str,
        cashier: Option<&str>,
    ) -> Result<SaleView, TillError> {
        let amount = parse_amount(amount_text)?;
        let methods = self.methods().await?;
        let method = find_method(&methods, currency, network)?;
        check_limits(method, amount)?;
        let (currency, network) = (method.crypto_currency.clone(), method.network.clone());

        let merchant_order_id = new_merchant_order_id(&self.till_id);
        let now = Timestamp::now();
        let expires_at = expiry(now, self.order_lifetime);
        let sale = NewSale {
            merchant_order_id: merchant_order_id.clone(),
            gateway: self.client.kind().as_str().to_owned(),
            order_amount: amount,
            currency: currency.clone(),
            network: network.clone(),
            created_at: now,
            expires_at: Some(expires_at),
            cashier: cashier.map(str::to_owned),
        };
        // Committed before the request: whatever happens next, the sale can be found and settled.
        lock(&self.ledger).insert_sale(&sale)?;

        let request = CreateOrderRequest {
            merchant_order_id: merchant_order_id.clone(),
            order_amount: Money::new(amount, currency.clone()),
            payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.to_owned(),
            network,
            expires_at: expires_at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            callback_url: None,
        };
        let order = self.create_exactly_once(&request).await?;
        let asked = AskedOrder {
            merchant_order_id: &merchant_order_id,
            amount,
            currency: &currency,
            network: &request.network,
            gateway: self.client.kind(),
        };
        self.adopt_order(asked, &order, "create")
    }

    /// Sends the create until the gateway has the order, without ever making a second one: an
    /// answer that never came is followed by a look-up of the same merchantOrderId, and only an
    /// order the gateway says it does not have is sent again, with the same id (a duplicate is
    /// then refused by the gateway and settled by another look-up).
    async fn create_exactly_once(&self, request: &CreateOrderRequest) -> Result<Order, TillError> {
        let id = request.merchant_order_id.as_str();
        let mut round = 0;
        loop {
            round += 1;
            let cause = match self.client.create_order(request).await {
                Ok(order) => return Ok(order),
                Err(GatewayError::DuplicateOrder) => GatewayError::DuplicateOrder,
                Err(error) if error.is_ambiguous() => error,
                Err(error) => {
                    // The gateway certainly did not take the order: the sale is void, with the reason.
                    self.void(id, &error.to_string())?;
                    return Err(error.into());
                }
            };
            tracing::warn!(merchant_order_id = id, error = %cause, "create not confirmed; looking the order up");
            match self.client.query_order(id).await {
                Ok(order) => return Ok(order),
                Err(GatewayError::OrderNotFound) if round < CREATE_ROUNDS => {
                    tokio::time::sleep(RESEND_SPACING).await;
                }
                // Not found after the last round, or the look-up failed too: we cannot tell.
                Err(lookup) => {
                    tracing::warn!(merchant_order_id = id, error = %lookup, "order still unconfirmed");
                    return Err(TillError::CreateUnconfirmed { merchant_order_id: id.to_owned(), cause });
                }
            }
        }
    }

    /// Checks the gateway's order is one a customer can pay, and records it.
    pub(crate) fn adopt_order(
        &self,
        asked: AskedOrder<'_>,
        order: &Order,
        source: &str,
    ) -> Result<SaleView, TillError> {
        let merchant_order_id = asked.merchant_order_id;
        let details = match check_new_order(asked, order) {
            Ok(details) => details,
            Err(problem) => {
                // Never show a QR we cannot vouch for; the gateway's order simply expires unpaid.
                self.void(merchant_order_id, &problem)?;
                return Err(TillError::UnusableAnswer(format!(
                    "{problem}: the sale was not shown to the customer; charge again"
                )));
            }
        };
        let status =
            order.status.clone().unwrap_or_else(|| stabletill_gateway::OrderStatus::parse("PENDING"));
        // A cashier may have cancelled while the create was out: derive from what is stored now.
        let mut ledger = lock(&self.ledger);
        let current = ledger.sale(merchant_order_id)?.map_or(SaleState::Creating, |record| record.state);
        let update = StatusUpdate {
            state: next_state(current, &status),
            raw_status: order.status.as_ref().map(|s| s.as_str().to_owned()),
            crypto_paid_amount: order.crypto_paid_amount.as_ref().and_then(|m| m.decimal().ok()),
            at: Timestamp::now(),
            source: source.to_owned(),
            note: None,
            exceptions: Vec::new(),
        };
        let record = ledger.record_order(merchant_order_id, &details, &update)?;
        tracing::info!(merchant_order_id, amount = %asked.amount, currency = asked.currency, state = update.state.as_str(), "order created");
        Ok(SaleView::from(&record))
    }

    pub(crate) fn void(&self, merchant_order_id: &str, reason: &str) -> Result<(), TillError> {
        let update = StatusUpdate {
            state: SaleState::Void,
            raw_status: None,
            crypto_paid_amount: None,
            at: Timestamp::now(),
            source: "till".to_owned(),
            note: Some(reason.to_owned()),
            exceptions: Vec::new(),
        };
        lock(&self.ledger).record_status(merchant_order_id, &update)?;
        Ok(())
    }
}

/// `expiresAt` for a new order: now plus the order lifetime, in whole seconds (as sent).
fn expiry(now: Timestamp, lifetime: Duration) -> Timestamp {
    let lifetime = SignedDuration::try_from(lifetime).unwrap_or(SignedDuration::from_mins(15));
    let expires = now.checked_add(lifetime).unwrap_or(now);
    Timestamp::from_second(expires.as_second()).unwrap_or(expires)
}
