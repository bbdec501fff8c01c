//! The tokens and chains the BlockATM simulator offers, with their limits and the shape of their deposit addresses. Chain ids and names come from the client's own table, so
//! both sides agree on them by construction.

use rust_decimal::Decimal;
use stabletill_gateway::blockatm::chains::{self, Chain};
use stabletill_gateway::blockatm::BlockAtmMethod;

use crate::methods::AddressKind;

/// One token on one chain.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Offer {
    pub chain: &'static Chain,
    pub symbol: &'static str,
    pub min: Decimal,
    pub max: Decimal,
}

impl Offer {
    pub fn address_kind(&self) -> AddressKind {
        if self.chain.network == "tron" {
            AddressKind::Tron
        } else {
            AddressKind::Evm
        }
    }

    /// The method as the API lists it, advertising `confirmation` — the time this simulator
    /// really takes, not the chain's — so a till's cadence meets what it was told.
    pub fn to_wire(self, confirmation: std::time::Duration) -> BlockAtmMethod {
        BlockAtmMethod {
            chain_id: self.chain.chain_id.to_owned(),
            chain_name: Some(self.chain.name.to_owned()),
            symbol: self.symbol.to_owned(),
            min_amount: self.min.to_string(),
            max_amount: self.max.to_string(),
            confirmation_time: Some(confirmation.as_secs_f64().ceil().max(1.0) as u64),
        }
    }
}

/// (network, min in cents, max in cents): Ethereum's fees make small payments pointless, so its
/// minimum is higher.
const CHAIN_FACTS: [(&str, i64, i64); 5] = [
    ("tron", 100, 1_000_000),
    ("bsc", 50, 2_000_000),
    ("polygon", 50, 2_000_000),
    ("arbitrum", 50, 2_000_000),
    ("ethereum", 1_000, 5_000_000),
];

/// USDT and USDC on every chain, in the order the gateway lists them.
pub(crate) fn all() -> Vec<Offer> {
    let mut offers = Vec::new();
    for (network, min, max) in CHAIN_FACTS {
        let Some(chain) = chains::by_network(network) else { continue };
        for symbol in ["USDT", "USDC"] {
            offers.push(Offer { chain, symbol, min: Decimal::new(min, 2), max: Decimal::new(max, 2) });
        }
    }
    offers
}

pub(crate) fn find(chain_id: &str, symbol: &str) -> Option<Offer> {
    all().into_iter().find(|offer| offer.chain.chain_id == chain_id && offer.symbol == symbol)
}

/// `USDT on 1, USDC on 1, …`, for refusals that say what would have worked.
pub(crate) fn offered_list() -> String {
    all().iter().map(|o| format!("{} on {}", o.symbol, o.chain.chain_id)).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_tokens_on_each_of_the_five_chains() {
        let offers = all();
        assert_eq!(offers.len(), 10);
        assert!(find("tron", "USDT").is_some_and(|o| o.address_kind() == AddressKind::Tron));
        assert!(find("42161", "USDC").is_some_and(|o| o.address_kind() == AddressKind::Evm));
        assert!(find("1", "USD1").is_none());
        let wire = find("56", "USDT").map(|o| o.to_wire(std::time::Duration::from_millis(1500)));
        assert_eq!(wire.as_ref().map(|w| w.min_amount.as_str()), Some("0.50"));
        assert_eq!(
            wire.and_then(|w| w.confirmation_time),
            Some(2),
            "the time the simulator takes, rounded up"
        );
    }
}
