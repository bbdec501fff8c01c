//! The JSON shapes PayStableCoin sends and receives. Field names are camelCase on the wire;
//! unknown fields are ignored; amounts stay decimal strings until a caller parses them.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::{GatewayError, OrderStatus};

/// `code` of a successful response envelope.
pub const SUCCESS_CODE: &str = "00000";
/// The only payment method type API Checkout offers.
pub const PAYMENT_METHOD_TYPE_ON_CHAIN: &str = "ON_CHAIN_TRANSFER";

/// `{"code": "00000", "message": "...", "data": {...}}`. `data` is kept raw so a failure to decode
/// it can be told apart from an error envelope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope {
    #[serde(deserialize_with = "string_or_number")]
    pub code: String,
    #[serde(default, alias = "msg", skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// An amount with its currency, e.g. `{"value": "100.50", "currency": "USDC"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// A decimal string. A JSON number is accepted too (the gateway documents strings, but be
    /// tolerant); serde_json reads it through a double, which is exact for any realistic amount.
    #[serde(deserialize_with = "string_or_number")]
    pub value: String,
    pub currency: String,
}

impl Money {
    pub fn new(value: Decimal, currency: impl Into<String>) -> Self {
        Self { value: value.to_string(), currency: currency.into() }
    }

    /// The value as an exact decimal; a malformed value is an undecodable answer.
    pub fn decimal(&self) -> Result<Decimal, GatewayError> {
        parse_decimal(&self.value, "amount value")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.value, self.currency)
    }
}

/// One payment method as returned by `GET …/checkout/payment-methods`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    pub crypto_currency: String,
    /// The code to send back when creating an order, e.g. `tron`.
    pub network: String,
    pub network_display_name: String,
    #[serde(deserialize_with = "string_or_number")]
    pub min_amount: String,
    #[serde(deserialize_with = "string_or_number")]
    pub max_amount: String,
    #[serde(default)]
    pub estimated_confirmation_time_sec: Option<u64>,
    #[serde(default)]
    pub display_order: Option<i64>,
}

impl PaymentMethod {
    pub fn min(&self) -> Result<Decimal, GatewayError> {
        parse_decimal(&self.min_amount, "minAmount")
    }

    pub fn max(&self) -> Result<Decimal, GatewayError> {
        parse_decimal(&self.max_amount, "maxAmount")
    }
}

/// Body of `POST …/checkout/orders`. Field order is the order the guide sends them in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrderRequest {
    pub merchant_order_id: String,
    pub order_amount: Money,
    pub payment_method_type: String,
    pub network: String,
    /// UTC ISO 8601, e.g. `2026-11-21T10:15:00Z`.
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
}

/// An order as the create and query endpoints (and webhooks) describe it. Every field is optional
/// on the wire; callers check for what they really need (no deposit address, no QR).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquiring_order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_order_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_status: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto_payment_amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto_paid_amount: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_value: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto_payment_detail: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_time: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_time: Option<Value>,
}

impl Order {
    /// `createdTime` as a timestamp, whether the gateway sent RFC 3339 text or Unix milliseconds.
    pub fn created_at(&self) -> Option<jiff::Timestamp> {
        self.created_time.as_ref().and_then(gateway_time)
    }

    /// `paidTime` as a timestamp (RFC 3339 text or Unix milliseconds).
    pub fn paid_at(&self) -> Option<jiff::Timestamp> {
        self.paid_time.as_ref().and_then(gateway_time)
    }

    /// `expiresAt` as a timestamp.
    pub fn expires_at(&self) -> Option<jiff::Timestamp> {
        self.expires_at.as_deref().and_then(|text| text.parse().ok())
    }
}

/// The gateway documents no format for its times: accept RFC 3339 text and Unix milliseconds.
fn gateway_time(value: &Value) -> Option<jiff::Timestamp> {
    match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(n) => n.as_i64().and_then(|ms| jiff::Timestamp::from_millisecond(ms).ok()),
        _ => None,
    }
}

fn parse_decimal(text: &str, what: &str) -> Result<Decimal, GatewayError> {
    text.trim()
        .parse::<Decimal>()
        .map_err(|_| GatewayError::Undecodable { detail: format!("{what} {text:?} is not a decimal number") })
}

/// Accepts `"12.50"` or `12.50`. A string keeps its text exactly; a JSON number has been read
/// through a double by serde_json (exact to 15 significant digits; see [`Money::value`]).
fn string_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(s) => Ok(s),
        Value::Number(n) => Ok(n.to_string()),
        other => Err(serde::de::Error::custom(format!("expected a string or number, got {other}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_request_serialises_compactly_in_the_guides_field_order() {
        let request = CreateOrderRequest {
            merchant_order_id: "T1-0100-1763700007919".into(),
            order_amount: Money { value: "100.50".into(), currency: "USDC".into() },
            payment_method_type: PAYMENT_METHOD_TYPE_ON_CHAIN.into(),
            network: "tron".into(),
            expires_at: "2026-11-21T10:15:00Z".into(),
            callback_url: Some("https://shop.example/webhook".into()),
        };
        let json = serde_json::to_string(&request).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"merchantOrderId":"T1-0100-1763700007919","orderAmount":{"value":"100.50","currency":"USDC"},"paymentMethodType":"ON_CHAIN_TRANSFER","network":"tron","expiresAt":"2026-11-21T10:15:00Z","callbackUrl":"https://shop.example/webhook"}"#
        );
    }

    #[test]
    fn order_decoding_ignores_unknown_fields_and_keeps_amount_text() {
        let json = r#"{"merchantOrderId":"A","status":"NEW_THING","cryptoPaymentAmount":{"value":101.00,"currency":"USDC"},
            "depositAddress":"TXyz","somethingNew":{"a":1},"finalStatus":false}"#;
        let order: Order = serde_json::from_str(json).unwrap_or_default();
        assert_eq!(order.status, Some(OrderStatus::Other("NEW_THING".into())));
        // A JSON number is read through a double by serde_json; numerically it is still 101.00.
        let due = order.crypto_payment_amount.as_ref().and_then(|m| m.decimal().ok());
        assert_eq!(due, Some(Decimal::new(10100, 2)));
        assert_eq!(order.deposit_address.as_deref(), Some("TXyz"));
    }

    #[test]
    fn times_are_read_as_text_or_milliseconds() {
        let order: Order = serde_json::from_str(
            r#"{"createdTime":"2026-11-21T10:00:00Z","paidTime":1795255200000,"expiresAt":"2026-11-21T10:15:00Z"}"#,
        )
        .unwrap_or_default();
        assert_eq!(order.created_at().map(|t| t.to_string()).as_deref(), Some("2026-11-21T10:00:00Z"));
        assert_eq!(order.paid_at().map(|t| t.as_millisecond()), Some(1_795_255_200_000));
        assert_eq!(order.expires_at().map(|t| t.to_string()).as_deref(), Some("2026-11-21T10:15:00Z"));
    }

    #[test]
    fn method_limits_parse_as_decimals() {
        let json = r#"{"cryptoCurrency":"USDT","network":"tron","networkDisplayName":"TRON Network",
            "minAmount":"1.00","maxAmount":"50000","estimatedConfirmationTimeSec":60,"displayOrder":1}"#;
        let method: PaymentMethod = serde_json::from_str(json).expect("valid method");
        assert_eq!(method.min().ok(), Some(Decimal::new(100, 2)));
        assert_eq!(method.max().ok(), Some(Decimal::new(50000, 0)));
    }
}
