//! Envelope `code` values. Only `00000` and `50010` are documented by PayStableCoin; the others are
//! the ones our simulator uses. The client recognises them, and falls back on the HTTP status for
//! codes it has never seen, so an unknown code from the real gateway still lands in the right bucket.

pub const SUCCESS: &str = "00000";
/// API Checkout is not enabled for this merchant (documented).
pub const API_PERMISSION_DISABLED: &str = "50010";
pub const INVALID_REQUEST: &str = "40000";
pub const INVALID_SIGNATURE: &str = "40101";
pub const TIMESTAMP_OUT_OF_WINDOW: &str = "40102";
pub const UNKNOWN_MERCHANT: &str = "40301";
pub const ORDER_NOT_FOUND: &str = "40401";
pub const DUPLICATE_ORDER: &str = "40901";
pub const RATE_LIMITED: &str = "42901";
pub const INTERNAL_ERROR: &str = "50000";
