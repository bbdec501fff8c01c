//! What every BlockATM route shares: the configuration, where the simulator listens (for the
//! cashier URLs), the order book, the request log, the clock, the rate limiter and the faults.
//! The log, the clock and the limiter are the PayStableCoin side's own types.

use std::sync::RwLock;

use super::config::BlockAtmSimulatorConfig;
use super::orders::OrderBook;
use crate::faults::FaultConfig;
use crate::log::RequestLog;
use crate::ratelimit::RateLimiter;
use crate::state::Clock;

#[derive(Debug)]
pub(crate) struct BlockAtmShared {
    pub config: BlockAtmSimulatorConfig,
    /// `http://127.0.0.1:port`, the prefix of every `payUrl`.
    pub base_url: String,
    pub orders: OrderBook,
    pub log: RequestLog,
    pub clock: Clock,
    pub limiter: RateLimiter,
    faults: RwLock<FaultConfig>,
}

impl BlockAtmShared {
    pub fn new(config: BlockAtmSimulatorConfig, base_url: String) -> Self {
        Self {
            base_url,
            orders: OrderBook::new(config.confirmation_delay, config.auto_pay_after),
            log: RequestLog::new(None),
            clock: Clock::default(),
            limiter: RateLimiter::new(
                config.rate_limit_per_minute,
                config.block_after_refusals,
                config.block_cool_down,
            ),
            faults: RwLock::new(config.faults.clone()),
            config,
        }
    }

    pub fn faults(&self) -> FaultConfig {
        self.faults.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces the fault settings; the caller has validated them.
    pub fn set_faults(&self, faults: FaultConfig) {
        *self.faults.write().unwrap_or_else(|e| e.into_inner()) = faults;
    }
}
