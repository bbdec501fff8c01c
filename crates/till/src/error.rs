//! The till's error type and the small set of codes the UI and CLI branch on.

use serde::Serialize;
use stabletill_gateway::GatewayError;
use stabletill_ledger::LedgerError;

use crate::AmountError;

#[derive(Debug, thiserror::Error)]
pub enum TillError {
    #[error(transparent)]
    InvalidAmount(#[from] AmountError),
    #[error("{0}")]
    UnknownMethod(String),
    #[error("{0}")]
    NotConfigured(String),
    #[error("{0}")]
    InvalidSetting(String),
    #[error("{0}")]
    KeyringUnavailable(String),
    #[error(transparent)]
    Gateway(#[from] GatewayError),
    /// The create request may have reached the gateway but was never confirmed; the sale stays
    /// in the log as "creating" and is settled by a later look-up.
    #[error("the gateway did not confirm sale {merchant_order_id} ({cause}); it stays in the sales log and is checked again — do not charge the customer twice")]
    CreateUnconfirmed { merchant_order_id: String, cause: GatewayError },
    /// The gateway answered, but not with something we can show a customer.
    #[error("{0}")]
    UnusableAnswer(String),
    #[error("{0}")]
    Storage(String),
    #[error("the sales log: {0}")]
    Ledger(#[from] LedgerError),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    NotAvailable(String),
    /// A manager action was asked for without the manager PIN (or the unlock has run out).
    #[error("{0}")]
    PinRequired(String),
    #[error("wrong PIN (tries left before the manager screens lock: {attempts_left})")]
    WrongPin { attempts_left: u32 },
    /// Too many wrong PINs in a row: no PIN is checked until `until`.
    #[error("too many wrong PINs: the manager screens are locked; try again in {}", wait_text(*wait_seconds))]
    PinLocked { until: jiff::Timestamp, wait_seconds: u64 },
    /// Cashier sign-in is on and no cashier is signed in at the counter.
    #[error("{0}")]
    SignInRequired(String),
    /// A cashier name and PIN that do not match (which one is wrong is not said).
    #[error("wrong name or PIN (tries left before sign-in locks: {attempts_left})")]
    WrongCashierPin { attempts_left: u32 },
    /// Too many wrong cashier PINs in a row: sign-in checks no PIN until `until`.
    #[error("too many wrong PINs: sign-in at this till is locked; try again in {}", wait_text(*wait_seconds))]
    SignInLocked { until: jiff::Timestamp, wait_seconds: u64 },
}

/// What the UI and the CLI branch on. Serialised in snake_case (`invalid_amount`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidAmount,
    UnknownMethod,
    NotConfigured,
    InvalidSetting,
    KeyringUnavailable,
    GatewayUnreachable,
    GatewayError,
    GatewayRejected,
    WrongSecret,
    NotEnabled,
    ClockSkew,
    RateLimited,
    GatewayBlocked,
    Storage,
    NotFound,
    NotAvailable,
    PinRequired,
    WrongPin,
    PinLocked,
    SignInRequired,
}

impl TillError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::InvalidAmount(_) => ErrorCode::InvalidAmount,
            Self::UnknownMethod(_) => ErrorCode::UnknownMethod,
            Self::NotConfigured(_) => ErrorCode::NotConfigured,
            Self::InvalidSetting(_) => ErrorCode::InvalidSetting,
            Self::KeyringUnavailable(_) => ErrorCode::KeyringUnavailable,
            Self::Gateway(error) | Self::CreateUnconfirmed { cause: error, .. } => gateway_code(error),
            Self::UnusableAnswer(_) => ErrorCode::GatewayError,
            Self::Storage(_) | Self::Ledger(_) => ErrorCode::Storage,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::NotAvailable(_) => ErrorCode::NotAvailable,
            Self::PinRequired(_) => ErrorCode::PinRequired,
            Self::WrongPin { .. } => ErrorCode::WrongPin,
            Self::PinLocked { .. } | Self::SignInLocked { .. } => ErrorCode::PinLocked,
            Self::WrongCashierPin { .. } => ErrorCode::WrongPin,
            Self::SignInRequired(_) => ErrorCode::SignInRequired,
        }
    }
}

/// "30 s" under two minutes, else whole minutes rounded up ("4 min"): how long a person waits.
fn wait_text(seconds: u64) -> String {
    if seconds < 120 {
        format!("{seconds} s")
    } else {
        format!("{} min", seconds.div_ceil(60))
    }
}

fn gateway_code(error: &GatewayError) -> ErrorCode {
    match error {
        GatewayError::Unreachable { .. } | GatewayError::Timeout | GatewayError::ConnectionLost { .. } => {
            ErrorCode::GatewayUnreachable
        }
        GatewayError::Server { .. } | GatewayError::Undecodable { .. } => ErrorCode::GatewayError,
        GatewayError::RateLimited { .. } => ErrorCode::RateLimited,
        GatewayError::Blocked { .. } => ErrorCode::GatewayBlocked,
        GatewayError::SignatureRejected { .. } => ErrorCode::WrongSecret,
        GatewayError::TimestampRejected { .. } => ErrorCode::ClockSkew,
        GatewayError::NotEnabled => ErrorCode::NotEnabled,
        GatewayError::OrderNotFound | GatewayError::DuplicateOrder | GatewayError::Rejected { .. } => {
            ErrorCode::GatewayRejected
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_in_snake_case() {
        let code = TillError::Gateway(GatewayError::NotEnabled).code();
        assert_eq!(serde_json::to_string(&code).ok().as_deref(), Some("\"not_enabled\""));
        let code = TillError::from(AmountError::Empty).code();
        assert_eq!(serde_json::to_string(&code).ok().as_deref(), Some("\"invalid_amount\""));
        let codes = [
            TillError::PinRequired("type the manager PIN".into()).code(),
            TillError::WrongPin { attempts_left: 2 }.code(),
            TillError::PinLocked { until: jiff::Timestamp::UNIX_EPOCH, wait_seconds: 90 }.code(),
        ];
        assert_eq!(
            serde_json::to_string(&codes).ok().as_deref(),
            Some(r#"["pin_required","wrong_pin","pin_locked"]"#)
        );
    }

    #[test]
    fn a_lockout_says_how_long_to_wait_in_words_a_person_reads() {
        let locked = |wait_seconds| TillError::PinLocked { until: jiff::Timestamp::UNIX_EPOCH, wait_seconds };
        assert!(locked(90).to_string().ends_with("try again in 90 s"));
        assert!(locked(121).to_string().ends_with("try again in 3 min"));
        assert!(locked(900).to_string().ends_with("try again in 15 min"));
    }
}
