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

/// The most characters an Excel cell holds.
const CELL_CHARS: usize = 32_767;

/// Text for a workbook cell: longer text (a gateway's or a cashier's, up to anything) is cut to
/// what a cell holds and ends with "…", so the workbook is still written and shows that the cell
/// was cut; the CSV export keeps the whole text.
pub(crate) fn fitted_to_cell(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(CELL_CHARS) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let cut = text.char_indices().nth(CELL_CHARS - 1).map_or(text.len(), |(at, _)| at);
            Cow::Owned(format!("{}…", &text[..cut]))
        }
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
    fn text_is_fitted_to_a_cell_only_when_it_is_longer_than_one() {
        let full = "é".repeat(CELL_CHARS);
        assert_eq!(fitted_to_cell(&full), full.as_str());
        let longer = format!("{full}x");
        let cut = fitted_to_cell(&longer);
        assert_eq!(cut.chars().count(), CELL_CHARS);
        assert!(cut.ends_with("é…"));
        assert_eq!(fitted_to_cell("ST-1"), "ST-1");
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
