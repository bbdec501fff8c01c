//! Exception flags: what went wrong with a sale's payment, kept beside its state so a manager can
//! find and settle it. A flag is never removed once set: it records that something happened.

use serde::{Deserialize, Serialize};

/// Something about a sale's payment that a manager must look at. Ordered, so a sale's flags are
/// stored and shown in one fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleException {
    /// The customer sent less than was asked.
    Underpaid,
    /// The customer sent more than was asked.
    Overpaid,
    /// The payment arrived after the order had expired.
    PaidLate,
    /// The payment arrived after the cashier had cancelled the sale.
    PaidAfterCancel,
    /// The gateway contradicted itself or the sale: a status that went backwards, another amount,
    /// currency or address than the order was created with, a paid amount in another currency or
    /// below zero. The sale's reason says what; check the order in the gateway's portal.
    InconsistentAnswer,
}

impl SaleException {
    /// Every flag, in stored order.
    pub(crate) const ALL: [SaleException; 5] =
        [Self::Underpaid, Self::Overpaid, Self::PaidLate, Self::PaidAfterCancel, Self::InconsistentAnswer];

    /// The stored (and serialized) name. These strings are in the database: never change one.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Underpaid => "underpaid",
            Self::Overpaid => "overpaid",
            Self::PaidLate => "paid_late",
            Self::PaidAfterCancel => "paid_after_cancel",
            Self::InconsistentAnswer => "inconsistent_answer",
        }
    }

    pub fn parse(s: &str) -> Option<SaleException> {
        Self::ALL.into_iter().find(|flag| flag.as_str() == s)
    }
}

/// The `exceptions` column text: the names joined by commas, "" for none. `flags` must already be
/// sorted and without duplicates, so equal sets are stored as equal text.
pub(crate) fn exceptions_to_sql(flags: &[SaleException]) -> String {
    flags.iter().map(SaleException::as_str).collect::<Vec<_>>().join(",")
}

/// `current` plus `added`, sorted, each flag once.
pub(crate) fn merge_exceptions(current: &[SaleException], added: &[SaleException]) -> Vec<SaleException> {
    let mut merged: Vec<SaleException> = current.iter().chain(added).copied().collect();
    merged.sort_unstable();
    merged.dedup();
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{new_sale, update};
    use crate::{Ledger, SaleState};

    #[test]
    fn every_flag_parses_back_from_its_stored_name_and_json_agrees() {
        for flag in SaleException::ALL {
            assert_eq!(SaleException::parse(flag.as_str()), Some(flag));
            assert_eq!(serde_json::to_string(&flag).unwrap(), format!("\"{}\"", flag.as_str()));
        }
        assert_eq!(SaleException::parse("PaidLate"), None);
        assert_eq!(SaleException::parse(""), None);
    }

    #[test]
    fn merged_flags_are_sorted_and_unique() {
        use SaleException::{Overpaid, PaidAfterCancel, PaidLate, Underpaid};
        let merged = merge_exceptions(&[PaidLate], &[PaidAfterCancel, Underpaid, PaidLate]);
        assert_eq!(merged, [Underpaid, PaidLate, PaidAfterCancel]);
        assert_eq!(exceptions_to_sql(&merged), "underpaid,paid_late,paid_after_cancel");
        assert_eq!(exceptions_to_sql(&merge_exceptions(&[], &[])), "");
        assert_eq!(merge_exceptions(&[Overpaid], &[]), [Overpaid]);
    }

    #[test]
    fn flags_are_added_never_removed_and_each_is_kept_once() {
        use SaleException::{PaidAfterCancel, Underpaid};
        let mut ledger = Ledger::open_in_memory().unwrap();
        let id = "ST-flags-0001";
        ledger.insert_sale(&new_sale(id)).unwrap();
        ledger.record_status(id, &update(SaleState::Cancelled, Some("PENDING"), 10)).unwrap().unwrap();

        // The payment arrives after the cashier gave up, and short.
        let mut late = update(SaleState::Cancelled, Some("PROCESSING"), 20);
        late.exceptions = vec![PaidAfterCancel, Underpaid, PaidAfterCancel];
        let flagged = ledger.record_status(id, &late).unwrap().unwrap();
        assert_eq!(flagged.exceptions, [Underpaid, PaidAfterCancel]);

        // The next poll says nothing about flags: they stay.
        let next =
            ledger.record_status(id, &update(SaleState::Paid, Some("SUCCEEDED"), 30)).unwrap().unwrap();
        assert_eq!(next.state, SaleState::Paid);
        assert_eq!(next.exceptions, [Underpaid, PaidAfterCancel]);

        // The same flag again is no change: nothing written, no event.
        let mut again = update(SaleState::Paid, Some("SUCCEEDED"), 40);
        again.exceptions = vec![Underpaid];
        assert_eq!(ledger.record_status(id, &again).unwrap(), None);
        assert_eq!(ledger.sale(id).unwrap().unwrap(), next);
        let stored: String = ledger
            .conn
            .query_row("SELECT exceptions FROM sales WHERE merchant_order_id = ?1", [id], |row| row.get(0))
            .unwrap();
        assert_eq!(stored, "underpaid,paid_after_cancel");
        assert_eq!(ledger.events(id).unwrap().len(), 4);
    }

    #[test]
    fn a_new_flag_alone_is_a_change_with_an_event() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        let id = "ST-flags-0002";
        ledger.insert_sale(&new_sale(id)).unwrap();
        ledger.record_status(id, &update(SaleState::Paid, Some("SUCCEEDED"), 10)).unwrap().unwrap();

        let mut overpaid = update(SaleState::Paid, Some("SUCCEEDED"), 70);
        overpaid.source = "recovery".to_owned();
        overpaid.exceptions = vec![SaleException::Overpaid];
        let record = ledger.record_status(id, &overpaid).unwrap().unwrap();
        assert_eq!(record.exceptions, [SaleException::Overpaid]);
        assert_eq!(record.updated_at, overpaid.at);
        assert_eq!(record.finished_at, Some(crate::test_support::at(10)), "still finished when it was");

        let events = ledger.events(id).unwrap();
        let last = events.last().unwrap();
        assert_eq!((last.from_state, last.to_state), (Some(SaleState::Paid), SaleState::Paid));
        assert_eq!((last.at, last.source.as_str()), (overpaid.at, "recovery"));
        assert_eq!(events.len(), 3);
    }

    #[test]
    fn flags_show_in_the_json_the_ui_and_exports_get() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        let id = "ST-flags-0003";
        let fresh = ledger.insert_sale(&new_sale(id)).unwrap();
        let json = serde_json::to_string(&fresh).unwrap();
        assert!(json.contains(r#""exceptions":[]"#), "{json}");
        assert!(json.contains(r#""reason":null"#), "{json}");

        let mut late = update(SaleState::Cancelled, Some("SUCCEEDED"), 30);
        late.exceptions = vec![SaleException::PaidAfterCancel];
        let record = ledger.record_status(id, &late).unwrap().unwrap();
        let json = serde_json::to_string(&record).unwrap();
        assert!(json.contains(r#""exceptions":["paid_after_cancel"]"#), "{json}");
    }
}
