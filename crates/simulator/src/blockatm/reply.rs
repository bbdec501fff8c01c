//! BlockATM's two answers — `{"code":"200","success":true,"data":…,"msg":"success"}` and
//! `{"code":…,"success":false,"msg":…}` — built once so every route answers alike. Each carries its
//! code as a response extension for the request log (shared with the PayStableCoin side).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use stabletill_gateway::blockatm::{codes, BlockAtmEnvelope};

use crate::reply::AnsweredCode;

/// An error envelope with its HTTP status; the message names the field or header at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockAtmError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl BlockAtmError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into() }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::INVALID_PARAMETER, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL_ERROR, message)
    }
}

impl IntoResponse for BlockAtmError {
    fn into_response(self) -> Response {
        let envelope = BlockAtmEnvelope {
            code: self.code.to_owned(),
            success: Some(false),
            data: None,
            msg: Some(self.message),
        };
        let mut response = (self.status, Json(envelope)).into_response();
        response.extensions_mut().insert(AnsweredCode(self.code.to_owned()));
        response
    }
}

/// The success envelope, with `data` when there is some.
pub(crate) fn ok<T: Serialize>(data: Option<&T>) -> Response {
    let data = match data.map(serde_json::to_value).transpose() {
        Ok(data) => data,
        Err(e) => {
            return BlockAtmError::internal(format!("answer could not be encoded: {e}")).into_response()
        }
    };
    let envelope = BlockAtmEnvelope {
        code: codes::SUCCESS.to_owned(),
        success: Some(true),
        data,
        msg: Some("success".into()),
    };
    let mut response = (StatusCode::OK, Json(envelope)).into_response();
    response.extensions_mut().insert(AnsweredCode(codes::SUCCESS.to_owned()));
    response
}
