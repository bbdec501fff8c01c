//! A faithful local PayStableCoin API Checkout on loopback, for demo mode (in the app and the CLI),
//! for tests, and for fault injection. It authenticates, validates and answers like the gateway
//! (same endpoints, envelope, codes and signing, shared with `stabletill-gateway`), keeps orders in
//! memory, and lets a simulated customer pay them. It can also misbehave on purpose: a rate limit
//! with 429 and 418, per-network confirmation times, late and wrong payments, failed orders, and
//! injected faults (latency, 5xx pages, connection resets before and after an order is stored,
//! timeouts, malformed answers, wrong content types, hostile display names).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use stabletill_simulator::{RunningSimulator, SimulatorConfig};
//! let simulator = RunningSimulator::start(SimulatorConfig::demo()).await?;
//! println!("gateway at {} for {}", simulator.url(), simulator.merchant_id());
//! simulator.shutdown().await;
//! # Ok(()) }
//! ```

mod address;
mod auth;
#[cfg(test)]
mod auth_props;
pub mod blockatm;
mod config;
mod connection;
mod control;
mod error;
mod faults;
mod inject;
mod lifecycle;
mod log;
mod methods;
mod orders;
mod ratelimit;
mod reply;
mod routes;
mod server;
mod state;
mod validate;

pub use config::{
    ConfigError, SimulatorConfig, DEFAULT_BLOCK_AFTER_REFUSALS, DEFAULT_BLOCK_COOL_DOWN, DEFAULT_CLOSE_GRACE,
    DEFAULT_RATE_LIMIT_PER_MINUTE, DEMO_FAULTS_ENV, DEMO_MERCHANT_ID, DEMO_SECRET, REALISTIC_AUTO_PAY,
};
pub use error::SimulatorError;
pub use faults::{FaultConfig, FaultConfigError, Lie, DEFAULT_HANG};
pub use log::{LoggedRequest, NO_ENVELOPE};
pub use orders::LatePayment;
pub use ratelimit::BLOCKED_CODE;
pub use server::RunningSimulator;
