//! The text of an export cell, shared by the CSV and XLSX writers: flags, times in the shop's
//! zone, and keeping a spreadsheet from running a cell as a formula.

use std::borrow::Cow;

use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::SaleException;

/// A sale's flags as one cell, e.g. "underpaid;paid_late" ("" for none).
pub(crate) fn exceptions_text(flags: &[SaleException]) -> String {
    flags.iter().map(SaleException::as_str).collect::<Vec<_>>().join(";")
}

/// ISO 8601 in the shop's zone with its offset, e.g. "2026-10-25T02:30:00+01:00": the local time
/// the shop saw, and still one exact instant.
pub(crate) fn local_time_text(at: Timestamp, zone: &TimeZone) -> String {
    at.to_zoned(zone.clone()).strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// Text a spreadsheet would run as a formula (or that hides a formula behind a tab or a carriage
/// return) gets a leading apostrophe, so opening the export never runs what a customer's wallet,
/// the gateway or a cashier's name put in it. Only for text columns: amounts stay plain numbers.
pub(crate) fn neutralised(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starters_are_neutralised_and_nothing_else_changes() {
        for text in ["=SUM(A1:A9)", "+1", "-1", "@cmd", "\t=1", "\r=1"] {
            assert_eq!(neutralised(text), format!("'{text}"), "{text:?}");
        }
        for text in ["", "ST-till-01", "Zoë", "a=b", " =1", "'quoted", "12.50", "店员 🧾"] {
            assert_eq!(neutralised(text), text, "{text:?}");
        }
    }

    #[test]
    fn times_carry_the_shops_offset_on_both_sides_of_a_clock_change() {
        let berlin = TimeZone::get("Europe/Berlin").unwrap();
        let summer: Timestamp = "2026-10-25T00:30:00Z".parse().unwrap();
        let winter: Timestamp = "2026-10-25T01:30:00Z".parse().unwrap();
        assert_eq!(local_time_text(summer, &berlin), "2026-10-25T02:30:00+02:00");
        assert_eq!(local_time_text(winter, &berlin), "2026-10-25T02:30:00+01:00");
        assert_eq!(
            exceptions_text(&[SaleException::Underpaid, SaleException::PaidLate]),
            "underpaid;paid_late"
        );
    }
}
