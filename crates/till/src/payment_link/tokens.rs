//! The token contracts a payment link may name. A wrong contract sends the customer's money
//! astray, so this table is short, kept by hand, and every row was checked against the table in
//! the project's gateway notes (Circle's USDC page and pages citing it; Tether's published
//! contracts) and at least one further independent public source. Decimals matter as much as the
//! address: USDT and USDC on BSC have 18, everywhere else here 6. A token or network not listed
//! here gets no link: the QR then holds the bare deposit address.

/// How a chain's wallets read a payment link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    /// EIP-681 with this EIP-155 chain id.
    Evm { chain_id: u64 },
    /// Solana Pay.
    Solana,
}

/// One stablecoin contract on one chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub network: &'static str,
    pub currency: &'static str,
    pub chain: Chain,
    /// The token's contract (EVM) or mint (Solana).
    pub contract: &'static str,
    /// On-chain decimals: atomic units per token are 10^decimals.
    pub decimals: u32,
}

const ETHEREUM: Chain = Chain::Evm { chain_id: 1 };
const BSC: Chain = Chain::Evm { chain_id: 56 };
const POLYGON: Chain = Chain::Evm { chain_id: 137 };
const ARBITRUM: Chain = Chain::Evm { chain_id: 42161 };
const BASE: Chain = Chain::Evm { chain_id: 8453 };

#[rustfmt::skip]
pub(crate) const TOKENS: &[Token] = &[
    Token { network: "ethereum", currency: "USDT", chain: ETHEREUM, contract: "0xdAC17F958D2ee523a2206206994597C13D831ec7", decimals: 6 },
    Token { network: "ethereum", currency: "USDC", chain: ETHEREUM, contract: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", decimals: 6 },
    Token { network: "bsc",      currency: "USDT", chain: BSC,      contract: "0x55d398326f99059fF775485246999027B3197955", decimals: 18 },
    Token { network: "bsc",      currency: "USDC", chain: BSC,      contract: "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d", decimals: 18 },
    Token { network: "polygon",  currency: "USDT", chain: POLYGON,  contract: "0xc2132D05D31c914a87C6611C10748AEb04B58e8F", decimals: 6 },
    Token { network: "polygon",  currency: "USDC", chain: POLYGON,  contract: "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", decimals: 6 },
    Token { network: "arbitrum", currency: "USDT", chain: ARBITRUM, contract: "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9", decimals: 6 },
    Token { network: "arbitrum", currency: "USDC", chain: ARBITRUM, contract: "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", decimals: 6 },
    Token { network: "base",     currency: "USDC", chain: BASE,     contract: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", decimals: 6 },
    Token { network: "solana",   currency: "USDT", chain: Chain::Solana, contract: "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB", decimals: 6 },
    Token { network: "solana",   currency: "USDC", chain: Chain::Solana, contract: "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", decimals: 6 },
];

/// The gateway's network code as this table names the chain. Only unambiguous spellings are
/// known; TRON is deliberately absent (no link standard: its wallets read the bare address).
fn table_network(code: &str) -> Option<&'static str> {
    match code.trim().to_ascii_lowercase().as_str() {
        "ethereum" | "eth" | "erc20" => Some("ethereum"),
        "bsc" | "bep20" | "bnb" => Some("bsc"),
        "polygon" | "matic" => Some("polygon"),
        "arbitrum" | "arbitrum-one" => Some("arbitrum"),
        "base" => Some("base"),
        "solana" | "sol" | "spl" => Some("solana"),
        _ => None,
    }
}

/// The listed contract of `currency` on the gateway's `network`, if any.
pub(crate) fn find(currency: &str, network: &str) -> Option<&'static Token> {
    let network = table_network(network)?;
    TOKENS.iter().find(|t| t.network == network && t.currency.eq_ignore_ascii_case(currency))
}
