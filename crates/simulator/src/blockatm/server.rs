//! Starting and stopping a BlockATM simulator: bind 127.0.0.1, serve on a tokio task with the same
//! cuttable connections as the PayStableCoin simulator, and stop on shutdown or drop.

use std::fmt;
use std::net::Ipv4Addr;
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;
use stabletill_gateway::blockatm::{ApiKey, PublicKey};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::config::BlockAtmSimulatorConfig;
use super::routes::router;
use super::state::BlockAtmShared;
use crate::connection::{ConnectionCut, CuttableListener};
use crate::error::SimulatorError;
use crate::faults::{FaultConfig, FaultConfigError};
use crate::log::LoggedRequest;

/// How long [`RunningBlockAtmSimulator::shutdown`] lets open requests finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// A BlockATM simulator serving on loopback. Dropping it stops the server too.
pub struct RunningBlockAtmSimulator {
    shared: Arc<BlockAtmShared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningBlockAtmSimulator {
    /// Binds 127.0.0.1:`config.port` (never another interface: the control routes are
    /// unauthenticated) and serves on a task of the current runtime. Fails with `InvalidInput` for
    /// fault settings that cannot be used.
    pub async fn start(config: BlockAtmSimulatorConfig) -> std::io::Result<Self> {
        config.faults.validate().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(BlockAtmShared::new(config, format!("http://{addr}")));
        let app = router(shared.clone()).into_make_service_with_connect_info::<ConnectionCut>();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(CuttableListener(listener), app).with_graceful_shutdown(async move {
                // A dropped sender (the simulator dropped) stops the server as well.
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::warn!(error = %e, "BlockATM simulator stopped with an error");
            }
        });
        tracing::info!(%addr, "BlockATM simulator listening");
        Ok(Self { shared, stop: Some(stop), task: Some(task) })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> String {
        self.shared.base_url.clone()
    }

    pub fn api_key(&self) -> &ApiKey {
        &self.shared.config.api_key
    }

    /// The merchant's registered public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.shared.config.public_key
    }

    /// The merchant's private key as PKCS#8 PEM, when the simulator holds it (the demo merchant):
    /// what demo mode and the CLI give the till. A demo key, but still a key: do not log it.
    pub fn private_key_pem(&self) -> Option<String> {
        self.shared.config.merchant_key.as_ref().and_then(|key| key.to_pkcs8_pem().ok())
    }

    /// The customer pays (None: exactly the order's amount): PROCESSING for the confirmation
    /// delay, then SUCCESS with that paidAmount, short or over alike. Refused for an unknown,
    /// expired (`OrderClosed`), paid, cancelled or failed order.
    pub fn pay(&self, merchant_order_no: &str, amount: Option<Decimal>) -> Result<(), SimulatorError> {
        self.shared.orders.pay(merchant_order_no, amount, self.shared.clock.now())
    }

    /// The gateway gives up on a PENDING or PROCESSING order: FAILED from now on.
    pub fn fail(&self, merchant_order_no: &str) -> Result<(), SimulatorError> {
        self.shared.orders.fail(merchant_order_no, self.shared.clock.now())
    }

    /// The merchant cancels a PENDING order: CANCELLED from now on.
    pub fn cancel(&self, merchant_order_no: &str) -> Result<(), SimulatorError> {
        self.shared.orders.cancel(merchant_order_no, self.shared.clock.now())
    }

    /// Every API request received so far, oldest first (`merchantOrderId` = merchantOrderNo).
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.log.snapshot()
    }

    /// Replaces the fault settings from the next request on.
    pub fn set_faults(&self, faults: FaultConfig) -> Result<(), FaultConfigError> {
        faults.validate()?;
        self.shared.set_faults(faults);
        Ok(())
    }

    pub fn faults(&self) -> FaultConfig {
        self.shared.faults()
    }

    /// Runs the simulator's clock `offset` ahead of (negative: behind) the system clock: request
    /// time checks, expiry, the lifecycle and the `Date` header all move with it.
    pub fn set_clock_offset(&self, offset: jiff::SignedDuration) {
        self.shared.clock.set_offset(offset);
    }

    /// Stops accepting requests, lets open ones finish (up to two seconds) and waits for the task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task).await.is_err() {
                task.abort();
            }
        }
    }
}

impl Drop for RunningBlockAtmSimulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl fmt::Debug for RunningBlockAtmSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningBlockAtmSimulator").field("url", &self.url()).finish_non_exhaustive()
    }
}
