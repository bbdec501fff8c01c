//! The three API Checkout endpoints, answered as PayStableCoin would: merchant check, then
//! authentication, then the API-permission check, and only then the body. Around them, from the
//! outside in: the request log, the `Date` header, the rate limit, fault injection.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, Request, State};
use axum::http::header::DATE;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};
use jiff::Timestamp;
use stabletill_gateway::{codes, PaymentMethod};

use crate::auth::authenticate;
use crate::orders::Duplicate;
use crate::reply::{success, ApiError};
use crate::state::Shared;
use crate::validate::create_request;
use crate::{control, inject, log, methods, ratelimit};

/// Paths under this prefix are the simulator's own controls: no log, no limit, no faults.
const CONTROL_PREFIX: &str = "/_simulator/";

pub(crate) fn is_control(path: &str) -> bool {
    path.starts_with(CONTROL_PREFIX)
}

/// The whole HTTP surface: API routes, control routes, envelope answers for unknown routes and
/// methods, and the layers around them (log, rate limit and faults pass control routes through).
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/api/v1/merchants/{merchant}/checkout/payment-methods", get(payment_methods))
        .route("/api/v1/merchants/{merchant}/checkout/orders", post(create_order))
        .route("/api/v1/merchants/{merchant}/checkout/orders/{merchant_order_id}", get(query_order))
        .merge(control::router())
        .fallback(no_such_endpoint)
        .method_not_allowed_fallback(method_not_allowed)
        // The last layer added is the outermost.
        .layer(middleware::from_fn_with_state(shared.clone(), inject::inject))
        .layer(middleware::from_fn_with_state(shared.clone(), ratelimit::limit))
        .layer(middleware::from_fn_with_state(shared.clone(), gateway_date))
        .layer(middleware::from_fn_with_state(shared.clone(), log::record))
        .with_state(shared)
}

/// `Date` by the simulator's clock, not the machine's: a client measures its clock skew from it,
/// and a test that shifts the gateway's clock must see that shift there too.
async fn gateway_date(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let printer = jiff::fmt::rfc2822::DateTimePrinter::new();
    if let Ok(date) = printer.timestamp_to_rfc9110_string(&shared.clock.now()) {
        if let Ok(value) = HeaderValue::from_str(&date) {
            response.headers_mut().insert(DATE, value);
        }
    }
    response
}

/// What every API request goes through before its own work.
struct Incoming<'a> {
    method: &'a Method,
    uri: &'a Uri,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

/// Merchant, signature and timestamp, then permission. Authentication comes before the permission
/// check so that only the merchant itself learns whether API Checkout is enabled.
fn admit(shared: &Shared, merchant: &str, request: &Incoming<'_>, now: Timestamp) -> Result<(), ApiError> {
    let config = &shared.config;
    if merchant != config.merchant_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::UNKNOWN_MERCHANT,
            format!("unknown merchant {merchant:?}"),
        ));
    }
    authenticate(&config.secret, now, request.method, request.uri, request.headers, request.body)?;
    if !config.api_checkout_enabled {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            codes::API_PERMISSION_DISABLED,
            "API_PERMISSION_DISABLED: API Checkout is not enabled for this merchant; contact support",
        ));
    }
    Ok(())
}

fn path_error(rejection: PathRejection) -> ApiError {
    ApiError::invalid(format!("malformed path: {rejection}"))
}

async fn payment_methods(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    merchant: Result<Path<String>, PathRejection>,
) -> Response {
    let answer = || {
        let Path(merchant) = merchant.map_err(path_error)?;
        let incoming = Incoming { method: &method, uri: &uri, headers: &headers, body: b"" };
        admit(&shared, &merchant, &incoming, shared.clock.now())?;
        let timing = shared.orders.timing();
        let list: Vec<PaymentMethod> = methods::all().iter().map(|m| m.to_wire(&timing)).collect();
        Ok::<_, ApiError>(success(Some(&list)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn create_order(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    merchant: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            return ApiError::invalid(format!("request body unreadable: {rejection}")).into_response()
        }
    };
    let answer = || {
        let Path(merchant) = merchant.map_err(path_error)?;
        let now = shared.clock.now();
        let incoming = Incoming { method: &method, uri: &uri, headers: &headers, body: &body };
        admit(&shared, &merchant, &incoming, now)?;
        let valid = create_request(&body, now)?;
        let id = valid.request.merchant_order_id.clone();
        let order = shared.orders.create(valid, now).map_err(|Duplicate| {
            ApiError::new(
                StatusCode::CONFLICT,
                codes::DUPLICATE_ORDER,
                format!("merchantOrderId {id:?} already exists; the existing order is unchanged"),
            )
        })?;
        Ok::<_, ApiError>(success(Some(&order)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn query_order(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    ids: Result<Path<(String, String)>, PathRejection>,
) -> Response {
    let (merchant, merchant_order_id) = match ids {
        Ok(Path(ids)) => ids,
        Err(rejection) => return path_error(rejection).into_response(),
    };
    let answer = || {
        let now = shared.clock.now();
        let incoming = Incoming { method: &method, uri: &uri, headers: &headers, body: b"" };
        admit(&shared, &merchant, &incoming, now)?;
        let order = shared.orders.get(&merchant_order_id, now).ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                codes::ORDER_NOT_FOUND,
                format!("no order with merchantOrderId {merchant_order_id:?}"),
            )
        })?;
        Ok::<_, ApiError>(success(Some(&order)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn no_such_endpoint(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        codes::INVALID_REQUEST,
        format!("no such endpoint: {method} {}", uri.path()),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        codes::INVALID_REQUEST,
        format!("{method} is not allowed on {}", uri.path()),
    )
}
