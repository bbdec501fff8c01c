//! Control routes for the HTTP world (the `stabletill simulator` CLI and tests): make the customer
//! pay, read the request log. They need no signature because the server binds 127.0.0.1 only: anyone
//! who can reach them can already run the simulator, and they move no real money.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use rust_decimal::Decimal;
use serde_json::Value;
use stabletill_gateway::codes;

use crate::error::SimulatorError;
use crate::reply::{success, ApiError};
use crate::state::Shared;

pub(crate) fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_simulator/orders/{merchant_order_id}/pay", post(pay))
        .route("/_simulator/requests", get(requests))
}

/// `POST /_simulator/orders/{id}/pay` with an optional body `{"amount":"13.00"}`; without an amount
/// the customer pays exactly cryptoPaymentAmount.
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

/// `GET /_simulator/requests`: `{"code":"00000","data":[LoggedRequest…]}`.
async fn requests(State(shared): State<Arc<Shared>>) -> Response {
    success(Some(&shared.log.snapshot()))
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
        SimulatorError::OrderClosed { .. } | SimulatorError::AlreadyPaid { .. } => {
            ApiError::new(StatusCode::CONFLICT, codes::INVALID_REQUEST, message)
        }
        SimulatorError::InvalidAmount { .. } => ApiError::invalid(message),
    }
}
