//! The payment methods the simulator offers, and the per-network facts behind them (limits,
//! confirmation time, the fee added to the customer's amount, the shape of a deposit address).

use crate::lifecycle::Timing;
use rust_decimal::Decimal;
use stabletill_gateway::PaymentMethod;

/// What a deposit address on a network looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AddressKind {
    /// Base58Check, version byte 0x41: `T` + 33 characters.
    Tron,
    /// `0x` + 40 hex digits (BSC and Ethereum share the format).
    Evm,
}

/// One network the simulator supports.
#[derive(Debug, Clone)]
pub(crate) struct Network {
    pub code: &'static str,
    pub display_name: &'static str,
    pub min: Decimal,
    pub max: Decimal,
    pub confirmation_time_sec: u64,
    /// Added to orderAmount to get cryptoPaymentAmount, the way a gateway passes on network costs
    /// (the public example has 100.50 → 101.00), so the till must show the customer the latter.
    pub fee: Decimal,
    pub address: AddressKind,
}

/// One currency on one network, as listed by the payment-methods endpoint.
#[derive(Debug, Clone)]
pub(crate) struct Method {
    pub currency: &'static str,
    pub network: Network,
    pub display_order: i64,
}

fn tron() -> Network {
    Network {
        code: "tron",
        display_name: "TRON Network",
        min: Decimal::new(100, 2),
        max: Decimal::new(1_000_000, 2),
        confirmation_time_sec: 60,
        fee: Decimal::new(50, 2),
        address: AddressKind::Tron,
    }
}

fn bsc() -> Network {
    Network {
        code: "bsc",
        display_name: "BNB Smart Chain",
        min: Decimal::new(50, 2),
        max: Decimal::new(2_000_000, 2),
        confirmation_time_sec: 45,
        fee: Decimal::new(10, 2),
        address: AddressKind::Evm,
    }
}

fn ethereum() -> Network {
    Network {
        code: "ethereum",
        display_name: "Ethereum",
        min: Decimal::new(1_000, 2),
        max: Decimal::new(5_000_000, 2),
        confirmation_time_sec: 300,
        fee: Decimal::new(150, 2),
        address: AddressKind::Evm,
    }
}

/// All offered methods, grouped by network as a gateway's table would be — deliberately not in
/// displayOrder, because the client is the one that must sort.
pub(crate) fn all() -> Vec<Method> {
    let method = |currency, network, display_order| Method { currency, network, display_order };
    vec![
        method("USDT", tron(), 1),
        method("USDC", tron(), 2),
        method("USDT", bsc(), 3),
        method("USDC", bsc(), 4),
        method("USD1", bsc(), 7),
        method("USDT", ethereum(), 5),
        method("USDC", ethereum(), 6),
        method("USD1", ethereum(), 8),
    ]
}

/// The method for `currency` on `network`, if offered. Both are matched exactly, as the codes the
/// payment-methods endpoint hands out are the ones to send back.
pub(crate) fn find(currency: &str, network: &str) -> Option<Method> {
    all().into_iter().find(|m| m.currency == currency && m.network.code == network)
}

/// Whether any method uses this network code (to tell "unknown network" from "currency not offered
/// on this network" in error messages).
pub(crate) fn network_exists(network: &str) -> bool {
    all().iter().any(|m| m.network.code == network)
}

/// The offered `currency·network` pairs, for error messages that say what would have worked.
pub(crate) fn offered_list() -> String {
    let mut pairs: Vec<(i64, String)> =
        all().iter().map(|m| (m.display_order, format!("{} on {}", m.currency, m.network.code))).collect();
    pairs.sort();
    pairs.into_iter().map(|(_, p)| p).collect::<Vec<_>>().join(", ")
}

impl Method {
    /// The method as the endpoint lists it. `estimatedConfirmationTimeSec` says how long this
    /// simulator really keeps a payment PROCESSING (whole seconds, at least 1), so a client that
    /// plans its polling around the estimate is told the truth, in demo mode too.
    pub(crate) fn to_wire(&self, timing: &Timing) -> PaymentMethod {
        let confirmation = timing.confirmation_for(&self.network).as_secs_f64().ceil().max(1.0);
        PaymentMethod {
            crypto_currency: self.currency.to_owned(),
            network: self.network.code.to_owned(),
            network_display_name: self.network.display_name.to_owned(),
            min_amount: self.network.min.to_string(),
            max_amount: self.network.max.to_string(),
            // Saturating float-to-int: an absurd time scale gives u64::MAX, not a panic.
            estimated_confirmation_time_sec: Some(confirmation as u64),
            display_order: Some(self.display_order),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_methods_with_distinct_display_orders() {
        let mut orders: Vec<i64> = all().iter().map(|m| m.display_order).collect();
        orders.sort();
        assert_eq!(orders, (1..=8).collect::<Vec<_>>());
    }

    #[test]
    fn limits_are_decimal_strings() {
        let timing = Timing {
            auto_pay_after: None,
            auto_pay_spread: std::time::Duration::ZERO,
            confirmation: crate::lifecycle::Confirmation::PerNetwork { time_scale: 1.0 },
            close_grace: std::time::Duration::ZERO,
        };
        let usdt_tron = find("USDT", "tron").map(|m| m.to_wire(&timing));
        let wire = usdt_tron.as_ref();
        assert_eq!(wire.map(|w| w.min_amount.as_str()), Some("1.00"));
        assert_eq!(wire.map(|w| w.max_amount.as_str()), Some("10000.00"));
        assert!(find("USD1", "tron").is_none());
        assert!(network_exists("tron") && !network_exists("solana"));
    }
}
