//! Client for PayStableCoin's API Checkout: request signing, typed wire types, the error type and
//! an HTTP client for the three endpoints a till needs (payment methods, create order, query order).
//!
//! Nothing here knows about the till, the sales log or the UI.

mod address;
pub mod answer;
pub mod blockatm;
mod budget;
mod client;
mod clock;
pub mod codes;
mod decode;
mod environment;
mod error;
mod gateway;
mod network_names;
mod probe;
mod retry;
mod secret;
pub mod signing;
mod status;
mod transport;
mod wire;

pub use address::{address_shape, check_deposit_address, AddressShape};
pub use budget::{RequestBudget, DEFAULT_REQUESTS_PER_MINUTE};
pub use client::{Credentials, PayStableCoinClient};
pub use clock::describe_offset;
pub use environment::{GatewayEnvironment, InvalidGatewayUrl};
pub use error::GatewayError;
pub use gateway::{Gateway, GatewayKind};
pub use network_names::known_network_name;
pub use probe::{gateway_url, probe, Probe};
pub use secret::ApiSecret;
pub use status::OrderStatus;
pub use wire::{
    CreateOrderRequest, Envelope, Money, Order, PaymentMethod, PAYMENT_METHOD_TYPE_ON_CHAIN, SUCCESS_CODE,
};
