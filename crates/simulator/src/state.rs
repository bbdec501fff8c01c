//! What every route shares: the configuration, the order book, the request log and the clock.

use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

use crate::config::SimulatorConfig;
use crate::log::RequestLog;
use crate::orders::{OrderBook, Timing};

#[derive(Debug)]
pub(crate) struct Shared {
    pub config: SimulatorConfig,
    pub orders: OrderBook,
    pub log: RequestLog,
    pub clock: Clock,
}

impl Shared {
    pub fn new(config: SimulatorConfig) -> Self {
        let timing =
            Timing { auto_pay_after: config.auto_pay_after, confirmation_delay: config.confirmation_delay };
        Self {
            orders: OrderBook::new(config.merchant_id.clone(), timing),
            log: RequestLog::default(),
            clock: Clock::default(),
            config,
        }
    }
}

/// The simulator's idea of "now": the system clock plus an adjustable offset, so a test can make
/// the gateway's clock disagree with the till's (clock-skew faults) without touching the machine.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset_ms: AtomicI64,
}

impl Clock {
    pub fn now(&self) -> Timestamp {
        let offset = SignedDuration::from_millis(self.offset_ms.load(Ordering::Relaxed));
        let real = Timestamp::now();
        real.checked_add(offset).unwrap_or(real)
    }

    pub fn set_offset(&self, offset: SignedDuration) {
        let millis = offset.as_millis().clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64;
        self.offset_ms.store(millis, Ordering::Relaxed);
    }
}
