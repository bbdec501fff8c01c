//! The daily close (Z-report) of one business day: how many sales, what they add up to by
//! currency, network and state, every exception one by one, the first and last sale, each
//! cashier's share and the takings hour by hour. Only arithmetic lives here, exact to the last
//! decimal; which instants make up the day (time zone, cut-off, DST) is the caller's to say.

mod totals;

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::Timestamp;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::{Ledger, LedgerError, SaleException, SaleRecord, SaleState};
pub(crate) use totals::{add_exactly, add_to_book};
pub use totals::{CurrencyBook, CurrencyTotals, NetworkTotals, StateTotals, Totals};

/// The instants a report covers: sales created in `[from, until)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportPeriod {
    /// The business day, as the report names it.
    pub day: Date,
    pub from: Timestamp,
    pub until: Timestamp,
    /// Where each hour of the day starts, ascending, the first at `from`: 24 on most days, 23 or
    /// 25 when the clocks change. A sale falls into the last hour that starts at or before it.
    pub hour_starts: Vec<Timestamp>,
}

/// A day's close. Amounts are decimals, serialised as strings; times are UTC instants.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayReport {
    pub day: Date,
    pub from: Timestamp,
    pub until: Timestamp,
    /// Every sale created in the period, whatever its state.
    pub count: u64,
    /// By order currency, e.g. "USDT".
    pub currencies: CurrencyBook,
    /// One line per flag on a sale, and one per voided sale, in the order the sales were made.
    pub exceptions: Vec<ExceptionLine>,
    pub first_sale: Option<SaleMoment>,
    pub last_sale: Option<SaleMoment>,
    /// Named cashiers by name, then the sales with no cashier recorded.
    pub cashiers: Vec<CashierTotals>,
    /// Paid sales by the hour they were made in, every hour of the day present.
    pub paid_by_hour: Vec<HourTotals>,
}

/// What a manager must look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    Underpaid,
    Overpaid,
    PaidLate,
    PaidAfterCancel,
    InconsistentAnswer,
    Void,
}

impl ExceptionKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Underpaid => "underpaid",
            Self::Overpaid => "overpaid",
            Self::PaidLate => "paid_late",
            Self::PaidAfterCancel => "paid_after_cancel",
            Self::InconsistentAnswer => "inconsistent_answer",
            Self::Void => "void",
        }
    }
}

impl From<SaleException> for ExceptionKind {
    fn from(flag: SaleException) -> Self {
        match flag {
            SaleException::Underpaid => Self::Underpaid,
            SaleException::Overpaid => Self::Overpaid,
            SaleException::PaidLate => Self::PaidLate,
            SaleException::PaidAfterCancel => Self::PaidAfterCancel,
            SaleException::InconsistentAnswer => Self::InconsistentAnswer,
        }
    }
}

/// One exception, with what is needed to settle it without looking the sale up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionLine {
    pub kind: ExceptionKind,
    pub merchant_order_id: String,
    pub state: SaleState,
    pub created_at: Timestamp,
    pub currency: String,
    pub order_amount: Decimal,
    pub crypto_currency: Option<String>,
    pub crypto_due: Option<Decimal>,
    pub crypto_paid: Option<Decimal>,
    /// Paid minus due: negative when short, positive when over. Only when both are known.
    pub difference: Option<Decimal>,
    /// Why the sale was voided (or its latest note).
    pub reason: Option<String>,
    pub cashier: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SaleMoment {
    pub merchant_order_id: String,
    pub created_at: Timestamp,
}

/// One cashier's sales. `cashier` is `None` for sales rung up without a name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CashierTotals {
    pub cashier: Option<String>,
    pub count: u64,
    pub paid_count: u64,
    /// Order amounts of the paid sales by currency.
    pub paid: BTreeMap<String, Decimal>,
}

/// The paid sales made in one hour of the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HourTotals {
    pub start: Timestamp,
    pub count: u64,
    /// Order amounts by currency.
    pub paid: BTreeMap<String, Decimal>,
}

impl Ledger {
    /// The close of `period`, read in one pass over its sales (memory grows with the exceptions
    /// and cashiers, not with the sales).
    pub fn day_report(&self, period: &ReportPeriod) -> Result<DayReport, LedgerError> {
        let mut report = DayReport::empty(period);
        self.for_each_sale(period.from, period.until, |sale| report.add(&sale))?;
        report.finish();
        Ok(report)
    }
}

impl DayReport {
    /// A report of `period` with no sales yet.
    pub fn empty(period: &ReportPeriod) -> Self {
        Self {
            day: period.day,
            from: period.from,
            until: period.until,
            count: 0,
            currencies: CurrencyBook::new(),
            exceptions: Vec::new(),
            first_sale: None,
            last_sale: None,
            cashiers: Vec::new(),
            paid_by_hour: period
                .hour_starts
                .iter()
                .map(|start| HourTotals { start: *start, count: 0, paid: BTreeMap::new() })
                .collect(),
        }
    }

    /// Counts one sale of the period. Sales are expected oldest first, as the ledger gives them.
    pub fn add(&mut self, sale: &SaleRecord) -> Result<(), LedgerError> {
        self.count += 1;
        add_to_book(&mut self.currencies, sale)?;
        let moment =
            || SaleMoment { merchant_order_id: sale.merchant_order_id.clone(), created_at: sale.created_at };
        if self.first_sale.as_ref().is_none_or(|first| sale.created_at < first.created_at) {
            self.first_sale = Some(moment());
        }
        if self.last_sale.as_ref().is_none_or(|last| sale.created_at >= last.created_at) {
            self.last_sale = Some(moment());
        }
        for flag in &sale.exceptions {
            self.exceptions.push(exception_line(ExceptionKind::from(*flag), sale));
        }
        if sale.state == SaleState::Void {
            self.exceptions.push(exception_line(ExceptionKind::Void, sale));
        }
        self.add_to_cashier(sale)?;
        if sale.state == SaleState::Paid {
            self.add_to_hour(sale)?;
        }
        Ok(())
    }

    fn add_to_cashier(&mut self, sale: &SaleRecord) -> Result<(), LedgerError> {
        let index = match self.cashiers.iter().position(|line| line.cashier == sale.cashier) {
            Some(index) => index,
            None => {
                self.cashiers.push(CashierTotals {
                    cashier: sale.cashier.clone(),
                    count: 0,
                    paid_count: 0,
                    paid: BTreeMap::new(),
                });
                self.cashiers.len() - 1
            }
        };
        let line = &mut self.cashiers[index];
        line.count += 1;
        if sale.state == SaleState::Paid {
            line.paid_count += 1;
            add_exactly(line.paid.entry(sale.currency.clone()).or_default(), sale.order_amount)?;
        }
        Ok(())
    }

    fn add_to_hour(&mut self, sale: &SaleRecord) -> Result<(), LedgerError> {
        // The last hour starting at or before the sale; a sale outside every hour (a period
        // given without hours) is simply not charted.
        let starts_before = self.paid_by_hour.partition_point(|hour| hour.start <= sale.created_at);
        let Some(hour) = starts_before.checked_sub(1).and_then(|index| self.paid_by_hour.get_mut(index))
        else {
            return Ok(());
        };
        hour.count += 1;
        add_exactly(hour.paid.entry(sale.currency.clone()).or_default(), sale.order_amount)
    }

    /// Puts the cashiers in their reading order once every sale is in.
    pub fn finish(&mut self) {
        // Named cashiers alphabetically, the unnamed sales last.
        self.cashiers.sort_by(|a, b| match (&a.cashier, &b.cashier) {
            (Some(a), Some(b)) => a.cmp(b),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        });
    }
}

fn exception_line(kind: ExceptionKind, sale: &SaleRecord) -> ExceptionLine {
    let difference = match (kind, sale.crypto_paid_amount, sale.crypto_amount) {
        (ExceptionKind::Underpaid | ExceptionKind::Overpaid, Some(paid), Some(due)) => paid.checked_sub(due),
        _ => None,
    };
    ExceptionLine {
        kind,
        merchant_order_id: sale.merchant_order_id.clone(),
        state: sale.state,
        created_at: sale.created_at,
        currency: sale.currency.clone(),
        order_amount: sale.order_amount,
        crypto_currency: sale.crypto_currency.clone(),
        crypto_due: sale.crypto_amount,
        crypto_paid: sale.crypto_paid_amount,
        difference,
        reason: sale.reason.clone(),
        cashier: sale.cashier.clone(),
    }
}

#[cfg(test)]
mod tests;
