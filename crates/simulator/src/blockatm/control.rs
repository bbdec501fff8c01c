//! Control routes of the BlockATM simulator (for the CLI and tests): the customer pays, the gateway
//! fails an order, the merchant cancels one; faults, the clock and the request log. Unsigned, as
//! on the PayStableCoin side, because the server binds 127.0.0.1 only and moves no real money.

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
use stabletill_gateway::blockatm::codes;

use super::reply::{ok, BlockAtmError};
use super::state::BlockAtmShared;
use crate::error::SimulatorError;
use crate::faults::FaultConfig;
use crate::log::json_lines;

pub(crate) fn router() -> Router<Arc<BlockAtmShared>> {
    Router::new()
        .route("/_simulator/orders/{merchant_order_no}/pay", post(pay))
        .route("/_simulator/orders/{merchant_order_no}/fail", post(fail))
        .route("/_simulator/orders/{merchant_order_no}/cancel", post(cancel))
        .route("/_simulator/requests", get(requests))
        .route("/_simulator/faults", get(faults).post(set_faults))
        .route("/_simulator/clock", post(set_clock))
}

type IdPath = Result<Path<String>, PathRejection>;

fn id_of(id: IdPath) -> Result<String, BlockAtmError> {
    id.map(|Path(id)| id).map_err(|e| BlockAtmError::invalid(format!("malformed path: {e}")))
}

async fn pay(
    State(shared): State<Arc<BlockAtmShared>>,
    id: IdPath,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let answer = || {
        let id = id_of(id)?;
        let body = body.map_err(|e| BlockAtmError::invalid(format!("request body unreadable: {e}")))?;
        let amount = parse_amount(&body)?;
        shared.orders.pay(&id, amount, shared.clock.now()).map_err(refusal)?;
        Ok::<_, BlockAtmError>(ok::<()>(None))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn fail(State(shared): State<Arc<BlockAtmShared>>, id: IdPath) -> Response {
    let answer = || {
        shared.orders.fail(&id_of(id)?, shared.clock.now()).map_err(refusal)?;
        Ok::<_, BlockAtmError>(ok::<()>(None))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn cancel(State(shared): State<Arc<BlockAtmShared>>, id: IdPath) -> Response {
    let answer = || {
        shared.orders.cancel(&id_of(id)?, shared.clock.now()).map_err(refusal)?;
        Ok::<_, BlockAtmError>(ok::<()>(None))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn requests(
    State(shared): State<Arc<BlockAtmShared>>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let entries = shared.log.snapshot();
    match query.get("format").map(String::as_str) {
        None | Some("json") => ok(Some(&entries)),
        Some("jsonl") => ([(CONTENT_TYPE, "application/x-ndjson")], json_lines(&entries)).into_response(),
        Some(other) => BlockAtmError::invalid(format!("format {other:?} is not offered: use json or jsonl"))
            .into_response(),
    }
}

async fn faults(State(shared): State<Arc<BlockAtmShared>>) -> Response {
    ok(Some(&shared.faults()))
}

async fn set_faults(
    State(shared): State<Arc<BlockAtmShared>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let answer = || {
        let body = body.map_err(|e| BlockAtmError::invalid(format!("request body unreadable: {e}")))?;
        let faults: FaultConfig =
            serde_json::from_slice(&body).map_err(|e| BlockAtmError::invalid(e.to_string()))?;
        shared.set_faults(faults.clone());
        Ok::<_, BlockAtmError>(ok(Some(&faults)))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

async fn set_clock(
    State(shared): State<Arc<BlockAtmShared>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let answer = || {
        let body = body.map_err(|e| BlockAtmError::invalid(format!("request body unreadable: {e}")))?;
        let offset = serde_json::from_slice::<Value>(&body)
            .ok()
            .and_then(|value| value.get("offsetMs").and_then(Value::as_i64))
            .ok_or_else(|| {
                BlockAtmError::invalid("send {\"offsetMs\": N}, N a whole number of milliseconds")
            })?;
        shared.clock.set_offset(SignedDuration::from_millis(offset));
        Ok::<_, BlockAtmError>(ok::<()>(None))
    };
    answer().unwrap_or_else(IntoResponse::into_response)
}

/// Empty body: the full amount; else `{"amount":"12.50"}` (a JSON number is taken too).
fn parse_amount(body: &[u8]) -> Result<Option<Decimal>, BlockAtmError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| BlockAtmError::invalid(format!("body is not JSON: {e}")))?;
    let text = match value.get("amount") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err(BlockAtmError::invalid(format!("amount must be a decimal string, got {other}")))
        }
    };
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| BlockAtmError::invalid(format!("amount {text:?} is not a decimal number")))
}

fn refusal(error: SimulatorError) -> BlockAtmError {
    let message = error.to_string();
    match error {
        SimulatorError::UnknownOrder { .. } => {
            BlockAtmError::new(StatusCode::NOT_FOUND, codes::ORDER_NOT_FOUND, message)
        }
        SimulatorError::InvalidAmount { .. } => BlockAtmError::invalid(message),
        _ => BlockAtmError::new(StatusCode::CONFLICT, codes::INVALID_PARAMETER, message),
    }
}
