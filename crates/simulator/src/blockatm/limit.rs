//! BlockATM's documented rate limit, per API key: 100 requests a minute, then HTTP 429 with
//! `Retry-After`; a key that keeps going gets HTTP 418 for a cool-down. The counting is the
//! PayStableCoin side's [`RateLimiter`]; only the key (a header here, not the path) and the
//! envelope differ.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use stabletill_gateway::blockatm::codes::{self, API_KEY_HEADER};

use super::reply::BlockAtmError;
use super::routes::is_control;
use super::state::BlockAtmShared;
use crate::ratelimit::Verdict;

/// Middleware: applies the limit to API requests (requests without a key share one counter).
pub(crate) async fn limit(
    State(shared): State<Arc<BlockAtmShared>>,
    request: Request,
    next: Next,
) -> Response {
    if is_control(request.uri().path()) {
        return next.run(request).await;
    }
    let key = request.headers().get(API_KEY_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let per_minute = shared.config.rate_limit_per_minute.unwrap_or_default();
    match shared.limiter.check(&key, Instant::now()) {
        Verdict::Allowed => next.run(request).await,
        Verdict::Limited { retry_after } => refuse(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            retry_after,
            format!(
                "Too Many Requests: more than {per_minute} requests per minute for this API key; retry after {} s",
                whole_seconds(retry_after)
            ),
        ),
        Verdict::Blocked { retry_after } => refuse(
            StatusCode::IM_A_TEAPOT,
            codes::BLOCKED,
            retry_after,
            format!(
                "blocked: this API key kept sending after HTTP 429; every request is refused for {} s",
                whole_seconds(retry_after)
            ),
        ),
    }
}

fn refuse(status: StatusCode, code: &'static str, retry_after: Duration, message: String) -> Response {
    let mut response = BlockAtmError::new(status, code, message).into_response();
    response.headers_mut().insert(RETRY_AFTER, HeaderValue::from(whole_seconds(retry_after)));
    response
}

/// Whole seconds, rounded up and at least 1, so a client that waits exactly that long is never early.
fn whole_seconds(wait: Duration) -> u64 {
    (wait.as_secs() + u64::from(wait.subsec_nanos() > 0)).max(1)
}
