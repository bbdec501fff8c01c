//! The request log: one entry for every gateway API request the simulator received, with the code
//! it answered and the fault (if any) injected into it. Tests use it to prove what a client sent
//! (e.g. that an order was never requested twice). Control routes are not logged: they stand for
//! the customer and the chain, not for traffic a real gateway would see.

use std::collections::VecDeque;
use std::fs::File;
use std::io::Write;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::reply::{AnsweredCode, ApiError};
use crate::state::Shared;
use crate::validate::peek_merchant_order_id;

/// The log keeps this many most recent entries, so a demo left running all day stays small.
const MAX_ENTRIES: usize = 100_000;
/// Larger request bodies are refused before anything else: a create is a few hundred bytes.
const MAX_BODY_BYTES: usize = 1024 * 1024;
/// `code` of an entry that got no envelope: the answer was HTML, or never sent.
pub const NO_ENVELOPE: &str = "-";

/// One request as the simulator saw and answered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedRequest {
    /// `GET` or `POST` (or whatever else arrived).
    pub method: String,
    /// The path without the query string.
    pub path: String,
    /// For a create: the body's merchantOrderId (read even when the request was refused, limited
    /// or faulted); for a query: the id in the path. None for other requests.
    pub merchant_order_id: Option<String>,
    /// The envelope code the simulator's application answered, e.g. `00000`, `40101`, `42901`;
    /// `-` when it answered no envelope (a 5xx page) or never handled the request (reset-before).
    /// With fault `reset-after-commit` or `timeout` this answer was produced but never delivered.
    pub code: String,
    /// The HTTP status of that answer; 0 when there was none.
    pub status: u16,
    /// When the request arrived, by the simulator's clock.
    pub at: Timestamp,
    /// The fault injected into this request, by its spec name (`5xx`, `reset-before`,
    /// `reset-after-commit`, `timeout`, `malformed`, `wrong-content-type`, `hostile-names`).
    #[serde(default)]
    pub fault: Option<String>,
    /// Latency added by the `latency` fault, in milliseconds.
    #[serde(default)]
    pub latency_ms: Option<u64>,
}

impl LoggedRequest {
    /// True for `POST …/checkout/orders`, whatever its outcome.
    pub fn is_create(&self) -> bool {
        self.method == "POST" && self.path.ends_with("/checkout/orders")
    }

    /// True for `GET …/checkout/orders/{id}`, whatever its outcome.
    pub fn is_query(&self) -> bool {
        self.method == "GET" && self.path.contains("/checkout/orders/")
    }
}

#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: Mutex<VecDeque<LoggedRequest>>,
    /// `--request-log FILE`: every entry is appended as one JSON line, unbuffered, so `tail -f`
    /// and a test reading the file see it at once.
    file: Option<Mutex<File>>,
}

impl RequestLog {
    pub fn new(file: Option<File>) -> Self {
        Self { entries: Mutex::default(), file: file.map(Mutex::new) }
    }

    pub fn push(&self, entry: LoggedRequest) {
        if let Some(file) = &self.file {
            let mut line = serde_json::to_vec(&entry).unwrap_or_default();
            line.push(b'\n');
            // One write per line keeps lines whole; a full disk must not take the simulator down.
            if let Err(e) = relock(file).write_all(&line) {
                tracing::warn!(error = %e, "request log file could not be written");
            }
        }
        // Each change is a single push or pop, so a poisoned lock still holds a consistent log.
        let mut entries = relock(&self.entries);
        if entries.len() >= MAX_ENTRIES {
            entries.pop_front();
        }
        entries.push_back(entry);
    }

    pub fn snapshot(&self) -> Vec<LoggedRequest> {
        relock(&self.entries).iter().cloned().collect()
    }
}

fn relock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// What inner layers tell the log about a request: the fault injected, the latency added, and
/// the answer produced when it may never be returned to this layer (a timeout fault holds it
/// until the client hangs up, and hyper may then drop the whole request future).
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes(Arc<Mutex<Noted>>);

#[derive(Debug, Default)]
struct Noted {
    fault: Option<&'static str>,
    latency_ms: Option<u64>,
    answered: Option<(String, u16)>,
    never_handled: bool,
}

impl Notes {
    pub fn fault(&self, name: &'static str) {
        relock(&self.0).fault = Some(name);
    }

    pub fn latency(&self, added: Duration) {
        relock(&self.0).latency_ms = Some(u64::try_from(added.as_millis()).unwrap_or(u64::MAX));
    }

    /// The application's answer, noted before the fault layer withholds it.
    pub fn answered(&self, response: &Response) {
        relock(&self.0).answered = Some((answered_code(response), response.status().as_u16()));
    }

    /// The application never saw the request (reset-before): whatever comes back is not its answer.
    pub fn never_handled(&self) {
        relock(&self.0).never_handled = true;
    }
}

fn answered_code(response: &Response) -> String {
    // Every route answers through reply.rs; a response without the mark carried no envelope.
    response.extensions().get::<AnsweredCode>().map_or_else(|| NO_ENVELOPE.to_owned(), |c| c.0.clone())
}

/// An entry written when the request is done, or, if the request future is dropped first (the
/// client hung up during a held answer), when this guard is dropped.
struct Pending {
    shared: Arc<Shared>,
    entry: Option<LoggedRequest>,
    notes: Notes,
}

impl Pending {
    fn finish(&mut self, response: Option<&Response>) {
        let Some(mut entry) = self.entry.take() else { return };
        let noted = relock(&self.notes.0);
        entry.fault = noted.fault.map(str::to_owned);
        entry.latency_ms = noted.latency_ms;
        let (code, status) = match (noted.never_handled, response, &noted.answered) {
            (true, _, _) => (NO_ENVELOPE.to_owned(), 0),
            (false, Some(response), _) => (answered_code(response), response.status().as_u16()),
            (false, None, Some(answered)) => answered.clone(),
            (false, None, None) => (NO_ENVELOPE.to_owned(), 0),
        };
        drop(noted);
        (entry.code, entry.status) = (code, status);
        tracing::debug!(method = %entry.method, path = %entry.path, code = %entry.code, fault = ?entry.fault, "simulator answered");
        self.shared.log.push(entry);
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.finish(None);
    }
}

/// Middleware, outermost: records each API request. It reads the body first (creates are
/// small) so that even a create that is rate-limited or dropped by a fault is logged with its
/// merchantOrderId.
pub(crate) async fn record(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if crate::routes::is_control(&path) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let at = shared.clock.now();
    let (mut parts, body) = request.into_parts();
    let mut entry = LoggedRequest {
        method: method.to_string(),
        path: path.clone(),
        merchant_order_id: queried_order_id(&path),
        code: NO_ENVELOPE.to_owned(),
        status: 0,
        at,
        fault: None,
        latency_ms: None,
    };
    let notes = Notes::default();
    parts.extensions.insert(notes.clone());
    let body = if method == Method::POST {
        match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
            Ok(bytes) => {
                entry.merchant_order_id = peek_merchant_order_id(&bytes);
                Body::from(bytes)
            }
            Err(e) => {
                let mut pending = Pending { shared, entry: Some(entry), notes };
                let response =
                    ApiError::invalid(format!("request body unreadable or over {MAX_BODY_BYTES} bytes: {e}"))
                        .into_response();
                pending.finish(Some(&response));
                return response;
            }
        }
    } else {
        body
    };
    let mut pending = Pending { shared, entry: Some(entry), notes };
    let response = next.run(Request::from_parts(parts, body)).await;
    pending.finish(Some(&response));
    response
}

/// The merchantOrderId of `…/checkout/orders/{id}`.
fn queried_order_id(path: &str) -> Option<String> {
    let (_, id) = path.split_once("/checkout/orders/")?;
    (!id.is_empty() && !id.contains('/')).then(|| id.to_owned())
}

/// The entries as JSON lines, for `GET /_simulator/requests?format=jsonl`.
pub(crate) fn json_lines(entries: &[LoggedRequest]) -> Bytes {
    let mut out = Vec::new();
    for entry in entries {
        if let Ok(line) = serde_json::to_vec(entry) {
            out.extend_from_slice(&line);
            out.push(b'\n');
        }
    }
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_ids_come_from_the_path() {
        assert_eq!(queried_order_id("/api/v1/merchants/M/checkout/orders/ST-1"), Some("ST-1".into()));
        assert_eq!(queried_order_id("/api/v1/merchants/M/checkout/orders"), None);
        assert_eq!(queried_order_id("/api/v1/merchants/M/checkout/orders/a/b"), None);
    }
}
