//! Going through every sale of a period in order without holding them all in memory: the daily
//! report and the exports read a whole day (or a year) this way, one row at a time.

use jiff::Timestamp;
use rusqlite::params;

use crate::row::{timestamp_to_sql, RawSale, SALE_COLUMNS};
use crate::{Ledger, LedgerError, SaleRecord};

impl Ledger {
    /// Calls `visit` with every sale created in `[from, until)`, oldest first (ties in the order
    /// they were recorded), from one prepared statement: memory stays flat however many sales
    /// there are, and the sales seen are one consistent snapshot of the log. Stops at the first
    /// error, from the log or from `visit`.
    pub fn for_each_sale<E>(
        &self,
        from: Timestamp,
        until: Timestamp,
        mut visit: impl FnMut(SaleRecord) -> Result<(), E>,
    ) -> Result<(), E>
    where
        E: From<LedgerError>,
    {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SALE_COLUMNS} FROM sales
                 WHERE created_at >= ?1 AND created_at < ?2
                 ORDER BY created_at ASC, id ASC"
            ))
            .map_err(LedgerError::from)?;
        let rows = statement
            .query_map(params![timestamp_to_sql(from), timestamp_to_sql(until)], RawSale::from_row)
            .map_err(LedgerError::from)?;
        for raw in rows {
            let record = raw.map_err(LedgerError::from)?.into_record()?;
            visit(record)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, new_sale_at};

    #[test]
    fn sales_of_a_period_come_oldest_first_and_visiting_can_stop() {
        let mut ledger = Ledger::open_in_memory().unwrap();
        for seconds in [30, 0, 10, 20, 40] {
            ledger.insert_sale(&new_sale_at(&format!("ST-scan-{seconds:02}"), seconds)).unwrap();
        }
        let mut seen = Vec::new();
        ledger
            .for_each_sale(at(10), at(40), |sale| {
                seen.push(sale.merchant_order_id);
                Ok::<_, LedgerError>(())
            })
            .unwrap();
        assert_eq!(seen, ["ST-scan-10", "ST-scan-20", "ST-scan-30"]);

        let mut visited = 0;
        let stopped = ledger.for_each_sale(at(0), at(100), |_| {
            visited += 1;
            if visited == 2 {
                Err(LedgerError::Corrupt("stop here".into()))
            } else {
                Ok(())
            }
        });
        assert!(matches!(stopped, Err(LedgerError::Corrupt(_))));
        assert_eq!(visited, 2);
    }
}
