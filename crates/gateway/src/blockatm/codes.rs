//! Header names, paths and envelope codes of the BlockATM API as this project fixes it. Only `200`
//! (success) is known from the gateway's docs; the error codes are the ones our simulator answers.
//! The client also falls back on the HTTP status for codes it has never seen, so an unknown code
//! from a real gateway still lands in the right bucket.

pub const API_KEY_HEADER: &str = "BlockATM-API-Key";
pub const REQUEST_TIME_HEADER: &str = "BlockATM-Request-Time";
pub const SIGNATURE_HEADER: &str = "BlockATM-Signature-V1";
pub const REC_WINDOW_HEADER: &str = "BlockATM-Rec_Window";
/// The receive window the gateway documents as its default.
pub const DEFAULT_REC_WINDOW_MS: u32 = 30_000;

pub const METHODS_PATH: &str = "/api/v1/payment-methods";
/// POST here creates; GET `{ORDER_PATH}/{merchantOrderNo}` queries.
pub const ORDER_PATH: &str = "/order/api/v2/pay/order";

/// `code` of a successful envelope (documented).
pub const SUCCESS: &str = "200";
pub const INVALID_PARAMETER: &str = "40000";
/// The `BlockATM-API-Key` is missing or not known.
pub const INVALID_API_KEY: &str = "40101";
/// The signature is missing, malformed or does not verify with the registered public key.
pub const INVALID_SIGNATURE: &str = "40102";
/// `BlockATM-Request-Time` is missing, malformed or outside the receive window.
pub const REQUEST_TIME_OUTSIDE_WINDOW: &str = "40103";
/// The merchant's API access has not been switched on.
pub const API_NOT_ENABLED: &str = "40301";
pub const ORDER_NOT_FOUND: &str = "40401";
pub const DUPLICATE_ORDER: &str = "40901";
pub const RATE_LIMITED: &str = "42900";
/// The code of a 418 answer; the client goes by the HTTP status.
pub const BLOCKED: &str = "41800";
pub const INTERNAL_ERROR: &str = "50000";
