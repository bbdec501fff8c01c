//! Payment links: the contract table against the project's gateway notes, the exact conversion to
//! atomic units, and the URIs wallets read.

use std::str::FromStr;

use rust_decimal::Decimal;

use super::tokens::{find, Chain, TOKENS};
use super::*;

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

const EVM_TO: &str = "0x1111111111111111111111111111111111111111";
const SOLANA_TO: &str = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";

/// The table in `gateway-notes.md` ("Payment links in the QR"), copied here verbatim: the
/// project's table must match it row for row, contract and chain.
#[test]
fn the_table_matches_the_gateway_notes() {
    let notes = [
        ("ethereum", 1, "USDT", "0xdAC17F958D2ee523a2206206994597C13D831ec7"),
        ("ethereum", 1, "USDC", "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
        ("bsc", 56, "USDT", "0x55d398326f99059fF775485246999027B3197955"),
        ("bsc", 56, "USDC", "0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d"),
        ("polygon", 137, "USDT", "0xc2132D05D31c914a87C6611C10748AEb04B58e8F"),
        ("polygon", 137, "USDC", "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"),
        ("arbitrum", 42161, "USDT", "0xFd086bC7CD5C481DCC9C85ebE478A1C0b69FCbb9"),
        ("arbitrum", 42161, "USDC", "0xaf88d065e77c8cC2239327C5EDb3A432268e5831"),
        ("base", 8453, "USDC", "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
    ];
    for (network, chain_id, currency, contract) in notes {
        let token = find(currency, network).unwrap_or_else(|| panic!("{currency} on {network} is listed"));
        assert_eq!(token.contract, contract, "{currency} on {network}");
        assert_eq!(token.chain, Chain::Evm { chain_id }, "{currency} on {network}");
    }
    let solana = [
        ("USDT", "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB"),
        ("USDC", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v"),
    ];
    for (currency, mint) in solana {
        let token = find(currency, "solana").expect("listed");
        assert_eq!((token.contract, token.chain), (mint, Chain::Solana));
    }
    // Nothing more than the notes list, so nothing unchecked slipped in.
    assert_eq!(TOKENS.len(), notes.len() + solana.len());
}

#[test]
fn decimals_are_eighteen_on_bsc_and_six_elsewhere() {
    for token in TOKENS {
        let expected = if token.network == "bsc" { 18 } else { 6 };
        assert_eq!(token.decimals, expected, "{} on {}", token.currency, token.network);
    }
}

#[test]
fn every_contract_has_its_chains_address_shape() {
    for token in TOKENS {
        let ok = match token.chain {
            Chain::Evm { .. } => is_evm_address(token.contract),
            Chain::Solana => is_solana_address(token.contract),
        };
        assert!(ok, "{} on {}: {}", token.currency, token.network, token.contract);
    }
}

#[test]
fn atomic_units_are_exact() {
    assert_eq!(atomic_units(dec("101.00"), 6).as_deref(), Some("101000000"));
    assert_eq!(atomic_units(dec("13.5"), 6).as_deref(), Some("13500000"));
    assert_eq!(atomic_units(dec("0.000001"), 6).as_deref(), Some("1"));
    assert_eq!(atomic_units(dec("12.345678"), 6).as_deref(), Some("12345678"));
    assert_eq!(atomic_units(dec("101.00"), 18).as_deref(), Some("101000000000000000000"));
    assert_eq!(atomic_units(dec("0.1"), 18).as_deref(), Some("100000000000000000"));
    // 0.1 + 0.2 must be 0.3 exactly: no float anywhere on the way.
    assert_eq!(atomic_units(dec("0.1") + dec("0.2"), 18).as_deref(), Some("300000000000000000"));
    // The largest sale the till takes, at 18 decimals, beyond what u128 or Decimal could hold.
    assert_eq!(
        atomic_units(dec("999999999999.999999"), 18).as_deref(),
        Some("999999999999999999000000000000")
    );
    assert_eq!(atomic_units(dec("7"), 0).as_deref(), Some("7"));
}

#[test]
fn an_amount_that_cannot_be_paid_exactly_has_no_atomic_units() {
    assert_eq!(atomic_units(dec("1.0000001"), 6), None);
    assert_eq!(atomic_units(dec("0"), 6), None);
    assert_eq!(atomic_units(dec("-1"), 6), None);
    // Trailing zeros are not extra decimals.
    assert_eq!(atomic_units(dec("1.000000000"), 6).as_deref(), Some("1000000"));
}

#[test]
fn evm_links_follow_eip_681() {
    assert_eq!(
        payment_link("USDT", "ethereum", EVM_TO, dec("101.00")).as_deref(),
        Some("ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x1111111111111111111111111111111111111111&uint256=101000000")
    );
    assert_eq!(
        payment_link("USDC", "bsc", EVM_TO, dec("13.00")).as_deref(),
        Some("ethereum:0x8AC76a51cc950d9822D68b83fE1Ad97B32Cd580d@56/transfer?address=0x1111111111111111111111111111111111111111&uint256=13000000000000000000")
    );
    assert_eq!(
        payment_link("usdc", "BASE", EVM_TO, dec("0.5")).as_deref(),
        Some("ethereum:0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913@8453/transfer?address=0x1111111111111111111111111111111111111111&uint256=500000")
    );
}

#[test]
fn solana_links_follow_solana_pay() {
    assert_eq!(
        payment_link("USDC", "solana", SOLANA_TO, dec("13.50")).as_deref(),
        Some("solana:9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM?amount=13.5&spl-token=EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v")
    );
    assert_eq!(
        payment_link("USDT", "solana", SOLANA_TO, dec("101.00")).as_deref(),
        Some("solana:9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM?amount=101&spl-token=Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB")
    );
}

#[test]
fn unknown_tokens_networks_and_odd_addresses_get_no_link() {
    assert_eq!(payment_link("USDT", "tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", dec("1")), None);
    assert_eq!(payment_link("USD1", "ethereum", EVM_TO, dec("1")), None);
    assert_eq!(payment_link("USDT", "base", EVM_TO, dec("1")), None);
    assert_eq!(payment_link("USDT", "avalanche", EVM_TO, dec("1")), None);
    assert_eq!(payment_link("USDT", "ethereum", "0x1234", dec("1")), None);
    assert_eq!(payment_link("USDT", "ethereum", SOLANA_TO, dec("1")), None);
    assert_eq!(payment_link("USDT", "solana", EVM_TO, dec("1")), None);
    assert_eq!(payment_link("USDT", "ethereum", EVM_TO, dec("1.0000001")), None);
}

fn target<'a>(network: &'a str, address: &'a str, due: &'a str) -> QrTarget<'a> {
    QrTarget { gateway_link: None, address: Some(address), network, due: Some((due, "USDT")) }
}

#[test]
fn the_qr_holds_the_bare_address_unless_links_are_on_and_possible() {
    let bsc = target("bsc", EVM_TO, "13.00");
    assert_eq!(bsc.payload(false).as_deref(), Some(EVM_TO));
    assert_eq!(
        bsc.payload(true).as_deref(),
        Some("ethereum:0x55d398326f99059fF775485246999027B3197955@56/transfer?address=0x1111111111111111111111111111111111111111&uint256=13000000000000000000")
    );
    let tron = target("tron", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "13.00");
    assert_eq!(tron.payload(true).as_deref(), Some("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"));
    let unreadable = target("bsc", EVM_TO, "thirteen");
    assert_eq!(unreadable.payload(true).as_deref(), Some(EVM_TO));
    assert_eq!(QrTarget { address: None, ..bsc }.payload(true), None);
    // A link the gateway made (a hosted cashier page) is what its customers scan.
    let hosted = QrTarget { gateway_link: Some("https://pay.example/o/1"), address: None, ..bsc };
    assert_eq!(hosted.payload(false).as_deref(), Some("https://pay.example/o/1"));
}

/// The QR must stay readable from 40 cm: the smallest QR box on screen is 380 CSS px (the
/// payment screen at 1024x768), so a module must come out at 6 px or more (about 1.6 mm on a
/// 96 dpi screen; a phone at 40 cm reads 0.5 mm). The longest text we encode is an 18-decimal
/// EIP-681 link; with medium error correction and the quiet zone it stays within 380 / 6 modules.
#[test]
fn the_longest_qr_text_keeps_modules_large_enough_to_scan_from_40_cm() {
    let longest = payment_link("USDC", "bsc", EVM_TO, dec("999999999999.99")).expect("a link");
    let code = qrcode::QrCode::with_error_correction_level(longest.as_bytes(), qrcode::EcLevel::M)
        .expect("fits in a QR code");
    let modules_with_quiet_zone = code.width() + 8;
    assert!(modules_with_quiet_zone * 6 <= 380, "{modules_with_quiet_zone} modules for {longest}");
    // And the bare address, the usual case, is far coarser still.
    let bare = qrcode::QrCode::with_error_correction_level(
        b"TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        qrcode::EcLevel::M,
    )
    .expect("fits");
    assert!((bare.width() + 8) * 10 <= 380, "{}", bare.width());
}
