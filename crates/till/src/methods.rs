//! The payment methods the gateway offers, as the till shows them: which can take this amount, and
//! why the others cannot.

use rust_decimal::Decimal;
use serde::Serialize;
use stabletill_gateway::PaymentMethod;

use crate::{AmountError, TillError};

/// A method as the cashier screen and the CLI list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodView {
    pub currency: String,
    pub network: String,
    pub network_display_name: String,
    pub min_amount: String,
    pub max_amount: String,
    pub estimated_confirmation_time_sec: Option<u64>,
    /// "USDT · TRON Network"
    pub label: String,
}

/// A method together with whether it can take the amount being charged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodOption {
    #[serde(flatten)]
    pub method: MethodView,
    pub available: bool,
    /// Why it cannot be picked, in words for the cashier.
    pub reason: Option<String>,
}

impl From<&PaymentMethod> for MethodView {
    fn from(m: &PaymentMethod) -> Self {
        Self {
            currency: m.crypto_currency.clone(),
            network: m.network.clone(),
            network_display_name: m.network_display_name.clone(),
            min_amount: m.min_amount.clone(),
            max_amount: m.max_amount.clone(),
            estimated_confirmation_time_sec: m.estimated_confirmation_time_sec,
            label: format!("{} · {}", m.crypto_currency, m.network_display_name),
        }
    }
}

/// Finds the method for a currency and network code (case-insensitive), or says which exist.
pub(crate) fn find_method<'a>(
    methods: &'a [PaymentMethod],
    currency: &str,
    network: &str,
) -> Result<&'a PaymentMethod, TillError> {
    methods
        .iter()
        .find(|m| m.crypto_currency.eq_ignore_ascii_case(currency) && m.network.eq_ignore_ascii_case(network))
        .ok_or_else(|| {
            let offered: Vec<String> =
                methods.iter().map(|m| format!("{} on {}", m.crypto_currency, m.network)).collect();
            TillError::UnknownMethod(format!(
                "{} on {network:?} is not offered by the gateway; choose one of: {}",
                currency.to_uppercase(),
                offered.join(", ")
            ))
        })
}

/// Checks an amount against the method's minimum and maximum.
pub(crate) fn check_limits(method: &PaymentMethod, amount: Decimal) -> Result<(), TillError> {
    let label = format!("{} on {}", method.crypto_currency, method.network_display_name);
    let currency = method.crypto_currency.clone();
    let min = method.min().map_err(TillError::Gateway)?;
    let max = method.max().map_err(TillError::Gateway)?;
    if amount < min {
        return Err(AmountError::BelowMinimum { amount, min, currency, method: label }.into());
    }
    if amount > max {
        return Err(AmountError::AboveMaximum { amount, max, currency, method: label }.into());
    }
    Ok(())
}

/// Every method, each marked available or not for `amount` (None: nothing typed yet).
pub(crate) fn options_for(methods: &[PaymentMethod], amount: Option<Decimal>) -> Vec<MethodOption> {
    methods
        .iter()
        .map(|m| {
            let reason = match amount {
                None => Some("Enter an amount first".to_owned()),
                Some(amount) => check_limits(m, amount).err().map(|e| short_reason(m, &e)),
            };
            MethodOption { method: MethodView::from(m), available: reason.is_none(), reason }
        })
        .collect()
}

fn short_reason(method: &PaymentMethod, error: &TillError) -> String {
    match error {
        TillError::InvalidAmount(AmountError::BelowMinimum { min, .. }) => {
            format!("Minimum {min} {}", method.crypto_currency)
        }
        TillError::InvalidAmount(AmountError::AboveMaximum { max, .. }) => {
            format!("Maximum {max} {}", method.crypto_currency)
        }
        _ => "Not available: the gateway's limits for it are unreadable".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn method(currency: &str, network: &str, min: &str, max: &str) -> PaymentMethod {
        PaymentMethod {
            crypto_currency: currency.into(),
            network: network.into(),
            network_display_name: format!("{network} network"),
            min_amount: min.into(),
            max_amount: max.into(),
            estimated_confirmation_time_sec: Some(60),
            display_order: Some(1),
        }
    }

    #[test]
    fn a_method_outside_its_limits_cannot_be_picked_and_says_why() {
        let methods = vec![method("USDT", "tron", "1", "10000"), method("USDT", "ethereum", "10", "50000")];
        let options = options_for(&methods, Some(Decimal::new(1250, 2)));
        assert!(options[0].available);
        assert!(options[1].available);
        let options = options_for(&methods, Some(Decimal::new(5, 0)));
        assert!(options[0].available);
        assert!(!options[1].available);
        assert_eq!(options[1].reason.as_deref(), Some("Minimum 10 USDT"));
        let err = check_limits(&methods[0], Decimal::new(20000, 0)).unwrap_err();
        assert!(err.to_string().contains("above the maximum of 10000 USDT"), "{err}");
    }

    #[test]
    fn an_unknown_network_lists_what_is_offered() {
        let methods = vec![method("USDT", "tron", "1", "10000")];
        let err = find_method(&methods, "USDT", "solana").unwrap_err();
        assert!(err.to_string().contains("choose one of: USDT on tron"), "{err}");
        assert!(find_method(&methods, "usdt", "TRON").is_ok());
    }
}
