//! The values going into the ledger (a new sale, order details, a status observation) and the
//! records coming out of it.

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{SaleException, SaleState};

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
    /// The `expiresAt` the create asks for, kept so that a sale whose create was never answered
    /// can be given up once no order can appear for it any more.
    pub expires_at: Option<Timestamp>,
    /// Who rang the sale up, as the till names its cashiers; `None` when the till does not know.
    pub cashier: Option<String>,
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
    /// What the QR shows instead of the bare address, if anything (e.g. a gateway's cashier URL).
    pub payment_link: Option<String>,
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
    /// Free text for the event log, e.g. the reason for a void. If the update changes the sale, a
    /// non-empty note also becomes the sale's [`SaleRecord::reason`].
    pub note: Option<String>,
    /// Flags to add to the sale. Flags already set stay set: an update cannot clear one.
    pub exceptions: Vec<SaleException>,
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
    /// What the QR shows instead of the bare address, if anything.
    pub payment_link: Option<String>,
    pub crypto_amount: Option<Decimal>,
    pub crypto_currency: Option<String>,
    pub network_display_name: Option<String>,
    pub crypto_paid_amount: Option<Decimal>,
    pub expires_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// When the state first became terminal; later changes do not move it.
    pub finished_at: Option<Timestamp>,
    /// Every flag ever set on the sale, sorted, each once.
    pub exceptions: Vec<SaleException>,
    /// The note of the latest update that changed the sale, e.g. why it was voided.
    pub reason: Option<String>,
    /// Who rang the sale up; `None` for sales from before cashiers were recorded.
    pub cashier: Option<String>,
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

/// Which sales [`crate::Ledger::list_sales`] and [`crate::Ledger::sales_with_exceptions`] return:
/// `created_at` in `[from, until)`, newest first, at most `limit` of them. Every field is optional.
#[derive(Debug, Clone, Default)]
pub struct SalesFilter {
    pub from: Option<Timestamp>,
    pub until: Option<Timestamp>,
    pub limit: Option<usize>,
}
