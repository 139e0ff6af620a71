//! Actuals against the plan: when each storyboard event really started and ended, and how it
//! went (done as planned, changed, skipped, failed) with the reason.

use std::collections::BTreeSet;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::when::{self, When};
use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::rules::{check_text, check_timestamp, in_entry, MAX_TEXT};
use crate::store::sql_text_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    AsPlanned,
    Changed,
    Skipped,
    Failed,
}

sql_text_enum!(Outcome {
    AsPlanned => "as_planned",
    Changed => "changed",
    Skipped => "skipped",
    Failed => "failed",
});

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EventActual {
    pub event_id: String,
    /// RFC 3339, UTC.
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    pub outcome: Option<Outcome>,
    #[serde(default)]
    pub reason: String,
}

/// An event's actuals with their times as the operation reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ActualView {
    pub actual: EventActual,
    pub start: Option<When>,
    pub end: Option<When>,
}

/// A partial update: a field left out stays; `""` clears a time, `null` clears the outcome.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct ActualPatch {
    /// "now", "14:05", "D+1 09:30", "2026-12-08 09:30", RFC 3339, or "" to clear.
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    #[serde(
        default,
        with = "crate::storyboard::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Outcome>>")]
    pub outcome: Option<Option<Outcome>>,
    pub reason: Option<String>,
}

impl EventActual {
    fn validate(&self) -> Result<()> {
        for (label, value) in [
            ("actual start", &self.actual_start),
            ("actual end", &self.actual_end),
        ] {
            if let Some(v) = value {
                check_timestamp(label, v)?;
            }
        }
        if let (Some(a), Some(b)) = (&self.actual_start, &self.actual_end) {
            let parse = |t: &str| chrono::DateTime::parse_from_rfc3339(t).ok();
            if parse(b) < parse(a) {
                return Err(FeintError::invalid(
                    "the actual end is before the actual start",
                ));
            }
        }
        check_text("outcome reason", &self.reason, MAX_TEXT)
    }

    fn is_empty(&self) -> bool {
        self.actual_start.is_none()
            && self.actual_end.is_none()
            && self.outcome.is_none()
            && self.reason.trim().is_empty()
    }
}

fn load_one(conn: &Connection, event_id: &str) -> Result<Option<EventActual>> {
    let row = conn
        .query_row(
            "SELECT event_id, actual_start, actual_end, outcome, reason FROM event_actual
             WHERE event_id = ?1",
            [event_id],
            row_tuple,
        )
        .optional()?;
    row.map(into_actual).transpose()
}

type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn row_tuple(r: &rusqlite::Row) -> rusqlite::Result<Row> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

fn into_actual((event_id, actual_start, actual_end, outcome, reason): Row) -> Result<EventActual> {
    let outcome = outcome
        .map(|o| {
            Outcome::parse(&o).ok_or_else(|| {
                FeintError::invalid(format!(
                    "an event's outcome \"{}\" is not one Feint writes",
                    o.chars().take(100).collect::<String>()
                ))
            })
        })
        .transpose()?;
    Ok(EventActual {
        event_id,
        actual_start,
        actual_end,
        outcome,
        reason,
    })
}

/// Every event's actuals, by event ID.
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<EventActual>> {
    let mut stmt = conn.prepare(
        "SELECT event_id, actual_start, actual_end, outcome, reason FROM event_actual
         ORDER BY event_id",
    )?;
    let rows = stmt.query_map([], row_tuple)?;
    rows.map(|r| into_actual(r?)).collect()
}

fn save(conn: &Connection, actual: &EventActual) -> Result<()> {
    if actual.is_empty() {
        conn.execute(
            "DELETE FROM event_actual WHERE event_id = ?1",
            [&actual.event_id],
        )?;
        return Ok(());
    }
    conn.execute(
        "INSERT INTO event_actual (event_id, actual_start, actual_end, outcome, reason)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (event_id) DO UPDATE SET actual_start = excluded.actual_start,
             actual_end = excluded.actual_end, outcome = excluded.outcome,
             reason = excluded.reason",
        params![
            actual.event_id,
            actual.actual_start,
            actual.actual_end,
            actual.outcome.map(Outcome::as_str),
            actual.reason
        ],
    )?;
    Ok(())
}

fn check_event(conn: &Connection, event_id: &str) -> Result<()> {
    let found = conn
        .prepare_cached("SELECT 1 FROM event WHERE id = ?1")?
        .exists([event_id])?;
    if !found {
        return Err(FeintError::not_found(format!(
            "no storyboard event has the ID \"{}\"",
            event_id.chars().take(100).collect::<String>()
        )));
    }
    Ok(())
}

/// Writes the actuals of an import, each checked as an edit would be.
pub(crate) fn insert_all(conn: &Connection, actuals: &[EventActual]) -> Result<()> {
    let mut seen = BTreeSet::new();
    for (i, a) in actuals.iter().enumerate() {
        let once = if seen.insert(a.event_id.clone()) {
            Ok(())
        } else {
            Err(FeintError::invalid("the event has actuals twice"))
        };
        once.and_then(|_| check_event(conn, &a.event_id))
            .and_then(|_| a.validate())
            .and_then(|_| save(conn, a))
            .map_err(|e| in_entry("actuals of event", i, &a.event_id, e))?;
    }
    Ok(())
}

impl Document {
    /// Every event's actuals, with their times in the operation's zone.
    pub fn actuals(&self) -> Result<Vec<ActualView>> {
        let op = self.operation()?;
        load_all(self.store().conn())?
            .into_iter()
            .map(|a| view(&op, a))
            .collect()
    }

    /// Records what happened to one event.
    pub fn set_actual(&mut self, event_id: &str, patch: ActualPatch) -> Result<ActualView> {
        let op = self.operation()?;
        let now = chrono::Utc::now();
        let resolve = |t: Option<String>| -> Result<Option<Option<String>>> {
            t.map(|t| {
                if t.trim().is_empty() {
                    Ok(None)
                } else {
                    when::resolve(&op, &t, now).map(Some)
                }
            })
            .transpose()
        };
        let start = resolve(patch.actual_start)?;
        let end = resolve(patch.actual_end)?;
        let actual = self.store_mut().with_tx(|tx| {
            check_event(tx, event_id)?;
            let mut actual = load_one(tx, event_id)?.unwrap_or(EventActual {
                event_id: event_id.to_string(),
                ..Default::default()
            });
            if let Some(s) = start {
                actual.actual_start = s;
            }
            if let Some(e) = end {
                actual.actual_end = e;
            }
            if let Some(o) = patch.outcome {
                actual.outcome = o;
            }
            if let Some(r) = patch.reason {
                actual.reason = r;
            }
            actual.validate()?;
            save(tx, &actual)?;
            Ok(actual)
        })?;
        view(&op, actual)
    }
}

fn view(op: &crate::operation::Operation, actual: EventActual) -> Result<ActualView> {
    let show = |t: &Option<String>| t.as_deref().map(|t| when::show(op, t)).transpose();
    Ok(ActualView {
        start: show(&actual.actual_start)?,
        end: show(&actual.actual_end)?,
        actual,
    })
}
