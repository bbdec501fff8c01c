//! The names the till shows for the networks it knows, whatever a gateway calls them. The warning
//! "Send USDT on TRON only" is what stands between a customer and a payment lost on the wrong
//! network, so for a known network it never carries a gateway's own text.

/// (network code as both gateways' clients use it, name shown to people).
const KNOWN: [(&str, &str); 6] = [
    ("tron", "TRON"),
    ("bsc", "BNB Smart Chain"),
    ("ethereum", "Ethereum"),
    ("polygon", "Polygon"),
    ("arbitrum", "Arbitrum One"),
    ("solana", "Solana"),
];

/// The till's own name for network `code` (`tron`, `bsc`, …, any case), if it knows the network.
pub fn known_network_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    KNOWN.iter().find(|(known, _)| known.eq_ignore_ascii_case(code)).map(|(_, name)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_networks_have_the_tills_own_names_and_others_none() {
        assert_eq!(known_network_name("tron"), Some("TRON"));
        assert_eq!(known_network_name(" BSC "), Some("BNB Smart Chain"));
        assert_eq!(known_network_name("chain-8453"), None);
        assert_eq!(known_network_name("<img src=x onerror=alert(1)>"), None);
    }

    #[test]
    fn the_names_agree_with_the_blockatm_chain_table() {
        for chain in crate::blockatm::chains::CHAINS {
            assert_eq!(known_network_name(chain.network), Some(chain.name), "{}", chain.network);
        }
    }
}
