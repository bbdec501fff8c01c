//! The PayStableCoin simulator's fault settings ([`crate::FaultConfig`], same spec language)
//! applied to BlockATM requests: added latency, then at most one exclusive fault, else possibly
//! hostile chain names (`chainName`, the BlockATM counterpart of networkDisplayName).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::log::Notes;
use super::routes::is_control;
use super::state::BlockAtmShared;
use crate::connection::ConnectionCut;
use crate::faults::{tell_lies, Dialect, Fault, Lie, HOSTILE_NAMES};

/// Our own JSON answers are far smaller; this only bounds the rewrite.
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// Names a UI, a receipt or a spreadsheet export must render harmlessly.
const HOSTILE: [&str; 3] =
    ["<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\")", "TRON\u{0}\u{1b}[31m\r\n\u{202e}"];

pub(crate) async fn inject(
    State(shared): State<Arc<BlockAtmShared>>,
    request: Request,
    next: Next,
) -> Response {
    if is_control(request.uri().path()) {
        return next.run(request).await;
    }
    let faults = shared.faults();
    let notes = request.extensions().get::<Notes>().cloned().unwrap_or_default();
    let cut = request.extensions().get::<ConnectInfo<ConnectionCut>>().map(|info| info.0.clone());
    if let Some((min, max)) = faults.latency {
        let added = if max > min { rand::random_range(min..=max) } else { min };
        notes.latency(added);
        tokio::time::sleep(added).await;
    }
    let Some(fault) = faults.draw(rand::random::<f64>()) else {
        let response = next.run(request).await;
        let lies = faults.draw_lies();
        let response = if lies.is_empty() { response } else { lie(response, &lies, &notes).await };
        if faults.hostile_names > 0.0 && rand::random::<f64>() < faults.hostile_names {
            return hostile_names(response, &notes).await;
        }
        return response;
    };
    notes.fault(fault.name());
    match fault {
        Fault::ServerError => {
            let page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
            (StatusCode::BAD_GATEWAY, [(CONTENT_TYPE, "text/html")], page).into_response()
        }
        Fault::ResetBefore => {
            notes.never_handled();
            hang_up(cut.as_ref());
            StatusCode::NO_CONTENT.into_response()
        }
        Fault::ResetAfterCommit => {
            let response = next.run(request).await;
            notes.answered(&response);
            hang_up(cut.as_ref());
            response
        }
        Fault::Timeout => {
            let response = next.run(request).await;
            notes.answered(&response);
            tokio::time::sleep(faults.hang).await;
            hang_up(cut.as_ref());
            response
        }
        Fault::Malformed => {
            let (mut parts, body) = next.run(request).await.into_parts();
            let bytes = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await.unwrap_or_default();
            parts.status = StatusCode::OK;
            parts.headers.remove(CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(bytes.slice(..bytes.len() / 2)))
        }
        Fault::WrongContentType => {
            let mut response = next.run(request).await;
            response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            response
        }
    }
}

/// The answer with `lies` told in it (see `faults/lies.rs`), each lie that changed it noted.
async fn lie(response: Response, lies: &[Lie], notes: &Notes) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await.unwrap_or_default();
    let Some((told, names)) = tell_lies(&bytes, lies, Dialect::BlockAtm) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    for name in names {
        notes.fault(name);
    }
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(told))
}

fn hang_up(cut: Option<&ConnectionCut>) {
    match cut {
        Some(cut) => cut.cut(),
        None => tracing::warn!("fault injection could not cut a connection without its cut switch"),
    }
}

/// Replaces every `chainName` in the answer's data; answers without one are left alone.
async fn hostile_names(response: Response, notes: &Notes) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await.unwrap_or_default();
    let Ok(mut envelope) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut replaced = 0;
    let mut replace = |item: &mut Value| {
        if let Some(name) = item.get_mut("chainName") {
            *name = Value::String(HOSTILE[replaced % HOSTILE.len()].to_owned());
            replaced += 1;
        }
    };
    match envelope.get_mut("data") {
        Some(Value::Array(items)) => items.iter_mut().for_each(&mut replace),
        Some(item) => replace(item),
        None => {}
    }
    if replaced == 0 {
        return Response::from_parts(parts, Body::from(bytes));
    }
    notes.fault(HOSTILE_NAMES);
    parts.headers.remove(CONTENT_LENGTH);
    let body = serde_json::to_vec(&envelope).map(Bytes::from).unwrap_or(bytes);
    Response::from_parts(parts, Body::from(body))
}
