//! The gateway's rate limit per merchant key, as the second gateway documents it (PayStableCoin's
//! is unknown): at most N requests in any 60 s window, then HTTP 429 with `Retry-After`; a key
//! that keeps going is blocked with HTTP 418 for a cool-down, during which everything it sends is
//! refused. A till that honours `Retry-After` never sees the 418.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use stabletill_gateway::codes;

use crate::reply::ApiError;
use crate::state::Shared;

/// The window the limit counts in. Wall-clock, never scaled: the client's budget counts in it too.
const WINDOW: Duration = Duration::from_secs(60);
/// Envelope code of a 418 answer. The client goes by the HTTP status; the code is ours.
pub const BLOCKED_CODE: &str = "41801";

/// What the limiter says about one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Allowed,
    Limited { retry_after: Duration },
    Blocked { retry_after: Duration },
}

#[derive(Debug)]
pub(crate) struct RateLimiter {
    per_minute: Option<u32>,
    block_after: u32,
    cool_down: Duration,
    keys: Mutex<HashMap<String, KeyState>>,
}

#[derive(Debug, Default)]
struct KeyState {
    /// Arrival times of the allowed requests still inside the window, oldest first.
    allowed: VecDeque<Instant>,
    /// 429s since the last allowed request.
    refusals: u32,
    blocked_until: Option<Instant>,
}

impl RateLimiter {
    /// `cool_down` is already scaled by the configuration's time_scale.
    pub fn new(per_minute: Option<u32>, block_after: u32, cool_down: Duration) -> Self {
        Self { per_minute, block_after, cool_down, keys: Mutex::default() }
    }

    pub fn check(&self, key: &str, now: Instant) -> Verdict {
        let Some(limit) = self.per_minute else { return Verdict::Allowed };
        let mut keys = self.keys.lock().unwrap_or_else(|e| e.into_inner());
        let state = keys.entry(key.to_owned()).or_default();
        if let Some(until) = state.blocked_until {
            if now < until {
                return Verdict::Blocked { retry_after: until - now };
            }
            // The cool-down is served: the key starts over with a clean slate.
            *state = KeyState::default();
        }
        while state.allowed.front().is_some_and(|&at| now.saturating_duration_since(at) >= WINDOW) {
            state.allowed.pop_front();
        }
        if state.allowed.len() < limit as usize {
            state.allowed.push_back(now);
            state.refusals = 0;
            return Verdict::Allowed;
        }
        state.refusals += 1;
        if state.refusals > self.block_after {
            state.blocked_until = Some(now + self.cool_down);
            return Verdict::Blocked { retry_after: self.cool_down };
        }
        // A slot frees up when the oldest counted request leaves the window.
        let oldest = state.allowed.front().copied().unwrap_or(now);
        Verdict::Limited { retry_after: (oldest + WINDOW).saturating_duration_since(now) }
    }
}

/// Middleware: applies the limit to API requests, keyed by the merchant in the path.
pub(crate) async fn limit(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if crate::routes::is_control(path) {
        return next.run(request).await;
    }
    let key = merchant_key(path).to_owned();
    match shared.limiter.check(&key, Instant::now()) {
        Verdict::Allowed => next.run(request).await,
        Verdict::Limited { retry_after } => refuse(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            retry_after,
            format!(
                "RATE_LIMITED: more than {} requests per minute for merchant {key:?}; retry after {} s",
                shared.config.rate_limit_per_minute.unwrap_or_default(),
                whole_seconds(retry_after)
            ),
        ),
        Verdict::Blocked { retry_after } => refuse(
            StatusCode::IM_A_TEAPOT,
            BLOCKED_CODE,
            retry_after,
            format!(
                "BLOCKED: merchant {key:?} kept sending after HTTP 429; every request is refused for {} s",
                whole_seconds(retry_after)
            ),
        ),
    }
}

fn refuse(status: StatusCode, code: &'static str, retry_after: Duration, message: String) -> Response {
    let mut response = ApiError::new(status, code, message).into_response();
    response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(whole_seconds(retry_after)));
    response
}

/// `Retry-After` in whole seconds, rounded up and at least 1, so a client that waits exactly
/// that long is never early.
fn whole_seconds(wait: Duration) -> u64 {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    seconds.max(1)
}

/// The merchant segment of `/api/v1/merchants/{m}/…`; other paths share one anonymous key.
fn merchant_key(path: &str) -> &str {
    path.strip_prefix("/api/v1/merchants/").and_then(|rest| rest.split('/').next()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_then_429_then_418_then_a_clean_slate() {
        let limiter = RateLimiter::new(Some(3), 2, Duration::from_secs(30));
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        for i in 0..3 {
            assert_eq!(limiter.check("M", at(i * 1000)), Verdict::Allowed);
        }
        // The first request leaves the window 60 s after it came: 57 s from t = 3 s.
        assert_eq!(limiter.check("M", at(3000)), Verdict::Limited { retry_after: Duration::from_secs(57) });
        assert_eq!(limiter.check("OTHER", at(3000)), Verdict::Allowed, "keys are counted apart");
        assert!(matches!(limiter.check("M", at(3100)), Verdict::Limited { .. }));
        assert_eq!(limiter.check("M", at(3200)), Verdict::Blocked { retry_after: Duration::from_secs(30) });
        assert_eq!(limiter.check("M", at(13_200)), Verdict::Blocked { retry_after: Duration::from_secs(20) });
        assert_eq!(limiter.check("M", at(33_200)), Verdict::Allowed);
    }

    #[test]
    fn the_window_slides_and_an_allowed_request_forgives_refusals() {
        let limiter = RateLimiter::new(Some(2), 1, Duration::from_secs(30));
        let start = Instant::now();
        let at = |s: u64| start + Duration::from_secs(s);
        assert_eq!(limiter.check("M", at(0)), Verdict::Allowed);
        assert_eq!(limiter.check("M", at(30)), Verdict::Allowed);
        assert!(matches!(limiter.check("M", at(59)), Verdict::Limited { .. }));
        assert_eq!(limiter.check("M", at(60)), Verdict::Allowed);
        assert!(matches!(limiter.check("M", at(61)), Verdict::Limited { .. }));
        assert_eq!(limiter.check("M", at(90)), Verdict::Allowed);
        let off = RateLimiter::new(None, 0, Duration::ZERO);
        assert!((0..1000).all(|_| off.check("M", start) == Verdict::Allowed));
    }

    #[test]
    fn retry_after_rounds_up_and_keys_come_from_the_path() {
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_millis(57_001)), 58);
        assert_eq!(whole_seconds(Duration::from_secs(57)), 57);
        assert_eq!(merchant_key("/api/v1/merchants/MCH_1/checkout/orders"), "MCH_1");
        assert_eq!(merchant_key("/api/v2/nothing"), "");
    }
}
