//! The BlockATM request log: one [`LoggedRequest`] (the PayStableCoin side's entry type and store)
//! for every API request, with the code answered and the fault injected; `merchantOrderId` holds
//! the merchantOrderNo. Control routes and the cashier page are not logged.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use stabletill_gateway::blockatm::codes::ORDER_PATH;

use super::reply::BlockAtmError;
use super::routes::is_control;
use super::state::BlockAtmShared;
use super::validate::peek_merchant_order_no;
use crate::log::{LoggedRequest, NO_ENVELOPE};
use crate::reply::AnsweredCode;

/// Larger request bodies are refused before anything else: a create is a few hundred bytes.
const MAX_BODY_BYTES: usize = 1024 * 1024;

/// What inner layers tell the log: the fault, the latency, and an answer produced but perhaps
/// never returned to this layer (a held timeout answer whose request future hyper may drop).
#[derive(Debug, Clone, Default)]
pub(crate) struct Notes(Arc<Mutex<Noted>>);

#[derive(Debug, Default)]
struct Noted {
    fault: Option<&'static str>,
    latency_ms: Option<u64>,
    answered: Option<(String, u16)>,
    never_handled: bool,
}

fn relock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Notes {
    pub fn fault(&self, name: &'static str) {
        relock(&self.0).fault = Some(name);
    }

    pub fn latency(&self, added: Duration) {
        relock(&self.0).latency_ms = Some(u64::try_from(added.as_millis()).unwrap_or(u64::MAX));
    }

    pub fn answered(&self, response: &Response) {
        relock(&self.0).answered = Some((answered_code(response), response.status().as_u16()));
    }

    pub fn never_handled(&self) {
        relock(&self.0).never_handled = true;
    }
}

fn answered_code(response: &Response) -> String {
    response.extensions().get::<AnsweredCode>().map_or_else(|| NO_ENVELOPE.to_owned(), |c| c.0.clone())
}

/// Written when the request is done or, if its future is dropped first, when this is dropped.
struct Pending {
    shared: Arc<BlockAtmShared>,
    entry: Option<LoggedRequest>,
    notes: Notes,
}

impl Pending {
    fn finish(&mut self, response: Option<&Response>) {
        let Some(mut entry) = self.entry.take() else { return };
        let noted = relock(&self.notes.0);
        entry.fault = noted.fault.map(str::to_owned);
        entry.latency_ms = noted.latency_ms;
        (entry.code, entry.status) = match (noted.never_handled, response, &noted.answered) {
            (true, _, _) => (NO_ENVELOPE.to_owned(), 0),
            (false, Some(response), _) => (answered_code(response), response.status().as_u16()),
            (false, None, Some(answered)) => answered.clone(),
            (false, None, None) => (NO_ENVELOPE.to_owned(), 0),
        };
        drop(noted);
        tracing::debug!(method = %entry.method, path = %entry.path, code = %entry.code, "BlockATM simulator answered");
        self.shared.log.push(entry);
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        self.finish(None);
    }
}

/// Middleware, outermost: reads a POST body first so even a limited or faulted create is logged
/// with its merchantOrderNo.
pub(crate) async fn record(
    State(shared): State<Arc<BlockAtmShared>>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if is_control(&path) {
        return next.run(request).await;
    }
    let method = request.method().clone();
    let (mut parts, body) = request.into_parts();
    let entry = LoggedRequest {
        method: method.to_string(),
        merchant_order_id: queried_order_no(&path),
        path,
        code: NO_ENVELOPE.to_owned(),
        status: 0,
        at: shared.clock.now(),
        fault: None,
        latency_ms: None,
    };
    let notes = Notes::default();
    parts.extensions.insert(notes.clone());
    let mut pending = Pending { shared, entry: Some(entry), notes };
    let body = if method == Method::POST {
        match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
            Ok(bytes) => {
                if let Some(entry) = pending.entry.as_mut() {
                    entry.merchant_order_id = peek_merchant_order_no(&bytes);
                }
                Body::from(bytes)
            }
            Err(e) => {
                let response = BlockAtmError::invalid(format!(
                    "request body unreadable or over {MAX_BODY_BYTES} bytes: {e}"
                ))
                .into_response();
                pending.finish(Some(&response));
                return response;
            }
        }
    } else {
        body
    };
    let response = next.run(Request::from_parts(parts, body)).await;
    pending.finish(Some(&response));
    response
}

/// The merchantOrderNo of `/order/api/v2/pay/order/{id}`.
fn queried_order_no(path: &str) -> Option<String> {
    let id = path.strip_prefix(ORDER_PATH)?.strip_prefix('/')?;
    (!id.is_empty() && !id.contains('/')).then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_ids_come_from_the_path() {
        assert_eq!(queried_order_no("/order/api/v2/pay/order/ST-1"), Some("ST-1".into()));
        assert_eq!(queried_order_no("/order/api/v2/pay/order"), None);
        assert_eq!(queried_order_no("/order/api/v2/pay/order/a/b"), None);
    }
}
