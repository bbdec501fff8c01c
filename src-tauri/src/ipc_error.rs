//! The one error shape that crosses the IPC boundary: `{"code": "<snake_case>", "message": "…"}`.
//! The UI branches on `code` and shows `message` to the cashier as it is.

use serde::Serialize;
use stabletill_till::{ErrorCode, TillError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// Something this till cannot do in its current mode (e.g. simulate a payment outside demo mode).
    pub fn not_available(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotAvailable, message)
    }
}

impl From<TillError> for IpcError {
    fn from(error: TillError) -> Self {
        Self { code: error.code(), message: error.to_string() }
    }
}

impl std::fmt::Display for IpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for IpcError {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use stabletill_till::parse_amount;

    fn to_json(error: &IpcError) -> serde_json::Value {
        serde_json::to_value(error).expect("an IpcError always serialises")
    }

    #[test]
    fn a_till_error_becomes_code_and_message() {
        let amount_error = parse_amount("abc").unwrap_err();
        let error = IpcError::from(TillError::from(amount_error));
        assert_eq!(
            to_json(&error),
            json!({"code": "invalid_amount", "message": "\"abc\" is not an amount: use digits and a dot, for example 12.50"})
        );
    }

    #[test]
    fn not_available_is_snake_case_and_has_exactly_two_fields() {
        let value = to_json(&IpcError::not_available("demo mode only"));
        assert_eq!(value, json!({"code": "not_available", "message": "demo mode only"}));
        assert_eq!(value.as_object().map(|o| o.len()), Some(2));
    }

    #[test]
    fn every_kind_of_till_error_keeps_its_code() {
        let cases = [
            (TillError::NotConfigured("no merchant ID".into()), "not_configured"),
            (TillError::KeyringUnavailable("locked".into()), "keyring_unavailable"),
            (TillError::UnknownMethod("USDT on solana".into()), "unknown_method"),
            (TillError::NotFound("no sale".into()), "not_found"),
        ];
        for (error, code) in cases {
            let message = error.to_string();
            assert_eq!(to_json(&IpcError::from(error)), json!({"code": code, "message": message}));
        }
    }
}
