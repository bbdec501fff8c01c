//! Starting and stopping a simulator: bind 127.0.0.1, serve on a tokio task, and stop that task
//! on shutdown or drop so no test leaves a server behind.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;
use stabletill_gateway::ApiSecret;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::SimulatorConfig;
use crate::connection::{ConnectionCut, CuttableListener};
use crate::error::SimulatorError;
use crate::faults::{FaultConfig, FaultConfigError};
use crate::log::LoggedRequest;
use crate::orders::LatePayment;
use crate::routes::router;
use crate::state::Shared;

/// How long [`RunningSimulator::shutdown`] lets open requests finish before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// A simulator serving on loopback. Dropping it stops the server too; [`Self::shutdown`] also
/// waits until it has stopped.
pub struct RunningSimulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningSimulator {
    /// Binds 127.0.0.1:`config.port` (never another interface: the control routes are
    /// unauthenticated) and serves on a tokio task of the current runtime. Fails with
    /// `InvalidInput` for a configuration [`SimulatorConfig::check`] refuses, and when the request
    /// log file cannot be opened.
    pub async fn start(config: SimulatorConfig) -> std::io::Result<RunningSimulator> {
        config.check().map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
        let shared = Arc::new(Shared::new(config)?);
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, shared.config.port)).await?;
        let addr = listener.local_addr()?;
        // Each connection carries a cut switch, so fault injection can hang up on it.
        let app = router(shared.clone()).into_make_service_with_connect_info::<ConnectionCut>();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(CuttableListener(listener), app).with_graceful_shutdown(async move {
                // A dropped sender (the simulator dropped) stops the server as well.
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::warn!(error = %e, "simulator server stopped with an error");
            }
        });
        tracing::info!(%addr, "PayStableCoin simulator listening");
        Ok(RunningSimulator { addr, shared, stop: Some(stop), task: Some(task) })
    }

    /// The base URL to give a client, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn merchant_id(&self) -> &str {
        &self.shared.config.merchant_id
    }

    pub fn secret(&self) -> &ApiSecret {
        &self.shared.config.secret
    }

    /// The customer pays: `amount` None = exactly cryptoPaymentAmount. The order is PROCESSING
    /// for its confirmation time, then SUCCEEDED with `cryptoPaidAmount` = `amount`, also when
    /// that is short of or above what was due (the real gateway's rule is unknown; the till must
    /// flag the difference). A payment after expiresAt but before the gateway closes the order
    /// (`close_grace` later) is accepted: paid late. Fails for an unknown order, one already paid,
    /// FAILED or CLOSED; a refused payment to a CLOSED order is listed in [`Self::late_payments`].
    pub fn pay(&self, merchant_order_id: &str, amount: Option<Decimal>) -> Result<(), SimulatorError> {
        self.shared.orders.pay(merchant_order_id, amount, self.shared.clock.now())
    }

    /// The gateway gives up on the order: FAILED from now on (final). Refused for an order that
    /// is already SUCCEEDED, FAILED or CLOSED.
    pub fn fail(&self, merchant_order_id: &str) -> Result<(), SimulatorError> {
        self.shared.orders.fail(merchant_order_id, self.shared.clock.now())
    }

    /// Every payment that came after its order's expiresAt, accepted (paid late) or refused
    /// (the order was CLOSED), oldest first.
    pub fn late_payments(&self) -> Vec<LatePayment> {
        self.shared.orders.late_payments()
    }

    /// Every API request received so far (oldest first): method, path, merchantOrderId, the code
    /// answered, the fault injected, and when.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.log.snapshot()
    }

    /// Replaces the fault settings from the next request on (requests in flight keep theirs).
    pub fn set_faults(&self, faults: FaultConfig) -> Result<(), FaultConfigError> {
        faults.validate()?;
        self.shared.set_faults(faults);
        Ok(())
    }

    /// The fault settings in force.
    pub fn faults(&self) -> FaultConfig {
        self.shared.faults()
    }

    /// Fault injection: run the simulator's clock `offset` ahead of (negative: behind) the
    /// system clock. It moves timestamp checks, expiry and the lifecycle alike, so a test can show
    /// what a till does when the gateway's clock disagrees with its own.
    pub fn set_clock_offset(&self, offset: jiff::SignedDuration) {
        self.shared.clock.set_offset(offset);
    }

    /// Stops accepting requests, lets open ones finish (for up to two seconds) and waits for the
    /// server task to end.
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

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        // Graceful stop without waiting (drop cannot await): idle connections close at once and
        // the task ends by itself; if the runtime is going away, it ends with it.
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl fmt::Debug for RunningSimulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret is left out on purpose (it is redacted in the config's Debug too).
        f.debug_struct("RunningSimulator")
            .field("url", &self.url())
            .field("merchant_id", &self.merchant_id())
            .finish_non_exhaustive()
    }
}
