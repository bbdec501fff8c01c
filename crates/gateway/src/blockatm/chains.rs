//! The chains BlockATM names by `chainId`, and the network codes the till uses for them. A chain
//! this table does not know still round-trips: its network code is `chain-<chainId>`.

/// One chain: the till's network code, BlockATM's `chainId`, and a display name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chain {
    pub network: &'static str,
    pub chain_id: &'static str,
    pub name: &'static str,
}

/// `chainId` is a string on the wire. TRON has no EVM chain id in this API, so it is `"tron"`.
pub const CHAINS: [Chain; 5] = [
    Chain { network: "ethereum", chain_id: "1", name: "Ethereum" },
    Chain { network: "bsc", chain_id: "56", name: "BNB Smart Chain" },
    Chain { network: "polygon", chain_id: "137", name: "Polygon" },
    Chain { network: "tron", chain_id: "tron", name: "TRON" },
    Chain { network: "arbitrum", chain_id: "42161", name: "Arbitrum One" },
];

/// Network code of a chain the table does not know: this prefix and the chainId.
const UNKNOWN_PREFIX: &str = "chain-";

pub fn by_network(network: &str) -> Option<&'static Chain> {
    CHAINS.iter().find(|chain| chain.network == network)
}

pub fn by_chain_id(chain_id: &str) -> Option<&'static Chain> {
    CHAINS.iter().find(|chain| chain.chain_id == chain_id)
}

/// The till's network code for a `chainId`: `ethereum` for `"1"`, `chain-10` for an unknown `"10"`.
pub fn network_code(chain_id: &str) -> String {
    match by_chain_id(chain_id) {
        Some(chain) => chain.network.to_owned(),
        None => format!("{UNKNOWN_PREFIX}{chain_id}"),
    }
}

/// The `chainId` for a network code, the inverse of [`network_code`]; None for a code that is
/// neither in the table nor `chain-<id>`.
pub fn chain_id(network: &str) -> Option<String> {
    if let Some(chain) = by_network(network) {
        return Some(chain.chain_id.to_owned());
    }
    network.strip_prefix(UNKNOWN_PREFIX).filter(|id| !id.is_empty()).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_and_unknown_chains_round_trip() {
        for chain in CHAINS {
            assert_eq!(network_code(chain.chain_id), chain.network);
            assert_eq!(chain_id(chain.network).as_deref(), Some(chain.chain_id));
        }
        assert_eq!(network_code("10"), "chain-10");
        assert_eq!(chain_id("chain-10").as_deref(), Some("10"));
        assert_eq!(chain_id("solana"), None);
        assert_eq!(chain_id("chain-"), None);
    }
}
