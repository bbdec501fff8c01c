//! A local BlockATM-style gateway on loopback: the API fixed in `stabletill_gateway::blockatm`
//! (payment methods, signed QR-order create, order query), with the same misbehaviour as the
//! PayStableCoin simulator — a rate limit with 429 and 418, fault injection, a request log, a clock
//! that can be shifted — and control routes that stand for the customer and the chain.
//!
//! - API key on every request; creates verified with the merchant's registered P-256 public key
//!   (`BlockATM-Signature-V1`) and `BlockATM-Request-Time` within `BlockATM-Rec_Window`
//!   (default 30 000 ms, at most [`MAX_REC_WINDOW_MS`]).
//! - Lifecycle, computed from timestamps like the PayStableCoin side:
//!   `PENDING ─paid─► PROCESSING ─confirmation─► SUCCESS`; unpaid at `expireTime` → `EXPIRED`;
//!   `CANCELLED` and `FAILED` on command. SUCCESS, EXPIRED, CANCELLED and FAILED are final.
//! - `payUrl` is `<simulator>/cashier/{orderNo}`, a small page with the address and amount; `qrCode`
//!   carries the same URL.
//! - Control routes (no key, never limited, faulted or logged), under `/_simulator/`:
//!   `POST orders/{merchantOrderNo}/pay` (body empty or `{"amount":"12.50"}`), `POST …/fail`,
//!   `POST …/cancel`, `GET requests` (`?format=jsonl`), `GET|POST faults`, `POST clock`
//!   (`{"offsetMs":N}`).
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use stabletill_simulator::blockatm::{BlockAtmSimulatorConfig, RunningBlockAtmSimulator};
//! let simulator = RunningBlockAtmSimulator::start(BlockAtmSimulatorConfig::demo()).await?;
//! println!("BlockATM at {}", simulator.url());
//! simulator.shutdown().await;
//! # Ok(()) }
//! ```

mod auth;
#[cfg(test)]
mod auth_props;
mod config;
mod control;
mod inject;
mod limit;
mod log;
mod methods;
mod orders;
mod reply;
mod routes;
mod server;
mod state;
mod validate;

pub use config::{BlockAtmSimulatorConfig, DEMO_API_KEY, DEMO_PRIVATE_KEY_PEM, MAX_REC_WINDOW_MS};
pub use server::RunningBlockAtmSimulator;
