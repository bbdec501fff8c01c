//! Everything that can go wrong talking to the gateway, sorted by what the till must do about it.

use std::time::Duration;

use jiff::SignedDuration;

use crate::clock::describe_offset;

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
    #[error("the gateway has blocked this till for sending too many requests (HTTP 418): it stays quiet for {}", minutes(.retry_after))]
    Blocked { retry_after: Duration },
    #[error("the gateway refused the signature: check the merchant ID and API secret ({message})")]
    SignatureRejected { message: String },
    #[error("the gateway refused the request time: {}", clock_advice(.clock_offset))]
    TimestampRejected { message: String, clock_offset: Option<SignedDuration> },
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

fn minutes(wait: &Duration) -> String {
    match wait.as_secs() {
        0..=90 => format!("{} s", wait.as_secs().max(1)),
        secs => format!("{} min", secs.div_ceil(60)),
    }
}

fn clock_advice(offset: &Option<SignedDuration>) -> String {
    match offset {
        Some(offset) => {
            format!("{}: set it to the correct time (automatic time) and try again", describe_offset(*offset))
        }
        None => "check this computer's clock and time zone, then try again".to_owned(),
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
    fn clock_skew_says_by_how_much() {
        let error = GatewayError::TimestampRejected {
            message: "Timestamp expired".into(),
            clock_offset: Some(SignedDuration::from_secs(432)),
        };
        assert_eq!(
            error.to_string(),
            "the gateway refused the request time: this computer's clock is 7 min 12 s fast: set it to the correct time (automatic time) and try again"
        );
    }

    #[test]
    fn not_enabled_message_tells_the_merchant_what_to_do() {
        assert_eq!(
            GatewayError::NotEnabled.to_string(),
            "API Checkout is not enabled for this merchant — ask PayStableCoin support"
        );
    }
}
