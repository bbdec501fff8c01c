//! The gateway interface the till talks to, whichever gateway a shop uses. Both gateways answer
//! in PayStableCoin's wire types (BlockATM's client translates; see `blockatm::neutral`).

use std::fmt;

use async_trait::async_trait;

use crate::blockatm::BlockAtmClient;
use crate::{CreateOrderRequest, GatewayError, Order, PayStableCoinClient, PaymentMethod};

/// Which gateway a till is set up for; recorded with every sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GatewayKind {
    #[default]
    PayStableCoin,
    BlockAtm,
}

impl GatewayKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::PayStableCoin => "paystablecoin",
            Self::BlockAtm => "blockatm",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "paystablecoin" => Some(Self::PayStableCoin),
            "blockatm" => Some(Self::BlockAtm),
            _ => None,
        }
    }
}

impl fmt::Display for GatewayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// List methods, create an order, look an order up: all a till needs from a gateway.
#[async_trait]
pub trait Gateway: Send + Sync + fmt::Debug {
    fn kind(&self) -> GatewayKind;
    /// Sorted by the gateway's display order.
    async fn payment_methods(&self) -> Result<Vec<PaymentMethod>, GatewayError>;
    async fn create_order(&self, request: &CreateOrderRequest) -> Result<Order, GatewayError>;
    async fn query_order(&self, merchant_order_id: &str) -> Result<Order, GatewayError>;
}

#[async_trait]
impl Gateway for PayStableCoinClient {
    fn kind(&self) -> GatewayKind {
        GatewayKind::PayStableCoin
    }

    async fn payment_methods(&self) -> Result<Vec<PaymentMethod>, GatewayError> {
        PayStableCoinClient::payment_methods(self).await
    }

    async fn create_order(&self, request: &CreateOrderRequest) -> Result<Order, GatewayError> {
        PayStableCoinClient::create_order(self, request).await
    }

    async fn query_order(&self, merchant_order_id: &str) -> Result<Order, GatewayError> {
        PayStableCoinClient::query_order(self, merchant_order_id).await
    }
}

#[async_trait]
impl Gateway for BlockAtmClient {
    fn kind(&self) -> GatewayKind {
        GatewayKind::BlockAtm
    }

    async fn payment_methods(&self) -> Result<Vec<PaymentMethod>, GatewayError> {
        BlockAtmClient::payment_methods(self).await
    }

    async fn create_order(&self, request: &CreateOrderRequest) -> Result<Order, GatewayError> {
        BlockAtmClient::create_order(self, request).await
    }

    async fn query_order(&self, merchant_order_id: &str) -> Result<Order, GatewayError> {
        BlockAtmClient::query_order(self, merchant_order_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [GatewayKind::PayStableCoin, GatewayKind::BlockAtm] {
            assert_eq!(GatewayKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(GatewayKind::parse("stripe"), None);
    }
}
