//! Why a simulated customer payment was refused.

/// Returned by [`crate::RunningSimulator::pay`] (and the `/_simulator/…/pay` control route).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimulatorError {
    #[error("the simulator has no order {merchant_order_id:?}")]
    UnknownOrder { merchant_order_id: String },
    #[error("order {merchant_order_id:?} is CLOSED (expired unpaid) and can no longer be paid")]
    OrderClosed { merchant_order_id: String },
    #[error("order {merchant_order_id:?} has already been paid (status {status})")]
    AlreadyPaid { merchant_order_id: String, status: String },
    #[error("a payment must be a positive amount, not {amount}")]
    InvalidAmount { amount: String },
}
