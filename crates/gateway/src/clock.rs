//! This computer's clock against the gateway's: measured from the HTTP `Date` header, because a
//! clock more than 5 minutes off makes the gateway refuse every signed request.

use jiff::{SignedDuration, Timestamp};
use reqwest::header::{HeaderMap, DATE};

/// `local - server` from a response's `Date` header (second resolution), if it has a readable one.
pub(crate) fn offset_from(headers: &HeaderMap, local_now: Timestamp) -> Option<SignedDuration> {
    let text = headers.get(DATE)?.to_str().ok()?;
    let server = jiff::fmt::rfc2822::parse(text).ok()?.timestamp();
    Some(local_now.duration_since(server))
}

/// "this computer's clock is 7 min 12 s fast" (or slow), for the cashier and the manager.
pub fn describe_offset(offset: SignedDuration) -> String {
    let seconds = offset.as_secs().unsigned_abs();
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
    fn the_offset_is_read_from_the_date_header() {
        let mut headers = HeaderMap::new();
        headers.insert(DATE, HeaderValue::from_static("Sat, 21 Nov 2026 10:00:00 GMT"));
        let local: Timestamp = "2026-11-21T10:07:12Z".parse().expect("timestamp");
        assert_eq!(offset_from(&headers, local), Some(SignedDuration::from_secs(432)));
        assert_eq!(offset_from(&HeaderMap::new(), local), None);
    }
}
