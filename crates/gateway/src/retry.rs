//! Which failed requests may be sent again, and how long to wait first.

use std::time::Duration;

use rand::Rng;
use reqwest::Method;

use crate::GatewayError;

/// At most this many sends of one request (the first and two retries).
pub(crate) const MAX_ATTEMPTS: u32 = 3;
const BASE_DELAY: Duration = Duration::from_millis(300);
const MAX_DELAY: Duration = Duration::from_secs(8);
/// A 418 without `Retry-After`: stay quiet this long.
pub(crate) const DEFAULT_BLOCK: Duration = Duration::from_secs(300);
/// A 429 without `Retry-After`.
pub(crate) const DEFAULT_RATE_LIMIT_PAUSE: Duration = Duration::from_secs(2);

/// A GET changes nothing at the gateway, so any passing trouble may be retried. A POST (create)
/// is only re-sent when the gateway certainly did not act on it: no connection was made, or it
/// said 429. Everything ambiguous goes back to the caller, who looks the order up instead.
pub(crate) fn may_retry(method: &Method, error: &GatewayError) -> bool {
    match error {
        GatewayError::Unreachable { .. } | GatewayError::RateLimited { .. } => true,
        GatewayError::Timeout
        | GatewayError::ConnectionLost { .. }
        | GatewayError::Server { .. }
        | GatewayError::Undecodable { .. } => method == Method::GET,
        _ => false,
    }
}

/// Exponential backoff with full jitter (so tills that failed together do not retry together),
/// never shorter than what the gateway asked for.
pub(crate) fn backoff(attempt: u32, asked: Option<Duration>) -> Duration {
    let ceiling = BASE_DELAY.saturating_mul(1 << attempt.min(8)).min(MAX_DELAY);
    let jittered = ceiling.mul_f64(rand::rng().random_range(0.5..=1.0));
    asked.map_or(jittered, |asked| asked.max(jittered))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_are_only_resent_when_the_gateway_surely_did_nothing() {
        let post = Method::POST;
        assert!(may_retry(&post, &GatewayError::Unreachable { detail: String::new() }));
        assert!(may_retry(&post, &GatewayError::RateLimited { retry_after: None }));
        assert!(!may_retry(&post, &GatewayError::Timeout));
        assert!(!may_retry(&post, &GatewayError::Server { status: 502 }));
        assert!(!may_retry(&post, &GatewayError::ConnectionLost { detail: String::new() }));
        assert!(may_retry(&Method::GET, &GatewayError::Server { status: 502 }));
        assert!(!may_retry(&Method::GET, &GatewayError::NotEnabled));
        assert!(!may_retry(&Method::GET, &GatewayError::Blocked { retry_after: Duration::ZERO }));
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        for attempt in 0..20 {
            let delay = backoff(attempt, None);
            assert!(delay <= MAX_DELAY, "{delay:?}");
            assert!(delay >= BASE_DELAY / 2, "{delay:?}");
        }
        assert!(backoff(0, Some(Duration::from_secs(30))) >= Duration::from_secs(30));
    }
}
