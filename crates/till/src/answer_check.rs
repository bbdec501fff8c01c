//! What a gateway answer must satisfy before the till believes it: a create answer before its
//! deposit address becomes a QR the customer pays, and a later status answer before it changes a
//! sale. A gateway can be wrong, buggy or compromised; the customer's money must not follow a lie.

use jiff::Timestamp;
use rust_decimal::Decimal;
use stabletill_gateway::{check_deposit_address, known_network_name, GatewayKind, Money, Order, OrderStatus};
use stabletill_ledger::{OrderDetails, SaleState};

use crate::SaleView;

/// The most the amount due may exceed the sale's amount by: a tenth of it, or this many units of
/// the stablecoin for small sales (the network costs a gateway passes on are a few cents to a
/// dollar or two).
const LARGEST_FIXED_SURCHARGE: Decimal = Decimal::from_parts(10, 0, 0, false, 0);
/// No stablecoin has more decimals than this (USDT and USDC on BNB Smart Chain have 18): an
/// amount with more could not be paid exactly.
const MOST_DECIMALS: u32 = 18;

/// What the till asked the gateway for.
#[derive(Debug, Clone, Copy)]
pub struct AskedOrder<'a> {
    pub merchant_order_id: &'a str,
    pub amount: Decimal,
    pub currency: &'a str,
    pub network: &'a str,
    pub gateway: GatewayKind,
}

/// The order's payment details when a create (or recovery) answer is one a customer can be shown;
/// else what is wrong with it, in words for the cashier.
pub fn check_new_order(asked: AskedOrder<'_>, order: &Order) -> Result<OrderDetails, String> {
    let id = asked.merchant_order_id;
    if let Some(echoed) = order.merchant_order_id.as_deref().filter(|echoed| *echoed != id) {
        return Err(format!("the gateway answered for order {} instead of {id:?}", shorten(echoed)));
    }
    if let Some(network) = order.network.as_deref().filter(|n| !n.eq_ignore_ascii_case(asked.network)) {
        return Err(format!(
            "the gateway answered for the {} network instead of {}",
            shorten(network),
            asked.network
        ));
    }
    let deposit_address = order
        .deposit_address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .ok_or("the gateway sent no deposit address")?;
    check_deposit_address(asked.network, deposit_address)?;
    let due = order.crypto_payment_amount.as_ref().ok_or("the gateway sent no crypto amount to pay")?;
    let crypto_amount = check_amount_due(asked, due)?;
    let expires_at = order
        .expires_at
        .as_deref()
        .and_then(|text| text.parse::<Timestamp>().ok())
        .ok_or("the gateway sent no readable expiry time")?;
    Ok(OrderDetails {
        acquiring_order_id: order.acquiring_order_id.clone(),
        deposit_address: deposit_address.to_owned(),
        crypto_amount,
        crypto_currency: due.currency.to_uppercase(),
        // The network warning shows the till's own name for a network it knows, never the
        // gateway's text for it.
        network_display_name: known_network_name(asked.network).map(str::to_owned).unwrap_or_else(|| {
            order.network_display_name.clone().unwrap_or_else(|| order.network.clone().unwrap_or_default())
        }),
        expires_at,
        payment_link: payment_link(order, asked.gateway)?,
    })
}

/// The amount due when it is in the sale's currency, positive, payable exactly, no less than the
/// sale and not absurdly more.
fn check_amount_due(asked: AskedOrder<'_>, due: &Money) -> Result<Decimal, String> {
    let shown = shorten(&due.to_string());
    let amount = due.decimal().map_err(|e| e.to_string())?;
    if !due.currency.trim().eq_ignore_ascii_case(asked.currency) {
        return Err(format!("the gateway asked for {shown} although the sale is in {}", asked.currency));
    }
    if amount <= Decimal::ZERO || amount.scale() > MOST_DECIMALS {
        return Err(format!("the gateway asked for {shown}, which cannot be paid"));
    }
    if amount < asked.amount {
        return Err(format!(
            "the gateway asked the customer for {shown} for a sale of {} {}: the shop would be paid short",
            asked.amount, asked.currency
        ));
    }
    let surcharge = (asked.amount / Decimal::TEN).max(LARGEST_FIXED_SURCHARGE);
    if asked.amount.checked_add(surcharge).is_none_or(|most| amount > most) {
        return Err(format!(
            "the gateway asked the customer for {shown} for a sale of {} {}: far more than the sale",
            asked.amount, asked.currency
        ));
    }
    Ok(amount)
}

/// BlockATM's customer scans its cashier page (`payUrl`, carried in `paymentMethodValue`), not
/// the bare address; it must be an https page (or the local simulator's, plain http on
/// 127.0.0.1). The QR holds the URL as parsed, so what was checked is exactly what is scanned.
fn payment_link(order: &Order, kind: GatewayKind) -> Result<Option<String>, String> {
    if kind != GatewayKind::BlockAtm {
        return Ok(None);
    }
    let url = order
        .payment_method_value
        .as_ref()
        .and_then(|value| value.as_str())
        .ok_or("the gateway sent no cashier page for the QR")?;
    let loopback = |parsed: &url::Url| parsed.host() == Some(url::Host::Ipv4(std::net::Ipv4Addr::LOCALHOST));
    match url::Url::parse(url) {
        Ok(parsed) if parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback(&parsed)) => {
            Ok(Some(parsed.to_string()))
        }
        _ => Err(format!("the gateway's cashier page {} is not an https address", shorten(url))),
    }
}

/// What a status answer about a sale the till already follows says, once checked against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CheckedStatus {
    /// The amount paid so far, when the answer gives one that can be believed.
    pub crypto_paid: Option<Decimal>,
    /// What the answer contradicts, one sentence each; empty when it is consistent.
    pub contradictions: Vec<String>,
}

/// Checks a status answer against the sale as recorded: the till keeps what it recorded at the
/// create and flags what the gateway now says differently.
pub(crate) fn check_status(sale: &SaleView, status: &OrderStatus, order: &Order) -> CheckedStatus {
    let mut contradictions = Vec::new();
    if sale.state == SaleState::Processing && !status.is_terminal() && *status != OrderStatus::Processing {
        contradictions.push(format!(
            "the gateway went back from PROCESSING to {} (a payment it had seen is no longer seen)",
            shorten(status.as_str())
        ));
    }
    let recorded_currency = sale.crypto_payment_amount.as_ref().map(|due| due.currency.as_str());
    if let (Some(recorded), Some(now)) =
        (sale.crypto_payment_amount.as_ref(), order.crypto_payment_amount.as_ref())
    {
        let same_value =
            now.decimal().ok().zip(recorded.value.parse::<Decimal>().ok()).is_some_and(|(a, b)| a == b);
        if !same_value || !now.currency.trim().eq_ignore_ascii_case(&recorded.currency) {
            contradictions.push(format!(
                "the gateway now asks for {} where the order was created for {} {}",
                shorten(&now.to_string()),
                recorded.value,
                recorded.currency
            ));
        }
    }
    if let (Some(recorded), Some(now)) = (sale.deposit_address.as_deref(), order.deposit_address.as_deref()) {
        if recorded != now.trim() {
            contradictions.push(format!(
                "the gateway now names the deposit address {} where the order was created with {recorded}",
                shorten(now)
            ));
        }
    }
    let crypto_paid = match order.crypto_paid_amount.as_ref() {
        None => None,
        Some(paid) => match paid.decimal() {
            Err(_) => {
                contradictions.push(format!(
                    "the gateway reports a paid amount {} that is not a number",
                    shorten(&paid.value)
                ));
                None
            }
            Ok(value) if value < Decimal::ZERO => {
                contradictions.push(format!(
                    "the gateway reports a paid amount below zero ({})",
                    shorten(&paid.to_string())
                ));
                None
            }
            Ok(_) if recorded_currency.is_some_and(|c| !paid.currency.trim().eq_ignore_ascii_case(c)) => {
                contradictions.push(format!(
                    "the gateway reports {} paid for an order in {}",
                    shorten(&paid.to_string()),
                    recorded_currency.unwrap_or_default()
                ));
                None
            }
            Ok(value) => Some(value),
        },
    };
    CheckedStatus { crypto_paid, contradictions }
}

/// Text from the gateway in a message: quoted, and cut short so a 10 kB field stays readable.
fn shorten(text: &str) -> String {
    const LONGEST: usize = 64;
    match text.char_indices().nth(LONGEST) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
    }
}

#[cfg(test)]
mod tests;
