//! The BlockATM endpoints: API key, then (creates) request time and signature, then whether the
//! API is enabled, and only then the body. Around them, from the outside in: the request log, the
//! `Date` header, the rate limit, fault injection. Also the cashier page each `payUrl` points at.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, Request, State};
use axum::http::header::{CONTENT_TYPE, DATE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use stabletill_gateway::blockatm::codes::{self, METHODS_PATH, ORDER_PATH};
use stabletill_gateway::blockatm::BlockAtmMethod;

use super::auth::{check_api_key, check_signed};
use super::orders::Duplicate;
use super::reply::{ok, BlockAtmError};
use super::state::BlockAtmShared;
use super::validate::create_request;
use super::{control, inject, limit, log, methods};

/// Paths that are not gateway API traffic: no key, no log, no limit, no faults.
pub(crate) fn is_control(path: &str) -> bool {
    path.starts_with("/_simulator/") || path.starts_with("/cashier/")
}

pub(crate) fn router(shared: Arc<BlockAtmShared>) -> Router {
    Router::new()
        .route(METHODS_PATH, get(payment_methods))
        .route(ORDER_PATH, post(create_order))
        .route(&format!("{ORDER_PATH}/{{merchant_order_no}}"), get(query_order))
        .route("/cashier/{order_no}", get(cashier))
        .merge(control::router())
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
        // The last layer added is the outermost.
        .layer(middleware::from_fn_with_state(shared.clone(), inject::inject))
        .layer(middleware::from_fn_with_state(shared.clone(), limit::limit))
        .layer(middleware::from_fn_with_state(shared.clone(), gateway_date))
        .layer(middleware::from_fn_with_state(shared.clone(), log::record))
        .with_state(shared)
}

/// `Date` by the simulator's clock, so a client measures the skew a test has set.
async fn gateway_date(State(shared): State<Arc<BlockAtmShared>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let printer = jiff::fmt::rfc2822::DateTimePrinter::new();
    if let Ok(date) = printer.timestamp_to_rfc9110_string(&shared.clock.now()) {
        if let Ok(value) = HeaderValue::from_str(&date) {
            response.headers_mut().insert(DATE, value);
        }
    }
    response
}

/// After authentication, so only the merchant itself learns whether its API access is on.
fn enabled(shared: &BlockAtmShared) -> Result<(), BlockAtmError> {
    if shared.config.api_enabled {
        Ok(())
    } else {
        Err(BlockAtmError::new(
            StatusCode::FORBIDDEN,
            codes::API_NOT_ENABLED,
            "API access is not enabled for this merchant; contact BlockATM support",
        ))
    }
}

async fn payment_methods(State(shared): State<Arc<BlockAtmShared>>, headers: HeaderMap) -> Response {
    let answer = || {
        check_api_key(&shared.config.api_key, &headers)?;
        enabled(&shared)?;
        let confirmation = shared.config.confirmation_delay;
        let list: Vec<BlockAtmMethod> =
            methods::all().into_iter().map(|offer| offer.to_wire(confirmation)).collect();
        Ok::<_, BlockAtmError>(ok(Some(&list)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn create_order(
    State(shared): State<Arc<BlockAtmShared>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let answer = || {
        let body = body.map_err(|e| BlockAtmError::invalid(format!("request body unreadable: {e}")))?;
        let now = shared.clock.now();
        check_api_key(&shared.config.api_key, &headers)?;
        check_signed(&shared.config.public_key, now, &headers, &body)?;
        enabled(&shared)?;
        let valid = create_request(&body, now)?;
        let id = valid.merchant_order_no.clone();
        let order = shared.orders.create(valid, now, &shared.base_url).map_err(|Duplicate| {
            BlockAtmError::new(
                StatusCode::CONFLICT,
                codes::DUPLICATE_ORDER,
                format!("merchantOrderNo {id:?} already exists; the existing order is unchanged"),
            )
        })?;
        Ok::<_, BlockAtmError>(ok(Some(&order)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn query_order(
    State(shared): State<Arc<BlockAtmShared>>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Response {
    let answer = || {
        let Path(id) = id.map_err(|e| BlockAtmError::invalid(format!("malformed path: {e}")))?;
        check_api_key(&shared.config.api_key, &headers)?;
        enabled(&shared)?;
        let order = shared.orders.get(&id, shared.clock.now(), &shared.base_url).ok_or_else(|| {
            BlockAtmError::new(
                StatusCode::NOT_FOUND,
                codes::ORDER_NOT_FOUND,
                format!("no order with merchantOrderNo {id:?}"),
            )
        })?;
        Ok::<_, BlockAtmError>(ok(Some(&order)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

/// The page a customer's phone would open from the QR: what to send, on which chain, to where.
async fn cashier(
    State(shared): State<Arc<BlockAtmShared>>,
    order_no: Result<Path<String>, PathRejection>,
) -> Response {
    let order = order_no
        .ok()
        .and_then(|Path(no)| shared.orders.by_order_no(&no, shared.clock.now(), &shared.base_url));
    let Some(order) = order else {
        return (StatusCode::NOT_FOUND, "no such order").into_response();
    };
    let field = |value: Option<String>| escape(&value.unwrap_or_default());
    let page = format!(
        "<!doctype html><meta charset=utf-8><title>BlockATM simulator</title>\
         <h1>Pay {} {}</h1><p>on {} to <code>{}</code></p><p>Status: {}</p>\
         <p>This is a local simulator: never send real money to this address.</p>",
        field(order.amount),
        field(order.symbol),
        field(order.chain_name),
        field(order.to_address),
        field(order.status),
    );
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn no_such_endpoint(method: Method, uri: Uri) -> BlockAtmError {
    BlockAtmError::new(
        StatusCode::NOT_FOUND,
        codes::INVALID_PARAMETER,
        format!("no such endpoint: {method} {}", uri.path()),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> BlockAtmError {
    BlockAtmError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        codes::INVALID_PARAMETER,
        format!("{method} is not allowed on {}", uri.path()),
    )
}
