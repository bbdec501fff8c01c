//! Checks a create-order body the way a strict gateway would, field by field, so each refusal names
//! the field at fault. Our own client's mistakes should surface here, not in production.

use jiff::Timestamp;
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use stabletill_gateway::{CreateOrderRequest, Money, PAYMENT_METHOD_TYPE_ON_CHAIN};

use crate::methods::{self, Method};
use crate::reply::ApiError;

/// Most decimals an order amount may have (the stablecoins' own scale).
const MAX_DECIMALS: usize = 6;

/// A create request that passed every check.
#[derive(Debug, Clone)]
pub(crate) struct ValidOrder {
    /// The request as received (amount text kept as sent, so it is echoed unchanged).
    pub request: CreateOrderRequest,
    pub amount: Decimal,
    pub method: Method,
    pub expires_at: Timestamp,
}

/// The merchantOrderId of a body, read leniently, for the request log (even of refused requests).
pub(crate) fn peek_merchant_order_id(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    value.get("merchantOrderId")?.as_str().map(str::to_owned)
}

pub(crate) fn create_request(body: &[u8], now: Timestamp) -> Result<ValidOrder, ApiError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid(format!("request body is not valid JSON: {e}")))?;
    let object = value.as_object().ok_or_else(|| ApiError::invalid("request body must be a JSON object"))?;

    let merchant_order_id = text(object, "merchantOrderId", "merchantOrderId")?;
    check_merchant_order_id(merchant_order_id)?;
    let order_amount = object.get("orderAmount").and_then(Value::as_object).ok_or_else(|| {
        ApiError::invalid("orderAmount is missing: send {\"value\":\"12.50\",\"currency\":\"USDT\"}")
    })?;
    let value_text = text(order_amount, "value", "orderAmount.value")?;
    let currency = text(order_amount, "currency", "orderAmount.currency")?;
    let payment_method_type = text(object, "paymentMethodType", "paymentMethodType")?;
    let network = text(object, "network", "network")?;
    let expires_text = text(object, "expiresAt", "expiresAt")?;
    let callback_url = match object.get("callbackUrl") {
        None | Some(Value::Null) => None,
        Some(Value::String(url)) => Some(url.clone()),
        Some(_) => return Err(ApiError::invalid("callbackUrl must be a string")),
    };

    let amount = parse_amount(value_text)?;
    if payment_method_type != PAYMENT_METHOD_TYPE_ON_CHAIN {
        return Err(ApiError::invalid(format!(
            "paymentMethodType {payment_method_type:?} is not supported: use \"{PAYMENT_METHOD_TYPE_ON_CHAIN}\""
        )));
    }
    let method = find_method(currency, network)?;
    if amount < method.network.min || amount > method.network.max {
        let side = if amount < method.network.min { "below the minimum" } else { "above the maximum" };
        let limit = if amount < method.network.min { method.network.min } else { method.network.max };
        return Err(ApiError::invalid(format!(
            "orderAmount.value {value_text} is {side} {limit} for {currency} on {network}"
        )));
    }
    let expires_at = parse_expiry(expires_text, now)?;

    Ok(ValidOrder {
        request: CreateOrderRequest {
            merchant_order_id: merchant_order_id.to_owned(),
            order_amount: Money { value: value_text.to_owned(), currency: currency.to_owned() },
            payment_method_type: payment_method_type.to_owned(),
            network: network.to_owned(),
            expires_at: expires_text.to_owned(),
            callback_url,
        },
        amount,
        method,
        expires_at,
    })
}

/// A required string field; `name` is how the field is called in messages (its JSON path).
fn text<'a>(object: &'a Map<String, Value>, key: &str, name: &str) -> Result<&'a str, ApiError> {
    match object.get(key) {
        None | Some(Value::Null) => Err(ApiError::invalid(format!("{name} is missing"))),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(ApiError::invalid(format!("{name} must be a string, got {other}"))),
    }
}

fn check_merchant_order_id(id: &str) -> Result<(), ApiError> {
    let length_ok = (16..=64).contains(&id.len());
    let chars_ok = id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if length_ok && chars_ok {
        Ok(())
    } else {
        Err(ApiError::invalid(format!(
            "merchantOrderId {id:?} must be 16 to 64 characters of letters, digits, '-' and '_'"
        )))
    }
}

/// A plain positive decimal string: digits, optionally a point and 1–6 decimals. No sign, exponent
/// or spaces, because the gateway documents the value as a decimal string and a float-formatted
/// amount (`1e2`, `12.499999999`) is a client bug worth catching.
fn parse_amount(text: &str) -> Result<Decimal, ApiError> {
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let shape_ok = digits(whole) && fraction.is_none_or(digits);
    if !shape_ok {
        return Err(ApiError::invalid(format!(
            "orderAmount.value {text:?} is not a decimal number such as \"12.50\""
        )));
    }
    let decimals = fraction.map_or(0, str::len);
    if decimals > MAX_DECIMALS {
        return Err(ApiError::invalid(format!(
            "orderAmount.value {text} has {decimals} decimals: at most {MAX_DECIMALS} are allowed"
        )));
    }
    let amount: Decimal =
        text.parse().map_err(|_| ApiError::invalid(format!("orderAmount.value {text:?} is too large")))?;
    if amount <= Decimal::ZERO {
        return Err(ApiError::invalid(format!("orderAmount.value {text} must be greater than zero")));
    }
    Ok(amount)
}

fn find_method(currency: &str, network: &str) -> Result<Method, ApiError> {
    if let Some(method) = methods::find(currency, network) {
        return Ok(method);
    }
    let problem = if methods::network_exists(network) {
        format!("orderAmount.currency {currency:?} is not offered on network {network:?}")
    } else {
        format!("network {network:?} is not offered")
    };
    Err(ApiError::invalid(format!("{problem}; offered methods: {}", methods::offered_list())))
}

/// expiresAt must be an RFC 3339 / ISO 8601 time in UTC (`Z` or `+00:00`) and in the future.
fn parse_expiry(text: &str, now: Timestamp) -> Result<Timestamp, ApiError> {
    let utc = text.ends_with('Z') || text.ends_with('z') || text.ends_with("+00:00");
    let parsed = text.parse::<Timestamp>().ok().filter(|_| utc).ok_or_else(|| {
        ApiError::invalid(format!(
            "expiresAt {text:?} is not a UTC ISO 8601 time such as \"2026-12-31T23:59:59Z\""
        ))
    })?;
    if parsed <= now {
        return Err(ApiError::invalid(format!("expiresAt {text} is not in the future (server time {now})")));
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::from_second(1_763_700_000).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn body(value: &str, currency: &str, network: &str, expires: &str) -> Vec<u8> {
        serde_json::json!({
            "merchantOrderId": "ST-till1-000000000001",
            "orderAmount": {"value": value, "currency": currency},
            "paymentMethodType": "ON_CHAIN_TRANSFER",
            "network": network,
            "expiresAt": expires,
        })
        .to_string()
        .into_bytes()
    }

    fn refusal(body: &[u8]) -> String {
        match create_request(body, now()) {
            Ok(_) => String::from("accepted"),
            Err(e) => e.message,
        }
    }

    #[test]
    fn the_guides_example_is_accepted() {
        let body = br#"{"merchantOrderId":"ORDER_1763700000000","orderAmount":{"value":"100.50","currency":"USDC"},"paymentMethodType":"ON_CHAIN_TRANSFER","network":"tron","expiresAt":"2026-12-31T23:59:59Z","callbackUrl":"https://yoursite.com/webhook/checkout"}"#;
        let valid = create_request(body, now()).map_err(|e| e.message);
        assert_eq!(valid.as_ref().map(|v| v.amount), Ok(Decimal::new(10050, 2)));
    }

    #[test]
    fn amounts_are_checked_for_shape_scale_sign_and_limits() {
        let exp = "2030-01-01T00:00:00Z";
        assert!(refusal(&body("1.1234567", "USDT", "tron", exp)).contains("7 decimals"));
        assert!(refusal(&body("0.99", "USDT", "tron", exp)).contains("below the minimum 1.00"));
        assert!(refusal(&body("10000.01", "USDT", "tron", exp)).contains("above the maximum 10000.00"));
        for bad in ["1e2", "-5", "12.", ".5", " 12", "12,50", ""] {
            assert!(refusal(&body(bad, "USDT", "tron", exp)).contains("not a decimal"), "{bad}");
        }
        assert!(refusal(&body("0", "USDT", "ethereum", exp)).contains("greater than zero"));
        assert_eq!(refusal(&body("0.5", "USDT", "bsc", exp)), "accepted");
        assert_eq!(refusal(&body("1.123456", "USDT", "tron", exp)), "accepted");
    }

    #[test]
    fn method_expiry_and_types_are_named_in_refusals() {
        let exp = "2030-01-01T00:00:00Z";
        assert!(refusal(&body("5", "USDT", "solana", exp)).starts_with("network \"solana\" is not offered"));
        assert!(refusal(&body("5", "USD1", "tron", exp)).contains("orderAmount.currency \"USD1\""));
        assert!(refusal(&body("5", "USDT", "tron", "2020-01-01T00:00:00Z")).contains("not in the future"));
        assert!(refusal(&body("5", "USDT", "tron", "2030-01-01T00:00:00+02:00")).contains("UTC ISO 8601"));
        assert!(refusal(&body("5", "USDT", "tron", "2030-01-01")).contains("expiresAt"));
        assert!(refusal(br#"{"merchantOrderId":"short"}"#).contains("merchantOrderId \"short\""));
        assert!(refusal(b"[1]").contains("JSON object"));
        let numeric =
            br#"{"merchantOrderId":"ST-till1-000000000001","orderAmount":{"value":12.5,"currency":"USDT"}}"#;
        assert!(refusal(numeric).contains("orderAmount.value must be a string"));
    }
}
