//! Client for the second gateway, a BlockATM-style QR checkout. The seed guide is sketchy, so this
//! module fixes one concrete API (the simulator implements exactly this) and documents it here.
//!
//! # Authentication
//! Every request carries `BlockATM-API-Key`. A create-order request is also signed (queries are
//! not, as the gateway's notes say):
//! - `BlockATM-Request-Time`: Unix time in milliseconds (13 digits);
//! - `BlockATM-Rec_Window`: how long after (or before) that time the request is valid, in ms,
//!   default [`DEFAULT_REC_WINDOW_MS`]; the gateway refuses a time outside `now ± window`
//!   (the simulator caps the window at 60 000 ms so a client cannot switch the check off);
//! - `BlockATM-Signature-V1`: see [`signing`] for the exact string and encoding
//!   (`k=v&…&time=<Request-Time>` over the body's sorted top-level keys, SHA256withECDSA with the
//!   merchant's long-lived P-256 key, DER, standard Base64).
//!
//! # Endpoints (envelope `{"code":"200","success":true,"data":…,"msg":"success"}`)
//! - `GET /api/v1/payment-methods` → `data: [{chainId, chainName, symbol, minAmount, maxAmount,
//!   confirmationTime}]` ([`BlockAtmMethod`]; amounts are decimal strings, confirmationTime seconds).
//! - `POST /order/api/v2/pay/order`, body [`CreateQrOrder`]: `{merchantOrderNo, chainId, symbol,
//!   amount, expireTime}` (amount a decimal string, expireTime Unix ms) → `data:` [`BlockAtmOrder`]
//!   `{orderNo, merchantOrderNo, payUrl, qrCode, toAddress, amount, symbol, chainId, chainName,
//!   expireTime, createTime, status, paidAmount, payments}`. `merchantOrderNo` is our idempotency
//!   key: a second create with the same one is refused ([`codes::DUPLICATE_ORDER`]).
//! - `GET /order/api/v2/pay/order/{merchantOrderNo}` → `data:` the same [`BlockAtmOrder`], with
//!   `status` one of `PENDING|PROCESSING|SUCCESS|EXPIRED|CANCELLED|FAILED`, `paidAmount` and
//!   `payments: [{txHash, amount, timestamp}]` once a transaction is seen.
//!
//! Chains are named by `chainId`, a string: `"1"` Ethereum, `"56"` BSC, `"137"` Polygon,
//! `"42161"` Arbitrum, and `"tron"` for TRON (it has no EVM chain id in this API). The till names
//! them by network code (`ethereum`, `bsc`, `polygon`, `arbitrum`, `tron`); see [`chains`].
//!
//! # The neutral view
//! [`BlockAtmClient::payment_methods`], [`BlockAtmClient::create_order`] and
//! [`BlockAtmClient::query_order`] take and return PayStableCoin's wire types, with the same
//! signatures as [`crate::PayStableCoinClient`], so one trait covers both gateways. How the fields
//! map is documented in [`neutral`]; the short version: the QR content (the cashier URL `payUrl`)
//! is in `Order.payment_method_value` as a JSON string, and the raw BlockATM status is kept in
//! `Order.crypto_payment_detail.status`.

pub mod chains;
mod client;
pub mod codes;
pub(crate) mod decode;
mod keys;
pub mod neutral;
pub mod signing;
mod wire;

pub use client::{BlockAtmClient, BlockAtmCredentials, PRODUCTION_URL};
pub use codes::DEFAULT_REC_WINDOW_MS;
pub use keys::{ApiKey, KeyError, PublicKey, SigningKey};
pub use signing::{sign, signing_string, verify, SigningError};
pub use wire::{status, BlockAtmEnvelope, BlockAtmMethod, BlockAtmOrder, CreateQrOrder, PaymentRecord};
