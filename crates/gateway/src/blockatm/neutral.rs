//! BlockATM seen through PayStableCoin's wire types, so the till can treat both gateways alike.
//!
//! Payment methods: `cryptoCurrency` = symbol, `network` = the network code of the chainId (see
//! [`super::chains`]), `networkDisplayName` = chainName, `min/maxAmount` as sent,
//! `estimatedConfirmationTimeSec` = confirmationTime, `displayOrder` = position in the gateway's list.
//!
//! Orders:
//! | [`Order`] field | from BlockATM |
//! |---|---|
//! | `merchantOrderId` / `acquiringOrderId` | `merchantOrderNo` / `orderNo` |
//! | `status` | PENDING→`PENDING` (not final), PROCESSING→`PROCESSING`, SUCCESS→`SUCCEEDED`, EXPIRED and CANCELLED→`CLOSED`, FAILED→`FAILED`, anything else kept verbatim (not final) |
//! | `finalStatus` | whether that status is terminal |
//! | `orderAmount`, `cryptoPaymentAmount` | `{amount, symbol}` (BlockATM charges the amount asked: no fee is added) |
//! | `cryptoPaidAmount` | `{paidAmount, symbol}` once a payment has been seen (PROCESSING or later) |
//! | `depositAddress` | `toAddress` |
//! | `network`, `networkDisplayName` | network code of `chainId`, `chainName` |
//! | `paymentMethodType` | `ON_CHAIN_TRANSFER` |
//! | `paymentMethodValue` | `payUrl` (the cashier URL) as a JSON string: **the QR to show** |
//! | `cryptoPaymentDetail` | `{"gateway":"blockatm","status":<raw BlockATM status>,"orderNo","chainId","qrCode","payments":[{txHash,amount,timestamp}]}` |
//! | `expiresAt` | `expireTime` as RFC 3339 |
//! | `createdTime` / `paidTime` | `createTime` / the last payment's `timestamp` on SUCCESS, as Unix ms |

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::chains;
use super::wire::{status, BlockAtmMethod, BlockAtmOrder, CreateQrOrder};
use crate::{
    CreateOrderRequest, GatewayError, Money, Order, OrderStatus, PaymentMethod, PAYMENT_METHOD_TYPE_ON_CHAIN,
};

/// The methods as PayStableCoin payment methods, in the gateway's order.
pub fn payment_methods(methods: &[BlockAtmMethod]) -> Vec<PaymentMethod> {
    methods
        .iter()
        .zip(1..)
        .map(|(method, position)| PaymentMethod {
            crypto_currency: method.symbol.clone(),
            network: chains::network_code(&method.chain_id),
            network_display_name: display_name(method.chain_name.as_deref(), &method.chain_id),
            min_amount: method.min_amount.clone(),
            max_amount: method.max_amount.clone(),
            estimated_confirmation_time_sec: method.confirmation_time,
            display_order: Some(position),
        })
        .collect()
}

/// The BlockATM create body for a PayStableCoin create request. Refused locally (code `local`)
/// when the network has no chainId, the amount is not a decimal or expiresAt is not a time.
pub fn create_request(request: &CreateOrderRequest) -> Result<CreateQrOrder, GatewayError> {
    let chain_id = chains::chain_id(&request.network).ok_or_else(|| {
        let known: Vec<&str> = chains::CHAINS.iter().map(|c| c.network).collect();
        local(format!("network {:?} is not a BlockATM chain (known: {})", request.network, known.join(", ")))
    })?;
    let amount = &request.order_amount.value;
    if !is_plain_decimal(amount.trim()) {
        return Err(local(format!("amount {amount:?} is not a decimal number such as \"12.50\"")));
    }
    let expires: Timestamp = request
        .expires_at
        .parse()
        .map_err(|_| local(format!("expiresAt {:?} is not an RFC 3339 time", request.expires_at)))?;
    Ok(CreateQrOrder {
        merchant_order_no: request.merchant_order_id.clone(),
        chain_id,
        symbol: request.order_amount.currency.clone(),
        amount: amount.trim().to_owned(),
        expire_time: expires.as_millisecond(),
        notify_url: request.callback_url.clone(),
    })
}

/// The PayStableCoin status for a BlockATM one.
pub fn order_status(raw: &str) -> OrderStatus {
    match raw {
        status::PROCESSING => OrderStatus::Processing,
        status::SUCCESS => OrderStatus::Succeeded,
        status::EXPIRED | status::CANCELLED => OrderStatus::Closed,
        status::FAILED => OrderStatus::Failed,
        // PENDING included: PayStableCoin's awaiting status is undocumented and kept verbatim too.
        other => OrderStatus::Other(other.to_owned()),
    }
}

/// The order as a PayStableCoin order (see the table in the module documentation).
pub fn order(order: &BlockAtmOrder) -> Order {
    let mapped = order.status.as_deref().map(order_status);
    let symbol = order.symbol.clone().unwrap_or_default();
    let money =
        |value: &Option<String>| value.as_ref().map(|v| Money { value: v.clone(), currency: symbol.clone() });
    let paid = if order.payments.is_empty() && order.paid_amount.is_none() {
        None
    } else {
        money(&order.paid_amount)
    };
    let succeeded = order.status.as_deref() == Some(status::SUCCESS);
    let paid_time = order.payments.iter().filter_map(|p| p.timestamp).max().filter(|_| succeeded);
    let payments = serde_json::to_value(&order.payments).unwrap_or(Value::Array(Vec::new()));
    Order {
        merchant_order_id: order.merchant_order_no.clone(),
        acquiring_order_id: order.order_no.clone(),
        status: mapped.clone(),
        final_status: mapped.as_ref().map(OrderStatus::is_terminal),
        order_amount: money(&order.amount),
        crypto_payment_amount: money(&order.amount),
        crypto_paid_amount: paid,
        deposit_address: order.to_address.clone(),
        network: order.chain_id.as_deref().map(chains::network_code),
        network_display_name: order
            .chain_id
            .as_deref()
            .map(|id| display_name(order.chain_name.as_deref(), id)),
        payment_method_type: Some(PAYMENT_METHOD_TYPE_ON_CHAIN.to_owned()),
        payment_method_value: order.pay_url.clone().map(Value::String),
        crypto_payment_detail: Some(json!({
            "gateway": "blockatm",
            "status": order.status,
            "orderNo": order.order_no,
            "chainId": order.chain_id,
            "qrCode": order.qr_code,
            "payments": payments,
        })),
        expires_at: order
            .expire_time
            .and_then(|ms| Timestamp::from_millisecond(ms).ok())
            .map(|t| t.to_string()),
        created_time: order.create_time.map(Value::from),
        paid_time: paid_time.map(Value::from),
        ..Order::default()
    }
}

fn display_name(chain_name: Option<&str>, chain_id: &str) -> String {
    match (chain_name, chains::by_chain_id(chain_id)) {
        (Some(name), _) if !name.trim().is_empty() => name.to_owned(),
        (_, Some(chain)) => chain.name.to_owned(),
        _ => format!("chain {chain_id}"),
    }
}

/// Digits with an optional point and decimals, and a valid [`Decimal`]: what the gateway documents.
/// `Decimal` alone would also take `1e2`, a float-formatted amount and a bug worth catching here.
fn is_plain_decimal(text: &str) -> bool {
    let (whole, fraction) = text.split_once('.').map_or((text, None), |(w, f)| (w, Some(f)));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && fraction.is_none_or(digits) && text.parse::<Decimal>().is_ok()
}

fn local(message: String) -> GatewayError {
    GatewayError::Rejected { code: "local".into(), message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blockatm::PaymentRecord;

    #[test]
    fn statuses_map_and_unknown_ones_stay_open() {
        assert_eq!(order_status("PENDING"), OrderStatus::Other("PENDING".into()));
        assert_eq!(order_status("SUCCESS"), OrderStatus::Succeeded);
        assert_eq!(order_status("EXPIRED"), OrderStatus::Closed);
        assert_eq!(order_status("CANCELLED"), OrderStatus::Closed);
        assert_eq!(order_status("FAILED"), OrderStatus::Failed);
        assert!(!order_status("completed").is_terminal());
    }

    #[test]
    fn an_order_keeps_the_cashier_url_and_the_raw_status() {
        let raw = BlockAtmOrder {
            order_no: Some("BA1".into()),
            merchant_order_no: Some("ST-1".into()),
            chain_id: Some("56".into()),
            symbol: Some("USDT".into()),
            amount: Some("12.50".into()),
            to_address: Some("0xabc".into()),
            pay_url: Some("https://pay.example/c/BA1".into()),
            expire_time: Some(1_763_700_900_000),
            status: Some("EXPIRED".into()),
            ..BlockAtmOrder::default()
        };
        let order = order(&raw);
        assert_eq!(order.status, Some(OrderStatus::Closed));
        assert_eq!(order.final_status, Some(true));
        assert_eq!(order.payment_method_value, Some(Value::String("https://pay.example/c/BA1".into())));
        assert_eq!(
            order.crypto_payment_detail.as_ref().and_then(|d| d.get("status")),
            Some(&json!("EXPIRED"))
        );
        assert_eq!(order.network.as_deref(), Some("bsc"));
        assert_eq!(order.network_display_name.as_deref(), Some("BNB Smart Chain"));
        assert_eq!(order.deposit_address.as_deref(), Some("0xabc"));
        assert_eq!(order.crypto_paid_amount, None);
        assert_eq!(order.expires_at.as_deref(), Some("2025-11-21T04:55:00Z"));

        let paid = BlockAtmOrder {
            status: Some("SUCCESS".into()),
            paid_amount: Some("12.50".into()),
            payments: vec![PaymentRecord {
                tx_hash: Some("0x1".into()),
                amount: Some("12.50".into()),
                timestamp: Some(5),
            }],
            ..raw
        };
        let order = super::order(&paid);
        assert_eq!(order.crypto_paid_amount, Some(Money { value: "12.50".into(), currency: "USDT".into() }));
        assert_eq!(order.paid_time, Some(json!(5)));
    }

    #[test]
    fn a_create_request_becomes_a_qr_order_or_a_local_refusal() {
        let request = CreateOrderRequest {
            merchant_order_id: "ST-till1-01JABCDEF".into(),
            order_amount: Money { value: "12.50".into(), currency: "USDT".into() },
            payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.into(),
            network: "tron".into(),
            expires_at: "2025-11-21T04:55:00Z".into(),
            callback_url: None,
        };
        let qr = create_request(&request).map_err(|e| e.to_string());
        assert_eq!(
            qr.as_ref().map(|q| (q.chain_id.as_str(), q.expire_time)),
            Ok(("tron", 1_763_700_900_000))
        );
        let solana = CreateOrderRequest { network: "solana".into(), ..request.clone() };
        assert!(
            matches!(create_request(&solana), Err(GatewayError::Rejected { code, .. }) if code == "local")
        );
        let float = CreateOrderRequest {
            order_amount: Money { value: "1e2".into(), currency: "USDT".into() },
            ..request
        };
        assert!(create_request(&float).is_err());
    }
}
