//! Whether a deposit address has the shape of an address on the order's network, so an answer
//! that names a TRON address for an Ethereum order (or garbage) is never shown as a QR.
//!
//! Shape only: TRON addresses are checked down to their Base58Check checksum, EVM addresses are
//! `0x` and 40 hex digits (the mixed-case EIP-55 checksum is not checked: wallets accept either
//! case), Solana addresses must decode to a 32-byte key. An address of a network this table does
//! not know is only checked for being one plausible token of printable ASCII.

/// What a network's addresses look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressShape {
    /// Base58Check: version byte 0x41, a 20-byte account, a 4-byte checksum; `T…`, 34 characters.
    Tron,
    /// `0x` and 40 hex digits.
    Evm,
    /// Base58 of a 32-byte public key.
    Solana,
    /// A network this table does not know.
    Unknown,
}

/// TRON mainnet addresses carry this version byte, which is why they all begin with `T`.
const TRON_VERSION: u8 = 0x41;

/// The address shape of a gateway network code (PayStableCoin's `tron`, `bsc`, …, and the
/// BlockATM client's `chain-<chainId>` for EVM chains it has no name for).
pub fn address_shape(network: &str) -> AddressShape {
    let code = network.trim().to_ascii_lowercase();
    match code.as_str() {
        "tron" | "trx" | "trc20" => AddressShape::Tron,
        "ethereum" | "eth" | "erc20" | "bsc" | "bep20" | "bnb" | "polygon" | "matic" | "arbitrum"
        | "arbitrum-one" | "base" | "optimism" | "avalanche" | "avax" => AddressShape::Evm,
        "solana" | "sol" | "spl" => AddressShape::Solana,
        _ if code
            .strip_prefix("chain-")
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())) =>
        {
            AddressShape::Evm
        }
        _ => AddressShape::Unknown,
    }
}

/// `Ok` when `address` has the shape of an address on `network`; else what is wrong with it, in
/// words a cashier can pass on.
pub fn check_deposit_address(network: &str, address: &str) -> Result<(), String> {
    let fits = match address_shape(network) {
        AddressShape::Tron => is_tron_address(address),
        AddressShape::Evm => is_evm_address(address),
        AddressShape::Solana => is_solana_address(address),
        AddressShape::Unknown => is_plausible_address(address),
    };
    if fits {
        Ok(())
    } else {
        Err(format!("the deposit address {} is not an address on the {network} network", shown(address)))
    }
}

fn is_tron_address(text: &str) -> bool {
    text.len() == 34
        && text.starts_with('T')
        && bs58::decode(text).with_check(Some(TRON_VERSION)).into_vec().is_ok_and(|bytes| bytes.len() == 21)
}

fn is_evm_address(text: &str) -> bool {
    text.strip_prefix("0x").is_some_and(|hex| hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_solana_address(text: &str) -> bool {
    (32..=44).contains(&text.len()) && bs58::decode(text).into_vec().is_ok_and(|bytes| bytes.len() == 32)
}

/// 16 to 128 printable ASCII characters, no spaces: no real chain's address is outside that.
fn is_plausible_address(text: &str) -> bool {
    (16..=128).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic())
}

/// The address for a message: quoted, and cut short when it is long (a 10 kB "address" must not
/// become a 10 kB error).
fn shown(address: &str) -> String {
    const LONGEST: usize = 64;
    match address.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{:?}… ({} characters)", &address[..cut], address.chars().count()),
        None => format!("{address:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // From the simulator and the gateway notes' token table: real shapes.
    const TRON: &str = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    const EVM: &str = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    const SOLANA: &str = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";

    #[test]
    fn each_network_takes_its_own_addresses_only() {
        assert_eq!(check_deposit_address("tron", TRON), Ok(()));
        assert_eq!(check_deposit_address("bsc", EVM), Ok(()));
        assert_eq!(check_deposit_address("chain-10", EVM), Ok(()));
        assert_eq!(check_deposit_address("solana", SOLANA), Ok(()));
        assert!(check_deposit_address("tron", EVM).is_err());
        assert!(check_deposit_address("ethereum", TRON).is_err());
        assert!(check_deposit_address("polygon", SOLANA).is_err());
        assert!(check_deposit_address("solana", EVM).is_err());
    }

    #[test]
    fn a_tron_address_with_one_character_changed_fails_its_checksum() {
        let typo = TRON.replacen('7', "8", 1);
        assert!(check_deposit_address("tron", &typo).is_err());
        assert!(check_deposit_address("tron", "T").is_err());
    }

    #[test]
    fn unknown_networks_take_any_plausible_token_and_messages_stay_short() {
        assert_eq!(check_deposit_address("ton", "UQBvW8Z5huBkMJYdnfAEM5JqTNkuWX3diqYENkWsIL0XggGG"), Ok(()));
        assert!(check_deposit_address("ton", "<script>alert(1)</script> x").is_err());
        let huge = "T".repeat(10_000);
        let message = check_deposit_address("tron", &huge).unwrap_err();
        assert!(message.len() < 200, "{message}");
        assert!(message.contains("10000 characters"), "{message}");
    }
}
