//! What the scheduler remembers about one sale between polls.

use std::time::Duration;

use jiff::Timestamp;
use stabletill_ledger::SaleState;
use tokio::time::Instant;

use super::cadence::{next_poll, SaleTiming};
use crate::SaleView;

const FIRST_RETRY: Duration = Duration::from_secs(2);
const LONGEST_RETRY: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub(super) struct Tracked {
    pub due: Instant,
    /// When the gateway was first seen reporting the customer's transaction.
    transaction_seen_at: Option<Instant>,
    failures: u32,
}

impl Tracked {
    pub fn due_at(due: Instant) -> Self {
        Self { due, transaction_seen_at: None, failures: 0 }
    }

    /// When to look next after a successful poll; `None` to stop watching.
    pub fn after_success(
        &mut self,
        view: &SaleView,
        on_counter: bool,
        confirmation_estimate: Option<Duration>,
        now: Instant,
    ) -> Option<Instant> {
        self.failures = 0;
        let transaction_seen =
            view.state == SaleState::Processing || view.status.as_deref() == Some("PROCESSING");
        if transaction_seen && self.transaction_seen_at.is_none() {
            self.transaction_seen_at = Some(now);
        }
        let (until_expiry, since_expiry) = expiry_distance(view.expires_at.as_deref());
        let timing = SaleTiming {
            state: view.state,
            transaction_seen,
            on_counter,
            seen_for: self.transaction_seen_at.map(|at| now.saturating_duration_since(at)),
            confirmation_estimate,
            until_expiry,
            since_expiry,
        };
        next_poll(&timing).map(|wait| now + wait)
    }

    /// Passing trouble: back off (2 s, 4 s, … 30 s) and keep watching.
    pub fn after_failure(&mut self, now: Instant) -> Instant {
        self.failures = self.failures.saturating_add(1);
        let wait = FIRST_RETRY.saturating_mul(1 << (self.failures - 1).min(4)).min(LONGEST_RETRY);
        now + wait
    }
}

/// (time left until expiry, time since expiry), from an RFC 3339 `expiresAt`.
fn expiry_distance(expires_at: Option<&str>) -> (Option<Duration>, Option<Duration>) {
    let Some(expires) = expires_at.and_then(|text| text.parse::<Timestamp>().ok()) else {
        return (None, None);
    };
    let left = expires.duration_since(Timestamp::now());
    if left.is_negative() {
        (Some(Duration::ZERO), Some(left.unsigned_abs()))
    } else {
        (Some(left.unsigned_abs()), None)
    }
}
