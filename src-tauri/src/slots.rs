//! The app's managed state, each piece with one job: [`TillSlot`] holds the till once it is open
//! (and says why it is not), [`DemoSlot`] holds the demo gateway while demo mode runs.

use std::sync::{Arc, OnceLock};

use serde::Serialize;
use stabletill_gateway::GatewayKind;
use stabletill_till::{Attention, DemoGateway, ErrorCode, PollScheduler, Till, TillHome};
use tokio::sync::{watch, Mutex, MutexGuard, OnceCell};

use crate::IpcError;

/// What start-up found out about this till, as `app_info` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartupReport {
    pub shop_name: Option<String>,
    /// `production`, `sandbox`, a URL, or `demo`.
    pub gateway: String,
    pub merchant_id: Option<String>,
    /// Why no till is open (null when one is).
    pub problem: Option<IpcError>,
    /// What the first-run screen must ask for: `merchant_id`, `api_secret`, `keyring`.
    pub missing: Vec<Missing>,
}

/// One thing a real till still needs before it can charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    MerchantId,
    ApiSecret,
    /// The OS keyring cannot be reached, so whether a secret is stored is unknown.
    Keyring,
}

/// An open till and the one poll scheduler that follows its unfinished sales.
#[derive(Debug)]
pub struct OpenTill {
    pub till: Arc<Till>,
    pub scheduler: PollScheduler,
}

impl OpenTill {
    /// Starts the scheduler, which first reconciles every sale a previous run left unfinished.
    /// Needs the async runtime (it spawns the scheduler's task).
    pub fn start(till: Till) -> Result<Self, IpcError> {
        let till = Arc::new(till);
        let scheduler = PollScheduler::start(till.clone(), Attention::Counter)?;
        Ok(Self { till, scheduler })
    }
}

/// The till this app charges with: set once, at start-up or by "Try the demo".
#[derive(Debug)]
pub struct TillSlot {
    home: TillHome,
    open: OnceLock<OpenTill>,
    /// `None` while start-up is still running (it may wait on the keyring).
    report: watch::Sender<Option<StartupReport>>,
}

impl TillSlot {
    pub fn new(home: TillHome) -> Self {
        Self { home, open: OnceLock::new(), report: watch::Sender::new(None) }
    }

    pub fn home(&self) -> &TillHome {
        &self.home
    }

    /// Records how start-up (or the switch to demo mode) ended, and the till it opened.
    /// Returns that till once it is in the slot; `None` if none opened or one was open already
    /// (the first till and its report stay: a till is opened once per run).
    pub fn settle(&self, open: Option<OpenTill>, report: StartupReport) -> Option<&OpenTill> {
        if self.is_open() {
            return None;
        }
        let opened = open.and_then(|open| self.open.set(open).ok().and_then(|()| self.open.get()));
        self.report.send_replace(Some(report));
        opened
    }

    /// Waits for start-up to finish, then says how it went.
    pub async fn report(&self) -> StartupReport {
        let mut receiver = self.report.subscribe();
        let report = match receiver.wait_for(Option::is_some).await {
            Ok(report) => report.clone(),
            // Unreachable while `self` owns the sender; answer something true anyway.
            Err(_) => None,
        };
        report.unwrap_or_else(StartupReport::starting)
    }

    pub fn is_open(&self) -> bool {
        self.open.get().is_some()
    }

    /// The till if one is open now, without waiting for start-up.
    pub fn opened(&self) -> Option<&OpenTill> {
        self.open.get()
    }

    /// The open till, waiting for start-up first; or why there is none.
    pub async fn till(&self) -> Result<&Till, IpcError> {
        Ok(&self.open().await?.till)
    }

    /// The open till and its scheduler, waiting for start-up first; or why there is none.
    pub async fn open(&self) -> Result<&OpenTill, IpcError> {
        let report = self.report().await;
        match self.open.get() {
            Some(open) => Ok(open),
            None => Err(report.problem.unwrap_or_else(|| {
                IpcError::new(
                    ErrorCode::NotConfigured,
                    "the till is not set up yet: finish the setup or try the demo",
                )
            })),
        }
    }
}

impl StartupReport {
    fn starting() -> Self {
        Self {
            shop_name: None,
            gateway: String::new(),
            merchant_id: None,
            problem: Some(IpcError::not_available("the till is still starting")),
            missing: Vec::new(),
        }
    }
}

/// The in-process demo gateway, present only in demo mode. Dropping it stops the simulator.
#[derive(Debug, Default)]
pub struct DemoSlot {
    gateway: OnceCell<DemoGateway>,
    switching: Mutex<()>,
}

impl DemoSlot {
    /// Held while switching this app into demo mode.
    pub async fn switching(&self) -> MutexGuard<'_, ()> {
        self.switching.lock().await
    }

    /// Starts the demo gateway the first time; later calls return the running one.
    pub async fn start(&self, kind: GatewayKind) -> Result<&DemoGateway, IpcError> {
        Ok(self.gateway.get_or_try_init(|| DemoGateway::start(kind)).await?)
    }

    pub fn gateway(&self) -> Option<&DemoGateway> {
        self.gateway.get()
    }

    pub fn is_running(&self) -> bool {
        self.gateway.initialized()
    }
}
