//! Lanes. Grouping is a view: the same events can be shown by goal, approach, host or custom
//! lane, and each grouping reads one field of the event (see `lane_key`). Only custom lanes are
//! stored, in the `lane` table (migration 0002), with their names and order.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::event::{goal_of_approach, Event};
use super::LaneGrouping;
use crate::catalog;
use crate::error::{FeintError, Result};

const MAX_NAME: usize = 200;
use crate::rules::MAX_LANES;

/// A lane the planner made: a name and a place in the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CustomLane {
    pub id: String,
    pub name: String,
    /// 0-based display order.
    pub position: i32,
}

/// One lane of a grouping, as the timeline draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Lane {
    /// What `lane_key` gives for the events in this lane: a goal or approach ID, a host name, a
    /// custom lane ID; "" is the lane of events with no host or no custom lane.
    pub key: String,
    pub label: String,
}

/// The key of the lane an event sits in under a grouping.
pub fn lane_key(event: &Event, grouping: LaneGrouping) -> String {
    match grouping {
        LaneGrouping::Goal => goal_of_approach(&event.approach_id)
            .unwrap_or_default()
            .to_string(),
        LaneGrouping::Approach => event.approach_id.clone(),
        LaneGrouping::Host => event.host.clone(),
        LaneGrouping::Custom => event.lane_id.clone().unwrap_or_default(),
        // Persona lanes come from the links table; see `storyboard::lane_view`.
        LaneGrouping::Persona => String::new(),
    }
}

/// The lanes of a grouping, in display order. Goal and approach lanes are all of the catalog's,
/// in its order (Prepare, Expose, Affect, Elicit, Understand), so an empty lane can still take a
/// drop. Host lanes are the hosts in use, sorted, then "No host"; custom lanes come in the
/// planner's order, then "No lane".
pub fn lanes(events: &[Event], custom: &[CustomLane], grouping: LaneGrouping) -> Vec<Lane> {
    let cat = catalog::builtin();
    match grouping {
        LaneGrouping::Goal => cat
            .goals
            .iter()
            .map(|g| Lane {
                key: g.id.clone(),
                label: g.name.clone(),
            })
            .collect(),
        LaneGrouping::Approach => cat
            .goals
            .iter()
            .flat_map(|g| g.approach_ids.iter())
            .filter_map(|id| cat.approaches.iter().find(|a| &a.id == id))
            .map(|a| Lane {
                key: a.id.clone(),
                label: a.name.clone(),
            })
            .collect(),
        LaneGrouping::Host => {
            let mut hosts: Vec<&str> = events
                .iter()
                .map(|e| e.host.as_str())
                .filter(|h| !h.is_empty())
                .collect();
            hosts.sort_by(|a, b| a.to_lowercase().cmp(&b.to_lowercase()).then(a.cmp(b)));
            hosts.dedup();
            let mut out: Vec<Lane> = hosts
                .into_iter()
                .map(|h| Lane {
                    key: h.to_string(),
                    label: h.to_string(),
                })
                .collect();
            out.push(Lane {
                key: String::new(),
                label: "No host".into(),
            });
            out
        }
        LaneGrouping::Custom => {
            let mut out: Vec<Lane> = custom
                .iter()
                .map(|l| Lane {
                    key: l.id.clone(),
                    label: l.name.clone(),
                })
                .collect();
            out.push(Lane {
                key: String::new(),
                label: "No lane".into(),
            });
            out
        }
        // Built with the persona names in `storyboard::lane_view`.
        LaneGrouping::Persona => vec![Lane {
            key: String::new(),
            label: "No persona".into(),
        }],
    }
}

impl CustomLane {
    pub fn new(name: &str, position: i32) -> Result<CustomLane> {
        let lane = CustomLane {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.trim().to_string(),
            position,
        };
        lane.validate()?;
        Ok(lane)
    }

    pub fn validate(&self) -> Result<()> {
        if uuid::Uuid::parse_str(&self.id).is_err() {
            return Err(FeintError::invalid(format!(
                "\"{}\" is not a lane ID",
                self.id
            )));
        }
        if self.name.trim().is_empty() {
            return Err(FeintError::invalid("a lane needs a name"));
        }
        if self.name.chars().count() > MAX_NAME {
            return Err(FeintError::invalid(format!(
                "a lane name is at most {MAX_NAME} characters"
            )));
        }
        Ok(())
    }
}

/// Refuses a name another lane already has (case-insensitive): two lanes nobody can tell apart
/// would only confuse the timeline.
pub fn check_unique_name(lanes: &[CustomLane], name: &str, except_id: Option<&str>) -> Result<()> {
    let lower = name.trim().to_lowercase();
    if lanes
        .iter()
        .any(|l| Some(l.id.as_str()) != except_id && l.name.to_lowercase() == lower)
    {
        return Err(FeintError::invalid(format!(
            "there is already a lane named \"{}\"",
            name.trim()
        )));
    }
    if except_id.is_none() && lanes.len() >= MAX_LANES {
        return Err(FeintError::invalid(format!(
            "an operation has at most {MAX_LANES} custom lanes"
        )));
    }
    Ok(())
}

fn from_row(row: &Row) -> rusqlite::Result<CustomLane> {
    Ok(CustomLane {
        id: row.get(0)?,
        name: row.get(1)?,
        position: row.get(2)?,
    })
}

/// Custom lanes in display order.
pub fn load_all(conn: &Connection) -> Result<Vec<CustomLane>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, position FROM lane ORDER BY position, id")?;
    let lanes = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(lanes)
}

pub fn load(conn: &Connection, id: &str) -> Result<Option<CustomLane>> {
    Ok(conn
        .prepare_cached("SELECT id, name, position FROM lane WHERE id = ?1")?
        .query_row([id], from_row)
        .optional()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<CustomLane> {
    load(conn, id)?.ok_or_else(|| FeintError::not_found(format!("no lane \"{id}\"")))
}

pub fn upsert(conn: &Connection, lane: &CustomLane) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO lane (id, name, position) VALUES (?1, ?2, ?3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, position = excluded.position",
    )?
    .execute(params![lane.id, lane.name, lane.position])?;
    Ok(())
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM lane WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::storyboard::event::NewEvent;

    fn event(activity: &str, host: &str) -> Event {
        Event::from_new(
            NewEvent {
                activity_id: activity.into(),
                host: Some(host.into()),
                ..Default::default()
            },
            "2026-01-01T00:00:00.000Z",
        )
        .unwrap()
    }

    #[test]
    fn goal_lanes_follow_the_catalog_order() {
        let labels: Vec<String> = lanes(&[], &[], LaneGrouping::Goal)
            .into_iter()
            .map(|l| l.label)
            .collect();
        assert_eq!(
            labels,
            ["Prepare", "Expose", "Affect", "Elicit", "Understand"]
        );
        assert_eq!(lanes(&[], &[], LaneGrouping::Approach).len(), 9);
    }

    #[test]
    fn host_lanes_are_the_hosts_in_use_then_no_host() {
        let events = [
            event("EAC0005", "web-02"),
            event("EAC0005", "build-01"),
            event("EAC0005", "web-02"),
            event("EAC0005", ""),
        ];
        let keys: Vec<String> = lanes(&events, &[], LaneGrouping::Host)
            .into_iter()
            .map(|l| l.key)
            .collect();
        assert_eq!(keys, ["build-01", "web-02", ""]);
        assert_eq!(lane_key(&events[0], LaneGrouping::Host), "web-02");
        assert_eq!(lane_key(&events[0], LaneGrouping::Goal), "EGO0001");
        assert_eq!(lane_key(&events[0], LaneGrouping::Approach), "EAP0002");
        assert_eq!(lane_key(&events[0], LaneGrouping::Custom), "");
    }

    #[test]
    fn lane_rows_round_trip_in_order() {
        let store = Store::in_memory().unwrap();
        let b = CustomLane::new(" Team ", 1).unwrap();
        let a = CustomLane::new("Environment", 0).unwrap();
        upsert(store.conn(), &b).unwrap();
        upsert(store.conn(), &a).unwrap();
        assert_eq!(b.name, "Team");
        assert_eq!(load_all(store.conn()).unwrap(), vec![a.clone(), b.clone()]);
        assert!(check_unique_name(&[a.clone(), b.clone()], "team", None).is_err());
        assert!(check_unique_name(&[a.clone(), b.clone()], "team", Some(&b.id)).is_ok());
        assert!(CustomLane::new("  ", 0).is_err());
        delete(store.conn(), &a.id).unwrap();
        assert_eq!(load_all(store.conn()).unwrap(), vec![b]);
    }
}
