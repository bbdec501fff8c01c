//! This computer's clock against the gateway's: measured from the HTTP `Date` header, because a
//! clock more than 5 minutes off makes the gateway refuse every signed request.

use jiff::{SignedDuration, Timestamp};
use reqwest::header::{HeaderMap, DATE};

/// `local - server` from a response's `Date` header, if it has a readable one. The header names
/// the whole second the server's clock was in, so the middle of that second is the best guess:
/// a clock exactly 10 min off then reads as 10 min 0 s, not 9 min 59 s half of the time.
pub(crate) fn offset_from(headers: &HeaderMap, local_now: Timestamp) -> Option<SignedDuration> {
    let text = headers.get(DATE)?.to_str().ok()?;
    let second = jiff::fmt::rfc2822::parse(text).ok()?.timestamp();
    let server = second.checked_add(SignedDuration::from_millis(500)).unwrap_or(second);
    Some(local_now.duration_since(server))
}

/// "this computer's clock is 7 min 12 s fast" (or slow), for the cashier and the manager.
pub fn describe_offset(offset: SignedDuration) -> String {
    // To the nearest second: the measurement is no finer than that.
    let seconds = (offset.as_millis().unsigned_abs() + 500) / 1000;
    let seconds = u64::try_from(seconds).unwrap_or(u64::MAX);
    let direction = if offset.is_negative() { "slow" } else { "fast" };
    let amount = match (seconds / 3600, seconds / 60 % 60, seconds % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, m, _) => format!("{h} h {m} min"),
    };
    format!("this computer's clock is {amount} {direction}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn offsets_are_said_the_way_a_person_would() {
        assert_eq!(
            describe_offset(SignedDuration::from_secs(432)),
            "this computer's clock is 7 min 12 s fast"
        );
        assert_eq!(
            describe_offset(SignedDuration::from_secs(-600)),
            "this computer's clock is 10 min 0 s slow"
        );
        assert_eq!(
            describe_offset(SignedDuration::from_secs(3 * 3600 + 120)),
            "this computer's clock is 3 h 2 min fast"
        );
    }

    #[test]
    fn a_clock_ten_minutes_off_reads_as_ten_minutes_whatever_the_fraction_of_a_second() {
        let mut headers = HeaderMap::new();
        headers.insert(DATE, HeaderValue::from_static("Sat, 21 Nov 2026 10:00:00 GMT"));
        // The server's clock anywhere in 10:00:00.000–10:00:00.999, this one 10 min behind it.
        for server_ms in [1, 250, 500, 999] {
            let local: Timestamp = "2026-11-21T09:50:00Z".parse().expect("timestamp");
            let local = local.checked_add(SignedDuration::from_millis(server_ms)).expect("in range");
            let offset = offset_from(&headers, local).expect("an offset");
            assert_eq!(describe_offset(offset), "this computer's clock is 10 min 0 s slow", "{server_ms} ms");
        }
    }

    #[test]
    fn the_offset_is_read_from_the_date_header() {
        let mut headers = HeaderMap::new();
        headers.insert(DATE, HeaderValue::from_static("Sat, 21 Nov 2026 10:00:00 GMT"));
        let local: Timestamp = "2026-11-21T10:07:12Z".parse().expect("timestamp");
        assert_eq!(offset_from(&headers, local), Some(SignedDuration::from_millis(431_500)));
        assert_eq!(offset_from(&HeaderMap::new(), local), None);
    }
}
