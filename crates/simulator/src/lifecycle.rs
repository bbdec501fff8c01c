//! One order's lifecycle, computed from timestamps whenever the order is looked at, so nothing
//! ticks in the background and a test only has to wait, never to drive a clock:
//!
//! ```text
//! PENDING ──paid──► PROCESSING ──confirmation time──► SUCCEEDED
//!    │                   │
//!    │ unpaid, expiresAt + close grace                 (a payment between expiresAt and the
//!    ▼                   │                              close is accepted: "paid late")
//! CLOSED                 ▼
//!              FAILED (on command, from PENDING or PROCESSING)
//! ```
//! CLOSED, SUCCEEDED and FAILED are final: nothing changes them again.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rust_decimal::Decimal;

use crate::methods::Network;
use crate::validate::ValidOrder;

/// How fast orders move; from the configuration, gateway times already scaled.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    pub auto_pay_after: Option<Duration>,
    pub auto_pay_spread: Duration,
    pub confirmation: Confirmation,
    pub close_grace: Duration,
}

/// How long a paid order stays PROCESSING.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Confirmation {
    /// The same for every network (the demo, and tests that set `confirmation_delay`).
    Fixed(Duration),
    /// The network's estimatedConfirmationTimeSec × this scale.
    PerNetwork { time_scale: f64 },
}

impl Timing {
    pub fn confirmation_for(&self, network: &Network) -> Duration {
        match self.confirmation {
            Confirmation::Fixed(delay) => delay,
            Confirmation::PerNetwork { time_scale } => {
                let seconds = network.confirmation_time_sec as f64 * time_scale;
                Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
            }
        }
    }

    /// When the simulated customer pays an order created at `created_at`, if auto-pay is on.
    pub fn auto_pay_at(&self, created_at: Timestamp) -> Option<Timestamp> {
        let after = self.auto_pay_after?;
        let jitter = if self.auto_pay_spread.is_zero() {
            Duration::ZERO
        } else {
            rand::random_range(Duration::ZERO..=self.auto_pay_spread)
        };
        Some(later(created_at, after.saturating_add(jitter)))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct StoredOrder {
    pub valid: ValidOrder,
    pub acquiring_order_id: String,
    pub payment_order_id: String,
    pub due: Decimal,
    pub deposit_address: String,
    pub created_at: Timestamp,
    /// Fixed at creation, so changing nothing later can make a running order jump.
    pub confirmation: Duration,
    pub auto_pay_at: Option<Timestamp>,
    /// A payment made through [`crate::RunningSimulator::pay`]; an automatic one is derived.
    pub payment: Option<Payment>,
    pub failed_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Payment {
    pub amount: Decimal,
    pub at: Timestamp,
}

/// Where an order stands at a given moment.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Phase {
    Pending,
    Processing,
    Succeeded { paid: Payment, confirmed_at: Timestamp },
    Failed,
    Closed,
}

impl Phase {
    pub fn status(&self) -> &'static str {
        match self {
            // Undocumented awaiting status: the till treats any non-terminal value as awaiting.
            Self::Pending => "PENDING",
            Self::Processing => "PROCESSING",
            Self::Succeeded { .. } => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Closed => "CLOSED",
        }
    }

    pub fn is_final(&self) -> bool {
        matches!(self, Self::Succeeded { .. } | Self::Failed | Self::Closed)
    }
}

impl StoredOrder {
    /// When an unpaid order turns CLOSED: the gateway's sweep runs `close_grace` after expiry.
    pub fn closes_at(&self, timing: &Timing) -> Timestamp {
        later(self.valid.expires_at, timing.close_grace)
    }

    pub fn phase(&self, timing: &Timing, now: Timestamp) -> Phase {
        if self.failed_at.is_some_and(|failed| now >= failed) {
            return Phase::Failed;
        }
        // The demo customer pays in time or not at all, and never after the order failed.
        let auto_payment = self
            .auto_pay_at
            .filter(|&at| at < self.valid.expires_at && now >= at)
            .filter(|&at| self.failed_at.is_none_or(|failed| at < failed))
            .map(|at| Payment { amount: self.due, at });
        match self.payment.filter(|p| now >= p.at).or(auto_payment) {
            Some(paid) => {
                let confirmed_at = later(paid.at, self.confirmation);
                if now >= confirmed_at {
                    Phase::Succeeded { paid, confirmed_at }
                } else {
                    Phase::Processing
                }
            }
            None if now >= self.closes_at(timing) => Phase::Closed,
            None => Phase::Pending,
        }
    }
}

/// `at + duration`, saturating: a configured delay too long for the calendar simply never elapses.
pub(crate) fn later(at: Timestamp, duration: Duration) -> Timestamp {
    SignedDuration::try_from(duration).ok().and_then(|d| at.checked_add(d).ok()).unwrap_or(Timestamp::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methods;

    #[test]
    fn each_network_confirms_in_its_own_scaled_time() {
        let timing = |confirmation| Timing {
            auto_pay_after: None,
            auto_pay_spread: Duration::ZERO,
            confirmation,
            close_grace: Duration::ZERO,
        };
        let scaled = timing(Confirmation::PerNetwork { time_scale: 0.01 });
        let seconds = |network| methods::find("USDT", network).map(|m| scaled.confirmation_for(&m.network));
        assert_eq!(seconds("tron"), Some(Duration::from_millis(600)));
        assert_eq!(seconds("bsc"), Some(Duration::from_millis(450)));
        assert_eq!(seconds("ethereum"), Some(Duration::from_secs(3)));
        let fixed = timing(Confirmation::Fixed(Duration::from_secs(1)));
        let eth = methods::find("USDT", "ethereum").map(|m| fixed.confirmation_for(&m.network));
        assert_eq!(eth, Some(Duration::from_secs(1)));
    }

    #[test]
    fn auto_pay_falls_inside_its_range() {
        let timing = Timing {
            auto_pay_after: Some(Duration::from_secs(5)),
            auto_pay_spread: Duration::from_secs(15),
            confirmation: Confirmation::Fixed(Duration::ZERO),
            close_grace: Duration::ZERO,
        };
        let created = Timestamp::UNIX_EPOCH;
        for _ in 0..200 {
            let at = timing.auto_pay_at(created).map(|at| at.duration_since(created).as_secs_f64());
            assert!(at.is_some_and(|s| (5.0..=20.0).contains(&s)), "{at:?}");
        }
        let off = Timing { auto_pay_after: None, ..timing };
        assert_eq!(off.auto_pay_at(created), None);
    }
}
