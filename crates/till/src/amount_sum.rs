//! Adding up the items the cashier rang up with `+`: each item is read as strictly as a single
//! amount, and the sum is exact decimal arithmetic (0.10 + 0.20 is 0.30, never 0.30000000000000004).

use rust_decimal::Decimal;

use crate::{parse_amount, AmountError};

/// The total of `items`, each a decimal text like `12.50`. The total keeps the most decimals
/// any item has (`1.5 + 2.25` is `3.75`, `12.50 + 3` is `15.50`) and must itself be a valid
/// amount for one sale.
pub fn add_amounts<S: AsRef<str>>(items: &[S]) -> Result<Decimal, AmountError> {
    let mut total = Decimal::ZERO;
    if items.is_empty() {
        return Err(AmountError::Empty);
    }
    for item in items {
        let amount = parse_amount(item.as_ref())?;
        total = total.checked_add(amount).ok_or_else(|| AmountError::TooLarge(item.as_ref().to_owned()))?;
    }
    // The same limits as one typed amount (not too large), on the sum.
    parse_amount(&total.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum(items: &[&str]) -> Result<String, AmountError> {
        add_amounts(items).map(|total| total.to_string())
    }

    #[test]
    fn items_add_up_exactly() {
        assert_eq!(sum(&["0.10", "0.20"]), Ok("0.30".into()));
        assert_eq!(sum(&["0.1", "0.2"]), Ok("0.3".into()));
        assert_eq!(sum(&["12.50", "3"]), Ok("15.50".into()));
        assert_eq!(sum(&["1.5", "2.25"]), Ok("3.75".into()));
        assert_eq!(sum(&["19.99", "0.01"]), Ok("20.00".into()));
        assert_eq!(sum(&["7"]), Ok("7".into()));
        assert_eq!(sum(&["0.000001", "0.000002"]), Ok("0.000003".into()));
    }

    #[test]
    fn a_bad_item_or_a_huge_total_is_refused() {
        assert_eq!(sum(&[]), Err(AmountError::Empty));
        assert_eq!(sum(&["12.50", "abc"]), Err(AmountError::NotANumber("abc".into())));
        assert_eq!(sum(&["12.50", "0"]), Err(AmountError::NotPositive));
        assert!(matches!(sum(&["999999999999", "999999999999"]), Err(AmountError::TooLarge(_))));
    }
}
