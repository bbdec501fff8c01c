//! Decoding an answer's bytes the way each client does after reading them, without HTTP: for the
//! fuzz targets in `fuzz/` and for tests that feed a gateway's answer in directly.

use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};
use reqwest::StatusCode;

use crate::blockatm::{neutral, BlockAtmMethod, BlockAtmOrder};
use crate::{GatewayError, Order, PaymentMethod};

/// One answer as it arrived: the HTTP status, an optional `Retry-After` header and the body.
#[derive(Debug, Clone, Copy)]
pub struct RawAnswer<'a> {
    pub status: u16,
    pub retry_after: Option<&'a str>,
    pub body: &'a [u8],
}

impl RawAnswer<'_> {
    /// A status outside 100..=999 cannot arrive over HTTP; it is read as 200 so the body is still decoded.
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK)
    }

    fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = self.retry_after.and_then(|text| HeaderValue::from_str(text).ok()) {
            headers.insert(RETRY_AFTER, value);
        }
        headers
    }
}

/// A PayStableCoin create or query answer, as [`crate::PayStableCoinClient`] decodes it.
pub fn paystablecoin_order(answer: RawAnswer<'_>) -> Result<Order, GatewayError> {
    crate::decode::decode(answer.status(), &answer.headers(), answer.body, None)
}

/// A PayStableCoin payment-methods answer.
pub fn paystablecoin_methods(answer: RawAnswer<'_>) -> Result<Vec<PaymentMethod>, GatewayError> {
    crate::decode::decode(answer.status(), &answer.headers(), answer.body, None)
}

/// A BlockATM create or query answer, as [`crate::blockatm::BlockAtmClient`] decodes it and then
/// shows it to the till (PayStableCoin's wire types).
pub fn blockatm_order(answer: RawAnswer<'_>) -> Result<Order, GatewayError> {
    let order: BlockAtmOrder =
        crate::blockatm::decode::decode(answer.status(), &answer.headers(), answer.body, None)?;
    Ok(neutral::order(&order))
}

/// A BlockATM payment-methods answer, as the till sees it.
pub fn blockatm_methods(answer: RawAnswer<'_>) -> Result<Vec<PaymentMethod>, GatewayError> {
    let methods: Vec<BlockAtmMethod> =
        crate::blockatm::decode::decode(answer.status(), &answer.headers(), answer.body, None)?;
    Ok(neutral::payment_methods(&methods))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> RawAnswer<'_> {
        RawAnswer { status, retry_after: Some("7"), body: body.as_bytes() }
    }

    #[test]
    fn each_gateways_answer_decodes_as_its_client_decodes_it() {
        let order = paystablecoin_order(answer(200, r#"{"code":"00000","data":{"merchantOrderId":"ST-1"}}"#));
        assert_eq!(order.map(|o| o.merchant_order_id), Ok(Some("ST-1".to_owned())));
        let order = blockatm_order(answer(
            200,
            r#"{"code":"200","success":true,"data":{"merchantOrderNo":"ST-1","status":"SUCCESS"}}"#,
        ));
        assert_eq!(order.map(|o| o.status), Ok(Some(crate::OrderStatus::Succeeded)));
        let methods = blockatm_methods(answer(
            200,
            r#"{"code":"200","data":[{"chainId":56,"symbol":"USDT","minAmount":"1","maxAmount":"9"}]}"#,
        ));
        assert_eq!(methods.map(|m| m[0].network.clone()), Ok("bsc".to_owned()));
    }

    #[test]
    fn statuses_and_headers_that_cannot_arrive_over_http_are_handled() {
        // 0 is no HTTP status: read as 200, so the body still decides.
        assert!(paystablecoin_methods(answer(0, r#"{"code":"00000","data":[]}"#)).is_ok());
        assert_eq!(
            paystablecoin_order(answer(429, "")),
            Err(GatewayError::RateLimited { retry_after: Some(std::time::Duration::from_secs(7)) })
        );
        let bad_header = RawAnswer { status: 429, retry_after: Some("\n"), body: b"" };
        assert_eq!(paystablecoin_order(bad_header), Err(GatewayError::RateLimited { retry_after: None }));
    }
}
