//! Deposit addresses of the right shape for each network, derived from the merchantOrderId so the
//! same order always shows the same address (and a QR test can compare it). They are well-formed
//! (a TRON address even carries a valid Base58Check checksum) but belong to nobody: never send to one.

use sha2::{Digest, Sha256};

use crate::methods::AddressKind;

/// TRON mainnet addresses start with this version byte, which is why they all begin with `T`.
const TRON_VERSION: u8 = 0x41;
const BASE58_ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

pub(crate) fn deposit_address(kind: AddressKind, merchant_order_id: &str) -> String {
    // A domain prefix keeps these from colliding with any other hash of the same id.
    let seed = Sha256::digest(format!("stabletill-simulator:{merchant_order_id}").as_bytes());
    let account = &seed[..20];
    match kind {
        AddressKind::Tron => {
            let mut payload = Vec::with_capacity(25);
            payload.push(TRON_VERSION);
            payload.extend_from_slice(account);
            let check = Sha256::digest(Sha256::digest(&payload));
            payload.extend_from_slice(&check[..4]);
            base58(&payload)
        }
        AddressKind::Evm => {
            let hex: String = account.iter().map(|b| format!("{b:02x}")).collect();
            format!("0x{hex}")
        }
    }
}

/// Plain Base58 (Bitcoin alphabet): repeated division of the big-endian number by 58, with one
/// `1` per leading zero byte.
fn base58(bytes: &[u8]) -> String {
    let mut digits: Vec<u8> = Vec::new(); // little-endian base-58 digits
    for &byte in bytes {
        let mut carry = u32::from(byte);
        for digit in digits.iter_mut() {
            carry += u32::from(*digit) << 8;
            *digit = (carry % 58) as u8;
            carry /= 58;
        }
        while carry > 0 {
            digits.push((carry % 58) as u8);
            carry /= 58;
        }
    }
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    std::iter::repeat_n(b'1', zeros)
        .chain(digits.iter().rev().map(|&d| BASE58_ALPHABET[usize::from(d)]))
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58_matches_known_vectors() {
        assert_eq!(base58(b"Hello World!"), "2NEpo7TZRRrLZSi2U");
        assert_eq!(base58(&[0, 0, 1]), "112");
        // TRON's well-known zero address: 0x41 followed by 20 zero bytes, with its checksum.
        let mut zero = vec![TRON_VERSION];
        zero.extend_from_slice(&[0; 20]);
        let check = Sha256::digest(Sha256::digest(&zero));
        zero.extend_from_slice(&check[..4]);
        assert_eq!(base58(&zero), "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb");
    }

    #[test]
    fn addresses_have_the_network_shape_and_are_stable() {
        let tron = deposit_address(AddressKind::Tron, "ST-till1-0001-ABCDEFG");
        assert_eq!(tron.len(), 34);
        assert!(tron.starts_with('T'));
        assert!(tron.bytes().all(|b| BASE58_ALPHABET.contains(&b)));
        assert_eq!(tron, deposit_address(AddressKind::Tron, "ST-till1-0001-ABCDEFG"));

        let evm = deposit_address(AddressKind::Evm, "ST-till1-0001-ABCDEFG");
        assert_eq!(evm.len(), 42);
        assert!(evm.starts_with("0x"));
        assert!(evm[2..].bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(evm, deposit_address(AddressKind::Evm, "ST-till1-0002-ABCDEFG"));
    }
}
