//! Sales, order details and status updates for the unit tests, on a fixed clock.

use jiff::Timestamp;
use rust_decimal::Decimal;

use crate::{NewSale, OrderDetails, SaleState, StatusUpdate};

/// 2025-06-01T12:00:00Z plus `seconds`.
pub(crate) fn at(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_748_779_200 + seconds).unwrap()
}

pub(crate) fn dec(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// A 12.50 USDT sale on Tron, created at `at(0)`.
pub(crate) fn new_sale(merchant_order_id: &str) -> NewSale {
    new_sale_at(merchant_order_id, 0)
}

pub(crate) fn new_sale_at(merchant_order_id: &str, seconds: i64) -> NewSale {
    NewSale {
        merchant_order_id: merchant_order_id.to_owned(),
        gateway: "paystablecoin".to_owned(),
        order_amount: dec("12.50"),
        currency: "USDT".to_owned(),
        network: "tron".to_owned(),
        created_at: at(seconds),
        expires_at: None,
        cashier: None,
    }
}

pub(crate) fn order_details() -> OrderDetails {
    OrderDetails {
        payment_link: None,
        acquiring_order_id: Some("PSC-778899".to_owned()),
        deposit_address: "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE".to_owned(),
        crypto_amount: dec("12.500000"),
        crypto_currency: "USDT".to_owned(),
        network_display_name: "Tron (TRC20)".to_owned(),
        expires_at: at(900),
    }
}

pub(crate) fn update(state: SaleState, raw_status: Option<&str>, seconds: i64) -> StatusUpdate {
    StatusUpdate {
        state,
        raw_status: raw_status.map(str::to_owned),
        crypto_paid_amount: None,
        at: at(seconds),
        source: "poll".to_owned(),
        note: None,
        exceptions: Vec::new(),
    }
}

/// The gateway reporting the full 12.50 paid, `seconds` after the sale started.
pub(crate) fn paid_at(seconds: i64) -> StatusUpdate {
    StatusUpdate {
        crypto_paid_amount: Some(dec("12.500000")),
        ..update(SaleState::Paid, Some("SUCCEEDED"), seconds)
    }
}
