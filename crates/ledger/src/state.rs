//! The local state of a sale, as stored in the `state` columns and shown to the cashier.

use serde::{Deserialize, Serialize};

/// Where a sale stands. The till derives it from the gateway's status; the ledger only stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleState {
    /// The sale row exists but the gateway has not (knowingly) accepted the order yet.
    Creating,
    Awaiting,
    Processing,
    Paid,
    Failed,
    Expired,
    /// The cashier abandoned the sale. Not terminal: a payment may still arrive, so the order is
    /// watched until the gateway says it is final.
    Cancelled,
    /// A manager voided the sale.
    Void,
}

impl SaleState {
    /// Every state, in lifecycle order.
    pub(crate) const ALL: [SaleState; 8] = [
        Self::Creating,
        Self::Awaiting,
        Self::Processing,
        Self::Paid,
        Self::Failed,
        Self::Expired,
        Self::Cancelled,
        Self::Void,
    ];

    /// The stored (and serialized) name. These strings are in the database: never change one.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Awaiting => "awaiting",
            Self::Processing => "processing",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
            Self::Void => "void",
        }
    }

    pub fn parse(s: &str) -> Option<SaleState> {
        Self::ALL.into_iter().find(|state| state.as_str() == s)
    }

    /// True when nothing more will happen to the sale, so it no longer needs watching.
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Paid | Self::Failed | Self::Expired | Self::Void)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_parses_back_from_its_stored_name() {
        for state in SaleState::ALL {
            assert_eq!(SaleState::parse(state.as_str()), Some(state));
        }
        assert_eq!(SaleState::parse("PAID"), None);
        assert_eq!(SaleState::parse(""), None);
    }

    #[test]
    fn stored_name_and_json_name_agree() {
        for state in SaleState::ALL {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.as_str()));
        }
    }

    #[test]
    fn a_cancelled_sale_is_still_watched() {
        let terminal: Vec<_> = SaleState::ALL.into_iter().filter(SaleState::is_terminal).collect();
        assert_eq!(terminal, [SaleState::Paid, SaleState::Failed, SaleState::Expired, SaleState::Void]);
        assert!(!SaleState::Cancelled.is_terminal());
    }
}
