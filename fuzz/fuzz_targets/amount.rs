//! The amount a cashier types (`parse_amount`): any text gives an amount or a message, never a
//! panic, and an accepted amount is positive, has at most 6 decimals and reads back as itself.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use stabletill_till::parse_amount;

fuzz_target!(|text: &str| {
    match parse_amount(text) {
        Ok(amount) => {
            assert!(amount > Decimal::ZERO, "{text:?} gave {amount}");
            assert!(amount.scale() <= 6, "{text:?} gave {amount}");
            assert_eq!(parse_amount(&amount.to_string()), Ok(amount), "{text:?}");
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
