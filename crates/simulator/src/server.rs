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
use crate::error::SimulatorError;
use crate::log::LoggedRequest;
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
    /// unauthenticated) and serves on a tokio task of the current runtime.
    pub async fn start(config: SimulatorConfig) -> std::io::Result<RunningSimulator> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(config));
        let app = router(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
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
    /// for the confirmation delay, then SUCCEEDED. Fails for an unknown order and for one that is
    /// already paid or CLOSED.
    pub fn pay(&self, merchant_order_id: &str, amount: Option<Decimal>) -> Result<(), SimulatorError> {
        self.shared.orders.pay(merchant_order_id, amount, self.shared.clock.now())
    }

    /// Every API request received so far (oldest first): method, path, merchantOrderId, the code
    /// answered, and when.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        self.shared.log.snapshot()
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
