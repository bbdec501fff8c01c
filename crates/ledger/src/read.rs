//! Reading the sales log: one sale, a date range of sales, the sales with exception flags, the
//! sales still being watched, and a sale's history.

use rusqlite::{params, Connection, OptionalExtension};

use crate::row::{timestamp_to_sql, RawEvent, RawSale, EVENT_COLUMNS, SALE_COLUMNS};
use crate::{Ledger, LedgerError, SaleEvent, SaleRecord, SaleState, SalesFilter};

impl Ledger {
    pub fn sale(&self, merchant_order_id: &str) -> Result<Option<SaleRecord>, LedgerError> {
        load_sale(&self.conn, merchant_order_id)
    }

    /// Sales created in `[filter.from, filter.until)`, newest first, at most `filter.limit`.
    pub fn list_sales(&self, filter: &SalesFilter) -> Result<Vec<SaleRecord>, LedgerError> {
        self.filtered_sales("TRUE", filter)
    }

    /// The manager's alerts: sales with at least one exception flag, chosen and ordered as in
    /// [`Ledger::list_sales`].
    pub fn sales_with_exceptions(&self, filter: &SalesFilter) -> Result<Vec<SaleRecord>, LedgerError> {
        self.filtered_sales("exceptions <> ''", filter)
    }

    /// Sales matching `condition` (a fixed SQL expression, never user input) and `filter`.
    fn filtered_sales(&self, condition: &str, filter: &SalesFilter) -> Result<Vec<SaleRecord>, LedgerError> {
        // Open ends become the widest bounds rather than `? IS NULL OR …`, which would keep
        // SQLite from using the created_at index.
        let from = filter.from.map_or(i64::MIN, timestamp_to_sql);
        let until = filter.until.map_or(i64::MAX, timestamp_to_sql);
        // A negative LIMIT means "no limit" in SQLite.
        let limit = filter.limit.map_or(-1, |limit| i64::try_from(limit).unwrap_or(i64::MAX));
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {SALE_COLUMNS} FROM sales
             WHERE created_at >= ?1 AND created_at < ?2 AND {condition}
             ORDER BY created_at DESC, id DESC
             LIMIT ?3"
        ))?;
        let rows = statement.query_map(params![from, until, limit], RawSale::from_row)?;
        rows.map(|raw| raw?.into_record()).collect()
    }

    /// Every sale whose state is not terminal (including Creating and Cancelled), oldest first:
    /// the sales the till must reconcile with the gateway on start and keep watching.
    pub fn open_sales(&self) -> Result<Vec<SaleRecord>, LedgerError> {
        let mut statement = self.conn.prepare_cached(&open_sales_query())?;
        let rows = statement.query_map([], RawSale::from_row)?;
        rows.map(|raw| raw?.into_record()).collect()
    }

    /// A sale's history, oldest first (in the order it was recorded). Err(UnknownSale) if there is
    /// no such sale.
    pub fn events(&self, merchant_order_id: &str) -> Result<Vec<SaleEvent>, LedgerError> {
        let sale_id: i64 = self
            .conn
            .query_row("SELECT id FROM sales WHERE merchant_order_id = ?1", [merchant_order_id], |row| {
                row.get(0)
            })
            .optional()?
            .ok_or_else(|| LedgerError::UnknownSale(merchant_order_id.to_owned()))?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM sale_events WHERE sale_id = ?1 ORDER BY id ASC"
        ))?;
        let rows = statement.query_map([sale_id], RawEvent::from_row)?;
        rows.map(|raw| raw?.into_event(merchant_order_id)).collect()
    }
}

/// One sale by its order id; shared with the writers, which read inside their transaction.
pub(crate) fn load_sale(
    conn: &Connection,
    merchant_order_id: &str,
) -> Result<Option<SaleRecord>, LedgerError> {
    let raw = conn
        .prepare_cached(&format!("SELECT {SALE_COLUMNS} FROM sales WHERE merchant_order_id = ?1"))?
        .query_row([merchant_order_id], RawSale::from_row)
        .optional()?;
    raw.map(RawSale::into_record).transpose()
}

/// The open sales, oldest first. Named by what they are (`IN` the open states), not by what they
/// are not: SQLite then finds the few open sales through the state index, where `NOT IN` the
/// final ones made it walk every sale (0.4 s at each start with a million of them).
fn open_sales_query() -> String {
    let open: Vec<String> = SaleState::ALL
        .into_iter()
        .filter(|state| !state.is_terminal())
        // The names are fixed lowercase words, safe to inline as SQL string literals.
        .map(|state| format!("'{}'", state.as_str()))
        .collect();
    format!(
        "SELECT {SALE_COLUMNS} FROM sales WHERE state IN ({}) ORDER BY created_at ASC, id ASC",
        open.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, new_sale, new_sale_at, update};

    fn ids(sales: &[SaleRecord]) -> Vec<&str> {
        sales.iter().map(|sale| sale.merchant_order_id.as_str()).collect()
    }

    #[test]
    fn open_sales_are_the_ones_still_to_watch_oldest_first() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        // Inserted newest first, to show the order comes from created_at.
        for (offset, state) in SaleState::ALL.into_iter().enumerate().rev() {
            let id = format!("ST-open-{}", state.as_str());
            let seconds = i64::try_from(offset).unwrap() * 10;
            ledger.insert_sale(&new_sale_at(&id, seconds)).unwrap();
            if state != SaleState::Creating {
                ledger.record_status(&id, &update(state, None, seconds + 1)).unwrap().unwrap();
            }
        }
        let open = ledger.open_sales().unwrap();
        assert_eq!(
            ids(&open),
            ["ST-open-creating", "ST-open-awaiting", "ST-open-processing", "ST-open-cancelled"]
        );
        // Found through the state index, not by walking every sale in the log (the till asks
        // for them at every start, and a shop's log holds years of sales).
        let plan: Vec<String> = ledger
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", open_sales_query()))
            .unwrap()
            .query_map([], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(plan.iter().any(|step| step.contains("INDEX sales_state")), "{plan:?}");
    }

    #[test]
    fn list_sales_takes_a_half_open_range_and_a_limit_newest_first() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        for seconds in [0, 10, 20, 30, 40] {
            ledger.insert_sale(&new_sale_at(&format!("ST-list-{seconds:02}"), seconds)).unwrap();
        }
        let all = ledger.list_sales(&SalesFilter::default()).unwrap();
        assert_eq!(ids(&all), ["ST-list-40", "ST-list-30", "ST-list-20", "ST-list-10", "ST-list-00"]);

        let range = SalesFilter { from: Some(at(10)), until: Some(at(40)), limit: None };
        let in_range = ledger.list_sales(&range).unwrap();
        assert_eq!(ids(&in_range), ["ST-list-30", "ST-list-20", "ST-list-10"]);

        let limited = ledger.list_sales(&SalesFilter { limit: Some(2), ..range }).unwrap();
        assert_eq!(ids(&limited), ["ST-list-30", "ST-list-20"]);

        let since = ledger.list_sales(&SalesFilter { from: Some(at(25)), ..SalesFilter::default() }).unwrap();
        assert_eq!(ids(&since), ["ST-list-40", "ST-list-30"]);
    }

    #[test]
    fn alerts_are_the_flagged_sales_in_range_newest_first() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        for seconds in [0, 10, 20, 30, 40] {
            let id = format!("ST-alert-{seconds:02}");
            ledger.insert_sale(&new_sale_at(&id, seconds)).unwrap();
            if seconds != 20 {
                let mut flagged = update(SaleState::Paid, Some("SUCCEEDED"), seconds + 5);
                flagged.exceptions = vec![crate::SaleException::PaidLate];
                ledger.record_status(&id, &flagged).unwrap().unwrap();
            }
        }
        let all = ledger.sales_with_exceptions(&SalesFilter::default()).unwrap();
        assert_eq!(ids(&all), ["ST-alert-40", "ST-alert-30", "ST-alert-10", "ST-alert-00"]);
        assert!(all.iter().all(|sale| sale.exceptions == [crate::SaleException::PaidLate]));

        let range = SalesFilter { from: Some(at(10)), until: Some(at(40)), limit: None };
        assert_eq!(ids(&ledger.sales_with_exceptions(&range).unwrap()), ["ST-alert-30", "ST-alert-10"]);
        let limited = SalesFilter { limit: Some(1), ..range };
        assert_eq!(ids(&ledger.sales_with_exceptions(&limited).unwrap()), ["ST-alert-30"]);
        // The unflagged sale is still an ordinary sale.
        assert_eq!(ledger.list_sales(&SalesFilter::default()).unwrap().len(), 5);
    }

    #[test]
    fn an_unknown_sale_is_none_and_has_no_history() {
        let ledger = Ledger::open_in_memory().unwrap();
        assert_eq!(ledger.sale("ST-nowhere-0002").unwrap(), None);
        let err = ledger.events("ST-nowhere-0002").unwrap_err();
        assert!(matches!(err, LedgerError::UnknownSale(_)), "{err:?}");
    }

    #[test]
    fn a_damaged_amount_is_reported_not_panicked_on() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        ledger.insert_sale(&new_sale("ST-damaged-0001")).unwrap();
        ledger
            .conn
            .execute(
                "UPDATE sales SET order_amount = '12,50' WHERE merchant_order_id = ?1",
                ["ST-damaged-0001"],
            )
            .unwrap();

        let err = ledger.sale("ST-damaged-0001").unwrap_err();
        assert!(matches!(err, LedgerError::Corrupt(_)), "{err:?}");
        let message = err.to_string();
        assert!(message.contains("ST-damaged-0001"), "{message}");
        assert!(message.contains("order_amount"), "{message}");
        assert!(matches!(ledger.list_sales(&SalesFilter::default()), Err(LedgerError::Corrupt(_))));
        assert!(matches!(ledger.open_sales(), Err(LedgerError::Corrupt(_))));
    }

    #[test]
    fn a_damaged_state_is_reported_not_panicked_on() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        ledger.insert_sale(&new_sale("ST-damaged-0002")).unwrap();
        // The CHECK constraint keeps the app from writing this; another tool might not.
        ledger
            .conn
            .execute_batch(
                "PRAGMA ignore_check_constraints = ON;
                 UPDATE sales SET state = 'PAID' WHERE merchant_order_id = 'ST-damaged-0002';
                 UPDATE sale_events SET to_state = 'gone';",
            )
            .unwrap();
        let err = ledger.sale("ST-damaged-0002").unwrap_err();
        assert!(
            matches!(&err, LedgerError::Corrupt(message) if message.contains("ST-damaged-0002")),
            "{err:?}"
        );
        let err = ledger.events("ST-damaged-0002").unwrap_err();
        assert!(matches!(err, LedgerError::Corrupt(_)), "{err:?}");
    }

    #[test]
    fn an_unknown_flag_is_reported_naming_the_sale() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        ledger.insert_sale(&new_sale("ST-damaged-0003")).unwrap();
        ledger
            .conn
            .execute(
                "UPDATE sales SET exceptions = 'paid_late,refunded' WHERE merchant_order_id = ?1",
                ["ST-damaged-0003"],
            )
            .unwrap();
        let err = ledger.sale("ST-damaged-0003").unwrap_err();
        assert!(
            matches!(&err, LedgerError::Corrupt(message)
                if message.contains("ST-damaged-0003") && message.contains("exceptions")),
            "{err:?}"
        );
        assert!(matches!(
            ledger.sales_with_exceptions(&SalesFilter::default()),
            Err(LedgerError::Corrupt(_))
        ));
    }

    #[test]
    fn the_schema_refuses_an_unknown_state() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        ledger.insert_sale(&new_sale("ST-check-0001")).unwrap();
        let refused = ledger
            .conn
            .execute("UPDATE sales SET state = 'refunded' WHERE merchant_order_id = 'ST-check-0001'", []);
        assert!(refused.is_err());
    }
}
