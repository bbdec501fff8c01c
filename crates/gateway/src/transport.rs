//! The HTTP side of a request: what a failed send means, and reading an answer of bounded size.

use crate::GatewayError;

/// Answers larger than this are refused unread: no legitimate answer comes close.
pub(crate) const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

pub(crate) fn transport_error(error: reqwest::Error) -> GatewayError {
    if error.is_timeout() {
        GatewayError::Timeout
    } else if error.is_connect() {
        GatewayError::Unreachable { detail: root_cause(&error) }
    } else {
        GatewayError::ConnectionLost { detail: root_cause(&error) }
    }
}

fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

pub(crate) async fn read_capped(mut response: reqwest::Response) -> Result<Vec<u8>, GatewayError> {
    let too_big =
        || GatewayError::Undecodable { detail: format!("answer larger than {MAX_RESPONSE_BYTES} bytes") };
    if response.content_length().is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(too_big());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
