//! Money added up by currency, network and state, exactly: the totals of the daily report and of
//! the spreadsheet export's Totals sheet come from here, so the two can never disagree.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::{LedgerError, SaleRecord, SaleState};

/// How many sales, and what they add up to. Amounts serialise as decimal strings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub count: u64,
    /// The order amounts, in the order currency.
    pub order_amount: Decimal,
    /// The crypto amounts the gateway asked for (sales it never answered add nothing).
    pub crypto_due: Decimal,
    /// The crypto amounts the gateway reported received.
    pub crypto_paid: Decimal,
}

impl Totals {
    pub(crate) fn add(&mut self, sale: &SaleRecord) -> Result<(), LedgerError> {
        self.count += 1;
        add_exactly(&mut self.order_amount, sale.order_amount)?;
        if let Some(due) = sale.crypto_amount {
            add_exactly(&mut self.crypto_due, due)?;
        }
        if let Some(paid) = sale.crypto_paid_amount {
            add_exactly(&mut self.crypto_paid, paid)?;
        }
        Ok(())
    }
}

/// [`Totals`] for each way a sale can stand. Every state is always present, so a screen or a
/// script can read `states.void` without checking whether there was one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StateTotals {
    pub paid: Totals,
    pub failed: Totals,
    pub expired: Totals,
    pub cancelled: Totals,
    pub void: Totals,
    /// Still running when the report was made: creating, awaiting or processing.
    pub open: Totals,
}

impl StateTotals {
    /// The row a sale in `state` is counted in.
    pub fn of(&self, state: SaleState) -> &Totals {
        match state {
            SaleState::Paid => &self.paid,
            SaleState::Failed => &self.failed,
            SaleState::Expired => &self.expired,
            SaleState::Cancelled => &self.cancelled,
            SaleState::Void => &self.void,
            SaleState::Creating | SaleState::Awaiting | SaleState::Processing => &self.open,
        }
    }

    /// The rows in the order reports show them, with their names.
    pub fn rows(&self) -> [(&'static str, &Totals); 6] {
        [
            ("paid", &self.paid),
            ("failed", &self.failed),
            ("expired", &self.expired),
            ("cancelled", &self.cancelled),
            ("void", &self.void),
            ("open", &self.open),
        ]
    }

    fn add(&mut self, sale: &SaleRecord) -> Result<(), LedgerError> {
        let row = match sale.state {
            SaleState::Paid => &mut self.paid,
            SaleState::Failed => &mut self.failed,
            SaleState::Expired => &mut self.expired,
            SaleState::Cancelled => &mut self.cancelled,
            SaleState::Void => &mut self.void,
            // Kept in step with `of`.
            SaleState::Creating | SaleState::Awaiting | SaleState::Processing => &mut self.open,
        };
        row.add(sale)
    }
}

/// One network's sales in one currency.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NetworkTotals {
    pub count: u64,
    /// The order amounts of the paid sales: the takings.
    pub paid: Decimal,
    pub states: StateTotals,
}

/// One order currency's sales. The till only accepts an order whose crypto currency is the
/// order currency, so crypto amounts add up under the same name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CurrencyTotals {
    pub count: u64,
    /// The order amounts of the paid sales: the takings.
    pub paid: Decimal,
    pub states: StateTotals,
    /// By the gateway's network code, e.g. "tron".
    pub networks: BTreeMap<String, NetworkTotals>,
}

/// Totals keyed by order currency, e.g. "USDT".
pub type CurrencyBook = BTreeMap<String, CurrencyTotals>;

/// Counts `sale` into `book`.
pub(crate) fn add_to_book(book: &mut CurrencyBook, sale: &SaleRecord) -> Result<(), LedgerError> {
    let currency = book.entry(sale.currency.clone()).or_default();
    currency.count += 1;
    currency.states.add(sale)?;
    let network = currency.networks.entry(sale.network.clone()).or_default();
    network.count += 1;
    network.states.add(sale)?;
    if sale.state == SaleState::Paid {
        add_exactly(&mut currency.paid, sale.order_amount)?;
        add_exactly(&mut network.paid, sale.order_amount)?;
    }
    Ok(())
}

/// `sum += amount`, refusing rather than rounding: a decimal's 96 bits hold any realistic day's
/// takings to the last digit, and a total that would not fit must not quietly lose digits. The
/// total keeps the most decimals either side had ("12.50" + "0.10" is "12.60"), or as many as fit
/// when that many do not ("1e20" + "0.000000000" is "1e20").
pub(crate) fn add_exactly(sum: &mut Decimal, amount: Decimal) -> Result<(), LedgerError> {
    // Decimal's own addition rounds when the result does not fit, and can return a result with
    // fewer decimals than its inputs when nothing was lost (adding a zero), so it cannot say
    // whether it rounded: the sum is made exactly in integers instead.
    let total = exact_sum(*sum, amount).or_else(|| exact_sum(sum.normalize(), amount.normalize()));
    match total {
        Some(total) => {
            *sum = total;
            Ok(())
        }
        None => Err(LedgerError::TotalTooLarge(format!("{sum} + {amount}"))),
    }
}

/// `a + b` at the larger of their scales, if that is exact and fits in a decimal.
fn exact_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    let scale = a.scale().max(b.scale());
    let at_scale = |value: Decimal| value.mantissa().checked_mul(10_i128.checked_pow(scale - value.scale())?);
    let mantissa = at_scale(a)?.checked_add(at_scale(b)?)?;
    Decimal::try_from_i128_with_scale(mantissa, scale).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::dec;

    #[test]
    fn sums_keep_every_digit_and_refuse_to_round() {
        let mut sum = Decimal::ZERO;
        for amount in ["12.50", "0.000001", "0.1", "0.2"] {
            add_exactly(&mut sum, dec(amount)).unwrap();
        }
        assert_eq!(sum.to_string(), "12.800001");

        // A zero with many decimals (an unpaid order in an 18-decimal token) adds nothing.
        let mut sum = dec("56130986.4025708");
        add_exactly(&mut sum, dec("0.00000000000000000")).unwrap();
        assert_eq!(sum, dec("56130986.4025708"));
        assert_eq!(sum.scale(), 17, "the total keeps the decimals it was given");
        let mut sum = dec("12.50");
        add_exactly(&mut sum, dec("0.10")).unwrap();
        assert_eq!(sum.to_string(), "12.60");
        let mut big = dec("100000000000000000000");
        add_exactly(&mut big, dec("0.000000000")).unwrap();
        assert_eq!(big, dec("100000000000000000000"), "fewer decimals where that many do not fit");

        let mut huge = dec("79228162514264.337593543950335");
        let err = add_exactly(&mut huge, dec("0.0000000000000001")).unwrap_err();
        assert!(matches!(err, LedgerError::TotalTooLarge(_)), "{err:?}");
        assert_eq!(huge, dec("79228162514264.337593543950335"), "unchanged");
        let mut max = Decimal::MAX;
        assert!(add_exactly(&mut max, Decimal::ONE).is_err());
    }
}
