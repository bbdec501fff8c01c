//! A faithful local PayStableCoin API Checkout on loopback, for demo mode (in the app and the CLI),
//! for tests, and for fault injection. It authenticates, validates and answers like the gateway
//! (same endpoints, envelope, codes and signing, shared with `stabletill-gateway`), keeps orders in
//! memory, and lets a simulated customer pay them.
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
mod config;
mod control;
mod error;
mod log;
mod methods;
mod orders;
mod reply;
mod routes;
mod server;
mod state;
mod validate;

pub use config::{SimulatorConfig, DEMO_MERCHANT_ID, DEMO_SECRET};
pub use error::SimulatorError;
pub use log::LoggedRequest;
pub use server::RunningSimulator;
