//! Exceptions the manager must see next to a sale's state: money that arrived short, over, late,
//! or for a sale the cashier had already cancelled. The customer's money must not vanish.

use jiff::Timestamp;
use rust_decimal::Decimal;
use stabletill_gateway::Order;
use stabletill_ledger::{SaleException, SaleState};

use crate::SaleView;

/// The flags an observation of `order` raises for a sale moving from `before` to `next`.
pub(crate) fn exceptions_for(before: &SaleView, next: SaleState, order: &Order) -> Vec<SaleException> {
    let mut flags = Vec::new();
    let paid =
        order.crypto_paid_amount.as_ref().and_then(|m| m.decimal().ok()).filter(|p| *p > Decimal::ZERO);
    let due = before.crypto_payment_amount.as_ref().and_then(|m| m.value.parse::<Decimal>().ok());
    if next == SaleState::Paid && before.state == SaleState::Cancelled {
        flags.push(SaleException::PaidAfterCancel);
    }
    if let (Some(paid), Some(due)) = (paid, due) {
        if paid < due {
            flags.push(SaleException::Underpaid);
        } else if paid > due {
            flags.push(SaleException::Overpaid);
        }
    }
    let expires = before.expires_at.as_deref().and_then(|t| t.parse::<Timestamp>().ok());
    let paid_at = order.paid_at();
    let late = match (paid_at, expires) {
        (Some(paid_at), Some(expires)) => paid_at > expires,
        _ => false,
    };
    // Money that arrived for an order that then failed or closed is as late as it gets.
    let stranded = paid.is_some() && matches!(next, SaleState::Failed | SaleState::Expired);
    if (next == SaleState::Paid && late) || stranded {
        flags.push(SaleException::PaidLate);
    }
    flags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MoneyView;

    fn sale(state: SaleState) -> SaleView {
        SaleView {
            merchant_order_id: "ST-T-1".into(),
            gateway: "paystablecoin".into(),
            state,
            status: Some("PENDING".into()),
            order_amount: MoneyView { value: "12.50".into(), currency: "USDT".into() },
            crypto_payment_amount: Some(MoneyView { value: "13.00".into(), currency: "USDT".into() }),
            crypto_paid_amount: None,
            deposit_address: Some("T...".into()),
            payment_link: None,
            network: "tron".into(),
            network_display_name: Some("TRON Network".into()),
            acquiring_order_id: None,
            expires_at: Some("2026-11-21T10:15:00Z".into()),
            created_at: "2026-11-21T10:00:00Z".into(),
            finished_at: None,
            exceptions: Vec::new(),
            reason: None,
            cashier: None,
        }
    }

    fn order(paid: &str, paid_time: &str) -> Order {
        serde_json::from_value(serde_json::json!({
            "status": "SUCCEEDED",
            "cryptoPaidAmount": {"value": paid, "currency": "USDT"},
            "paidTime": paid_time,
        }))
        .unwrap_or_default()
    }

    #[test]
    fn an_exact_payment_in_time_raises_nothing() {
        let flags = exceptions_for(
            &sale(SaleState::Awaiting),
            SaleState::Paid,
            &order("13.00", "2026-11-21T10:05:00Z"),
        );
        assert!(flags.is_empty(), "{flags:?}");
    }

    #[test]
    fn short_over_late_and_after_cancel_are_flagged() {
        let on_time = "2026-11-21T10:05:00Z";
        let short = exceptions_for(&sale(SaleState::Awaiting), SaleState::Paid, &order("12.00", on_time));
        assert_eq!(short, vec![SaleException::Underpaid]);
        let over = exceptions_for(&sale(SaleState::Awaiting), SaleState::Paid, &order("13.5", on_time));
        assert_eq!(over, vec![SaleException::Overpaid]);
        let late = exceptions_for(
            &sale(SaleState::Awaiting),
            SaleState::Paid,
            &order("13.00", "2026-11-21T10:16:00Z"),
        );
        assert_eq!(late, vec![SaleException::PaidLate]);
        let after_cancel =
            exceptions_for(&sale(SaleState::Cancelled), SaleState::Paid, &order("13.00", on_time));
        assert_eq!(after_cancel, vec![SaleException::PaidAfterCancel]);
    }
}
