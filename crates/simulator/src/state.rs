//! What every route shares: the configuration, the order book, the request log, the clock, the
//! rate limiter and the current fault settings.

use std::fs::{File, OpenOptions};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::RwLock;

use jiff::{SignedDuration, Timestamp};

use crate::config::SimulatorConfig;
use crate::faults::FaultConfig;
use crate::lifecycle::{Confirmation, Timing};
use crate::log::RequestLog;
use crate::orders::OrderBook;
use crate::ratelimit::RateLimiter;

#[derive(Debug)]
pub(crate) struct Shared {
    pub config: SimulatorConfig,
    pub orders: OrderBook,
    pub log: RequestLog,
    pub clock: Clock,
    pub limiter: RateLimiter,
    faults: RwLock<FaultConfig>,
}

impl Shared {
    /// Opens the request log file (appending), if one is configured.
    pub fn new(config: SimulatorConfig) -> std::io::Result<Self> {
        let confirmation = if config.per_network_confirmation {
            Confirmation::PerNetwork { time_scale: config.time_scale }
        } else {
            Confirmation::Fixed(config.confirmation_delay)
        };
        let timing = Timing {
            auto_pay_after: config.auto_pay_after,
            auto_pay_spread: config.auto_pay_spread,
            confirmation,
            close_grace: config.scaled(config.close_grace),
        };
        let file = config.request_log_file.as_ref().map(|path| open_append(path)).transpose()?;
        Ok(Self {
            orders: OrderBook::new(config.merchant_id.clone(), timing),
            log: RequestLog::new(file),
            clock: Clock::default(),
            limiter: RateLimiter::new(
                config.rate_limit_per_minute,
                config.block_after_refusals,
                config.scaled(config.block_cool_down),
            ),
            faults: RwLock::new(config.faults.clone()),
            config,
        })
    }

    pub fn faults(&self) -> FaultConfig {
        self.faults.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the fault settings; the caller has validated them.
    pub fn set_faults(&self, faults: FaultConfig) {
        *self.faults.write().unwrap_or_else(|e| e.into_inner()) = faults;
    }
}

fn open_append(path: &std::path::Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path).map_err(|e| {
        std::io::Error::new(e.kind(), format!("request log file {} cannot be opened: {e}", path.display()))
    })
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
