//! Applying the configured faults to API requests (never to control routes): added latency, then
//! at most one of the exclusive faults, else possibly hostile display names. Which fault hit a
//! request goes into the request log through [`Notes`].

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::connection::ConnectionCut;
use crate::faults::{tell_lies, Dialect, Fault, Lie, HOSTILE_NAMES};
use crate::log::Notes;
use crate::state::Shared;

/// Bodies the fault layer rewrites are our own JSON answers; nothing legitimate comes close.
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// Middleware between the rate limit and the routes.
pub(crate) async fn inject(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if crate::routes::is_control(request.uri().path()) {
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
        Fault::ServerError => proxy_error(),
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
            // If the client gives up first, hyper may drop this future here; the log has the
            // answer already.
            tokio::time::sleep(faults.hang).await;
            hang_up(cut.as_ref());
            response
        }
        Fault::Malformed => malformed(next.run(request).await).await,
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
    let Some((told, names)) = tell_lies(&bytes, lies, Dialect::PayStableCoin) else {
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
        // Only a server started without connect info (none of ours) gets here.
        None => tracing::warn!("fault injection could not cut a connection without its cut switch"),
    }
}

/// What a load balancer in front of a sick gateway answers: a 502 or 503 HTML page.
fn proxy_error() -> Response {
    let (status, text) = if rand::random::<bool>() {
        (StatusCode::BAD_GATEWAY, "502 Bad Gateway")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "503 Service Temporarily Unavailable")
    };
    let page = format!(
        "<html>\r\n<head><title>{text}</title></head>\r\n<body>\r\n<center><h1>{text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    (status, [(CONTENT_TYPE, "text/html")], page).into_response()
}

/// The answer with its body cut in half, as HTTP 200: a proxy that truncated it, or a gateway
/// bug. The envelope's opening survives, so it looks like JSON until it ends.
async fn malformed(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await.unwrap_or_default();
    let cut = bytes.slice(..bytes.len() / 2);
    parts.status = StatusCode::OK;
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(cut))
}

/// Replaces every networkDisplayName in a JSON answer with names a UI, a receipt or a spreadsheet
/// export must render harmlessly. Answers without one are left alone (and not marked).
async fn hostile_names(response: Response, notes: &Notes) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_ANSWER_BYTES).await.unwrap_or_default();
    let Ok(mut envelope) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut replaced = 0;
    if let Some(data) = envelope.get_mut("data") {
        match data {
            Value::Array(items) => {
                for item in items {
                    replaced += replace_name(item, replaced);
                }
            }
            item => replaced += replace_name(item, rand::random_range(0..HOSTILE_KINDS)),
        }
    }
    if replaced == 0 {
        return Response::from_parts(parts, Body::from(bytes));
    }
    notes.fault(HOSTILE_NAMES);
    parts.headers.remove(CONTENT_LENGTH);
    let body = serde_json::to_vec(&envelope).map(Bytes::from).unwrap_or(bytes);
    Response::from_parts(parts, Body::from(body))
}

/// Sets `item.networkDisplayName` to hostile name number `which` (cycling); returns 1 if it did.
fn replace_name(item: &mut Value, which: usize) -> usize {
    match item.get_mut("networkDisplayName") {
        Some(name) => {
            *name = Value::String(hostile_name(which));
            1
        }
        None => 0,
    }
}

/// How many kinds of hostile name there are; a methods list gets them in turn.
const HOSTILE_KINDS: usize = 4;

fn hostile_name(which: usize) -> String {
    match which % HOSTILE_KINDS {
        0 => "<img src=x onerror=alert(1)>".to_owned(),
        // Excel and LibreOffice run this when a CSV export is opened.
        1 => "=HYPERLINK(\"http://x\")".to_owned(),
        // NUL, bell, an ANSI colour escape, a line break and a right-to-left override.
        2 => "TRON\u{0}\u{7}\u{1b}[31m\r\nNetwork\u{202e}krowteN".to_owned(),
        // 10 kB of one unbroken word, which no layout expects.
        _ => "TRON".repeat(2560),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_cycle_through_every_kind() {
        let names: Vec<String> = (0..5).map(hostile_name).collect();
        assert!(names[0].contains("<img"));
        assert!(names[1].starts_with('='));
        assert!(names[2].chars().any(char::is_control));
        assert_eq!(names[3].len(), 10_240);
        assert_eq!(names[4], names[0]);
    }

    #[tokio::test]
    async fn malformed_answers_are_cut_json_with_200() {
        let answer = (StatusCode::NOT_FOUND, r#"{"code":"40401","message":"no such order"}"#).into_response();
        let cut = malformed(answer).await;
        assert_eq!(cut.status(), StatusCode::OK);
        let bytes = axum::body::to_bytes(cut.into_body(), 1024).await.unwrap_or_default();
        assert!(bytes.starts_with(b"{\"code\""));
        assert!(serde_json::from_slice::<Value>(&bytes).is_err());
    }
}
