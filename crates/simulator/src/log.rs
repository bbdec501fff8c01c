//! The request log: one entry for every gateway API request the simulator received, with the code
//! it answered. Tests use it to prove what a client sent (e.g. that an order was never requested
//! twice). Control routes are not logged: they stand for the customer and the chain, not for
//! traffic a real gateway would see.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::reply::{AnsweredCode, ConcernedOrder};
use crate::state::Shared;

/// The log keeps this many most recent entries, so a demo left running all day stays small.
const MAX_ENTRIES: usize = 100_000;

/// One request as the simulator saw and answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// `GET` or `POST` (or whatever else arrived).
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// For a create: the body's merchantOrderId (read even when the request was refused); for a
    /// query: the id in the path. None for other requests.
    pub merchant_order_id: Option<String>,
    /// The envelope code answered, e.g. `00000`, `40101`.
    pub code: String,
    /// The HTTP status answered.
    pub status: u16,
    /// When the request arrived, by the simulator's clock.
    pub at: Timestamp,
}

impl LoggedRequest {
    /// True for `POST …/checkout/orders`, whatever its outcome.
    pub fn is_create(&self) -> bool {
        self.method == "POST" && self.path.ends_with("/checkout/orders")
    }
}

#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: Mutex<VecDeque<LoggedRequest>>,
}

impl RequestLog {
    pub fn push(&self, entry: LoggedRequest) {
        // Each change is a single push or pop, so a poisoned lock still holds a consistent log.
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub fn snapshot(&self) -> Vec<LoggedRequest> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.iter().cloned().collect()
    }
}

/// Middleware: records each API request with the code its handler answered.
pub(crate) async fn record(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/_simulator/") {
        return next.run(request).await;
    }
    let method = request.method().to_string();
    let at = shared.clock.now();
    let response = next.run(request).await;
    let entry = LoggedRequest {
        method,
        path,
        merchant_order_id: response.extensions().get::<ConcernedOrder>().map(|o| o.0.clone()),
        // Every route answers through reply.rs; "-" would mean a response that bypassed it.
        code: response.extensions().get::<AnsweredCode>().map_or_else(|| "-".to_owned(), |c| c.0.clone()),
        status: response.status().as_u16(),
        at,
    };
    tracing::debug!(method = %entry.method, path = %entry.path, code = %entry.code, "simulator answered");
    shared.log.push(entry);
    response
}
