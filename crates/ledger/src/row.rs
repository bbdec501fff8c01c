//! Converting between Rust values and SQLite columns: decimals as exact text, timestamps as unix
//! milliseconds, states and exception flags by name. Reading checks every value and reports a damaged one as
//! [`LedgerError::Corrupt`], naming the sale, instead of panicking.

use jiff::Timestamp;
use rusqlite::Row;
use rust_decimal::Decimal;

use crate::{LedgerError, SaleEvent, SaleException, SaleRecord, SaleState};

/// The `sales` columns in the order [`RawSale::from_row`] reads them.
pub(crate) const SALE_COLUMNS: &str = "id, merchant_order_id, gateway, order_amount, currency, \
     network, state, raw_status, acquiring_order_id, deposit_address, crypto_amount, \
     crypto_currency, network_display_name, crypto_paid_amount, expires_at, created_at, \
     updated_at, finished_at, exceptions, reason, cashier, payment_link";

/// The `sale_events` columns in the order [`RawEvent::from_row`] reads them.
pub(crate) const EVENT_COLUMNS: &str = "at, from_state, to_state, raw_status, source, note";

/// The text stored for an amount: exactly the decimal's digits and scale ("12.50" stays "12.50").
pub(crate) fn decimal_to_sql(amount: Decimal) -> String {
    amount.to_string()
}

pub(crate) fn timestamp_to_sql(at: Timestamp) -> i64 {
    at.as_millisecond()
}

/// Where a value came from, for the error message if it is damaged.
struct Context<'a> {
    merchant_order_id: &'a str,
    column: &'static str,
}

impl Context<'_> {
    fn corrupt(&self, what: &str, value: &dyn std::fmt::Debug) -> LedgerError {
        LedgerError::Corrupt(format!(
            "sale {}: column {} holds {value:?}, which is not {what}",
            self.merchant_order_id, self.column
        ))
    }

    fn decimal(&self, text: &str) -> Result<Decimal, LedgerError> {
        // from_str_exact refuses to round: a stored amount must come back digit for digit.
        Decimal::from_str_exact(text).map_err(|_| self.corrupt("a decimal amount", &text))
    }

    fn timestamp(&self, millis: i64) -> Result<Timestamp, LedgerError> {
        Timestamp::from_millisecond(millis).map_err(|_| self.corrupt("a valid time", &millis))
    }

    fn state(&self, text: &str) -> Result<SaleState, LedgerError> {
        SaleState::parse(text).ok_or_else(|| self.corrupt("a sale state", &text))
    }

    /// Comma-separated flag names, "" for none. Sorted and deduplicated here too, so a row edited
    /// by another tool still reads back in the one order the app shows.
    fn exceptions(&self, text: &str) -> Result<Vec<SaleException>, LedgerError> {
        let mut flags = text
            .split(',')
            .filter(|name| !name.is_empty())
            .map(|name| {
                SaleException::parse(name).ok_or_else(|| self.corrupt("a list of sale exceptions", &text))
            })
            .collect::<Result<Vec<_>, _>>()?;
        flags.sort_unstable();
        flags.dedup();
        Ok(flags)
    }
}

/// A `sales` row as SQLite returned it, before its values are checked.
pub(crate) struct RawSale {
    id: i64,
    merchant_order_id: String,
    gateway: String,
    order_amount: String,
    currency: String,
    network: String,
    state: String,
    raw_status: Option<String>,
    acquiring_order_id: Option<String>,
    deposit_address: Option<String>,
    crypto_amount: Option<String>,
    crypto_currency: Option<String>,
    network_display_name: Option<String>,
    crypto_paid_amount: Option<String>,
    expires_at: Option<i64>,
    created_at: i64,
    updated_at: i64,
    finished_at: Option<i64>,
    exceptions: String,
    reason: Option<String>,
    cashier: Option<String>,
    payment_link: Option<String>,
}

impl RawSale {
    /// Reads a row selected with [`SALE_COLUMNS`].
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            id: row.get(0)?,
            merchant_order_id: row.get(1)?,
            gateway: row.get(2)?,
            order_amount: row.get(3)?,
            currency: row.get(4)?,
            network: row.get(5)?,
            state: row.get(6)?,
            raw_status: row.get(7)?,
            acquiring_order_id: row.get(8)?,
            deposit_address: row.get(9)?,
            crypto_amount: row.get(10)?,
            crypto_currency: row.get(11)?,
            network_display_name: row.get(12)?,
            crypto_paid_amount: row.get(13)?,
            expires_at: row.get(14)?,
            created_at: row.get(15)?,
            updated_at: row.get(16)?,
            finished_at: row.get(17)?,
            exceptions: row.get(18)?,
            reason: row.get(19)?,
            cashier: row.get(20)?,
            payment_link: row.get(21)?,
        })
    }

    pub(crate) fn into_record(self) -> Result<SaleRecord, LedgerError> {
        let at = |column| Context { merchant_order_id: &self.merchant_order_id, column };
        let record = SaleRecord {
            id: self.id,
            order_amount: at("order_amount").decimal(&self.order_amount)?,
            state: at("state").state(&self.state)?,
            crypto_amount: self
                .crypto_amount
                .as_deref()
                .map(|text| at("crypto_amount").decimal(text))
                .transpose()?,
            crypto_paid_amount: self
                .crypto_paid_amount
                .as_deref()
                .map(|text| at("crypto_paid_amount").decimal(text))
                .transpose()?,
            expires_at: self.expires_at.map(|millis| at("expires_at").timestamp(millis)).transpose()?,
            created_at: at("created_at").timestamp(self.created_at)?,
            updated_at: at("updated_at").timestamp(self.updated_at)?,
            finished_at: self.finished_at.map(|millis| at("finished_at").timestamp(millis)).transpose()?,
            exceptions: at("exceptions").exceptions(&self.exceptions)?,
            reason: self.reason,
            cashier: self.cashier,
            payment_link: self.payment_link,
            gateway: self.gateway,
            currency: self.currency,
            network: self.network,
            raw_status: self.raw_status,
            acquiring_order_id: self.acquiring_order_id,
            deposit_address: self.deposit_address,
            crypto_currency: self.crypto_currency,
            network_display_name: self.network_display_name,
            merchant_order_id: self.merchant_order_id,
        };
        Ok(record)
    }
}

/// A `sale_events` row as SQLite returned it, before its values are checked.
pub(crate) struct RawEvent {
    at: i64,
    from_state: Option<String>,
    to_state: String,
    raw_status: Option<String>,
    source: String,
    note: Option<String>,
}

impl RawEvent {
    /// Reads a row selected with [`EVENT_COLUMNS`].
    pub(crate) fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Self {
            at: row.get(0)?,
            from_state: row.get(1)?,
            to_state: row.get(2)?,
            raw_status: row.get(3)?,
            source: row.get(4)?,
            note: row.get(5)?,
        })
    }

    /// `merchant_order_id` names the sale in the error if a value is damaged.
    pub(crate) fn into_event(self, merchant_order_id: &str) -> Result<SaleEvent, LedgerError> {
        let at = |column| Context { merchant_order_id, column };
        Ok(SaleEvent {
            at: at("sale_events.at").timestamp(self.at)?,
            from_state: self
                .from_state
                .as_deref()
                .map(|text| at("sale_events.from_state").state(text))
                .transpose()?,
            to_state: at("sale_events.to_state").state(&self.to_state)?,
            raw_status: self.raw_status,
            source: self.source,
            note: self.note,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_keep_their_digits_and_scale() {
        for text in ["12.50", "0.000001", "100", "0.10", "79228162514264.337593543950335"] {
            let amount = Decimal::from_str_exact(text).unwrap();
            assert_eq!(decimal_to_sql(amount), text);
            let context = Context { merchant_order_id: "ST-x", column: "order_amount" };
            assert_eq!(context.decimal(&decimal_to_sql(amount)).unwrap(), amount);
        }
    }

    #[test]
    fn damaged_values_name_the_sale_and_column() {
        let context = Context { merchant_order_id: "ST-damaged-1", column: "order_amount" };
        let err = context.decimal("12,50").unwrap_err();
        assert!(matches!(err, LedgerError::Corrupt(_)), "{err:?}");
        assert_eq!(
            err.to_string(),
            "the sales log is damaged: sale ST-damaged-1: column order_amount holds \"12,50\", \
             which is not a decimal amount"
        );
        assert!(context.timestamp(i64::MAX).is_err());
        assert!(context.state("PAID").is_err());
    }

    #[test]
    fn stored_flags_read_back_sorted_and_an_unknown_one_is_damage() {
        let context = Context { merchant_order_id: "ST-flags-1", column: "exceptions" };
        assert_eq!(context.exceptions("").unwrap(), []);
        assert_eq!(
            context.exceptions("paid_after_cancel,underpaid,paid_after_cancel").unwrap(),
            [SaleException::Underpaid, SaleException::PaidAfterCancel]
        );
        let err = context.exceptions("underpaid,refunded").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the sales log is damaged: sale ST-flags-1: column exceptions holds \"underpaid,refunded\", \
             which is not a list of sale exceptions"
        );
    }
}
