//! Writing to the sales log: a new sale, the gateway's order details, status observations.
//!
//! Every write runs in an IMMEDIATE transaction: it takes the write lock up front, so a second
//! process on the same file makes it wait (busy timeout) instead of failing half-way through a
//! read-then-write.

use rusqlite::{named_params, Connection, ErrorCode, Transaction, TransactionBehavior};

use crate::exception::{exceptions_to_sql, merge_exceptions};
use crate::read::load_sale;
use crate::row::{decimal_to_sql, timestamp_to_sql};
use crate::{Ledger, LedgerError, NewSale, OrderDetails, SaleRecord, SaleState, StatusUpdate};

/// The `source` of the event that opens every sale's history.
const INSERT_SOURCE: &str = "till";

impl Ledger {
    /// Commits the sale row in state Creating (plus its first sale_events row, from None to
    /// Creating, source "till") BEFORE any gateway request is sent. Err(DuplicateOrderId) if the
    /// id exists; Err(Damaged) once the file's integrity check has found damage.
    pub fn insert_sale(&mut self, sale: &NewSale) -> Result<SaleRecord, LedgerError> {
        // A log the background check found damaged takes no new sales; the ones already started
        // are still followed to the end (their payments are real).
        self.file_check.refuse_if_damaged(&self.path)?;
        let tx = begin(&mut self.conn)?;
        let created_at = timestamp_to_sql(sale.created_at);
        let inserted = tx.execute(
            "INSERT INTO sales (merchant_order_id, gateway, order_amount, currency, network,
                                state, expires_at, created_at, updated_at, cashier)
             VALUES (:merchant_order_id, :gateway, :order_amount, :currency, :network,
                     :state, :expires_at, :created_at, :created_at, :cashier)",
            named_params! {
                ":merchant_order_id": sale.merchant_order_id,
                ":gateway": sale.gateway,
                ":order_amount": decimal_to_sql(sale.order_amount),
                ":currency": sale.currency,
                ":network": sale.network,
                ":state": SaleState::Creating.as_str(),
                ":expires_at": sale.expires_at.map(timestamp_to_sql),
                ":created_at": created_at,
                ":cashier": sale.cashier.as_deref().map(str::trim).filter(|name| !name.is_empty()),
            },
        );
        if let Err(err) = inserted {
            return Err(if is_unique_violation(&err) {
                LedgerError::DuplicateOrderId(sale.merchant_order_id.clone())
            } else {
                err.into()
            });
        }
        let sale_id = tx.last_insert_rowid();
        append_event(
            &tx,
            sale_id,
            &StatusUpdate {
                state: SaleState::Creating,
                raw_status: None,
                crypto_paid_amount: None,
                at: sale.created_at,
                source: INSERT_SOURCE.to_owned(),
                note: None,
                exceptions: Vec::new(),
            },
            None,
        )?;
        let record = existing(&tx, &sale.merchant_order_id)?;
        tx.commit()?;
        tracing::info!(merchant_order_id = %sale.merchant_order_id, "sale recorded");
        Ok(record)
    }

    /// Stores the gateway's order details for a sale (after a successful create or an adopted
    /// query) together with a status update, in one transaction.
    ///
    /// The details are always written; the status update follows the rules of
    /// [`Ledger::record_status`]. An `acquiring_order_id` of `None` keeps a known one.
    pub fn record_order(
        &mut self,
        merchant_order_id: &str,
        details: &OrderDetails,
        update: &StatusUpdate,
    ) -> Result<SaleRecord, LedgerError> {
        let tx = begin(&mut self.conn)?;
        let current = existing(&tx, merchant_order_id)?;
        tx.execute(
            "UPDATE sales SET
                acquiring_order_id = COALESCE(:acquiring_order_id, acquiring_order_id),
                deposit_address = :deposit_address,
                payment_link = :payment_link,
                crypto_amount = :crypto_amount,
                crypto_currency = :crypto_currency,
                network_display_name = :network_display_name,
                expires_at = :expires_at,
                updated_at = :updated_at
             WHERE id = :id",
            named_params! {
                ":acquiring_order_id": details.acquiring_order_id,
                ":deposit_address": details.deposit_address,
                ":payment_link": details.payment_link,
                ":crypto_amount": decimal_to_sql(details.crypto_amount),
                ":crypto_currency": details.crypto_currency,
                ":network_display_name": details.network_display_name,
                ":expires_at": timestamp_to_sql(details.expires_at),
                ":updated_at": timestamp_to_sql(update.at),
                ":id": current.id,
            },
        )?;
        apply_status(&tx, &current, update)?;
        let record = existing(&tx, merchant_order_id)?;
        tx.commit()?;
        tracing::info!(merchant_order_id, state = record.state.as_str(), "order details recorded");
        Ok(record)
    }

    /// Records a status observation. Writes (and appends a sale_events row) only when the state,
    /// raw status or paid amount changed or a new exception flag is added; returns Some(new
    /// record) if something changed, None if the observation was identical. Sets finished_at the
    /// first time the state becomes terminal.
    ///
    /// A `raw_status` or `crypto_paid_amount` of `None` means "not reported" and keeps the stored
    /// value, so a cashier's cancel does not erase what the gateway said. Flags are only ever
    /// added. A non-empty note of an update that changes the sale becomes its `reason`.
    pub fn record_status(
        &mut self,
        merchant_order_id: &str,
        update: &StatusUpdate,
    ) -> Result<Option<SaleRecord>, LedgerError> {
        let tx = begin(&mut self.conn)?;
        let current = existing(&tx, merchant_order_id)?;
        if !apply_status(&tx, &current, update)? {
            // Nothing was written; dropping the transaction just releases the lock.
            return Ok(None);
        }
        let record = existing(&tx, merchant_order_id)?;
        tx.commit()?;
        Ok(Some(record))
    }
}

fn begin(conn: &mut Connection) -> Result<Transaction<'_>, LedgerError> {
    Ok(conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// The stored sale, or UnknownSale. Writes also use it to return the row as stored (timestamps to
/// the millisecond) rather than as given.
fn existing(conn: &Connection, merchant_order_id: &str) -> Result<SaleRecord, LedgerError> {
    load_sale(conn, merchant_order_id)?.ok_or_else(|| LedgerError::UnknownSale(merchant_order_id.to_owned()))
}

fn is_unique_violation(err: &rusqlite::Error) -> bool {
    matches!(
        err,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.code == ErrorCode::ConstraintViolation
                && failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

/// Applies `update` to the sale `current` if it changes anything; returns whether it did.
fn apply_status(
    tx: &Transaction<'_>,
    current: &SaleRecord,
    update: &StatusUpdate,
) -> Result<bool, LedgerError> {
    let raw_status = update.raw_status.as_ref().or(current.raw_status.as_ref());
    let paid = update.crypto_paid_amount.or(current.crypto_paid_amount);
    let exceptions = merge_exceptions(&current.exceptions, &update.exceptions);
    if update.state == current.state
        && raw_status == current.raw_status.as_ref()
        && paid == current.crypto_paid_amount
        && exceptions == current.exceptions
    {
        return Ok(false);
    }
    if current.state.is_terminal() && update.state != current.state {
        // The ledger records what it is told, but this is worth a look in the logs.
        tracing::warn!(
            merchant_order_id = %current.merchant_order_id,
            from = current.state.as_str(),
            to = update.state.as_str(),
            source = %update.source,
            "a finished sale changed state"
        );
    }
    let finished_at = current.finished_at.or_else(|| update.state.is_terminal().then_some(update.at));
    // An update without a note (the next poll) must not erase why the sale was voided.
    let reason = update.note.as_ref().filter(|note| !note.trim().is_empty()).or(current.reason.as_ref());
    tx.execute(
        "UPDATE sales SET state = :state, raw_status = :raw_status,
                crypto_paid_amount = :crypto_paid_amount, updated_at = :updated_at,
                finished_at = :finished_at, exceptions = :exceptions, reason = :reason
         WHERE id = :id",
        named_params! {
            ":state": update.state.as_str(),
            ":raw_status": raw_status,
            ":crypto_paid_amount": paid.map(decimal_to_sql),
            ":updated_at": timestamp_to_sql(update.at),
            ":finished_at": finished_at.map(timestamp_to_sql),
            ":exceptions": exceptions_to_sql(&exceptions),
            ":reason": reason,
            ":id": current.id,
        },
    )?;
    append_event(tx, current.id, update, Some(current.state))?;
    tracing::info!(
        merchant_order_id = %current.merchant_order_id,
        from = current.state.as_str(),
        to = update.state.as_str(),
        raw_status = update.raw_status.as_deref(),
        exceptions = %exceptions_to_sql(&exceptions),
        source = %update.source,
        "sale status recorded"
    );
    Ok(true)
}

fn append_event(
    tx: &Transaction<'_>,
    sale_id: i64,
    update: &StatusUpdate,
    from_state: Option<SaleState>,
) -> Result<(), LedgerError> {
    tx.execute(
        "INSERT INTO sale_events (sale_id, at, from_state, to_state, raw_status, source, note)
         VALUES (:sale_id, :at, :from_state, :to_state, :raw_status, :source, :note)",
        named_params! {
            ":sale_id": sale_id,
            ":at": timestamp_to_sql(update.at),
            ":from_state": from_state.map(|state| state.as_str()),
            ":to_state": update.state.as_str(),
            ":raw_status": update.raw_status,
            ":source": update.source,
            ":note": update.note,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{at, dec, new_sale, order_details, paid_at, update};
    use crate::SalesFilter;

    fn ledger() -> Ledger {
        Ledger::open_in_memory().unwrap()
    }

    #[test]
    fn a_new_sale_is_stored_as_creating_with_its_first_event() {
        let mut ledger = ledger();
        let record = ledger.insert_sale(&new_sale("ST-till1-0001")).unwrap();
        assert_eq!(record.state, SaleState::Creating);
        assert_eq!(record.merchant_order_id, "ST-till1-0001");
        assert_eq!(record.created_at, at(0));
        assert_eq!(record.updated_at, at(0));
        assert_eq!(record.finished_at, None);
        assert_eq!(record.deposit_address, None);
        assert_eq!(ledger.sale("ST-till1-0001").unwrap(), Some(record));

        let events = ledger.events("ST-till1-0001").unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].from_state, None);
        assert_eq!(events[0].to_state, SaleState::Creating);
        assert_eq!(events[0].source, "till");
        assert_eq!(events[0].at, at(0));
    }

    #[test]
    fn a_duplicate_order_id_is_refused_and_nothing_changes() {
        let mut ledger = ledger();
        let first = ledger.insert_sale(&new_sale("ST-till1-0002")).unwrap();
        let mut again = new_sale("ST-till1-0002");
        again.order_amount = dec("99.00");
        again.created_at = at(5);

        let err = ledger.insert_sale(&again).unwrap_err();
        assert!(matches!(&err, LedgerError::DuplicateOrderId(id) if id == "ST-till1-0002"), "{err:?}");
        assert_eq!(ledger.sale("ST-till1-0002").unwrap(), Some(first));
        assert_eq!(ledger.events("ST-till1-0002").unwrap().len(), 1);
        assert_eq!(ledger.list_sales(&SalesFilter::default()).unwrap().len(), 1);
    }

    #[test]
    fn a_sale_goes_from_creating_to_paid_and_its_history_is_kept_in_order() {
        let mut ledger = ledger();
        let id = "ST-till1-0003";
        ledger.insert_sale(&new_sale(id)).unwrap();

        let mut created = update(SaleState::Awaiting, Some("PENDING"), 2);
        created.source = "create".to_owned();
        let awaiting = ledger.record_order(id, &order_details(), &created).unwrap();
        assert_eq!(awaiting.state, SaleState::Awaiting);
        assert_eq!(awaiting.raw_status.as_deref(), Some("PENDING"));
        assert_eq!(awaiting.acquiring_order_id.as_deref(), Some("PSC-778899"));
        assert_eq!(awaiting.deposit_address.as_deref(), Some("TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"));
        assert_eq!(awaiting.crypto_amount, Some(dec("12.500000")));
        assert_eq!(awaiting.crypto_currency.as_deref(), Some("USDT"));
        assert_eq!(awaiting.network_display_name.as_deref(), Some("Tron (TRC20)"));
        assert_eq!(awaiting.expires_at, Some(at(900)));
        assert_eq!(awaiting.updated_at, at(2));

        let processing = update(SaleState::Processing, Some("PROCESSING"), 30);
        let record = ledger.record_status(id, &processing).unwrap().unwrap();
        assert_eq!(record.state, SaleState::Processing);
        assert_eq!(record.finished_at, None);

        // The next poll says the same thing: nothing is written, not even updated_at.
        let same_again = update(SaleState::Processing, Some("PROCESSING"), 35);
        assert_eq!(ledger.record_status(id, &same_again).unwrap(), None);
        assert_eq!(ledger.sale(id).unwrap(), Some(record));

        let paid = ledger.record_status(id, &paid_at(60)).unwrap().unwrap();
        assert_eq!(paid.state, SaleState::Paid);
        assert_eq!(paid.raw_status.as_deref(), Some("SUCCEEDED"));
        assert_eq!(paid.crypto_paid_amount, Some(dec("12.500000")));
        assert_eq!(paid.finished_at, Some(at(60)));

        // A later void changes the state but not when the sale finished.
        let mut void = update(SaleState::Void, None, 600);
        void.source = "cashier".to_owned();
        void.note = Some("customer returned the goods".to_owned());
        let voided = ledger.record_status(id, &void).unwrap().unwrap();
        assert_eq!(voided.state, SaleState::Void);
        assert_eq!(voided.finished_at, Some(at(60)));
        assert_eq!(voided.updated_at, at(600));
        assert_eq!(voided.raw_status.as_deref(), Some("SUCCEEDED"), "raw status kept");

        let events = ledger.events(id).unwrap();
        let steps: Vec<_> =
            events.iter().map(|event| (event.from_state, event.to_state, event.source.as_str())).collect();
        assert_eq!(
            steps,
            [
                (None, SaleState::Creating, "till"),
                (Some(SaleState::Creating), SaleState::Awaiting, "create"),
                (Some(SaleState::Awaiting), SaleState::Processing, "poll"),
                (Some(SaleState::Processing), SaleState::Paid, "poll"),
                (Some(SaleState::Paid), SaleState::Void, "cashier"),
            ]
        );
        let times: Vec<_> = events.iter().map(|event| event.at).collect();
        assert_eq!(times, [at(0), at(2), at(30), at(60), at(600)]);
        assert_eq!(events[3].raw_status.as_deref(), Some("SUCCEEDED"));
        assert_eq!(events[4].raw_status, None);
        assert_eq!(events[4].note.as_deref(), Some("customer returned the goods"));
    }

    #[test]
    fn a_change_in_raw_status_or_paid_amount_alone_is_recorded() {
        let mut ledger = ledger();
        let id = "ST-till1-0004";
        ledger.insert_sale(&new_sale(id)).unwrap();
        ledger.record_status(id, &update(SaleState::Awaiting, Some("PENDING"), 1)).unwrap().unwrap();
        // Unknown non-terminal statuses stay "awaiting" but the raw string must be kept.
        let renamed = ledger
            .record_status(id, &update(SaleState::Awaiting, Some("WAITING_PAYMENT"), 2))
            .unwrap()
            .unwrap();
        assert_eq!(renamed.raw_status.as_deref(), Some("WAITING_PAYMENT"));

        let mut partial = update(SaleState::Processing, Some("PROCESSING"), 3);
        partial.crypto_paid_amount = Some(dec("5.00"));
        ledger.record_status(id, &partial).unwrap().unwrap();
        partial.crypto_paid_amount = Some(dec("12.50"));
        partial.at = at(4);
        let topped_up = ledger.record_status(id, &partial).unwrap().unwrap();
        assert_eq!(topped_up.crypto_paid_amount, Some(dec("12.50")));
        assert_eq!(ledger.events(id).unwrap().len(), 5);
    }

    #[test]
    fn a_cashier_cancel_keeps_what_the_gateway_last_said() {
        let mut ledger = ledger();
        let id = "ST-till1-0005";
        ledger.insert_sale(&new_sale(id)).unwrap();
        let mut seen = update(SaleState::Processing, Some("PROCESSING"), 10);
        seen.crypto_paid_amount = Some(dec("3.25"));
        ledger.record_status(id, &seen).unwrap().unwrap();

        let mut cancel = update(SaleState::Cancelled, None, 20);
        cancel.source = "cashier".to_owned();
        let cancelled = ledger.record_status(id, &cancel).unwrap().unwrap();
        assert_eq!(cancelled.state, SaleState::Cancelled);
        assert_eq!(cancelled.raw_status.as_deref(), Some("PROCESSING"));
        assert_eq!(cancelled.crypto_paid_amount, Some(dec("3.25")));
        assert_eq!(cancelled.finished_at, None, "cancelled is not finished");
    }

    #[test]
    fn amounts_come_back_exactly_as_given() {
        let mut ledger = ledger();
        let id = "ST-till1-0006";
        let mut sale = new_sale(id);
        sale.order_amount = dec("0.000001");
        ledger.insert_sale(&sale).unwrap();
        let mut details = order_details();
        details.crypto_amount = dec("0.000001");
        let mut paid = paid_at(60);
        paid.crypto_paid_amount = Some(dec("0.0000010"));
        ledger.record_order(id, &details, &paid).unwrap();

        let stored = ledger.sale(id).unwrap().unwrap();
        assert_eq!(stored.order_amount.to_string(), "0.000001");
        assert_eq!(stored.crypto_amount.unwrap().to_string(), "0.000001");
        assert_eq!(stored.crypto_paid_amount.unwrap().to_string(), "0.0000010");

        let other = ledger.insert_sale(&new_sale("ST-till1-0007")).unwrap();
        assert_eq!(other.order_amount.to_string(), "12.50");
        let text: String = ledger
            .conn
            .query_row(
                "SELECT order_amount FROM sales WHERE merchant_order_id = 'ST-till1-0007'",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(text, "12.50", "stored as the decimal string, never a float");

        // Callers serialize records to JSON for the UI and exports: amounts stay strings.
        let json = serde_json::to_value(&other).unwrap();
        assert_eq!(json["order_amount"], "12.50");
        assert_eq!(json["state"], "creating");
    }

    #[test]
    fn the_reason_for_a_void_is_kept_on_the_sale() {
        let mut ledger = ledger();
        let id = "ST-till1-0008";
        ledger.insert_sale(&new_sale(id)).unwrap();
        assert_eq!(ledger.sale(id).unwrap().unwrap().reason, None);

        let mut void = update(SaleState::Void, None, 30);
        void.source = "till".to_owned();
        void.note = Some("the gateway never received this order".to_owned());
        let voided = ledger.record_status(id, &void).unwrap().unwrap();
        assert_eq!(voided.reason.as_deref(), Some("the gateway never received this order"));

        // Later updates without a note (or with a blank one) keep it.
        let mut blank = update(SaleState::Void, Some("EXPIRED"), 40);
        blank.note = Some("  ".to_owned());
        let later = ledger.record_status(id, &blank).unwrap().unwrap();
        assert_eq!(later.reason.as_deref(), Some("the gateway never received this order"));

        // A note on an update that changes nothing is not a new reason.
        let mut same = update(SaleState::Void, Some("EXPIRED"), 50);
        same.note = Some("polled again".to_owned());
        assert_eq!(ledger.record_status(id, &same).unwrap(), None);
        let stored = ledger.sale(id).unwrap().unwrap();
        assert_eq!(stored.reason.as_deref(), Some("the gateway never received this order"));
    }

    #[test]
    fn the_cashier_is_kept_trimmed_and_a_blank_name_is_none() {
        let mut ledger = ledger();
        let mut sale = new_sale("ST-till1-0009");
        sale.cashier = Some("  Anna Müller ".to_owned());
        assert_eq!(ledger.insert_sale(&sale).unwrap().cashier.as_deref(), Some("Anna Müller"));
        let mut blank = new_sale("ST-till1-0010");
        blank.cashier = Some("   ".to_owned());
        assert_eq!(ledger.insert_sale(&blank).unwrap().cashier, None);
        let json = serde_json::to_value(ledger.sale("ST-till1-0009").unwrap().unwrap()).unwrap();
        assert_eq!(json["cashier"], "Anna Müller");
    }

    #[test]
    fn updates_to_an_unknown_sale_are_refused() {
        let mut ledger = ledger();
        let err = ledger.record_status("ST-nowhere-0001", &paid_at(1)).unwrap_err();
        assert!(matches!(&err, LedgerError::UnknownSale(id) if id == "ST-nowhere-0001"));
        let err = ledger.record_order("ST-nowhere-0001", &order_details(), &paid_at(1)).unwrap_err();
        assert!(matches!(err, LedgerError::UnknownSale(_)));
        assert!(ledger.list_sales(&SalesFilter::default()).unwrap().is_empty());
    }
}
