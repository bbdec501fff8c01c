//! The two answers the gateway gives — `{"code":"00000","data":…}` and `{"code":…,"message":…}` —
//! built once here so every route answers in the same envelope, with a fitting HTTP status.
//! Each answer also carries its code as a response extension, which the request log reads instead
//! of re-parsing bodies.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use stabletill_gateway::{codes, Envelope};

/// The envelope code a response answered with, for the request log.
#[derive(Debug, Clone)]
pub(crate) struct AnsweredCode(pub String);

/// An error envelope with its HTTP status. The message names the field or header at fault, as an
/// integrator needs it to fix the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into() }
    }

    /// 400 INVALID_REQUEST: the request is malformed or breaks a rule.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::INVALID_REQUEST, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL_ERROR, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let envelope = Envelope { code: self.code.to_owned(), message: Some(self.message), data: None };
        let mut response = (self.status, Json(envelope)).into_response();
        response.extensions_mut().insert(AnsweredCode(self.code.to_owned()));
        response
    }
}

/// `{"code":"00000","data":data}`, or `{"code":"00000"}` when there is no data.
pub(crate) fn success<T: Serialize>(data: Option<&T>) -> Response {
    let data = match data.map(serde_json::to_value).transpose() {
        Ok(data) => data,
        Err(e) => return ApiError::internal(format!("answer could not be encoded: {e}")).into_response(),
    };
    let envelope = Envelope { code: codes::SUCCESS.to_owned(), message: None, data };
    let mut response = (StatusCode::OK, Json(envelope)).into_response();
    response.extensions_mut().insert(AnsweredCode(codes::SUCCESS.to_owned()));
    response
}
