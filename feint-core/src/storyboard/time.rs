//! Storyboard time. An event is stored relative to the operation's start (D+N and a local time
//! of day in the operation's time zone), so moving the start date or changing the time zone moves
//! the whole plan. This module turns that into absolute instants when something needs them (the
//! "now" marker, the operation order, calendar exports).

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{FeintError, Result};
use crate::operation::Operation;

pub const MINUTES_PER_DAY: i32 = 1440;
/// Events may sit up to ten years either side of the start: far beyond any real operation, and
/// far inside what dates and 32-bit minute arithmetic can hold.
pub const MAX_DAY: i32 = 3660;
/// The longest event: 60 days (a monitoring activity that runs through the whole operation).
pub const MAX_DURATION_MIN: i32 = 60 * MINUTES_PER_DAY;

/// An event's start and end as instants (RFC 3339, UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Span {
    pub start_utc: String,
    pub end_utc: String,
}

/// Splits a minute offset from the start of D+0 into (day, minute of day), flooring so that
/// negative offsets land on earlier days with a positive minute (−30 → D−1 23:30).
pub fn normalise(total_minutes: i64) -> (i64, i32) {
    (
        total_minutes.div_euclid(MINUTES_PER_DAY as i64),
        total_minutes.rem_euclid(MINUTES_PER_DAY as i64) as i32,
    )
}

/// The instant of a local wall-clock time in `tz`.
///
/// A time that does not exist (the hour skipped when clocks go forward) is shifted forward by
/// the length of the gap, as a wall clock would show it: 02:30 on a 02:00→03:00 night is 03:30.
/// A time that exists twice (the hour repeated when clocks go back) takes the earlier instant.
pub fn local_to_utc(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => {
            // Read the local time with the offset in force just before the gap. Gaps are usually
            // an hour, but some zones once skipped a whole day, so look back up to two days.
            for hours in 1..=48 {
                let probe = local - Duration::hours(hours);
                let offset = match tz.from_local_datetime(&probe) {
                    LocalResult::Single(t) => t.offset().fix(),
                    LocalResult::Ambiguous(_, later) => later.offset().fix(),
                    LocalResult::None => continue,
                };
                return (local - Duration::seconds(offset.local_minus_utc() as i64)).and_utc();
            }
            // No zone has a gap this long; treat the time as UTC rather than fail.
            local.and_utc()
        }
    }
}

/// The absolute start and end of a (day, minute, duration) placement for an operation starting on
/// `start` in `tz`. The duration is elapsed time: a two-hour event across a clock change still
/// lasts two hours.
pub fn span_at(
    start: NaiveDate,
    tz: Tz,
    day: i32,
    minute: i32,
    duration_min: i32,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let date = start + Duration::days(day as i64);
    let local = date
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists as a naive time")
        + Duration::minutes(minute as i64);
    let begin = local_to_utc(tz, local);
    (begin, begin + Duration::minutes(duration_min as i64))
}

/// The absolute span of a placement in `op`; `None` while the operation has no start date.
pub fn span(op: &Operation, day: i32, minute: i32, duration_min: i32) -> Result<Option<Span>> {
    let Some(start) = op.start_date.as_deref() else {
        return Ok(None);
    };
    let start = NaiveDate::parse_from_str(start, "%Y-%m-%d")
        .map_err(|_| FeintError::invalid(format!("the start date \"{start}\" is not a date")))?;
    let tz: Tz = op.timezone.parse().map_err(|_| {
        FeintError::invalid(format!("\"{}\" is not a known time zone", op.timezone))
    })?;
    let (begin, end) = span_at(start, tz, day, minute, duration_min);
    let fmt = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    Ok(Some(Span {
        start_utc: fmt(begin),
        end_utc: fmt(end),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Tz {
        "Europe/Berlin".parse().unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn normalise_floors_negative_offsets() {
        assert_eq!(normalise(0), (0, 0));
        assert_eq!(normalise(1439), (0, 1439));
        assert_eq!(normalise(1440), (1, 0));
        assert_eq!(normalise(-30), (-1, 1410));
        assert_eq!(normalise(-1440), (-1, 0));
    }

    #[test]
    fn winter_and_summer_offsets() {
        // D+0 09:00 in December is UTC+1; D+180 09:00 in June is UTC+2.
        let (begin, end) = span_at(date("2026-12-07"), berlin(), 0, 9 * 60, 90);
        assert_eq!(begin, utc("2026-12-07T08:00:00Z"));
        assert_eq!(end, utc("2026-12-07T09:30:00Z"));
        let (begin, _) = span_at(date("2026-01-01"), berlin(), 180, 9 * 60, 60);
        assert_eq!(begin, utc("2026-06-30T07:00:00Z"));
    }

    #[test]
    fn an_event_across_the_spring_change_keeps_its_elapsed_duration() {
        // Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST.
        let start = date("2026-03-28");
        let (begin, end) = span_at(start, berlin(), 1, 60, 180); // D+1 01:00, three hours
        assert_eq!(begin, utc("2026-03-29T00:00:00Z"));
        // Three hours later is 05:00 CEST on the wall clock.
        assert_eq!(end, utc("2026-03-29T03:00:00Z"));
        // The same local time the next day is one hour earlier in UTC.
        let (next, _) = span_at(start, berlin(), 2, 60, 60);
        assert_eq!(next, utc("2026-03-29T23:00:00Z"));
    }

    #[test]
    fn a_time_in_the_spring_gap_moves_forward() {
        // 02:30 does not exist on 29 March 2026 in Berlin; it reads as 03:30 CEST.
        let (begin, _) = span_at(date("2026-03-29"), berlin(), 0, 150, 30);
        assert_eq!(begin, utc("2026-03-29T01:30:00Z"));
        assert_eq!(
            begin.with_timezone(&berlin()).format("%H:%M").to_string(),
            "03:30"
        );
    }

    #[test]
    fn a_repeated_autumn_time_takes_the_earlier_instant() {
        // Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
        let (begin, _) = span_at(date("2026-10-25"), berlin(), 0, 150, 30);
        assert_eq!(begin, utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn moving_the_start_date_moves_the_plan() {
        let mut op = Operation::new("Op", "1.0").unwrap();
        assert_eq!(span(&op, 2, 540, 60).unwrap(), None);
        op.start_date = Some("2026-12-07".into());
        op.timezone = "Europe/Berlin".into();
        let first = span(&op, 2, 540, 60).unwrap().unwrap();
        assert_eq!(first.start_utc, "2026-12-09T08:00:00Z");
        assert_eq!(first.end_utc, "2026-12-09T09:00:00Z");
        op.start_date = Some("2026-12-14".into());
        let moved = span(&op, 2, 540, 60).unwrap().unwrap();
        assert_eq!(moved.start_utc, "2026-12-16T08:00:00Z");
        op.timezone = "America/New_York".into();
        let elsewhere = span(&op, -1, 540, 60).unwrap().unwrap();
        assert_eq!(elsewhere.start_utc, "2026-12-13T14:00:00Z");
    }
}
