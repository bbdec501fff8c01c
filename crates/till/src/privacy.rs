//! Deposit addresses shortened for logs and diagnostics when the shop turns `privacy-mode` on:
//! `TQn9…bLSE` is enough to match a line with a sale on the screen, and says nothing more about
//! the shop's wallets to whoever reads a log file sent to support.

use std::borrow::Cow;

/// The first and last four characters of an address with `…` between (`0x` is kept in front of
/// an EVM address, as it tells nothing). Text too short to be an address is returned as it is.
pub fn mask_address(address: &str) -> String {
    let (prefix, body) = match address.strip_prefix("0x") {
        Some(rest) => ("0x", rest),
        None => ("", address),
    };
    let chars: Vec<char> = body.chars().collect();
    if chars.len() <= 10 {
        return address.to_owned();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}{head}…{tail}")
}

/// `text` with every word that looks like a deposit address masked: an EVM address (`0x` and 40
/// hex digits) or a base58 address of 32 to 44 characters (Tron, Solana). Order ids, ULIDs,
/// amounts and hashes with a `0` in them do not look like either and are left alone.
pub fn mask_addresses_in(text: &str) -> Cow<'_, str> {
    let mut masked = String::new();
    let mut copied = 0;
    let mut start = None;
    // One pass over the words (runs of ASCII letters and digits); the text between stays as it is.
    for (index, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, c.is_ascii_alphanumeric()) {
            (None, true) => start = Some(index),
            (Some(from), false) => {
                let word = &text[from..index];
                if looks_like_address(word) {
                    masked.push_str(&text[copied..from]);
                    masked.push_str(&mask_address(word));
                    copied = index;
                }
                start = None;
            }
            _ => {}
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    masked.push_str(&text[copied..]);
    Cow::Owned(masked)
}

fn looks_like_address(word: &str) -> bool {
    if let Some(hex) = word.strip_prefix("0x") {
        return hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    (32..=44).contains(&word.len()) && word.bytes().all(is_base58)
}

/// Bitcoin's base58 alphabet: letters and digits without 0, O, I and l.
fn is_base58(b: u8) -> bool {
    b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l')
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRON: &str = "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE";
    const EVM: &str = "0x52908400098527886E0F7030069857D2E4169EE7";

    #[test]
    fn an_address_keeps_its_first_and_last_four_characters() {
        assert_eq!(mask_address(TRON), "TQn9…bLSE");
        assert_eq!(mask_address(EVM), "0x5290…9EE7");
        assert_eq!(mask_address("short"), "short");
    }

    #[test]
    fn addresses_in_a_log_line_are_masked_and_nothing_else_is() {
        let line = format!(
            "order created merchant_order_id=ST-ABC234-01JD3Q5Y7Z8X9W2V4T6R address={TRON} to={EVM}, amount=13.00 link=tron:{TRON}?amount=13"
        );
        let masked = mask_addresses_in(&line);
        assert_eq!(
            masked,
            "order created merchant_order_id=ST-ABC234-01JD3Q5Y7Z8X9W2V4T6R address=TQn9…bLSE to=0x5290…9EE7, amount=13.00 link=tron:TQn9…bLSE?amount=13"
        );
        assert!(!masked.contains(TRON) && !masked.contains(EVM));
    }

    #[test]
    fn text_without_addresses_is_borrowed_unchanged() {
        let line = "sale recorded merchant_order_id=ST-ABC234-01JD3Q5Y7Z8X9W2V4T6R MCH_20240101_ABC123 txid=a3f1c0e9b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6";
        assert!(matches!(mask_addresses_in(line), Cow::Borrowed(_)));
        // A 0x word of the wrong length (a transaction hash) is not an address.
        let hash = format!("0x{}", "ab".repeat(32));
        assert_eq!(mask_addresses_in(&hash), hash);
    }
}
