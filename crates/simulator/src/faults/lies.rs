//! Lies: answers that arrive whole and well-formed but say something a till must not believe. Each
//! lie is drawn on its own (like `hostile-names`) and only rewrites an answer that was delivered.
//!
//! | spec name | what the answer says |
//! |---|---|
//! | `oversize-body` | an envelope padded past 2 MiB (a client caps answers at 1 MiB) |
//! | `deep-json` | `data` nested 100,000 arrays deep |
//! | `negative-amount` | the amount due below zero |
//! | `absurd-amount` | the amount due is 99,999,999,999 |
//! | `wrong-address` | a deposit address of another network's shape (EVM for TRON and back) |
//! | `status-backwards` | PENDING where the order is PROCESSING or paid |
//! | `other-order-id` | another merchantOrderId than asked for |
//! | `other-currency` | the amount due in another coin |

use serde_json::Value;

/// One lie a simulator can tell; see the module's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lie {
    OversizeBody,
    DeepJson,
    NegativeAmount,
    AbsurdAmount,
    WrongAddress,
    StatusBackwards,
    OtherOrderId,
    OtherCurrency,
}

impl Lie {
    pub const ALL: [Lie; 8] = [
        Self::OversizeBody,
        Self::DeepJson,
        Self::NegativeAmount,
        Self::AbsurdAmount,
        Self::WrongAddress,
        Self::StatusBackwards,
        Self::OtherOrderId,
        Self::OtherCurrency,
    ];

    /// The name in specs and in the request log's `fault` field.
    pub fn name(self) -> &'static str {
        match self {
            Self::OversizeBody => "oversize-body",
            Self::DeepJson => "deep-json",
            Self::NegativeAmount => "negative-amount",
            Self::AbsurdAmount => "absurd-amount",
            Self::WrongAddress => "wrong-address",
            Self::StatusBackwards => "status-backwards",
            Self::OtherOrderId => "other-order-id",
            Self::OtherCurrency => "other-currency",
        }
    }

    pub fn parse(name: &str) -> Option<Lie> {
        Self::ALL.into_iter().find(|lie| lie.name() == name)
    }
}

/// Which gateway's field names an answer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    PayStableCoin,
    BlockAtm,
}

/// How big an oversize answer is: twice a client's cap.
const OVERSIZE_BYTES: usize = 2 * 1024 * 1024;
const DEEP_NESTING: usize = 100_000;
/// Well-formed addresses that belong to nobody (a TRON one with a valid checksum).
const TRON_ADDRESS: &str = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
const EVM_ADDRESS: &str = "0x000000000000000000000000000000000000dEaD";

/// The answer body with `lies` told, and the names of the lies that changed it; `None` when
/// none applied (an answer that is not an order is only ever oversized or deepened).
pub(crate) fn tell(body: &[u8], lies: &[Lie], dialect: Dialect) -> Option<(Vec<u8>, Vec<&'static str>)> {
    if lies.is_empty() {
        return None;
    }
    let mut envelope: Value = serde_json::from_slice(body).ok()?;
    let mut told = Vec::new();
    if let Some(order) = envelope.get_mut("data").filter(|data| is_order(data, dialect)) {
        for &lie in lies {
            if rewrite_order(order, lie, dialect) {
                told.push(lie.name());
            }
        }
    }
    let mut bytes = serde_json::to_vec(&envelope).ok()?;
    if lies.contains(&Lie::DeepJson) {
        let code = envelope.get("code").cloned().unwrap_or(Value::Null);
        let deep = format!("{}{}", "[".repeat(DEEP_NESTING), "]".repeat(DEEP_NESTING));
        bytes = format!("{{\"code\":{code},\"success\":true,\"data\":{deep}}}").into_bytes();
        told.push(Lie::DeepJson.name());
    }
    if lies.contains(&Lie::OversizeBody) {
        // Whitespace before the closing brace keeps it valid JSON: only its size is the lie.
        let end = bytes.iter().rposition(|&b| b == b'}').unwrap_or(bytes.len());
        bytes.splice(end..end, std::iter::repeat_n(b' ', OVERSIZE_BYTES));
        told.push(Lie::OversizeBody.name());
    }
    (!told.is_empty()).then_some((bytes, told))
}

fn is_order(data: &Value, dialect: Dialect) -> bool {
    data.get(field(dialect, Field::OrderId)).is_some()
}

#[derive(Clone, Copy)]
enum Field {
    OrderId,
    Address,
    Status,
}

fn field(dialect: Dialect, which: Field) -> &'static str {
    match (dialect, which) {
        (Dialect::PayStableCoin, Field::OrderId) => "merchantOrderId",
        (Dialect::PayStableCoin, Field::Address) => "depositAddress",
        (Dialect::BlockAtm, Field::OrderId) => "merchantOrderNo",
        (Dialect::BlockAtm, Field::Address) => "toAddress",
        (_, Field::Status) => "status",
    }
}

/// Tells one lie about an order object; true if it changed anything.
fn rewrite_order(order: &mut Value, lie: Lie, dialect: Dialect) -> bool {
    let Some(object) = order.as_object_mut() else { return false };
    match lie {
        Lie::OversizeBody | Lie::DeepJson => false,
        Lie::NegativeAmount | Lie::AbsurdAmount => {
            let slot = match dialect {
                Dialect::PayStableCoin => {
                    object.get_mut("cryptoPaymentAmount").and_then(|m| m.get_mut("value"))
                }
                Dialect::BlockAtm => object.get_mut("amount"),
            };
            let Some(value) = slot else { return false };
            let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
            *value = Value::String(if lie == Lie::NegativeAmount {
                format!("-{}", text.trim_start_matches('-'))
            } else {
                "99999999999".to_owned()
            });
            true
        }
        Lie::WrongAddress => {
            let Some(address) = object.get_mut(field(dialect, Field::Address)) else { return false };
            let other =
                if address.as_str().is_some_and(|a| a.starts_with('T')) { EVM_ADDRESS } else { TRON_ADDRESS };
            *address = Value::String(other.to_owned());
            true
        }
        Lie::StatusBackwards => {
            let Some(status) = object.get_mut(field(dialect, Field::Status)) else { return false };
            let moved_on = matches!(status.as_str(), Some("PROCESSING" | "SUCCEEDED" | "SUCCESS"));
            if moved_on {
                *status = Value::String("PENDING".to_owned());
            }
            moved_on
        }
        Lie::OtherOrderId => {
            let Some(id) = object.get_mut(field(dialect, Field::OrderId)) else { return false };
            *id = Value::String(format!("{}-SOMEONE-ELSE", id.as_str().unwrap_or("ST")));
            true
        }
        Lie::OtherCurrency => {
            let slot = match dialect {
                Dialect::PayStableCoin => {
                    object.get_mut("cryptoPaymentAmount").and_then(|m| m.get_mut("currency"))
                }
                Dialect::BlockAtm => object.get_mut("symbol"),
            };
            let Some(currency) = slot else { return false };
            let other = if currency.as_str() == Some("USDC") { "USDT" } else { "USDC" };
            *currency = Value::String(other.to_owned());
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Vec<u8> {
        br#"{"code":"00000","data":{"merchantOrderId":"ST-1","status":"PROCESSING","depositAddress":"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t","cryptoPaymentAmount":{"value":"13.00","currency":"USDT"}}}"#.to_vec()
    }

    fn told(lie: Lie) -> Value {
        let (bytes, names) = tell(&order(), &[lie], Dialect::PayStableCoin).unwrap_or_default();
        assert_eq!(names, [lie.name()]);
        serde_json::from_slice(&bytes).unwrap_or_default()
    }

    #[test]
    fn each_order_lie_changes_one_field() {
        assert_eq!(told(Lie::NegativeAmount)["data"]["cryptoPaymentAmount"]["value"], "-13.00");
        assert_eq!(told(Lie::AbsurdAmount)["data"]["cryptoPaymentAmount"]["value"], "99999999999");
        assert_eq!(told(Lie::WrongAddress)["data"]["depositAddress"], EVM_ADDRESS);
        assert_eq!(told(Lie::StatusBackwards)["data"]["status"], "PENDING");
        assert_eq!(told(Lie::OtherOrderId)["data"]["merchantOrderId"], "ST-1-SOMEONE-ELSE");
        assert_eq!(told(Lie::OtherCurrency)["data"]["cryptoPaymentAmount"]["currency"], "USDC");
    }

    #[test]
    fn oversize_and_deep_answers_are_what_they_say() {
        let (big, _) = tell(&order(), &[Lie::OversizeBody], Dialect::PayStableCoin).unwrap_or_default();
        assert!(big.len() > OVERSIZE_BYTES);
        assert!(serde_json::from_slice::<Value>(&big).is_ok());
        let (deep, _) = tell(&order(), &[Lie::DeepJson], Dialect::PayStableCoin).unwrap_or_default();
        assert!(deep.starts_with(br#"{"code":"00000","success":true,"data":[[[["#));
        assert!(serde_json::from_slice::<Value>(&deep).is_err(), "serde_json refuses it: too deep");
    }

    #[test]
    fn answers_that_are_not_orders_are_left_alone() {
        let methods = br#"{"code":"00000","data":[{"network":"tron"}]}"#;
        assert_eq!(tell(methods, &[Lie::WrongAddress, Lie::StatusBackwards], Dialect::PayStableCoin), None);
        assert_eq!(tell(&order(), &[Lie::WrongAddress], Dialect::BlockAtm), None);
        for lie in Lie::ALL {
            assert_eq!(Lie::parse(lie.name()), Some(lie));
        }
    }
}
