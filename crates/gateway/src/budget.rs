//! The request budget of one API key: a token bucket that keeps this till (or several tills
//! sharing a key, each with its share) under the gateway's rate limit, and the pauses the gateway
//! itself demands: `Retry-After` on 429, and a full stop during a 418 cool-down.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::time::Instant;

use crate::GatewayError;

/// The gateway's documented limit (BlockATM's; assumed for PayStableCoin until known).
pub const DEFAULT_REQUESTS_PER_MINUTE: u32 = 100;

/// Cheap to clone; clones share one bucket, so every client of one key draws from the same budget.
#[derive(Debug, Clone)]
pub struct RequestBudget {
    state: Arc<Mutex<Bucket>>,
}

#[derive(Debug)]
struct Bucket {
    capacity: f64,
    /// Tokens added per second.
    refill: f64,
    tokens: f64,
    updated: Instant,
    paused_until: Option<Instant>,
    blocked_until: Option<Instant>,
}

impl RequestBudget {
    /// At most `per_minute` requests in any 60 s window: a burst of a tenth of the budget, the
    /// rest spread evenly (burst + 60 s of refill never exceeds `per_minute`).
    pub fn per_minute(per_minute: u32) -> Self {
        let per_minute = f64::from(per_minute.max(1));
        let capacity = (per_minute / 10.0).floor().max(1.0);
        let refill = ((per_minute - capacity) / 60.0).max(1.0 / 60.0);
        let bucket = Bucket {
            capacity,
            refill,
            tokens: capacity,
            updated: Instant::now(),
            paused_until: None,
            blocked_until: None,
        };
        Self { state: Arc::new(Mutex::new(bucket)) }
    }

    /// Waits for a token (and for any pause the gateway asked for). Fails at once while the
    /// gateway has blocked us: waiting in silence for minutes would look like a hung till.
    pub async fn acquire(&self) -> Result<(), GatewayError> {
        self.acquire_within(None).await
    }

    /// Like [`acquire`](Self::acquire), but gives up with `RateLimited` instead of waiting longer
    /// than `longest` in one go: a cashier charging a customer must be told, not kept waiting.
    pub async fn acquire_within(&self, longest: Option<Duration>) -> Result<(), GatewayError> {
        loop {
            let wait = {
                let mut bucket = self.lock();
                let now = Instant::now();
                if let Some(until) = bucket.blocked_until.filter(|until| *until > now) {
                    return Err(GatewayError::Blocked { retry_after: until - now });
                }
                bucket.refill_to(now);
                match bucket.paused_until.filter(|until| *until > now) {
                    Some(until) => until - now,
                    None if bucket.tokens >= 1.0 => {
                        bucket.tokens -= 1.0;
                        return Ok(());
                    }
                    None => Duration::from_secs_f64((1.0 - bucket.tokens) / bucket.refill),
                }
            };
            if longest.is_some_and(|longest| wait > longest) {
                return Err(GatewayError::RateLimited { retry_after: Some(wait) });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// The gateway said 429: nobody sends again before `wait` has passed.
    pub fn pause_for(&self, wait: Duration) {
        let until = Instant::now() + wait;
        let mut bucket = self.lock();
        bucket.paused_until = Some(bucket.paused_until.map_or(until, |current| current.max(until)));
        bucket.tokens = 0.0;
    }

    /// The gateway said 418: every request fails until the cool-down is over.
    pub fn block_for(&self, cool_down: Duration) {
        let until = Instant::now() + cool_down;
        let mut bucket = self.lock();
        bucket.blocked_until = Some(bucket.blocked_until.map_or(until, |current| current.max(until)));
    }

    /// How long the gateway's block still lasts, if it does.
    pub fn blocked_for(&self) -> Option<Duration> {
        let now = Instant::now();
        self.lock().blocked_until.filter(|until| *until > now).map(|until| until - now)
    }

    fn lock(&self) -> MutexGuard<'_, Bucket> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Default for RequestBudget {
    fn default() -> Self {
        Self::per_minute(DEFAULT_REQUESTS_PER_MINUTE)
    }
}

impl Bucket {
    fn refill_to(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.refill).min(self.capacity);
        self.updated = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn count_within(budget: &RequestBudget, window: Duration) -> u32 {
        let end = Instant::now() + window;
        let mut sent = 0;
        while Instant::now() < end {
            tokio::select! {
                result = budget.acquire() => { result.expect("not blocked"); sent += 1; }
                _ = tokio::time::sleep_until(end) => break,
            }
        }
        sent
    }

    #[tokio::test(start_paused = true)]
    async fn never_more_than_the_budget_in_a_minute() {
        let budget = RequestBudget::per_minute(100);
        let first_minute = count_within(&budget, Duration::from_secs(60)).await;
        assert!((95..=100).contains(&first_minute), "{first_minute} requests in the first minute");
        let second_minute = count_within(&budget, Duration::from_secs(60)).await;
        assert!(second_minute <= 100, "{second_minute} requests in the second minute");
    }

    #[tokio::test(start_paused = true)]
    async fn a_small_share_still_gets_its_requests_through() {
        let budget = RequestBudget::per_minute(12);
        let sent = count_within(&budget, Duration::from_secs(60)).await;
        assert!((11..=12).contains(&sent), "{sent}");
    }

    #[tokio::test(start_paused = true)]
    async fn retry_after_pauses_everyone_and_418_fails_fast() {
        let budget = RequestBudget::per_minute(100);
        budget.pause_for(Duration::from_secs(7));
        let started = Instant::now();
        budget.acquire().await.expect("pause is waited out");
        assert!(started.elapsed() >= Duration::from_secs(7));

        budget.block_for(Duration::from_secs(300));
        let err = budget.acquire().await.expect_err("blocked");
        assert!(
            matches!(err, GatewayError::Blocked { retry_after } if retry_after > Duration::from_secs(299))
        );
        tokio::time::advance(Duration::from_secs(301)).await;
        budget.acquire().await.expect("the cool-down is over");
    }

    #[tokio::test(start_paused = true)]
    async fn a_caller_who_cannot_wait_long_is_told_how_long_instead() {
        let budget = RequestBudget::per_minute(100);
        budget.pause_for(Duration::from_secs(59));
        let err = budget.acquire_within(Some(Duration::from_secs(5))).await.expect_err("too long");
        assert!(
            matches!(err, GatewayError::RateLimited { retry_after: Some(wait) } if wait > Duration::from_secs(58))
        );
        budget.pause_for(Duration::from_secs(2));
        tokio::time::advance(Duration::from_secs(58)).await;
        budget.acquire_within(Some(Duration::from_secs(5))).await.expect("a short wait is waited out");
    }
}
