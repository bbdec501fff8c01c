//! What the QR code holds. By default the bare deposit address, which every wallet reads. With the
//! shop's `payment-links` setting on, a payment link that also carries the token and the exact
//! amount, so the customer's wallet fills them in: EIP-681 on EVM chains, Solana Pay on Solana.
//! A link is only made from a contract in [`tokens`]'s checked table and for an amount that is
//! exact in the token's atomic units; anything else falls back to the bare address.

mod tokens;

use rust_decimal::Decimal;

use crate::SaleView;
use tokens::Chain;

/// The text to encode in the sale's QR code, or `None` when there is nothing to pay to. A link
/// the gateway made itself (a hosted cashier page) comes first; then, with `payment_links` on,
/// ours; else the bare deposit address.
pub fn qr_payload(sale: &SaleView, payment_links: bool) -> Option<String> {
    let due = sale.crypto_payment_amount.as_ref().map(|due| (due.value.as_str(), due.currency.as_str()));
    let target = QrTarget {
        gateway_link: sale.payment_link.as_deref(),
        address: sale.deposit_address.as_deref(),
        network: &sale.network,
        due,
    };
    target.payload(payment_links)
}

/// What a sale's QR code can be made from.
#[derive(Debug, Clone, Copy)]
struct QrTarget<'a> {
    gateway_link: Option<&'a str>,
    address: Option<&'a str>,
    network: &'a str,
    /// The crypto amount due and its currency, as decimal text.
    due: Option<(&'a str, &'a str)>,
}

impl QrTarget<'_> {
    fn payload(&self, payment_links: bool) -> Option<String> {
        if let Some(link) = self.gateway_link.filter(|l| !l.trim().is_empty()) {
            return Some(link.to_owned());
        }
        let address = self.address?;
        let link = payment_links.then_some(self.due).flatten().and_then(|(value, currency)| {
            let amount = value.parse::<Decimal>().ok()?;
            payment_link(currency, self.network, address, amount)
        });
        Some(link.unwrap_or_else(|| address.to_owned()))
    }
}

/// A payment link for `amount` of `currency` on the gateway's `network` to `to`, when the token is
/// in the table, the address has the chain's shape and the amount is exact in atomic units.
pub fn payment_link(currency: &str, network: &str, to: &str, amount: Decimal) -> Option<String> {
    let token = tokens::find(currency, network)?;
    match token.chain {
        Chain::Evm { chain_id } => {
            if !is_evm_address(to) {
                return None;
            }
            let units = atomic_units(amount, token.decimals)?;
            Some(format!("ethereum:{}@{chain_id}/transfer?address={to}&uint256={units}", token.contract))
        }
        Chain::Solana => {
            if !is_solana_address(to) {
                return None;
            }
            // Checked for exactness like an EVM amount; Solana Pay itself takes the decimal.
            atomic_units(amount, token.decimals)?;
            let amount = amount.normalize();
            Some(format!("solana:{to}?amount={amount}&spl-token={}", token.contract))
        }
    }
}

/// `amount` × 10^`decimals` as an integer in decimal digits, computed on the decimal's digits (no
/// float, no overflow at 18 decimals). `None` for zero, a negative amount, or one with more
/// decimals than the token has (it could not be paid exactly).
pub fn atomic_units(amount: Decimal, decimals: u32) -> Option<String> {
    if amount <= Decimal::ZERO {
        return None;
    }
    let amount = amount.normalize();
    let shift = decimals.checked_sub(amount.scale())?;
    let digits = amount.mantissa().to_string();
    Some(format!("{digits}{}", "0".repeat(shift as usize)))
}

/// `0x` and 40 hex digits.
fn is_evm_address(text: &str) -> bool {
    text.strip_prefix("0x").is_some_and(|hex| hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// 32 to 44 Base58 characters (a 32-byte public key).
fn is_solana_address(text: &str) -> bool {
    const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    (32..=44).contains(&text.len()) && text.chars().all(|c| BASE58.contains(c))
}

#[cfg(test)]
mod tests;
