//! One poll scheduler for every open sale, instead of a loop per order: the sale on the counter
//! is polled briskly, background sales (cancelled, or found open after a restart) slowly, all
//! through the one client and so inside the key's request budget. Every change is published to
//! subscribers (the app's events, the CLI's output).

mod cadence;
mod tracked;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

use crate::{ErrorCode, SaleView, Till, TillError, WatchOutcome};
use tracked::Tracked;

pub use cadence::EXPIRY_GRACE;

/// How the last conversation with the gateway went, for the counter's status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum GatewayHealth {
    Ok,
    Trouble { code: ErrorCode, message: String },
}

enum Command {
    Follow { merchant_order_id: String, on_counter: bool },
    Counter(Option<String>),
}

/// Handle to the scheduler task; dropping it stops the task.
#[derive(Debug)]
pub struct PollScheduler {
    commands: mpsc::UnboundedSender<Command>,
    updates: broadcast::Sender<SaleView>,
    health: watch::Receiver<GatewayHealth>,
    following: watch::Receiver<usize>,
    task: JoinHandle<()>,
}

/// Whose sales get the counter's brisk cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attention {
    /// Only the sale the customer stands in front of (the app, `charge`).
    Counter,
    /// Every sale, as when a manager runs `sync` and waits for the answers.
    Every,
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Follow { merchant_order_id, on_counter } => {
                write!(f, "Follow({merchant_order_id}, on_counter: {on_counter})")
            }
            Self::Counter(id) => write!(f, "Counter({id:?})"),
        }
    }
}

impl PollScheduler {
    /// Starts the scheduler and, first of all, reconciles every sale that is not final: after a
    /// crash or a restart nothing is left unwatched.
    pub fn start(till: Arc<Till>, attention: Attention) -> Result<Self, TillError> {
        let open = till.open_sales()?;
        let (commands, receiver) = mpsc::unbounded_channel();
        let (updates, _) = broadcast::channel(256);
        let (health_sender, health) = watch::channel(GatewayHealth::Ok);
        let (following_sender, following) = watch::channel(open.len());
        let mut tracked = HashMap::new();
        let now = Instant::now();
        for sale in open {
            tracked.insert(sale.merchant_order_id.clone(), Tracked::due_at(now));
        }
        let run = Run {
            till,
            tracked,
            counter: None,
            attention,
            updates: updates.clone(),
            health: health_sender,
            following: following_sender,
        };
        let task = tokio::spawn(run.run(receiver));
        Ok(Self { commands, updates, health, following, task })
    }

    /// Follows a new sale; `on_counter` when the customer is standing in front of it.
    pub fn follow(&self, merchant_order_id: &str, on_counter: bool) {
        let _ = self
            .commands
            .send(Command::Follow { merchant_order_id: merchant_order_id.to_owned(), on_counter });
    }

    /// Which sale is on the counter now (`None`: the customer has gone; all sales are background).
    pub fn set_counter(&self, merchant_order_id: Option<&str>) {
        let _ = self.commands.send(Command::Counter(merchant_order_id.map(str::to_owned)));
    }

    pub fn subscribe(&self) -> broadcast::Receiver<SaleView> {
        self.updates.subscribe()
    }

    pub fn health(&self) -> watch::Receiver<GatewayHealth> {
        self.health.clone()
    }

    /// How many sales are being watched; it drops as sales become final or are given up after
    /// their expiry grace.
    pub fn following(&self) -> watch::Receiver<usize> {
        self.following.clone()
    }

    /// Waits until the sale is final or `deadline` passes, handing every change to `on_change`.
    pub async fn wait_until_final(
        &self,
        till: &Till,
        merchant_order_id: &str,
        deadline: Option<Instant>,
        mut on_change: impl FnMut(&SaleView),
    ) -> Result<WatchOutcome, TillError> {
        let mut updates = self.subscribe();
        let current = till.sale(merchant_order_id)?;
        if current.state.is_terminal() {
            return Ok(WatchOutcome::Finished(current));
        }
        loop {
            let update = match deadline {
                Some(deadline) => match tokio::time::timeout_at(deadline, updates.recv()).await {
                    Ok(update) => update,
                    Err(_) => return Ok(WatchOutcome::TimedOut(till.sale(merchant_order_id)?)),
                },
                None => updates.recv().await,
            };
            let view = match update {
                Ok(view) if view.merchant_order_id == merchant_order_id => view,
                Ok(_) => continue,
                // Missed some updates: the sales log has the truth.
                Err(broadcast::error::RecvError::Lagged(_)) => till.sale(merchant_order_id)?,
                Err(broadcast::error::RecvError::Closed) => {
                    return Err(TillError::NotAvailable("the poll scheduler stopped".into()))
                }
            };
            on_change(&view);
            if view.state.is_terminal() {
                return Ok(WatchOutcome::Finished(view));
            }
        }
    }
}

impl Drop for PollScheduler {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The scheduler task's own state.
struct Run {
    till: Arc<Till>,
    tracked: HashMap<String, Tracked>,
    counter: Option<String>,
    attention: Attention,
    updates: broadcast::Sender<SaleView>,
    health: watch::Sender<GatewayHealth>,
    following: watch::Sender<usize>,
}

impl Run {
    async fn run(mut self, mut commands: mpsc::UnboundedReceiver<Command>) {
        loop {
            let next = self.tracked.iter().min_by_key(|(_, t)| t.due).map(|(id, t)| (id.clone(), t.due));
            // With nothing to poll, sleep until a command arrives.
            let wake =
                next.as_ref().map_or_else(|| Instant::now() + Duration::from_secs(3600), |(_, due)| *due);
            tokio::select! {
                biased;
                command = commands.recv() => match command {
                    Some(command) => self.handle(command),
                    None => return,
                },
                () = tokio::time::sleep_until(wake), if next.is_some() => {
                    if let Some((id, _)) = next {
                        self.poll(&id).await;
                    }
                }
            }
            self.following.send_if_modified(|count| {
                let changed = *count != self.tracked.len();
                *count = self.tracked.len();
                changed
            });
        }
    }

    fn handle(&mut self, command: Command) {
        match command {
            Command::Follow { merchant_order_id, on_counter } => {
                if on_counter {
                    self.counter = Some(merchant_order_id.clone());
                }
                // Due at once: the first look comes right after the QR is shown.
                self.tracked.insert(merchant_order_id, Tracked::due_at(Instant::now()));
            }
            Command::Counter(id) => self.counter = id,
        }
    }

    async fn poll(&mut self, id: &str) {
        let result = self.till.refresh(id).await;
        let now = Instant::now();
        let on_counter = self.attention == Attention::Every || self.counter.as_deref() == Some(id);
        let Some(tracked) = self.tracked.get_mut(id) else { return };
        match result {
            Ok((view, changed)) => {
                self.health.send_if_modified(|health| replace(health, GatewayHealth::Ok));
                if changed {
                    let _ = self.updates.send(view.clone());
                }
                let estimate =
                    self.till.cached_confirmation_estimate(&view.network, &view.order_amount.currency);
                match tracked.after_success(&view, on_counter, estimate, now) {
                    Some(due) => tracked.due = due,
                    None => {
                        self.tracked.remove(id);
                    }
                }
            }
            Err(TillError::NotFound(_)) => {
                self.tracked.remove(id);
            }
            Err(error) => {
                tracing::warn!(merchant_order_id = id, %error, "status check failed; will try again");
                // Only trouble with the gateway itself colours the counter's status line; one
                // order the gateway cannot find or answers oddly about is that sale's problem.
                if concerns_the_gateway(&error) {
                    let trouble = GatewayHealth::Trouble { code: error.code(), message: error.to_string() };
                    self.health.send_if_modified(|health| replace(health, trouble));
                }
                tracked.due = tracked.after_failure(now);
            }
        }
    }
}

fn concerns_the_gateway(error: &TillError) -> bool {
    !matches!(
        error,
        TillError::UnusableAnswer(_)
            | TillError::NotFound(_)
            | TillError::Gateway(stabletill_gateway::GatewayError::OrderNotFound)
    )
}

/// Sets `slot` to `value`, saying whether it changed (so watchers only wake on a change).
fn replace(slot: &mut GatewayHealth, value: GatewayHealth) -> bool {
    if *slot == value {
        false
    } else {
        *slot = value;
        true
    }
}
