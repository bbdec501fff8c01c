//! The gateway's order status: the documented values as variants, anything else kept verbatim.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An order status as the gateway reported it. Statuses the documentation does not list (for
/// example whatever an order says before any transaction is seen) are kept as [`OrderStatus::Other`]
/// and treated as "not terminal".
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OrderStatus {
    /// A transaction to the deposit address has been seen on chain and is confirming.
    Processing,
    Succeeded,
    Failed,
    /// The order expired or was closed without a payment.
    Closed,
    Other(String),
}

impl OrderStatus {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "PROCESSING" => Self::Processing,
            "SUCCEEDED" => Self::Succeeded,
            "FAILED" => Self::Failed,
            "CLOSED" => Self::Closed,
            other => Self::Other(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Processing => "PROCESSING",
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Closed => "CLOSED",
            Self::Other(raw) => raw,
        }
    }

    /// Terminal statuses never change again: SUCCEEDED, FAILED, CLOSED.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Closed)
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for OrderStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Ok(Self::parse(&raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_statuses_round_trip_and_only_three_are_terminal() {
        for raw in ["PROCESSING", "SUCCEEDED", "FAILED", "CLOSED"] {
            assert_eq!(OrderStatus::parse(raw).as_str(), raw);
        }
        assert!(OrderStatus::parse("SUCCEEDED").is_terminal());
        assert!(OrderStatus::parse("FAILED").is_terminal());
        assert!(OrderStatus::parse("CLOSED").is_terminal());
        assert!(!OrderStatus::parse("PROCESSING").is_terminal());
    }

    #[test]
    fn unknown_status_is_kept_verbatim_and_not_terminal() {
        let status: OrderStatus =
            serde_json::from_str("\"WAITING_FOR_FUNDS\"").unwrap_or(OrderStatus::Failed);
        assert_eq!(status, OrderStatus::Other("WAITING_FOR_FUNDS".into()));
        assert!(!status.is_terminal());
        assert_eq!(serde_json::to_string(&status).ok().as_deref(), Some("\"WAITING_FOR_FUNDS\""));
    }
}
