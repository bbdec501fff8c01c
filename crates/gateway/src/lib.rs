//! Client for PayStableCoin's API Checkout: request signing, typed wire types, the error type and
//! an HTTP client for the three endpoints a till needs (payment methods, create order, query order).
//!
//! Nothing here knows about the till, the sales log or the UI.

mod client;
pub mod codes;
mod environment;
mod error;
mod secret;
pub mod signing;
mod status;
mod wire;

pub use client::{Credentials, PayStableCoinClient};
pub use environment::{GatewayEnvironment, InvalidGatewayUrl};
pub use error::GatewayError;
pub use secret::ApiSecret;
pub use status::OrderStatus;
pub use wire::{
    CreateOrderRequest, Envelope, Money, Order, PaymentMethod, PAYMENT_METHOD_TYPE_ON_CHAIN, SUCCESS_CODE,
};
