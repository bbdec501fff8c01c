//! Control routes for the HTTP world (the `stabletill simulator` CLI and tests): make the customer
//! pay, make the gateway fail an order, change faults and the clock, read the request log and the
//! late payments. They need no signature because the server binds 127.0.0.1 only: anyone who can
//! reach them can already run the simulator, and they move no real money. They are never
//! rate-limited, faulted or logged.
//!
//! - `POST /_simulator/orders/{id}/pay` — body empty or `{"amount":"13.00"}`
//! - `POST /_simulator/orders/{id}/fail`
//! - `GET  /_simulator/requests` — envelope with the log; `?format=jsonl`: one JSON line each
//! - `GET  /_simulator/late-payments`
//! - `GET|POST /_simulator/faults` — a [`crate::FaultConfig`] as JSON (object or spec string)
//! - `POST /_simulator/clock` — `{"offsetMs": 360000}`: the gateway's clock that far ahead

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use jiff::SignedDuration;
use rust_decimal::Decimal;
use serde_json::Value;
use stabletill_gateway::codes;

use crate::error::SimulatorError;
use crate::faults::FaultConfig;
use crate::log::json_lines;
use crate::reply::{success, ApiError};
use crate::state::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_simulator/orders/{merchant_order_id}/pay", post(pay))
        .route("/_simulator/orders/{merchant_order_id}/fail", post(fail))
        .route("/_simulator/requests", get(requests))
        .route("/_simulator/late-payments", get(late_payments))
        .route("/_simulator/faults", get(faults).post(set_faults))
        .route("/_simulator/clock", post(set_clock))
}

async fn pay(
    State(shared): State<Arc<Shared>>,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let answer = || {
        let Path(id) = id.map_err(|e| ApiError::invalid(format!("malformed path: {e}")))?;
        let body = body.map_err(|e| ApiError::invalid(format!("request body unreadable: {e}")))?;
        let amount = parse_amount(&body)?;
        shared.orders.pay(&id, amount, shared.clock.now()).map_err(refusal)?;
        Ok::<_, ApiError>(success::<()>(None))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn fail(State(shared): State<Arc<Shared>>, id: Result<Path<String>, PathRejection>) -> Response {
    let answer = || {
        let Path(id) = id.map_err(|e| ApiError::invalid(format!("malformed path: {e}")))?;
        shared.orders.fail(&id, shared.clock.now()).map_err(refusal)?;
        Ok::<_, ApiError>(success::<()>(None))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

/// The log as an envelope, or with `?format=jsonl` as JSON lines (what `--request-log` writes).
async fn requests(
    State(shared): State<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let entries = shared.log.snapshot();
    match query.get("format").map(String::as_str) {
        None | Some("json") => success(Some(&entries)),
        Some("jsonl") => ([(CONTENT_TYPE, "application/x-ndjson")], json_lines(&entries)).into_response(),
        Some(other) => {
            ApiError::invalid(format!("format {other:?} is not offered: use json or jsonl")).into_response()
        }
    }
}

async fn late_payments(State(shared): State<Arc<Shared>>) -> Response {
    success(Some(&shared.orders.late_payments()))
}

async fn faults(State(shared): State<Arc<Shared>>) -> Response {
    success(Some(&shared.faults()))
}

/// Replaces the fault settings and answers the ones now in force. An empty object clears them.
async fn set_faults(State(shared): State<Arc<Shared>>, body: Result<Bytes, BytesRejection>) -> Response {
    let answer = || {
        let body = body.map_err(|e| ApiError::invalid(format!("request body unreadable: {e}")))?;
        // serde's message carries the FaultConfigError, which names the part at fault.
        let faults: FaultConfig =
            serde_json::from_slice(&body).map_err(|e| ApiError::invalid(e.to_string()))?;
        shared.set_faults(faults.clone());
        tracing::info!(faults = %faults, "simulator faults changed");
        Ok::<_, ApiError>(success(Some(&faults)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn set_clock(State(shared): State<Arc<Shared>>, body: Result<Bytes, BytesRejection>) -> Response {
    let answer = || {
        let body = body.map_err(|e| ApiError::invalid(format!("request body unreadable: {e}")))?;
        let value: Value =
            serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("body is not JSON: {e}")))?;
        let offset = value
            .get("offsetMs")
            .and_then(Value::as_i64)
            .ok_or_else(|| ApiError::invalid("send {\"offsetMs\": N}, N a whole number of milliseconds"))?;
        shared.clock.set_offset(SignedDuration::from_millis(offset));
        Ok::<_, ApiError>(success::<()>(None))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

fn parse_amount(body: &[u8]) -> Result<Option<Decimal>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("body is not JSON: {e}")))?;
    let text = match value.get("amount") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(ApiError::invalid(format!(
                "amount must be a decimal string such as \"13.00\", got {other}"
            )))
        }
    };
    text.trim()
        .parse::<Decimal>()
        .map(Some)
        .map_err(|_| ApiError::invalid(format!("amount {text:?} is not a decimal number")))
}

fn refusal(error: SimulatorError) -> ApiError {
    let message = error.to_string();
    match error {
        SimulatorError::UnknownOrder { .. } => {
            ApiError::new(StatusCode::NOT_FOUND, codes::ORDER_NOT_FOUND, message)
        }
        SimulatorError::OrderClosed { .. }
        | SimulatorError::AlreadyPaid { .. }
        | SimulatorError::AlreadyFinal { .. } => {
            ApiError::new(StatusCode::CONFLICT, codes::INVALID_REQUEST, message)
        }
        SimulatorError::InvalidAmount { .. } => ApiError::invalid(message),
    }
}
