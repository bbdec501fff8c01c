//! The shop's business day: day D runs from D at the cut-off to D+1 at the cut-off, on the shop's
//! clock. A bar open past midnight sets the cut-off to 04:00 so its 02:30 sale is still
//! "Saturday". Days are placed with the time zone's rules, so the day the clocks change is 23 or
//! 25 hours long; a cut-off that falls in a skipped hour starts the day when the clocks resume.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use stabletill_ledger::ReportPeriod;

use crate::TillError;

/// A shop's time zone and day cut-off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    zone: TimeZone,
    cutoff: Time,
}

impl BusinessCalendar {
    pub fn new(zone: TimeZone, cutoff: Time) -> Self {
        Self { zone, cutoff }
    }

    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    pub fn cutoff(&self) -> Time {
        self.cutoff
    }

    /// The zone's IANA name (e.g. "Europe/Berlin"); for a zone without one (a bare offset or a
    /// POSIX TZ string) its current offset from UTC, e.g. "UTC+05:30".
    pub fn zone_name(&self) -> String {
        match self.zone.iana_name() {
            Some(name) => name.to_owned(),
            None => format!("UTC{}", self.zone.to_offset(Timestamp::now())),
        }
    }

    /// The first and the first-after-last instant of business day `day`: `[start, end)`.
    pub fn bounds(&self, day: Date) -> Result<(Timestamp, Timestamp), TillError> {
        let next = day.tomorrow().map_err(|e| out_of_range(day, &e))?;
        Ok((self.start_of(day)?, self.start_of(next)?))
    }

    /// From the start of `first` to the end of `last`, both business days included.
    pub fn range_bounds(&self, first: Date, last: Date) -> Result<(Timestamp, Timestamp), TillError> {
        if last < first {
            return Err(TillError::InvalidSetting(format!(
                "the range ends ({last}) before it starts ({first}): give the earlier day first"
            )));
        }
        Ok((self.bounds(first)?.0, self.bounds(last)?.1))
    }

    /// The business day `at` belongs to.
    pub fn day_of(&self, at: Timestamp) -> Result<Date, TillError> {
        let local = self.zone.to_datetime(at);
        let mut day = local.date();
        if local.time() < self.cutoff {
            day = day.yesterday().map_err(|e| out_of_range(day, &e))?;
        }
        // Checked against the bounds themselves, so a cut-off inside a repeated or skipped hour
        // still puts every instant in exactly one day.
        let (start, end) = self.bounds(day)?;
        if at < start {
            day = day.yesterday().map_err(|e| out_of_range(day, &e))?;
        } else if at >= end {
            day = day.tomorrow().map_err(|e| out_of_range(day, &e))?;
        }
        Ok(day)
    }

    /// The business day it is now.
    pub fn today(&self) -> Result<Date, TillError> {
        self.day_of(Timestamp::now())
    }

    /// What the daily report of `day` covers, with its hours: whole hours from the start of the
    /// day (24 of them, 23 or 25 when the clocks change).
    pub fn report_period(&self, day: Date) -> Result<ReportPeriod, TillError> {
        let (from, until) = self.bounds(day)?;
        let mut hour_starts = Vec::with_capacity(25);
        let mut start = from;
        while start < until {
            hour_starts.push(start);
            start = start.checked_add(SignedDuration::from_hours(1)).map_err(|e| out_of_range(day, &e))?;
        }
        Ok(ReportPeriod { day, from, until, hour_starts })
    }

    fn start_of(&self, day: Date) -> Result<Timestamp, TillError> {
        // `to_zoned` resolves a cut-off in a skipped hour to the time after the gap and one in a
        // repeated hour to its first occurrence.
        let zoned =
            day.to_datetime(self.cutoff).to_zoned(self.zone.clone()).map_err(|e| out_of_range(day, &e))?;
        Ok(zoned.timestamp())
    }
}

/// A time zone setting: an IANA name such as "Europe/Berlin", or "system" for the computer's own
/// zone (returned as `None`).
pub(crate) fn parse_time_zone(text: &str) -> Result<Option<TimeZone>, TillError> {
    let name = text.trim();
    if name.eq_ignore_ascii_case("system") {
        return Ok(None);
    }
    TimeZone::get(name).map(Some).map_err(|_| {
        TillError::InvalidSetting(format!(
            "{name:?} is not a time zone: use an IANA name like Europe/Berlin or America/New_York, or \"system\" for this computer's zone"
        ))
    })
}

/// A day cut-off as HH:MM, from 00:00 to 23:59.
pub(crate) fn parse_day_cutoff(text: &str) -> Result<Time, TillError> {
    let bad = || {
        TillError::InvalidSetting(format!(
            "{text:?} is not a day cut-off: write the time the business day starts as HH:MM between 00:00 and 23:59, e.g. 04:00"
        ))
    };
    let (hours, minutes) = text.trim().split_once(':').ok_or_else(bad)?;
    let two_digits = |part: &str| part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit());
    if !two_digits(hours) || !two_digits(minutes) {
        return Err(bad());
    }
    let hour: i8 = hours.parse().map_err(|_| bad())?;
    let minute: i8 = minutes.parse().map_err(|_| bad())?;
    Time::new(hour, minute, 0, 0).map_err(|_| bad())
}

/// "04:00": a cut-off as the settings file and the screens write it.
pub(crate) fn format_day_cutoff(cutoff: Time) -> String {
    format!("{:02}:{:02}", cutoff.hour(), cutoff.minute())
}

fn out_of_range(day: Date, error: &dyn std::fmt::Display) -> TillError {
    TillError::InvalidSetting(format!("{day} cannot be placed on the shop's calendar: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn berlin(cutoff: Time) -> BusinessCalendar {
        BusinessCalendar::new(TimeZone::get("Europe/Berlin").unwrap(), cutoff)
    }

    fn instant(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn with_a_four_oclock_cutoff_half_past_two_is_still_the_day_before() {
        let bar = berlin(time(4, 0, 0, 0));
        let (start, end) = bar.bounds(date(2026, 11, 21)).unwrap();
        assert_eq!(start, instant("2026-11-21T04:00:00+01:00"));
        assert_eq!(end, instant("2026-11-22T04:00:00+01:00"));
        assert_eq!(bar.day_of(instant("2026-11-22T02:30:00+01:00")).unwrap(), date(2026, 11, 21));
        assert_eq!(bar.day_of(instant("2026-11-22T03:59:59.999+01:00")).unwrap(), date(2026, 11, 21));
        assert_eq!(bar.day_of(instant("2026-11-22T04:00:00+01:00")).unwrap(), date(2026, 11, 22));
        assert_eq!(bar.day_of(instant("2026-11-21T04:00:00+01:00")).unwrap(), date(2026, 11, 21));

        // Midnight (the default) is the calendar day.
        let shop = berlin(Time::midnight());
        assert_eq!(shop.day_of(instant("2026-11-22T02:30:00+01:00")).unwrap(), date(2026, 11, 22));
        assert_eq!(shop.day_of(instant("2026-11-21T23:59:59+01:00")).unwrap(), date(2026, 11, 21));
    }

    #[test]
    fn the_day_the_clocks_go_back_has_25_hours_and_the_day_they_go_forward_23() {
        let shop = berlin(Time::midnight());
        let autumn = shop.report_period(date(2026, 10, 25)).unwrap();
        assert_eq!(autumn.until.duration_since(autumn.from), SignedDuration::from_hours(25));
        assert_eq!(autumn.hour_starts.len(), 25);
        assert_eq!(autumn.from, instant("2026-10-25T00:00:00+02:00"));
        assert_eq!(autumn.until, instant("2026-10-26T00:00:00+01:00"));
        // 02:30 happens twice that night; both belong to the 25th.
        assert_eq!(shop.day_of(instant("2026-10-25T02:30:00+02:00")).unwrap(), date(2026, 10, 25));
        assert_eq!(shop.day_of(instant("2026-10-25T02:30:00+01:00")).unwrap(), date(2026, 10, 25));

        let spring = shop.report_period(date(2026, 3, 29)).unwrap();
        assert_eq!(spring.until.duration_since(spring.from), SignedDuration::from_hours(23));
        assert_eq!(spring.hour_starts.len(), 23);

        // A bar whose cut-off (02:30) does not exist on the spring night starts that day at 03:30.
        let bar = berlin(time(2, 30, 0, 0));
        let (start, _) = bar.bounds(date(2026, 3, 29)).unwrap();
        assert_eq!(start, instant("2026-03-29T03:30:00+02:00"));
        assert_eq!(bar.day_of(instant("2026-03-29T03:15:00+02:00")).unwrap(), date(2026, 3, 28));
    }

    #[test]
    fn every_instant_falls_in_exactly_one_day_around_a_clock_change() {
        // A cut-off inside the repeated hour is the hardest case for day_of.
        let bar = berlin(time(2, 30, 0, 0));
        let mut at = instant("2026-10-24T00:00:00Z");
        while at < instant("2026-10-27T00:00:00Z") {
            let day = bar.day_of(at).unwrap();
            let (start, end) = bar.bounds(day).unwrap();
            assert!(start <= at && at < end, "{at} put in {day} ({start}..{end})");
            at = at.checked_add(SignedDuration::from_mins(5)).unwrap();
        }
    }

    #[test]
    fn a_range_is_inclusive_and_must_not_run_backwards() {
        let shop = berlin(time(4, 0, 0, 0));
        let (from, until) = shop.range_bounds(date(2026, 11, 20), date(2026, 11, 21)).unwrap();
        assert_eq!(from, instant("2026-11-20T04:00:00+01:00"));
        assert_eq!(until, instant("2026-11-22T04:00:00+01:00"));
        let err = shop.range_bounds(date(2026, 11, 21), date(2026, 11, 20)).unwrap_err();
        assert!(err.to_string().contains("before it starts"), "{err}");
    }

    #[test]
    fn settings_are_read_as_people_write_them() {
        assert_eq!(parse_day_cutoff("04:00").unwrap(), time(4, 0, 0, 0));
        assert_eq!(parse_day_cutoff(" 23:59 ").unwrap(), time(23, 59, 0, 0));
        assert_eq!(format_day_cutoff(parse_day_cutoff("00:00").unwrap()), "00:00");
        for bad in ["4:00", "24:00", "12:60", "noon", "", "04:00:00", "-1:00", "+4:00"] {
            let err = parse_day_cutoff(bad).unwrap_err();
            assert!(err.to_string().contains("e.g. 04:00"), "{bad:?}: {err}");
        }
        assert_eq!(parse_time_zone("Europe/Berlin").unwrap().unwrap().iana_name(), Some("Europe/Berlin"));
        assert_eq!(parse_time_zone("system").unwrap(), None);
        let err = parse_time_zone("Mars/Olympus_Mons").unwrap_err();
        assert!(err.to_string().contains("IANA name like Europe/Berlin"), "{err}");
    }
}
