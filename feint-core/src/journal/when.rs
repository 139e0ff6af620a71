//! Journal time: what the planner types ("now", "14:05", "D+1 09:30", "2026-12-08 09:30" in
//! the operation's zone, or RFC 3339) becomes an instant stored in UTC; an instant is shown
//! back in the operation's zone with its D+N.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use crate::error::{FeintError, Result};
use crate::operation::Operation;
use crate::storyboard::time::local_to_utc;

/// An instant as the operation reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct When {
    /// RFC 3339, UTC, as stored.
    pub utc: String,
    /// "2026-12-08 09:30 CET" in the operation's zone.
    pub local: String,
    /// Days from the operation's start date in its zone (D+N); `None` without a start date.
    pub day: Option<i32>,
}

fn zone(op: &Operation) -> Result<Tz> {
    op.timezone
        .parse()
        .map_err(|_| FeintError::invalid(format!("\"{}\" is not a known time zone", op.timezone)))
}

fn start_date(op: &Operation) -> Option<NaiveDate> {
    op.start_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn not_a_time(text: &str) -> FeintError {
    FeintError::invalid(format!(
        "\"{}\" is not a time: write now, 14:05, D+1 09:30, 2026-12-08 09:30 or an RFC 3339 time",
        text.chars().take(100).collect::<String>()
    ))
}

/// The instant `text` names for `op`, as an RFC 3339 UTC string; `now` is the clock's instant
/// (passed in so a test can fix it).
pub fn resolve(op: &Operation, text: &str, now: DateTime<Utc>) -> Result<String> {
    let text = text.trim();
    if text.is_empty() || text.eq_ignore_ascii_case("now") {
        return Ok(stamp(now));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(stamp(t.with_timezone(&Utc)));
    }
    let tz = zone(op)?;
    if let Ok(local) = NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M") {
        return Ok(stamp(local_to_utc(tz, local)));
    }
    if let Ok(time) = NaiveTime::parse_from_str(text, "%H:%M") {
        let today = now.with_timezone(&tz).date_naive();
        return Ok(stamp(local_to_utc(tz, today.and_time(time))));
    }
    if let Some(rest) = text.strip_prefix(['D', 'd']) {
        let (day, time) = rest
            .trim()
            .split_once(char::is_whitespace)
            .ok_or_else(|| not_a_time(text))?;
        let day: i64 = day
            .trim_start_matches('+')
            .parse()
            .map_err(|_| not_a_time(text))?;
        let time = NaiveTime::parse_from_str(time.trim(), "%H:%M").map_err(|_| not_a_time(text))?;
        let start = start_date(op).ok_or_else(|| {
            FeintError::invalid(format!(
                "\"{text}\" counts from the operation's start date, which is not set"
            ))
        })?;
        let date = start
            .checked_add_signed(chrono::Duration::days(day))
            .filter(|_| day.abs() <= crate::storyboard::time::MAX_DAY as i64)
            .ok_or_else(|| not_a_time(text))?;
        return Ok(stamp(local_to_utc(tz, date.and_time(time))));
    }
    Err(not_a_time(text))
}

/// How `op` reads a stored instant.
pub fn show(op: &Operation, utc: &str) -> Result<When> {
    let t = DateTime::parse_from_rfc3339(utc)
        .map_err(|_| not_a_time(utc))?
        .with_timezone(&zone(op)?);
    // chrono's dates span under 100 million days, so the difference fits an i32.
    let day = start_date(op).map(|s| (t.date_naive() - s).num_days() as i32);
    Ok(When {
        utc: utc.to_string(),
        local: t.format("%Y-%m-%d %H:%M %Z").to_string(),
        day,
    })
}
