//! Storyboard events: one Engage activity placed on the timeline (D+N, local time, duration),
//! with its marking, techniques, host, lane and status. The `event` and `event_technique` tables
//! (migration 0002), the struct, its validation and its SQL live here together.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::time::{MAX_DAY, MAX_DURATION_MIN, MINUTES_PER_DAY};
use super::{LaneTarget, Status, Truth, Visibility};
use crate::catalog;
use crate::error::{FeintError, Result};

use crate::rules::MAX_SHORT;
const MAX_LONG: usize = 1_000_000;
const MAX_TECHNIQUES: usize = 200;
/// What a new event lasts when the planner does not say (one hour, a readable block at any zoom).
pub const DEFAULT_DURATION_MIN: i32 = 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Event {
    pub id: String,
    /// The Engage activity this event places (EAC…/SAC…).
    pub activity_id: String,
    /// One of the activity's approaches; it decides the goal lane.
    pub approach_id: String,
    pub title: String,
    /// What is done and what the adversary should find.
    pub narrative: String,
    /// Days from the operation's start (D+N); negative for preparation.
    pub day: i32,
    /// Local minute of the day in the operation's time zone, 0..1440.
    pub minute: i32,
    pub duration_min: i32,
    /// Free host or asset name; "" for none.
    pub host: String,
    /// The custom lane, if any.
    pub lane_id: Option<String>,
    /// null while unset.
    pub visibility: Option<Visibility>,
    /// null while unset.
    pub truth: Option<Truth>,
    /// ATT&CK technique IDs the event expects or answers (T1098, T1098.004), any technique.
    pub technique_ids: Vec<String>,
    /// How the event will be observed.
    pub collection_point: String,
    pub status: Status,
    pub notes: String,
    /// The role that carries the event out (the order's tasks by role); null while unset.
    #[serde(default)]
    pub owner_role: Option<crate::order::Role>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub modified_at: String,
}

/// A new event, as a drop from the palette or the keyboard path creates it. Only the activity
/// and the time are needed; the rest takes defaults (title = the activity's name, one hour,
/// markings unset, status planned).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewEvent {
    pub activity_id: String,
    pub day: i32,
    pub minute: i32,
    pub duration_min: Option<i32>,
    /// Defaults to the activity's first approach, or to one matching `lane`.
    pub approach_id: Option<String>,
    /// Place the event in this lane of a grouping (the lane it was dropped on).
    pub lane: Option<LaneTarget>,
    pub title: Option<String>,
    pub narrative: Option<String>,
    pub host: Option<String>,
    pub lane_id: Option<String>,
    pub visibility: Option<Visibility>,
    pub truth: Option<Truth>,
    pub technique_ids: Option<Vec<String>>,
    pub collection_point: Option<String>,
    pub status: Option<Status>,
    pub notes: Option<String>,
    /// The personas taking part (IDs).
    pub persona_ids: Option<Vec<String>>,
}

/// A partial update: a field left out stays as it is. For `lane_id`, `visibility` and `truth`
/// an explicit `null` clears the value.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct EventPatch {
    /// A new activity keeps the current approach if it holds the activity, else one under the
    /// same goal, else the activity's first.
    pub activity_id: Option<String>,
    pub approach_id: Option<String>,
    pub title: Option<String>,
    pub narrative: Option<String>,
    pub day: Option<i32>,
    pub minute: Option<i32>,
    pub duration_min: Option<i32>,
    pub host: Option<String>,
    #[serde(
        default,
        with = "super::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<String>>")]
    pub lane_id: Option<Option<String>>,
    #[serde(
        default,
        with = "super::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Visibility>>")]
    pub visibility: Option<Option<Visibility>>,
    #[serde(
        default,
        with = "super::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Truth>>")]
    pub truth: Option<Option<Truth>>,
    pub technique_ids: Option<Vec<String>>,
    pub collection_point: Option<String>,
    pub status: Option<Status>,
    pub notes: Option<String>,
    #[serde(
        default,
        with = "super::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<crate::order::Role>>")]
    pub owner_role: Option<Option<crate::order::Role>>,
}

/// `T1018` or `T1098.004` (any case, trimmed) upper-cased; an error naming the bad ID otherwise.
pub fn technique_id(raw: &str) -> Result<String> {
    let id = raw.trim().to_ascii_uppercase();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match id.strip_prefix('T').map(|rest| rest.split_once('.')) {
        Some(Some((base, sub))) => digits(base, 4) && digits(sub, 3),
        Some(None) => digits(&id[1..], 4),
        None => false,
    };
    if ok {
        Ok(id)
    } else {
        Err(FeintError::invalid(format!(
            "\"{}\" is not an ATT&CK technique ID (T1234 or T1234.001)",
            raw.trim()
        )))
    }
}

/// The approach an activity takes by default, or the best one under `goal_id`.
fn approach_under_goal(activity: &catalog::Activity, goal_id: &str) -> Option<String> {
    let cat = catalog::builtin();
    activity
        .approach_ids
        .iter()
        .find(|a| {
            cat.approaches
                .iter()
                .any(|ap| &ap.id == *a && ap.goal_ids.iter().any(|g| g == goal_id))
        })
        .cloned()
}

/// The goal an approach sits under (each Engage approach has exactly one).
pub fn goal_of_approach(approach_id: &str) -> Option<&'static str> {
    catalog::builtin()
        .approaches
        .iter()
        .find(|a| a.id == approach_id)
        .and_then(|a| a.goal_ids.first())
        .map(String::as_str)
}

fn activity(id: &str) -> Result<&'static catalog::Activity> {
    catalog::builtin().activity(id).ok_or_else(|| {
        FeintError::invalid(format!(
            "\"{id}\" is not an Engage activity of catalog {}",
            catalog::builtin().version
        ))
    })
}

impl Event {
    /// A fresh event from a `NewEvent`, normalised and validated (lane existence is the
    /// caller's, as it needs the database).
    pub fn from_new(new: NewEvent, stamp: &str) -> Result<Event> {
        let act = activity(new.activity_id.trim())?;
        let approach_id = new
            .approach_id
            .unwrap_or_else(|| act.approach_ids.first().cloned().unwrap_or_default());
        let title = new
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| act.name.clone());
        let mut event = Event {
            id: uuid::Uuid::new_v4().to_string(),
            activity_id: act.id.clone(),
            approach_id,
            title,
            narrative: new.narrative.unwrap_or_default(),
            day: new.day,
            minute: new.minute,
            duration_min: new.duration_min.unwrap_or(DEFAULT_DURATION_MIN),
            host: new.host.unwrap_or_default(),
            lane_id: new.lane_id.filter(|l| !l.is_empty()),
            visibility: new.visibility,
            truth: new.truth,
            technique_ids: new.technique_ids.unwrap_or_default(),
            collection_point: new.collection_point.unwrap_or_default(),
            status: new.status.unwrap_or_default(),
            notes: new.notes.unwrap_or_default(),
            owner_role: None,
            created_at: stamp.to_string(),
            modified_at: stamp.to_string(),
        };
        if let Some(target) = new.lane {
            event.place_in(&target)?;
        }
        event.normalise()?;
        Ok(event)
    }

    /// Applies a patch, then normalises and validates the result.
    pub fn apply(&mut self, patch: EventPatch) -> Result<()> {
        if let Some(id) = patch.activity_id {
            let act = activity(id.trim())?;
            if act.id != self.activity_id && patch.approach_id.is_none() {
                // Stay in the same approach, else the same goal lane, when the new activity allows.
                self.approach_id = if act.approach_ids.contains(&self.approach_id) {
                    self.approach_id.clone()
                } else {
                    goal_of_approach(&self.approach_id)
                        .and_then(|g| approach_under_goal(act, g))
                        .or_else(|| act.approach_ids.first().cloned())
                        .unwrap_or_default()
                };
            }
            self.activity_id = act.id.clone();
        }
        if let Some(v) = patch.approach_id {
            self.approach_id = v;
        }
        if let Some(v) = patch.title {
            self.title = v;
        }
        if let Some(v) = patch.narrative {
            self.narrative = v;
        }
        if let Some(v) = patch.day {
            self.day = v;
        }
        if let Some(v) = patch.minute {
            self.minute = v;
        }
        if let Some(v) = patch.duration_min {
            self.duration_min = v;
        }
        if let Some(v) = patch.host {
            self.host = v;
        }
        if let Some(v) = patch.lane_id {
            self.lane_id = v.filter(|l| !l.is_empty());
        }
        if let Some(v) = patch.visibility {
            self.visibility = v;
        }
        if let Some(v) = patch.truth {
            self.truth = v;
        }
        if let Some(v) = patch.technique_ids {
            self.technique_ids = v;
        }
        if let Some(v) = patch.collection_point {
            self.collection_point = v;
        }
        if let Some(v) = patch.status {
            self.status = v;
        }
        if let Some(v) = patch.notes {
            self.notes = v;
        }
        if let Some(v) = patch.owner_role {
            self.owner_role = v;
        }
        self.normalise()
    }

    /// Moves the event into a lane of a grouping by changing the field that grouping reads.
    pub fn place_in(&mut self, target: &LaneTarget) -> Result<()> {
        use super::LaneGrouping::*;
        let key = target.key.trim();
        match target.grouping {
            Goal => {
                let cat = catalog::builtin();
                let goal = cat.goals.iter().find(|g| g.id == key).ok_or_else(|| {
                    FeintError::invalid(format!("\"{key}\" is not an Engage goal"))
                })?;
                if goal_of_approach(&self.approach_id) == Some(goal.id.as_str()) {
                    return Ok(());
                }
                let act = activity(&self.activity_id)?;
                self.approach_id = approach_under_goal(act, &goal.id).ok_or_else(|| {
                    FeintError::invalid(format!(
                        "{} ({}) does not serve the goal {}; choose an activity of that goal or another lane",
                        act.name, act.id, goal.name
                    ))
                })?;
            }
            Approach => {
                let act = activity(&self.activity_id)?;
                if !act.approach_ids.iter().any(|a| a == key) {
                    let name = catalog::builtin()
                        .approaches
                        .iter()
                        .find(|a| a.id == key)
                        .map_or(key, |a| a.name.as_str());
                    return Err(FeintError::invalid(format!(
                        "{} ({}) is not an activity of the approach {name}",
                        act.name, act.id
                    )));
                }
                self.approach_id = key.to_string();
            }
            Host => self.host = key.to_string(),
            Custom => self.lane_id = (!key.is_empty()).then(|| key.to_string()),
            // Personas are links, not a field of the event: the edit sets them.
            Persona => {}
        }
        Ok(())
    }

    /// Trims text, upper-cases and de-duplicates technique IDs, then validates.
    pub fn normalise(&mut self) -> Result<()> {
        self.title = self.title.trim().to_string();
        self.host = self.host.trim().to_string();
        self.collection_point = self.collection_point.trim().to_string();
        let mut ids: Vec<String> = Vec::with_capacity(self.technique_ids.len());
        for raw in &self.technique_ids {
            if raw.trim().is_empty() {
                continue;
            }
            let id = technique_id(raw)?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        self.technique_ids = ids;
        self.validate()
    }

    /// Every rule an event must satisfy, whatever wrote it (UI, import, CLI). The lane's
    /// existence is checked against the database by `check_lane`.
    pub fn validate(&self) -> Result<()> {
        let act = activity(&self.activity_id)?;
        if !act.approach_ids.contains(&self.approach_id) {
            return Err(FeintError::invalid(format!(
                "{} ({}) is not under the approach \"{}\"",
                act.name, act.id, self.approach_id
            )));
        }
        if uuid::Uuid::parse_str(&self.id).is_err() {
            return Err(FeintError::invalid(format!(
                "\"{}\" is not an event ID",
                self.id
            )));
        }
        if self.title.trim().is_empty() {
            return Err(FeintError::invalid("the event needs a title"));
        }
        crate::rules::check_timestamp("creation time", &self.created_at)?;
        crate::rules::check_timestamp("modification time", &self.modified_at)?;
        for (label, value) in [
            ("title", &self.title),
            ("host", &self.host),
            ("collection point", &self.collection_point),
        ] {
            if value.chars().count() > MAX_SHORT {
                return Err(FeintError::invalid(format!(
                    "the {label} is longer than {MAX_SHORT} characters"
                )));
            }
        }
        for (label, value) in [("narrative", &self.narrative), ("notes", &self.notes)] {
            if value.len() > MAX_LONG {
                return Err(FeintError::invalid(format!(
                    "the {label} is larger than {} KB",
                    MAX_LONG / 1000
                )));
            }
        }
        if !(-MAX_DAY..=MAX_DAY).contains(&self.day) {
            return Err(FeintError::invalid(format!(
                "D{:+} is too far from the operation's start (at most {MAX_DAY} days either side)",
                self.day
            )));
        }
        if !(0..MINUTES_PER_DAY).contains(&self.minute) {
            return Err(FeintError::invalid(format!(
                "{} is not a minute of the day (0 to 1439)",
                self.minute
            )));
        }
        if !(1..=MAX_DURATION_MIN).contains(&self.duration_min) {
            return Err(FeintError::invalid(format!(
                "an event lasts from 1 minute to 60 days, not {} minutes",
                self.duration_min
            )));
        }
        if self.technique_ids.len() > MAX_TECHNIQUES {
            return Err(FeintError::invalid(format!(
                "an event lists at most {MAX_TECHNIQUES} techniques"
            )));
        }
        for id in &self.technique_ids {
            if technique_id(id)? != *id {
                return Err(FeintError::invalid(format!("\"{id}\" is not normalised")));
            }
        }
        Ok(())
    }

    /// A copy with a new ID and fresh times, everything else kept.
    pub fn duplicate(&self, stamp: &str) -> Event {
        Event {
            id: uuid::Uuid::new_v4().to_string(),
            created_at: stamp.to_string(),
            modified_at: stamp.to_string(),
            ..self.clone()
        }
    }

    /// Minutes from the start of D+0.
    pub fn start_offset(&self) -> i64 {
        self.day as i64 * MINUTES_PER_DAY as i64 + self.minute as i64
    }
}

/// Refuses a lane ID that is not a custom lane of this file.
pub fn check_lane(conn: &Connection, lane_id: Option<&str>) -> Result<()> {
    let Some(id) = lane_id else { return Ok(()) };
    let found: Option<i64> = conn
        .query_row("SELECT 1 FROM lane WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    match found {
        Some(_) => Ok(()),
        None => Err(FeintError::not_found(format!("no lane \"{id}\""))),
    }
}

const COLUMNS: &str = "id, activity_id, approach_id, title, narrative, day, minute, duration_min, \
     host, lane_id, visibility, truth, collection_point, status, notes, created_at, modified_at, \
     owner_role";

fn from_row(row: &Row) -> rusqlite::Result<Event> {
    Ok(Event {
        id: row.get(0)?,
        activity_id: row.get(1)?,
        approach_id: row.get(2)?,
        title: row.get(3)?,
        narrative: row.get(4)?,
        day: row.get(5)?,
        minute: row.get(6)?,
        duration_min: row.get(7)?,
        host: row.get(8)?,
        lane_id: row.get(9)?,
        visibility: row.get(10)?,
        truth: row.get(11)?,
        technique_ids: Vec::new(),
        collection_point: row.get(12)?,
        status: row.get(13)?,
        notes: row.get(14)?,
        created_at: row.get(15)?,
        modified_at: row.get(16)?,
        owner_role: row.get(17)?,
    })
}

/// Every event in time order (day, minute, title, then ID so the order is total).
pub fn load_all(conn: &Connection) -> Result<Vec<Event>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM event ORDER BY day, minute, title, id"
    ))?;
    let mut events = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let index: HashMap<String, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    let mut stmt = conn.prepare_cached(
        "SELECT event_id, technique_id FROM event_technique ORDER BY event_id, position",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let event_id: String = row.get(0)?;
        if let Some(&i) = index.get(&event_id) {
            events[i].technique_ids.push(row.get(1)?);
        }
    }
    Ok(events)
}

pub fn load(conn: &Connection, id: &str) -> Result<Option<Event>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM event WHERE id = ?1"))?;
    let Some(mut event) = stmt.query_row([id], from_row).optional()? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT technique_id FROM event_technique WHERE event_id = ?1 ORDER BY position",
    )?;
    event.technique_ids = stmt
        .query_map([id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Some(event))
}

/// Loads an event the planner named, refusing an unknown ID.
pub fn get(conn: &Connection, id: &str) -> Result<Event> {
    load(conn, id)?.ok_or_else(|| FeintError::not_found(format!("no event \"{id}\"")))
}

/// Inserts or updates an event row. Its technique rows are rewritten only when the caller says
/// they may differ from what is stored, which spares a move three statements.
pub fn upsert(conn: &Connection, event: &Event, write_techniques: bool) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO event (id, activity_id, approach_id, title, narrative, day, minute,
            duration_min, host, lane_id, visibility, truth, collection_point, status, notes,
            created_at, modified_at, owner_role)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18)
         ON CONFLICT (id) DO UPDATE SET activity_id = excluded.activity_id,
            approach_id = excluded.approach_id, title = excluded.title,
            narrative = excluded.narrative, day = excluded.day, minute = excluded.minute,
            duration_min = excluded.duration_min, host = excluded.host,
            lane_id = excluded.lane_id, visibility = excluded.visibility, truth = excluded.truth,
            collection_point = excluded.collection_point, status = excluded.status,
            notes = excluded.notes, created_at = excluded.created_at,
            modified_at = excluded.modified_at, owner_role = excluded.owner_role",
    )?
    .execute(params![
        event.id,
        event.activity_id,
        event.approach_id,
        event.title,
        event.narrative,
        event.day,
        event.minute,
        event.duration_min,
        event.host,
        event.lane_id,
        event.visibility,
        event.truth,
        event.collection_point,
        event.status,
        event.notes,
        event.created_at,
        event.modified_at,
        event.owner_role,
    ])?;
    if write_techniques {
        conn.prepare_cached("DELETE FROM event_technique WHERE event_id = ?1")?
            .execute([&event.id])?;
        let mut insert = conn.prepare_cached(
            "INSERT INTO event_technique (event_id, technique_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (position, technique) in event.technique_ids.iter().enumerate() {
            insert.execute(params![event.id, technique, position as i64])?;
        }
    }
    Ok(())
}

/// Deletes an event; its technique rows go with it (ON DELETE CASCADE).
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM event WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use crate::store::Store;
    use crate::storyboard::LaneGrouping;

    fn new(activity: &str) -> NewEvent {
        NewEvent {
            activity_id: activity.into(),
            day: 1,
            minute: 540,
            ..Default::default()
        }
    }

    #[test]
    fn a_new_event_takes_sensible_defaults() {
        let e = Event::from_new(new("EAC0005"), "2026-01-01T00:00:00.000Z").unwrap();
        assert_eq!(e.title, "Lures");
        assert_eq!(e.approach_id, "EAP0002");
        assert_eq!(e.duration_min, DEFAULT_DURATION_MIN);
        assert_eq!((e.visibility, e.truth), (None, None));
        assert_eq!(e.status, Status::Planned);
    }

    #[test]
    fn technique_ids_are_checked_by_format_not_by_catalog() {
        assert_eq!(technique_id(" t1098.004 ").unwrap(), "T1098.004");
        assert_eq!(technique_id("T9999").unwrap(), "T9999");
        for bad in [
            "T123",
            "T12345",
            "1098",
            "T1098.4",
            "T1098.0044",
            "TA0001",
            "T1098.",
        ] {
            assert!(technique_id(bad).is_err(), "{bad}");
        }
        let mut n = new("EAC0003");
        n.technique_ids = Some(vec![
            "t1610".into(),
            "T1610".into(),
            " ".into(),
            "T1133".into(),
        ]);
        let e = Event::from_new(n, "2026-01-01T00:00:00.000Z").unwrap();
        assert_eq!(e.technique_ids, vec!["T1610", "T1133"]);
    }

    #[test]
    fn refuses_bad_events() {
        let bad = [
            NewEvent {
                activity_id: "EAC9999".into(),
                ..new("")
            },
            NewEvent {
                approach_id: Some("EAP0003".into()),
                ..new("EAC0005")
            },
            NewEvent {
                minute: 1440,
                ..new("EAC0005")
            },
            NewEvent {
                minute: -1,
                ..new("EAC0005")
            },
            NewEvent {
                day: MAX_DAY + 1,
                ..new("EAC0005")
            },
            NewEvent {
                duration_min: Some(0),
                ..new("EAC0005")
            },
            NewEvent {
                duration_min: Some(MAX_DURATION_MIN + 1),
                ..new("EAC0005")
            },
            NewEvent {
                technique_ids: Some(vec!["T10".into()]),
                ..new("EAC0005")
            },
            NewEvent {
                host: Some("h".repeat(501)),
                ..new("EAC0005")
            },
        ];
        for n in bad {
            let err = Event::from_new(n.clone(), "2026-01-01T00:00:00.000Z").unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput, "{n:?}");
        }
    }

    #[test]
    fn placing_in_a_goal_lane_picks_an_approach_of_that_goal() {
        // Lures sits under Detect (Expose) and Direct/Disrupt (Affect).
        let mut e = Event::from_new(new("EAC0005"), "2026-01-01T00:00:00.000Z").unwrap();
        e.place_in(&LaneTarget::new(LaneGrouping::Goal, "EGO0002"))
            .unwrap();
        assert_eq!(e.approach_id, "EAP0004");
        let err = e
            .place_in(&LaneTarget::new(LaneGrouping::Goal, "EGO0003"))
            .unwrap_err();
        assert!(
            err.message.contains("does not serve the goal Elicit"),
            "{}",
            err.message
        );
        assert_eq!(e.approach_id, "EAP0004");
        e.place_in(&LaneTarget::new(LaneGrouping::Approach, "EAP0005"))
            .unwrap();
        assert_eq!(e.approach_id, "EAP0005");
        assert!(e
            .place_in(&LaneTarget::new(LaneGrouping::Approach, "EAP0001"))
            .is_err());
    }

    #[test]
    fn changing_the_activity_keeps_the_goal_lane_when_it_can() {
        let mut e = Event::from_new(new("EAC0018"), "2026-01-01T00:00:00.000Z").unwrap(); // Prevent (Affect)
        e.apply(EventPatch {
            approach_id: Some("EAP0004".into()),
            ..Default::default()
        })
        .unwrap();
        // Lures is under Direct too: same approach.
        e.apply(EventPatch {
            activity_id: Some("EAC0005".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(e.approach_id, "EAP0004");
        // Isolation is not under Direct but is under Prevent: same goal, Affect.
        e.apply(EventPatch {
            activity_id: Some("EAC0020".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(e.approach_id, "EAP0003");
        // Pocket Litter has nothing under Affect: its own first approach.
        e.apply(EventPatch {
            activity_id: Some("EAC0011".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(e.approach_id, "EAP0006");
    }

    #[test]
    fn patch_null_clears_and_absent_keeps() {
        let mut e = Event::from_new(
            NewEvent {
                visibility: Some(Visibility::Revealed),
                truth: Some(Truth::Fact),
                ..new("EAC0005")
            },
            "2026-01-01T00:00:00.000Z",
        )
        .unwrap();
        let patch: EventPatch = serde_json::from_str(r#"{"visibility": null}"#).unwrap();
        e.apply(patch).unwrap();
        assert_eq!(e.visibility, None);
        assert_eq!(e.truth, Some(Truth::Fact));
    }

    #[test]
    fn rows_round_trip_with_techniques_in_order() {
        let store = Store::in_memory().unwrap();
        let mut n = new("EAC0011");
        n.technique_ids = Some(vec!["T1611".into(), "T1098.004".into(), "T1133".into()]);
        n.narrative = Some("<b>not html</b> 🐳 \"quoted\"".into());
        n.visibility = Some(Visibility::Concealed);
        let e = Event::from_new(n, "2026-01-01T00:00:00.000Z").unwrap();
        upsert(store.conn(), &e, true).unwrap();
        assert_eq!(load(store.conn(), &e.id).unwrap().unwrap(), e);
        assert_eq!(load_all(store.conn()).unwrap(), vec![e.clone()]);
        let mut changed = e.clone();
        changed.technique_ids = vec!["T1133".into()];
        upsert(store.conn(), &changed, true).unwrap();
        assert_eq!(load(store.conn(), &e.id).unwrap().unwrap(), changed);
        delete(store.conn(), &e.id).unwrap();
        assert_eq!(load(store.conn(), &e.id).unwrap(), None);
        let orphans: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM event_technique", [], |r| r.get(0))
            .unwrap();
        assert_eq!(orphans, 0);
    }
}
