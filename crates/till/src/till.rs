//! `Till`: one till's sales log and gateway connection, and the read-side queries over them.
//! Starting a sale lives in `start.rs`, following it to the end in `follow.rs`.

use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use jiff::civil::Date;
use std::sync::Arc;

use stabletill_gateway::{Gateway, PaymentMethod, RequestBudget};
use stabletill_ledger::{Ledger, SaleState, SalesFilter};

use crate::methods::options_for;
use crate::sales_query::sales_on_day;
use crate::{
    parse_amount, BusinessCalendar, MethodOption, SaleView, ShopGateway, TillConfig, TillError, TillHome,
};

/// How long a fetched list of payment methods is reused before asking the gateway again.
const METHODS_TTL: Duration = Duration::from_secs(300);

/// How following a sale ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WatchOutcome {
    /// The gateway reported a final status.
    Finished(SaleView),
    /// The deadline passed first; the sale is still open and will be reconciled later.
    TimedOut(SaleView),
}

#[derive(Debug)]
pub struct Till {
    pub(crate) ledger: Mutex<Ledger>,
    pub(crate) client: Arc<dyn Gateway>,
    pub(crate) till_id: String,
    pub(crate) order_lifetime: Duration,
    /// The shop's business days, for listings by day.
    calendar: BusinessCalendar,
    methods_cache: Mutex<Option<(Instant, Vec<PaymentMethod>)>>,
}

impl Till {
    /// Opens the till's sales log in `home` and connects it to the gateway.
    pub fn open(
        home: &TillHome,
        config: &TillConfig,
        gateway: impl Into<ShopGateway>,
    ) -> Result<Self, TillError> {
        home.ensure_exists()?;
        let ledger = Ledger::open(&home.sales_log())?;
        // A log closed cleanly opened at once; the till keeps it open, so it checks it now,
        // while the cashier starts (a million sales take seconds: BENCHMARKS.md #6).
        ledger.check_integrity_in_background();
        Self::with_ledger(ledger, config, gateway)
    }

    pub fn with_ledger(
        ledger: Ledger,
        config: &TillConfig,
        gateway: impl Into<ShopGateway>,
    ) -> Result<Self, TillError> {
        let client = gateway.into().connect(RequestBudget::per_minute(config.requests_per_minute))?;
        Ok(Self {
            ledger: Mutex::new(ledger),
            client,
            till_id: config.till_id.clone(),
            order_lifetime: config.order_lifetime,
            calendar: config.calendar(),
            methods_cache: Mutex::new(None),
        })
    }

    /// The gateway's payment methods, sorted by its display order; cached for a few minutes.
    pub async fn methods(&self) -> Result<Vec<PaymentMethod>, TillError> {
        if let Some((fetched, methods)) = lock(&self.methods_cache).as_ref() {
            if fetched.elapsed() < METHODS_TTL {
                return Ok(methods.clone());
            }
        }
        let methods = self.client.payment_methods().await?;
        *lock(&self.methods_cache) = Some((Instant::now(), methods.clone()));
        Ok(methods)
    }

    /// Every method, marked available or not for the amount typed so far (empty: not yet).
    pub async fn method_options(&self, amount_text: &str) -> Result<Vec<MethodOption>, TillError> {
        let amount = if amount_text.trim().is_empty() { None } else { Some(parse_amount(amount_text)?) };
        Ok(options_for(&self.methods().await?, amount))
    }

    pub fn sale(&self, merchant_order_id: &str) -> Result<SaleView, TillError> {
        let record = lock(&self.ledger)
            .sale(merchant_order_id)?
            .ok_or_else(|| TillError::NotFound(format!("no sale {merchant_order_id} in the sales log")))?;
        Ok(SaleView::from(&record))
    }

    /// Makes the sales log look closed cleanly to the next start (see `Ledger::checkpoint`):
    /// for the app, whose process ends without dropping the till. Best effort: a failure only
    /// means the next start checks the log before opening it.
    pub fn checkpoint_sales_log(&self) {
        match lock(&self.ledger).checkpoint() {
            Ok(()) => tracing::info!("sales log checkpointed"),
            Err(error) => {
                tracing::warn!(%error, "the sales log could not be checkpointed: the next start checks it first")
            }
        }
    }

    /// Waits until the check of the sales log begun at open has finished (at once when none
    /// runs) and says whether it found damage. Holds the log meanwhile: for a tool that wants
    /// the till's steady state (a benchmark), not for a till serving a customer.
    pub fn wait_for_sales_log_check(&self) -> Result<(), TillError> {
        Ok(lock(&self.ledger).wait_for_integrity_check()?)
    }

    /// Every sale that is not final (including cancelled ones, still watched), oldest first.
    pub fn open_sales(&self) -> Result<Vec<SaleView>, TillError> {
        Ok(lock(&self.ledger).open_sales()?.iter().map(SaleView::from).collect())
    }

    /// The sale the counter was showing when the till stopped: the newest open sale that the
    /// cashier did not cancel and the customer could still pay (or has already sent).
    pub fn sale_on_counter(&self) -> Result<Option<SaleView>, TillError> {
        let now = jiff::Timestamp::now();
        let payable = |sale: &SaleView| match sale.state {
            SaleState::Processing => true,
            SaleState::Awaiting | SaleState::Creating => sale
                .expires_at
                .as_deref()
                .and_then(|t| t.parse::<jiff::Timestamp>().ok())
                .is_none_or(|expires| expires > now),
            _ => false,
        };
        Ok(self.open_sales()?.into_iter().rev().find(payable))
    }

    /// The network's confirmation time as the gateway last listed it, without asking it again.
    pub(crate) fn cached_confirmation_estimate(&self, network: &str, currency: &str) -> Option<Duration> {
        let cache = lock(&self.methods_cache);
        let (_, methods) = cache.as_ref()?;
        methods
            .iter()
            .find(|m| {
                m.network.eq_ignore_ascii_case(network) && m.crypto_currency.eq_ignore_ascii_case(currency)
            })
            .and_then(|m| m.estimated_confirmation_time_sec)
            .map(Duration::from_secs)
    }

    /// The latest sales, newest first.
    pub fn recent_sales(&self, limit: usize) -> Result<Vec<SaleView>, TillError> {
        let filter = SalesFilter { limit: Some(limit), ..SalesFilter::default() };
        Ok(lock(&self.ledger).list_sales(&filter)?.iter().map(SaleView::from).collect())
    }

    /// Sales created on business `day` (the shop's zone and day cut-off; all sales when `None`),
    /// newest first.
    pub fn sales_on(&self, day: Option<Date>) -> Result<Vec<SaleView>, TillError> {
        sales_on_day(&lock(&self.ledger), &self.calendar, day)
    }
}

/// Locks a mutex, recovering the data if another thread panicked while holding it: the ledger
/// itself is transactional, so its state is consistent either way.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
