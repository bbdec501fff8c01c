//! Exit statuses and how an error is reported on stderr.

use std::process::ExitCode;

use stabletill_till::{ErrorCode, TillError};

pub const SUCCESS: u8 = 0;
pub const FAILURE: u8 = 1;
pub const BAD_INPUT: u8 = 2;
pub const PAYMENT_NOT_MADE: u8 = 3;
pub const TIMED_OUT: u8 = 4;

/// Prints the error for a person and picks the exit status: 2 for input the user can correct.
pub fn report(error: &TillError) -> ExitCode {
    eprintln!("error: {error}");
    let status = match error.code() {
        ErrorCode::InvalidAmount | ErrorCode::UnknownMethod | ErrorCode::InvalidSetting => BAD_INPUT,
        _ => FAILURE,
    };
    status.into()
}
