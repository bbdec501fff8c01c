//! Why a simulated customer payment (or a simulated gateway failure) was refused.

/// Returned by [`crate::RunningSimulator::pay`] and [`crate::RunningSimulator::fail`] (and their
/// `/_simulator/orders/{id}/…` control routes).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimulatorError {
    #[error("the simulator has no order {merchant_order_id:?}")]
    UnknownOrder { merchant_order_id: String },
    /// The gateway has closed the order (expired unpaid, past the close grace); the payment is
    /// refused and listed in [`crate::RunningSimulator::late_payments`].
    #[error("order {merchant_order_id:?} is CLOSED (expired unpaid) and can no longer be paid")]
    OrderClosed { merchant_order_id: String },
    #[error("order {merchant_order_id:?} has already been paid (status {status})")]
    AlreadyPaid { merchant_order_id: String, status: String },
    /// The order is SUCCEEDED, FAILED or CLOSED, which nothing changes any more.
    #[error("order {merchant_order_id:?} is final (status {status}) and cannot change")]
    AlreadyFinal { merchant_order_id: String, status: String },
    #[error("a payment must be a positive amount, not {amount}")]
    InvalidAmount { amount: String },
}
