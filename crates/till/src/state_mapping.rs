//! The till's sale state derived from the gateway's status: never guessed, never moved backwards.

use stabletill_gateway::OrderStatus;
use stabletill_ledger::SaleState;

/// The state a sale in `current` moves to when the gateway reports `status`.
pub(crate) fn next_state(current: SaleState, status: &OrderStatus) -> SaleState {
    if current.is_terminal() {
        // A final state is final: a gateway that later says otherwise is not believed here.
        return current;
    }
    match status {
        OrderStatus::Succeeded => SaleState::Paid,
        OrderStatus::Failed => SaleState::Failed,
        OrderStatus::Closed => SaleState::Expired,
        // A sale the cashier cancelled stays cancelled (and watched) until the gateway is final.
        _ if current == SaleState::Cancelled => SaleState::Cancelled,
        OrderStatus::Processing => SaleState::Processing,
        // Never back from "payment seen" to "awaiting": the cashier would be told to take the
        // payment again. The refresh flags the contradiction for the manager.
        OrderStatus::Other(_) if current == SaleState::Processing => SaleState::Processing,
        // Undocumented non-terminal statuses (e.g. the one before any transaction) mean "awaiting".
        OrderStatus::Other(_) => SaleState::Awaiting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_statuses_map_to_till_states() {
        let awaiting = SaleState::Awaiting;
        assert_eq!(next_state(awaiting, &OrderStatus::parse("PENDING")), SaleState::Awaiting);
        assert_eq!(next_state(awaiting, &OrderStatus::parse("SOMETHING_NEW")), SaleState::Awaiting);
        assert_eq!(next_state(awaiting, &OrderStatus::Processing), SaleState::Processing);
        assert_eq!(next_state(SaleState::Processing, &OrderStatus::Succeeded), SaleState::Paid);
        assert_eq!(next_state(awaiting, &OrderStatus::Failed), SaleState::Failed);
        assert_eq!(next_state(awaiting, &OrderStatus::Closed), SaleState::Expired);
    }

    #[test]
    fn final_states_stay_and_cancelled_waits_for_the_gateway() {
        assert_eq!(next_state(SaleState::Paid, &OrderStatus::parse("PENDING")), SaleState::Paid);
        assert_eq!(next_state(SaleState::Processing, &OrderStatus::parse("PENDING")), SaleState::Processing);
        assert_eq!(next_state(SaleState::Cancelled, &OrderStatus::Processing), SaleState::Cancelled);
        assert_eq!(next_state(SaleState::Cancelled, &OrderStatus::Succeeded), SaleState::Paid);
    }
}
