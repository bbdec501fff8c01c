//! Checks a create-order body field by field, the way a strict gateway would, so each refusal
//! names the field at fault. Runs after the signature check: the body is already authentic.

use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::methods::{self, Offer};
use super::reply::BlockAtmError;

/// Most decimals an amount may have (the stablecoins' own scale).
const MAX_DECIMALS: usize = 6;
/// The furthest ahead an order may expire. Invented: a QR order is for a customer at the counter.
const LONGEST_EXPIRY: SignedDuration = SignedDuration::from_hours(24 * 7);

/// A create request that passed every check.
#[derive(Debug, Clone)]
pub(crate) struct ValidQrOrder {
    pub merchant_order_no: String,
    pub offer: Offer,
    /// The amount as sent, echoed unchanged.
    pub amount_text: String,
    pub amount: Decimal,
    pub expire_at: Timestamp,
}

/// The merchantOrderNo of a body, read leniently, for the request log (even of refused requests).
pub(crate) fn peek_merchant_order_no(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    value.get("merchantOrderNo")?.as_str().map(str::to_owned)
}

pub(crate) fn create_request(body: &[u8], now: Timestamp) -> Result<ValidQrOrder, BlockAtmError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| BlockAtmError::invalid(format!("request body is not valid JSON: {e}")))?;
    let object =
        value.as_object().ok_or_else(|| BlockAtmError::invalid("request body must be a JSON object"))?;

    let merchant_order_no = text(object, "merchantOrderNo")?;
    let ok_chars = merchant_order_no.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if merchant_order_no.is_empty() || merchant_order_no.len() > 64 || !ok_chars {
        return Err(BlockAtmError::invalid(format!(
            "merchantOrderNo {merchant_order_no:?} must be 1 to 64 characters of letters, digits, '-' and '_'"
        )));
    }
    // chainId is a string; a number is taken too (the seed's example sends "1", others send 1).
    let chain_id = match object.get("chainId") {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        None | Some(Value::Null) => return Err(BlockAtmError::invalid("chainId is missing")),
        Some(other) => return Err(BlockAtmError::invalid(format!("chainId must be a string, got {other}"))),
    };
    let symbol = text(object, "symbol")?;
    let offer = methods::find(&chain_id, symbol).ok_or_else(|| {
        BlockAtmError::invalid(format!(
            "{symbol} on chainId {chain_id:?} is not offered; offered: {}",
            methods::offered_list()
        ))
    })?;
    let amount_text = text(object, "amount")?;
    let amount = parse_amount(amount_text)?;
    if amount < offer.min || amount > offer.max {
        return Err(BlockAtmError::invalid(format!(
            "amount {amount_text} is outside {}..{} for {symbol} on chainId {chain_id:?}",
            offer.min, offer.max
        )));
    }
    let expire_at = parse_expiry(object.get("expireTime"), now)?;
    Ok(ValidQrOrder {
        merchant_order_no: merchant_order_no.to_owned(),
        offer,
        amount_text: amount_text.to_owned(),
        amount,
        expire_at,
    })
}

fn text<'a>(object: &'a Map<String, Value>, key: &str) -> Result<&'a str, BlockAtmError> {
    match object.get(key) {
        None | Some(Value::Null) => Err(BlockAtmError::invalid(format!("{key} is missing"))),
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(BlockAtmError::invalid(format!("{key} must be a string, got {other}"))),
    }
}

/// A plain positive decimal string with at most six decimals; `1e2` or `12.` is a client bug.
fn parse_amount(text: &str) -> Result<Decimal, BlockAtmError> {
    let (whole, fraction) = text.split_once('.').map_or((text, None), |(w, f)| (w, Some(f)));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(whole) && fraction.is_none_or(digits)) {
        return Err(BlockAtmError::invalid(format!(
            "amount {text:?} is not a decimal number such as \"12.50\""
        )));
    }
    if fraction.map_or(0, str::len) > MAX_DECIMALS {
        return Err(BlockAtmError::invalid(format!("amount {text} has more than {MAX_DECIMALS} decimals")));
    }
    let amount: Decimal =
        text.parse().map_err(|_| BlockAtmError::invalid(format!("amount {text:?} is too large")))?;
    if amount <= Decimal::ZERO {
        return Err(BlockAtmError::invalid(format!("amount {text} must be greater than zero")));
    }
    Ok(amount)
}

/// expireTime: Unix milliseconds (a number, or a string of digits), in the future and within a week.
fn parse_expiry(value: Option<&Value>, now: Timestamp) -> Result<Timestamp, BlockAtmError> {
    let millis = match value {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse::<i64>().ok(),
        _ => None,
    };
    let expire_at = millis.and_then(|ms| Timestamp::from_millisecond(ms).ok()).ok_or_else(|| {
        BlockAtmError::invalid(format!("expireTime must be Unix milliseconds, got {}", shown(value)))
    })?;
    if expire_at <= now {
        return Err(BlockAtmError::invalid(format!(
            "expireTime {} is not in the future (server time {})",
            expire_at.as_millisecond(),
            now.as_millisecond()
        )));
    }
    if expire_at.duration_since(now) > LONGEST_EXPIRY {
        return Err(BlockAtmError::invalid("expireTime is more than 7 days ahead"));
    }
    Ok(expire_at)
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "nothing".to_owned(), Value::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Timestamp {
        Timestamp::from_millisecond(1_763_700_000_000).unwrap_or(Timestamp::UNIX_EPOCH)
    }

    fn refusal(body: Value) -> String {
        match create_request(body.to_string().as_bytes(), now()) {
            Ok(_) => "accepted".into(),
            Err(e) => e.message,
        }
    }

    fn body(chain: Value, symbol: &str, amount: &str, expire: Value) -> Value {
        serde_json::json!({"merchantOrderNo":"ST-1","chainId":chain,"symbol":symbol,"amount":amount,"expireTime":expire})
    }

    #[test]
    fn each_field_is_checked_and_named() {
        let later = serde_json::json!(1_763_700_900_000_i64);
        assert_eq!(refusal(body("tron".into(), "USDT", "12.50", later.clone())), "accepted");
        assert_eq!(refusal(body(56.into(), "USDC", "0.5", "1763700900000".into())), "accepted");
        assert!(refusal(body("solana".into(), "USDT", "12.50", later.clone())).contains("not offered"));
        assert!(refusal(body("1".into(), "USDT", "9.99", later.clone())).contains("outside 10.00..50000.00"));
        for bad in ["1e2", "-1", "12.", "", "1.1234567"] {
            assert!(refusal(body("tron".into(), "USDT", bad, later.clone())).contains("amount"), "{bad}");
        }
        assert!(refusal(body("tron".into(), "USDT", "5", 1_763_699_999_999_i64.into()))
            .contains("not in the future"));
        assert!(refusal(body("tron".into(), "USDT", "5", "soon".into())).contains("expireTime must be"));
        assert!(refusal(body("tron".into(), "USDT", "5", 1_800_000_000_000_i64.into())).contains("7 days"));
        assert!(refusal(serde_json::json!({"merchantOrderNo":"a/b"})).contains("merchantOrderNo"));
    }
}
