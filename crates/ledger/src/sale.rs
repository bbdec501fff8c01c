//! The values going into the ledger (a new sale, order details, a status observation) and the
//! records coming out of it.

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::SaleState;

/// A sale as the till knows it before talking to the gateway.
#[derive(Debug, Clone)]
pub struct NewSale {
    /// The idempotency key sent to the gateway; unique in the ledger.
    pub merchant_order_id: String,
    /// Which gateway handles the order, e.g. "paystablecoin".
    pub gateway: String,
    pub order_amount: Decimal,
    /// The order currency, e.g. "USDT".
    pub currency: String,
    /// The gateway's network code, e.g. "tron".
    pub network: String,
    pub created_at: Timestamp,
}

/// What the gateway answered to "create order" (or to a query that adopted an existing order).
#[derive(Debug, Clone)]
pub struct OrderDetails {
    pub acquiring_order_id: Option<String>,
    pub deposit_address: String,
    /// What the customer must send (the gateway's `cryptoPaymentAmount.value`).
    pub crypto_amount: Decimal,
    pub crypto_currency: String,
    pub network_display_name: String,
    pub expires_at: Timestamp,
}

/// One observation of a sale's status.
#[derive(Debug, Clone)]
pub struct StatusUpdate {
    pub state: SaleState,
    /// The gateway's raw status string, kept verbatim. `None` when the observation did not come
    /// from the gateway (e.g. the cashier cancelling): the last raw status is then kept.
    pub raw_status: Option<String>,
    /// `None` when the observation says nothing about it: the last known amount is then kept.
    pub crypto_paid_amount: Option<Decimal>,
    pub at: Timestamp,
    /// Who observed it: "create", "poll", "recovery", "cashier", "simulator", …
    pub source: String,
    /// Free text for the event log, e.g. the reason for a void.
    pub note: Option<String>,
}

/// A sale as stored. Timestamps are stored to the millisecond.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SaleRecord {
    pub id: i64,
    pub merchant_order_id: String,
    pub gateway: String,
    pub order_amount: Decimal,
    pub currency: String,
    pub network: String,
    pub state: SaleState,
    pub raw_status: Option<String>,
    pub acquiring_order_id: Option<String>,
    pub deposit_address: Option<String>,
    pub crypto_amount: Option<Decimal>,
    pub crypto_currency: Option<String>,
    pub network_display_name: Option<String>,
    pub crypto_paid_amount: Option<Decimal>,
    pub expires_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When the state first became terminal; later changes do not move it.
    pub finished_at: Option<Timestamp>,
}

/// One change in a sale's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SaleEvent {
    pub at: Timestamp,
    /// `None` for the event that created the sale.
    pub from_state: Option<SaleState>,
    pub to_state: SaleState,
    pub raw_status: Option<String>,
    pub source: String,
    pub note: Option<String>,
}

/// Which sales [`crate::Ledger::list_sales`] returns: `created_at` in `[from, until)`, newest
/// first, at most `limit` of them. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct SalesFilter {
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub limit: Option<usize>,
}
