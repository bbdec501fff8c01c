//! How soon to ask the gateway again about a sale. The aim: see a payment within about a second
//! of the gateway confirming it, for the sale the customer is standing in front of, while
//! spending fewer requests per sale than a fixed 5-second poll.
//!
//! The trick is the network's confirmation time: once the gateway has seen the customer's
//! transaction (`PROCESSING`), confirmation is not expected before that time has nearly passed,
//! so the till waits quietly and polls briskly only around the expected moment.

use std::time::Duration;

use stabletill_ledger::SaleState;

/// The customer is scanning and sending: "payment seen" appears within a few seconds. Every poll
/// here is paid for by every sale (customers take 10–60 s to pay), so this is the interval that
/// decides the requests per sale (BENCHMARKS.md #1: 2 s cost twice the guide's 5 s poll).
const COUNTER_AWAITING: Duration = Duration::from_secs(4);
/// Around the expected confirmation: the Paid screen should follow the gateway within ~1 s.
const COUNTER_CONFIRMING: Duration = Duration::from_millis(1000);
/// Sales nobody is looking at (cancelled, or reconciled after a restart).
const BACKGROUND_AWAITING: Duration = Duration::from_secs(15);
const BACKGROUND_CONFIRMING: Duration = Duration::from_secs(5);
/// Longest wait between looks while a confirmation is not expected yet.
const COUNTER_LONGEST_QUIET: Duration = Duration::from_secs(15);
const BACKGROUND_LONGEST_QUIET: Duration = Duration::from_secs(20);
/// An unanswered create is looked up again this often.
const CREATING: Duration = Duration::from_secs(3);
/// After expiry, a late confirmation is still possible for a while; look now and then.
const AFTER_EXPIRY: Duration = Duration::from_secs(20);
/// How long after `expiresAt` an order is still watched for a late confirmation.
pub const EXPIRY_GRACE: Duration = Duration::from_secs(10 * 60);

/// What the cadence depends on, all as durations relative to now.
#[derive(Debug, Clone, Copy)]
pub(crate) struct SaleTiming {
    pub state: SaleState,
    /// The raw status says a transaction was seen (PROCESSING), even for a cancelled sale.
    pub transaction_seen: bool,
    /// Whether the customer is at the counter for this sale.
    pub on_counter: bool,
    /// Time since the transaction was first seen, if it was.
    pub seen_for: Option<Duration>,
    /// The network's estimated confirmation time, if the gateway told us.
    pub confirmation_estimate: Option<Duration>,
    /// Time left until `expiresAt` (zero when passed), and how long ago it passed.
    pub until_expiry: Option<Duration>,
    pub since_expiry: Option<Duration>,
}

/// `None`: stop watching (final, or long past expiry with no transaction seen).
pub(crate) fn next_poll(t: &SaleTiming) -> Option<Duration> {
    if t.state.is_terminal() {
        return None;
    }
    if t.state == SaleState::Creating {
        return Some(CREATING);
    }
    if t.transaction_seen {
        return Some(confirming_interval(t));
    }
    if let Some(since) = t.since_expiry {
        return (since < EXPIRY_GRACE).then_some(AFTER_EXPIRY);
    }
    let base = if t.on_counter { COUNTER_AWAITING } else { BACKGROUND_AWAITING };
    // Never sleep past the expiry moment: the gateway's CLOSED should show promptly.
    Some(t.until_expiry.map_or(base, |left| base.min(left.max(Duration::from_millis(500)))))
}

fn confirming_interval(t: &SaleTiming) -> Duration {
    let brisk = if t.on_counter { COUNTER_CONFIRMING } else { BACKGROUND_CONFIRMING };
    // An estimate is only an estimate: never wait so long that an early confirmation goes unseen
    // for more than a few seconds while the customer waits.
    let longest_quiet = if t.on_counter { COUNTER_LONGEST_QUIET } else { BACKGROUND_LONGEST_QUIET };
    match (t.seen_for, t.confirmation_estimate) {
        (Some(seen_for), Some(estimate)) => {
            // Start polling briskly a little before the expected confirmation: the transaction
            // was seen up to one awaiting interval after it was sent, and the network may beat
            // its estimate by a little (10 %).
            let awaiting = if t.on_counter { COUNTER_AWAITING } else { BACKGROUND_AWAITING };
            let lead = (estimate / 10).max(awaiting + Duration::from_secs(1));
            let brisk_from = estimate.saturating_sub(lead);
            let quiet_left = brisk_from.saturating_sub(seen_for);
            if quiet_left.is_zero() {
                brisk
            } else {
                // Straight to the brisk window, but never deaf for longer than `longest_quiet`.
                quiet_left.clamp(brisk, longest_quiet)
            }
        }
        _ => brisk,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timing(state: SaleState, on_counter: bool) -> SaleTiming {
        SaleTiming {
            state,
            transaction_seen: state == SaleState::Processing,
            on_counter,
            seen_for: None,
            confirmation_estimate: None,
            until_expiry: Some(Duration::from_secs(600)),
            since_expiry: None,
        }
    }

    #[test]
    fn final_sales_are_not_polled() {
        for state in [SaleState::Paid, SaleState::Failed, SaleState::Expired, SaleState::Void] {
            assert_eq!(next_poll(&timing(state, true)), None);
        }
    }

    #[test]
    fn the_counter_sale_is_polled_briskly_and_background_sales_slowly() {
        assert_eq!(next_poll(&timing(SaleState::Awaiting, true)), Some(COUNTER_AWAITING));
        assert_eq!(next_poll(&timing(SaleState::Awaiting, false)), Some(BACKGROUND_AWAITING));
        assert_eq!(next_poll(&timing(SaleState::Cancelled, false)), Some(BACKGROUND_AWAITING));
        assert_eq!(next_poll(&timing(SaleState::Processing, true)), Some(COUNTER_CONFIRMING));
    }

    #[test]
    fn while_confirming_the_till_waits_quietly_then_polls_fast_near_the_expected_moment() {
        let mut t = timing(SaleState::Processing, true);
        // Tron: 60 s. Brisk from 60 - max(6 s, 4 + 1 s) = 54 s after the transaction was seen.
        t.confirmation_estimate = Some(Duration::from_secs(60));
        t.seen_for = Some(Duration::from_secs(1));
        assert_eq!(next_poll(&t), Some(COUNTER_LONGEST_QUIET), "quiet, but never deaf for long");
        t.seen_for = Some(Duration::from_secs(46));
        assert_eq!(next_poll(&t), Some(Duration::from_secs(8)), "wakes exactly at the brisk window");
        t.seen_for = Some(Duration::from_secs(54));
        assert_eq!(next_poll(&t), Some(COUNTER_CONFIRMING));
        t.seen_for = Some(Duration::from_secs(120));
        assert_eq!(next_poll(&t), Some(COUNTER_CONFIRMING), "late confirmations are still watched closely");
    }

    #[test]
    fn a_fast_network_is_polled_briskly_from_one_awaiting_interval_before_its_estimate() {
        let mut t = timing(SaleState::Processing, true);
        t.confirmation_estimate = Some(Duration::from_secs(20));
        t.seen_for = Some(Duration::from_secs(10));
        // 20 - (4 + 1) = 15 s: the payment may have been sent up to 4 s before it was seen.
        assert_eq!(next_poll(&t), Some(Duration::from_secs(5)));
        t.seen_for = Some(Duration::from_secs(15));
        assert_eq!(next_poll(&t), Some(COUNTER_CONFIRMING));
    }

    #[test]
    fn expiry_is_checked_on_time_and_watched_for_a_grace_period_after() {
        let mut t = timing(SaleState::Awaiting, false);
        t.until_expiry = Some(Duration::from_secs(3));
        assert_eq!(next_poll(&t), Some(Duration::from_secs(3)));
        t.until_expiry = Some(Duration::ZERO);
        t.since_expiry = Some(Duration::from_secs(60));
        assert_eq!(next_poll(&t), Some(AFTER_EXPIRY));
        t.since_expiry = Some(EXPIRY_GRACE + Duration::from_secs(1));
        assert_eq!(next_poll(&t), None, "then it stops");
        t.transaction_seen = true;
        assert!(next_poll(&t).is_some(), "but a transaction seen is followed to the end");
    }
}
