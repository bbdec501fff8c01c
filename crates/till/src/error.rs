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
        }
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
    }
}
