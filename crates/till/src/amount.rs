//! Reading an amount the cashier typed: strict decimal text, never a float, never guessed.

use rust_decimal::Decimal;

/// How many decimals an order amount may have. USDT and USDC have 6 on-chain decimals (on TRON and
/// Ethereum); we allow no more than that for any stablecoin so an amount is always payable exactly.
pub const MAX_DECIMALS: u32 = 6;
/// Longest amount text accepted: a sale of more than a trillion is a typo.
const MAX_INTEGER_DIGITS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("enter an amount, for example 12.50")]
    Empty,
    #[error("{0:?} is not an amount: use digits and a dot, for example 12.50")]
    NotANumber(String),
    #[error("use a dot for decimals: {0:?} should be written {1:?}")]
    CommaDecimal(String, String),
    #[error("the amount must be more than zero")]
    NotPositive,
    #[error("{0:?} has more than {MAX_DECIMALS} decimals: round it to at most {MAX_DECIMALS}")]
    TooManyDecimals(String),
    #[error("{0:?} is too large for one sale")]
    TooLarge(String),
    #[error("{amount} {currency} is below the minimum of {min} {currency} for {method}")]
    BelowMinimum { amount: Decimal, min: Decimal, currency: String, method: String },
    #[error("{amount} {currency} is above the maximum of {max} {currency} for {method}")]
    AboveMaximum { amount: Decimal, max: Decimal, currency: String, method: String },
}

/// Parses `12`, `12.5`, `12.50`, `0.000001`. Refuses signs, exponents, commas, spaces inside,
/// more than 6 decimals, and zero.
pub fn parse_amount(text: &str) -> Result<Decimal, AmountError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::NotPositive);
    }
    if let Some((whole, fraction)) = text.split_once(',') {
        if is_digits(whole) && is_digits(fraction) {
            return Err(AmountError::CommaDecimal(text.to_owned(), format!("{whole}.{fraction}")));
        }
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let shape_ok = is_digits(whole) && (fraction.is_empty() || is_digits(fraction)) && !text.ends_with('.');
    if !shape_ok {
        return Err(AmountError::NotANumber(text.to_owned()));
    }
    if fraction.len() > MAX_DECIMALS as usize {
        return Err(AmountError::TooManyDecimals(text.to_owned()));
    }
    if whole.trim_start_matches('0').len() > MAX_INTEGER_DIGITS {
        return Err(AmountError::TooLarge(text.to_owned()));
    }
    let amount: Decimal = text.parse().map_err(|_| AmountError::NotANumber(text.to_owned()))?;
    if amount <= Decimal::ZERO {
        return Err(AmountError::NotPositive);
    }
    Ok(amount)
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_amounts_parse_exactly() {
        assert_eq!(parse_amount("12.50"), Ok(Decimal::new(1250, 2)));
        assert_eq!(parse_amount(" 7 "), Ok(Decimal::new(7, 0)));
        assert_eq!(parse_amount("0.000001"), Ok(Decimal::new(1, 6)));
        assert_eq!(parse_amount("12.50").map(|d| d.to_string()), Ok("12.50".to_string()));
    }

    #[test]
    fn bad_amounts_are_refused_with_advice() {
        assert_eq!(parse_amount(""), Err(AmountError::Empty));
        assert_eq!(parse_amount("abc"), Err(AmountError::NotANumber("abc".into())));
        assert_eq!(parse_amount("-1"), Err(AmountError::NotPositive));
        assert_eq!(parse_amount("0"), Err(AmountError::NotPositive));
        assert_eq!(parse_amount("0.00"), Err(AmountError::NotPositive));
        assert_eq!(parse_amount("12.3456789"), Err(AmountError::TooManyDecimals("12.3456789".into())));
        assert_eq!(parse_amount("1e3"), Err(AmountError::NotANumber("1e3".into())));
        assert_eq!(parse_amount("12,50"), Err(AmountError::CommaDecimal("12,50".into(), "12.50".into())));
        assert!(parse_amount("12,50").unwrap_err().to_string().contains("\"12.50\""));
        assert_eq!(parse_amount("+5"), Err(AmountError::NotANumber("+5".into())));
        assert_eq!(parse_amount("5."), Err(AmountError::NotANumber("5.".into())));
        assert_eq!(parse_amount(".5"), Err(AmountError::NotANumber(".5".into())));
        assert_eq!(parse_amount("1 000"), Err(AmountError::NotANumber("1 000".into())));
        assert!(matches!(parse_amount("9999999999999999"), Err(AmountError::TooLarge(_))));
    }
}
