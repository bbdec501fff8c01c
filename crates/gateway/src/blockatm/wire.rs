//! The JSON shapes of the BlockATM API (see the module documentation of [`crate::blockatm`]).
//! camelCase on the wire, unknown fields ignored, amounts kept as decimal strings, and numbers
//! accepted where strings are documented (and the other way round for times): the seed's own
//! examples disagree about which is which.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// The order statuses BlockATM reports. Anything else is kept verbatim and treated as not final.
pub mod status {
    pub const PENDING: &str = "PENDING";
    pub const PROCESSING: &str = "PROCESSING";
    pub const SUCCESS: &str = "SUCCESS";
    pub const EXPIRED: &str = "EXPIRED";
    pub const CANCELLED: &str = "CANCELLED";
    pub const FAILED: &str = "FAILED";
}

/// `{"code":"200","success":true,"data":…,"msg":"success"}`; `data` stays raw so a failure to
/// decode it can be told apart from an error envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BlockAtmEnvelope {
    #[serde(deserialize_with = "string_or_number")]
    pub code: String,
    #[serde(default)]
    pub success: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
    #[serde(default, alias = "message", skip_serializing_if = "Option::is_none")]
    pub msg: Option<String>,
}

/// One token on one chain, as `GET /api/v1/payment-methods` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockAtmMethod {
    #[serde(deserialize_with = "string_or_number")]
    pub chain_id: String,
    #[serde(default)]
    pub chain_name: Option<String>,
    pub symbol: String,
    #[serde(deserialize_with = "string_or_number")]
    pub min_amount: String,
    #[serde(deserialize_with = "string_or_number")]
    pub max_amount: String,
    /// Typical time from the transaction being seen to it being final, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmation_time: Option<u64>,
}

/// Body of `POST /order/api/v2/pay/order`. Field order does not matter: the signature covers the
/// sorted keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateQrOrder {
    /// Our idempotency key (the till's merchantOrderId).
    pub merchant_order_no: String,
    pub chain_id: String,
    pub symbol: String,
    /// A decimal string, e.g. `"12.50"`.
    pub amount: String,
    /// Unix milliseconds.
    pub expire_time: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_url: Option<String>,
}

/// An order as the create and query endpoints describe it. Every field is optional on the wire;
/// callers check for what they really need (no `toAddress`/`payUrl`, no QR).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockAtmOrder {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_order_no: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number", skip_serializing_if = "Option::is_none")]
    pub chain_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number", skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_address: Option<String>,
    /// The cashier page the customer opens; the QR to show.
    #[serde(default, alias = "cashierUrl", skip_serializing_if = "Option::is_none")]
    pub pay_url: Option<String>,
    /// What the gateway suggests encoding as a QR (the simulator: the same as `payUrl`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qr_code: Option<String>,
    /// Unix milliseconds.
    #[serde(default, deserialize_with = "opt_millis", skip_serializing_if = "Option::is_none")]
    pub expire_time: Option<i64>,
    #[serde(default, deserialize_with = "opt_millis", skip_serializing_if = "Option::is_none")]
    pub create_time: Option<i64>,
    /// See [`status`]; unknown values are kept as they came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The sum of the payments seen, a decimal string.
    #[serde(default, deserialize_with = "opt_string_or_number", skip_serializing_if = "Option::is_none")]
    pub paid_amount: Option<String>,
    #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<PaymentRecord>,
}

/// One transaction to the order's address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tx_hash: Option<String>,
    #[serde(default, deserialize_with = "opt_string_or_number", skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
    /// Unix milliseconds (the seed's example sends them as a string).
    #[serde(default, deserialize_with = "opt_millis", skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<i64>,
}

/// Accepts `"12.50"` or `12.50` and keeps the text, so no amount passes through a float here.
fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!("expected a string or number, got {other}"))),
    }
}

fn opt_string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(serde::de::Error::custom(format!("expected a string or number, got {other}"))),
    }
}

/// Unix milliseconds as a number or a string of digits.
fn opt_millis<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_i64().map(Some).ok_or_else(|| bad_millis(&n.to_string())),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| bad_millis(&s)),
        other => Err(bad_millis(&other.to_string())),
    }
}

fn bad_millis<E: serde::de::Error>(text: &str) -> E {
    E::custom(format!("expected Unix milliseconds, got {text}"))
}

fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<PaymentRecord>, D::Error> {
    Ok(Option::<Vec<PaymentRecord>>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_decode_leniently() {
        let json = r#"{"orderNo":"BA1","status":"SUCCESS","amount":12.5,"chainId":1,"cashierUrl":"https://x/c/1",
            "expireTime":"1763700900000","payments":[{"txHash":"0xab","amount":"12.50","timestamp":"1763700100000"}],
            "somethingNew":true}"#;
        let order: BlockAtmOrder = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(order.order_no.as_deref(), Some("BA1"));
        assert_eq!(order.chain_id.as_deref(), Some("1"));
        assert_eq!(order.pay_url.as_deref(), Some("https://x/c/1"));
        assert_eq!(order.expire_time, Some(1_763_700_900_000));
        assert_eq!(order.payments[0].timestamp, Some(1_763_700_100_000));
        let bare: BlockAtmOrder = serde_json::from_str(r#"{"payments":null}"#).unwrap_or_default();
        assert!(bare.payments.is_empty());
    }

    #[test]
    fn a_create_body_is_compact_camel_case() {
        let request = CreateQrOrder {
            merchant_order_no: "ST-1".into(),
            chain_id: "tron".into(),
            symbol: "USDT".into(),
            amount: "12.50".into(),
            expire_time: 1_763_700_900_000,
            notify_url: None,
        };
        assert_eq!(
            serde_json::to_string(&request).unwrap_or_default(),
            r#"{"merchantOrderNo":"ST-1","chainId":"tron","symbol":"USDT","amount":"12.50","expireTime":1763700900000}"#
        );
    }
}
