//! Everything that can go wrong talking to the gateway, sorted by what the till must do about it.

use std::time::Duration;

/// One error type for every gateway call. The variants are split by what the caller does next,
/// not by where the failure happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// No connection could be made: the request was certainly not received.
    #[error("the gateway cannot be reached ({detail}): check the internet connection")]
    Unreachable { detail: String },
    /// The request may have been received but no answer came back in time.
    #[error("the gateway did not answer in time")]
    Timeout,
    /// The connection broke after the request was sent: it may or may not have been received.
    #[error("the connection to the gateway broke off ({detail})")]
    ConnectionLost { detail: String },
    #[error("the gateway asks us to slow down{}", retry_hint(.retry_after))]
    RateLimited { retry_after: Option<Duration> },
    #[error("the gateway has blocked this address for overuse (HTTP 418): wait before trying again")]
    Blocked,
    #[error("the gateway refused the signature: check the merchant ID and API secret ({message})")]
    SignatureRejected { message: String },
    #[error("the gateway refused the request time: check this computer's clock ({message})")]
    TimestampRejected { message: String },
    #[error("API Checkout is not enabled for this merchant — ask PayStableCoin support")]
    NotEnabled,
    #[error("the gateway has no such order")]
    OrderNotFound,
    #[error("the gateway already has an order with this merchantOrderId")]
    DuplicateOrder,
    #[error("the gateway rejected the request: {message} (code {code})")]
    Rejected { code: String, message: String },
    #[error("the gateway had an internal error (HTTP {status})")]
    Server { status: u16 },
    #[error("the gateway's answer could not be understood: {detail}")]
    Undecodable { detail: String },
}

impl GatewayError {
    /// True when a create request may have reached the gateway although we got no usable answer:
    /// the order must then be looked up by its merchantOrderId, never created again under a new id.
    pub fn is_ambiguous(&self) -> bool {
        matches!(
            self,
            Self::Timeout | Self::ConnectionLost { .. } | Self::Server { .. } | Self::Undecodable { .. }
        )
    }

    /// True when the same request may simply be tried again later (with the same idempotency key).
    pub fn is_transient(&self) -> bool {
        self.is_ambiguous() || matches!(self, Self::Unreachable { .. } | Self::RateLimited { .. })
    }
}

fn retry_hint(retry_after: &Option<Duration>) -> String {
    match retry_after {
        Some(wait) => format!(" (retry after {} s)", wait.as_secs().max(1)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_answers_we_never_got_are_ambiguous() {
        assert!(GatewayError::Timeout.is_ambiguous());
        assert!(GatewayError::Server { status: 502 }.is_ambiguous());
        assert!(!GatewayError::Unreachable { detail: "refused".into() }.is_ambiguous());
        assert!(!GatewayError::NotEnabled.is_ambiguous());
        assert!(!GatewayError::SignatureRejected { message: String::new() }.is_ambiguous());
    }

    #[test]
    fn not_enabled_message_tells_the_merchant_what_to_do() {
        assert_eq!(
            GatewayError::NotEnabled.to_string(),
            "API Checkout is not enabled for this merchant — ask PayStableCoin support"
        );
    }
}
