//! A sale as the UI, the CLI's JSON and its listings show it. Money stays decimal text.

use serde::Serialize;
use stabletill_ledger::{SaleException, SaleRecord, SaleState};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MoneyView {
    pub value: String,
    pub currency: String,
}

/// One sale. Field names are the CLI's JSON contract: `merchantOrderId`, `status` (the gateway's
/// raw value), `orderAmount`, `cryptoPaymentAmount`, `depositAddress`, `network`, `createdAt`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleView {
    pub merchant_order_id: String,
    /// Which gateway took the order: `paystablecoin` or `blockatm`.
    pub gateway: String,
    /// The till's own state: creating, awaiting, processing, paid, failed, expired, cancelled, void.
    pub state: SaleState,
    /// The gateway's status, verbatim (`PENDING`, `PROCESSING`, `SUCCEEDED`, …); null before it answered.
    pub status: Option<String>,
    pub order_amount: MoneyView,
    pub crypto_payment_amount: Option<MoneyView>,
    pub crypto_paid_amount: Option<MoneyView>,
    pub deposit_address: Option<String>,
    /// What the QR shows instead of the bare address, if anything (BlockATM's cashier page).
    pub payment_link: Option<String>,
    pub network: String,
    pub network_display_name: Option<String>,
    pub acquiring_order_id: Option<String>,
    /// RFC 3339 UTC.
    pub expires_at: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
    /// Underpaid, overpaid, paid late, paid after cancel: what the manager must look at.
    pub exceptions: Vec<SaleException>,
    /// Why the sale was voided or failed, when the till knows.
    pub reason: Option<String>,
    /// Who rang the sale up, when the till knows.
    pub cashier: Option<String>,
}

impl From<&SaleRecord> for SaleView {
    fn from(r: &SaleRecord) -> Self {
        let crypto_currency = r.crypto_currency.clone().unwrap_or_else(|| r.currency.clone());
        Self {
            merchant_order_id: r.merchant_order_id.clone(),
            gateway: r.gateway.clone(),
            state: r.state,
            status: r.raw_status.clone(),
            order_amount: MoneyView { value: r.order_amount.to_string(), currency: r.currency.clone() },
            crypto_payment_amount: r
                .crypto_amount
                .map(|v| MoneyView { value: v.to_string(), currency: crypto_currency.clone() }),
            crypto_paid_amount: r
                .crypto_paid_amount
                .map(|v| MoneyView { value: v.to_string(), currency: crypto_currency.clone() }),
            deposit_address: r.deposit_address.clone(),
            payment_link: r.payment_link.clone(),
            network: r.network.clone(),
            network_display_name: r.network_display_name.clone(),
            acquiring_order_id: r.acquiring_order_id.clone(),
            expires_at: r.expires_at.map(|t| t.to_string()),
            created_at: r.created_at.to_string(),
            finished_at: r.finished_at.map(|t| t.to_string()),
            exceptions: r.exceptions.clone(),
            reason: r.reason.clone(),
            cashier: r.cashier.clone(),
        }
    }
}
