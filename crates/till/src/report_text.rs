//! The Z-report as plain text, for a terminal or a receipt printer: amounts exactly as the ledger
//! added them up, times on the shop's clock.

use std::fmt::Write;

use jiff::Timestamp;
use stabletill_ledger::{CurrencyTotals, ExceptionKind, ExceptionLine};

use crate::ZReport;

impl ZReport {
    /// The report for a person to read.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail; the results are ignored on purpose.
        let _ = self.write_heading(&mut out);
        for (currency, totals) in &self.report.currencies {
            let _ = write_currency(&mut out, currency, totals);
        }
        let _ = self.write_exceptions(&mut out);
        let _ = self.write_cashiers(&mut out);
        let _ = self.write_hours(&mut out);
        out
    }

    fn local(&self, at: Timestamp, pattern: &str) -> String {
        at.to_zoned(self.zone.clone()).strftime(pattern).to_string()
    }

    fn write_heading(&self, out: &mut String) -> std::fmt::Result {
        let report = &self.report;
        writeln!(out, "Z-REPORT  business day {}", report.day.strftime("%a %Y-%m-%d"))?;
        let shop = self.shop_name.as_deref().unwrap_or("StableTill");
        writeln!(out, "{shop}, till {}", self.till_id)?;
        writeln!(
            out,
            "from {} to {} ({}, day starts {})",
            self.local(report.from, "%Y-%m-%d %H:%M %:z"),
            self.local(report.until, "%Y-%m-%d %H:%M %:z"),
            self.time_zone,
            self.day_cutoff
        )?;
        writeln!(out)?;
        write!(out, "Sales: {}", report.count)?;
        if let (Some(first), Some(last)) = (&report.first_sale, &report.last_sale) {
            write!(
                out,
                "   first {}   last {}",
                self.local(first.created_at, "%H:%M:%S"),
                self.local(last.created_at, "%H:%M:%S")
            )?;
        }
        writeln!(out)
    }

    fn write_exceptions(&self, out: &mut String) -> std::fmt::Result {
        let lines = &self.report.exceptions;
        writeln!(out)?;
        if lines.is_empty() {
            return writeln!(out, "Exceptions: none");
        }
        writeln!(out, "Exceptions: {}", lines.len())?;
        for line in lines {
            writeln!(
                out,
                "  {:<17} {}  {}  {}",
                line.kind.as_str(),
                self.local(line.created_at, "%H:%M"),
                line.merchant_order_id,
                exception_detail(line)
            )?;
        }
        Ok(())
    }

    fn write_cashiers(&self, out: &mut String) -> std::fmt::Result {
        if self.report.cashiers.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(out, "Cashiers")?;
        for line in &self.report.cashiers {
            let takings: Vec<String> =
                line.paid.iter().map(|(currency, amount)| format!("{amount} {currency}")).collect();
            writeln!(
                out,
                "  {:<20} {:>5} sales {:>5} paid  {}",
                line.cashier.as_deref().unwrap_or("(no name)"),
                line.count,
                line.paid_count,
                takings.join(", ")
            )?;
        }
        Ok(())
    }

    fn write_hours(&self, out: &mut String) -> std::fmt::Result {
        let busy: Vec<_> = self.report.paid_by_hour.iter().filter(|hour| hour.count > 0).collect();
        if busy.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(out, "Paid sales by hour")?;
        // On the night the clocks go back an hour repeats: the offset tells the two apart.
        let pattern = if self.report.paid_by_hour.len() == 24 { "%H:%M" } else { "%H:%M %:z" };
        for hour in busy {
            let takings: Vec<String> =
                hour.paid.iter().map(|(currency, amount)| format!("{amount} {currency}")).collect();
            writeln!(
                out,
                "  {}  {:>5}  {}",
                self.local(hour.start, pattern),
                hour.count,
                takings.join(", ")
            )?;
        }
        Ok(())
    }
}

fn write_currency(out: &mut String, currency: &str, totals: &CurrencyTotals) -> std::fmt::Result {
    writeln!(out)?;
    writeln!(
        out,
        "{currency}: takings {} ({} of {} sales paid)",
        totals.paid, totals.states.paid.count, totals.count
    )?;
    writeln!(
        out,
        "  {:<10} {:>6} {:>18} {:>24} {:>24}",
        "state", "count", "order amount", "crypto due", "crypto paid"
    )?;
    for (state, line) in totals.states.rows().into_iter().filter(|(_, line)| line.count > 0) {
        writeln!(
            out,
            "  {state:<10} {:>6} {:>18} {:>24} {:>24}",
            line.count, line.order_amount, line.crypto_due, line.crypto_paid
        )?;
    }
    let networks: Vec<String> = totals
        .networks
        .iter()
        .map(|(network, line)| format!("{network} {} sales, takings {}", line.count, line.paid))
        .collect();
    writeln!(out, "  by network: {}", networks.join("; "))
}

fn exception_detail(line: &ExceptionLine) -> String {
    let crypto = line.crypto_currency.as_deref().unwrap_or(&line.currency);
    let show =
        |amount: Option<rust_decimal::Decimal>| amount.map_or_else(|| "-".to_owned(), |a| a.to_string());
    match line.kind {
        ExceptionKind::Void => format!(
            "{} {}: {}",
            line.order_amount,
            line.currency,
            line.reason.as_deref().unwrap_or("no reason recorded")
        ),
        // What the gateway contradicted is in the reason; the amounts alone would not say.
        ExceptionKind::InconsistentAnswer => format!(
            "due {} {crypto}, now {}: {}",
            show(line.crypto_due),
            line.state.as_str(),
            line.reason.as_deref().unwrap_or("no reason recorded")
        ),
        _ => {
            let mut text =
                format!("due {} {crypto}, paid {} {crypto}", show(line.crypto_due), show(line.crypto_paid));
            if let Some(difference) = line.difference {
                let sign = if difference.is_sign_positive() && !difference.is_zero() { "+" } else { "" };
                let _ = write!(text, " ({sign}{difference})");
            }
            let _ = write!(text, ", now {}", line.state.as_str());
            text
        }
    }
}
