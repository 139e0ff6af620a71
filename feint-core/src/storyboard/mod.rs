//! The storyboard: the engagement told as events over time, each placing one Engage activity,
//! marked revealed/concealed and fact/fiction (steps 3–5 of the ten-step process).
//!
//! Every edit here is one transaction that validates, writes, and records itself in the undo
//! log (`history`), then returns a [`StoryboardChange`]: only the rows that changed plus the new
//! undo/redo state, so a move in a 1,000-event plan does not resend the plan. [`load`] gives the
//! whole [`Storyboard`]; [`quad_chart`] and [`lane_view`] are other views of the same rows.

use std::collections::{BTreeMap, HashSet};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog;
use crate::error::{FeintError, Result};
use crate::persona;
use crate::store::{sql_text_enum, Store};

pub mod event;
pub mod history;
pub mod lane;
pub mod placement;
pub mod supporting;
#[cfg(test)]
mod tests;
pub mod time;

pub use event::{Event, EventPatch, NewEvent};
pub use lane::{lane_key, CustomLane, Lane};
pub use supporting::{NewSupportingItem, SupportingItem, SupportingPatch};
pub use time::Span;

use history::Edit;

/// Whether the adversary is meant to see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Revealed,
    Concealed,
}

/// Whether it is true or part of the deception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    Fact,
    Fiction,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Planned,
    Ready,
    Done,
}

/// How the timeline groups events into lanes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LaneGrouping {
    #[default]
    Goal,
    Approach,
    Host,
    Custom,
    /// One lane per persona (by name); an event with several personas sits in the lane of the
    /// first by name, one with none in "No persona".
    Persona,
}

/// A lane of a grouping, as a drop target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LaneTarget {
    pub grouping: LaneGrouping,
    /// The lane's `key` (see [`Lane`]).
    pub key: String,
}

impl LaneTarget {
    pub fn new(grouping: LaneGrouping, key: &str) -> LaneTarget {
        LaneTarget {
            grouping,
            key: key.to_string(),
        }
    }
}

sql_text_enum!(Visibility { Revealed => "revealed", Concealed => "concealed" });
sql_text_enum!(Truth { Fact => "fact", Fiction => "fiction" });
sql_text_enum!(Status { Planned => "planned", Ready => "ready", Done => "done" });

/// For patch fields that can be cleared: a field left out is `None`, an explicit `null` is
/// `Some(None)`, a value is `Some(Some(v))`. Used with `skip_serializing_if = "Option::is_none"`.
pub(crate) mod clearable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        ser: S,
    ) -> Result<S::Ok, S::Error> {
        value.as_ref().and_then(Option::as_ref).serialize(ser)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        de: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(de).map(Some)
    }
}

/// The whole storyboard, as the timeline opens it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Storyboard {
    /// In time order: day, minute, title.
    pub events: Vec<Event>,
    /// Custom lanes in the planner's order.
    pub lanes: Vec<CustomLane>,
    pub supporting: Vec<SupportingItem>,
    /// Event ID → the personas taking part (IDs), for events that have any.
    pub event_personas: BTreeMap<String, Vec<String>>,
    pub can_undo: bool,
    pub can_redo: bool,
    /// What Undo would undo, e.g. "Move 3 events".
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
}

/// What an edit, an undo or a redo changed: the UI replaces these rows by ID, drops the removed
/// ones, and updates its undo/redo buttons. Nothing else changed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct StoryboardChange {
    /// The edit's label (for undo/redo: the edit undone or redone); "" when nothing changed.
    pub label: String,
    /// Events added or changed, as now stored.
    pub events: Vec<Event>,
    pub removed_event_ids: Vec<String>,
    /// The whole custom lane list, when any lane changed.
    pub lanes: Option<Vec<CustomLane>>,
    pub supporting: Vec<SupportingItem>,
    pub removed_supporting_ids: Vec<String>,
    /// Events whose personas changed → their personas now (empty: none).
    pub event_personas: BTreeMap<String, Vec<String>>,
    pub can_undo: bool,
    pub can_redo: bool,
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
}

impl StoryboardChange {
    fn set_history(&mut self, state: &history::HistoryState) {
        self.can_undo = state.undo_label.is_some();
        self.can_redo = state.redo_label.is_some();
        self.undo_label = state.undo_label.clone();
        self.redo_label = state.redo_label.clone();
    }
}

/// The lanes of one grouping and the lane of every event in it, so the UI does not have to know
/// how a grouping reads an event.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LaneView {
    pub grouping: LaneGrouping,
    pub lanes: Vec<Lane>,
    /// Event ID → lane key.
    pub event_lanes: BTreeMap<String, String>,
}

/// An event or a supporting item, as the quad chart shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct QuadItem {
    pub kind: QuadItemKind,
    pub id: String,
    /// The event's title or the supporting item's text.
    pub label: String,
    /// For events: the Engage activity.
    pub activity_id: Option<String>,
    pub visibility: Option<Visibility>,
    pub truth: Option<Truth>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QuadItemKind {
    Event,
    Supporting,
}

/// The deceptive-information quad chart: every event and supporting item in its quadrant, and
/// those with either marking unset in the tray until the planner decides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct QuadChart {
    /// Non-essential truths that validate the story.
    pub revealed_fact: Vec<QuadItem>,
    /// Essential truths to protect.
    pub concealed_fact: Vec<QuadItem>,
    /// The disinformation to be believed.
    pub revealed_fiction: Vec<QuadItem>,
    /// What the adversary should think important because it is hidden.
    pub concealed_fiction: Vec<QuadItem>,
    pub unmarked: Vec<QuadItem>,
}

/// A marking change for events and supporting items together (a quad-chart drag). A field left
/// out stays; an explicit `null` clears.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct MarkingPatch {
    #[serde(default, with = "clearable", skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<Option<Visibility>>")]
    pub visibility: Option<Option<Visibility>>,
    #[serde(default, with = "clearable", skip_serializing_if = "Option::is_none")]
    #[ts(as = "Option<Option<Truth>>")]
    pub truth: Option<Option<Truth>>,
}

/// The storyboard's own data, as the JSON export carries it (no undo history).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StoryboardData {
    pub events: Vec<Event>,
    pub lanes: Vec<CustomLane>,
    pub supporting: Vec<SupportingItem>,
}

// ---------------------------------------------------------------------------------------------
// Views

pub fn load(conn: &Connection) -> Result<Storyboard> {
    let state = history::state(conn)?;
    Ok(Storyboard {
        events: event::load_all(conn)?,
        lanes: lane::load_all(conn)?,
        supporting: supporting::load_all(conn)?,
        event_personas: persona::event_personas(conn)?,
        can_undo: state.undo_label.is_some(),
        can_redo: state.redo_label.is_some(),
        undo_label: state.undo_label,
        redo_label: state.redo_label,
    })
}

pub fn load_data(conn: &Connection) -> Result<StoryboardData> {
    Ok(StoryboardData {
        events: event::load_all(conn)?,
        lanes: lane::load_all(conn)?,
        supporting: supporting::load_all(conn)?,
    })
}

/// The lanes of a grouping, in display order.
pub fn lanes(conn: &Connection, grouping: LaneGrouping) -> Result<Vec<Lane>> {
    Ok(lane_view(conn, grouping)?.lanes)
}

pub fn lane_view(conn: &Connection, grouping: LaneGrouping) -> Result<LaneView> {
    let events = event::load_all(conn)?;
    if grouping == LaneGrouping::Persona {
        return persona_lane_view(conn, &events);
    }
    let custom = lane::load_all(conn)?;
    let mut lanes = lane::lanes(&events, &custom, grouping);
    if grouping == LaneGrouping::Host {
        add_environment_hosts(conn, &mut lanes)?;
    }
    Ok(LaneView {
        grouping,
        lanes,
        event_lanes: events
            .iter()
            .map(|e| (e.id.clone(), lane_key(e, grouping)))
            .collect(),
    })
}

/// The engagement environment's hosts (from the order) are host lanes even before an event
/// names them, so a drop can put the first event on a host. Same order as `lane::lanes`:
/// sorted without case, "No host" last.
fn add_environment_hosts(conn: &Connection, lanes: &mut Vec<Lane>) -> Result<()> {
    let no_host = lanes.pop();
    for host in crate::order::load(conn)?.hosts {
        let name = host.hostname.trim();
        if !name.is_empty() && !lanes.iter().any(|l| l.key == name) {
            lanes.push(Lane {
                key: name.to_string(),
                label: name.to_string(),
            });
        }
    }
    lanes.sort_by(|a, b| {
        a.key
            .to_lowercase()
            .cmp(&b.key.to_lowercase())
            .then(a.key.cmp(&b.key))
    });
    lanes.extend(no_host);
    Ok(())
}

/// Persona lanes live outside the event row (links in `event_persona`), so they are built here.
fn persona_lane_view(conn: &Connection, events: &[Event]) -> Result<LaneView> {
    let personas = persona::names(conn)?;
    let links = persona::event_personas(conn)?;
    let mut lanes: Vec<Lane> = personas
        .iter()
        .map(|(id, name)| Lane {
            key: id.clone(),
            label: name.clone(),
        })
        .collect();
    lanes.push(Lane {
        key: String::new(),
        label: "No persona".into(),
    });
    let event_lanes = events
        .iter()
        .map(|e| {
            let key = links
                .get(&e.id)
                .map(|ids| primary_persona(&personas, ids))
                .unwrap_or_default();
            (e.id.clone(), key)
        })
        .collect();
    Ok(LaneView {
        grouping: LaneGrouping::Persona,
        lanes,
        event_lanes,
    })
}

/// The persona whose lane shows an event: the first of its personas in lane (name) order.
fn primary_persona(personas: &[(String, String)], ids: &[String]) -> String {
    personas
        .iter()
        .find(|(id, _)| ids.contains(id))
        .map(|(id, _)| id.clone())
        .unwrap_or_default()
}

pub fn quad_chart(conn: &Connection) -> Result<QuadChart> {
    let mut chart = QuadChart::default();
    let events = event::load_all(conn)?.into_iter().map(|e| QuadItem {
        kind: QuadItemKind::Event,
        id: e.id,
        label: e.title,
        activity_id: Some(e.activity_id),
        visibility: e.visibility,
        truth: e.truth,
    });
    let items = supporting::load_all(conn)?.into_iter().map(|s| QuadItem {
        kind: QuadItemKind::Supporting,
        id: s.id,
        label: s.text,
        activity_id: None,
        visibility: s.visibility,
        truth: s.truth,
    });
    for item in events.chain(items) {
        let quadrant = match (item.visibility, item.truth) {
            (Some(Visibility::Revealed), Some(Truth::Fact)) => &mut chart.revealed_fact,
            (Some(Visibility::Concealed), Some(Truth::Fact)) => &mut chart.concealed_fact,
            (Some(Visibility::Revealed), Some(Truth::Fiction)) => &mut chart.revealed_fiction,
            (Some(Visibility::Concealed), Some(Truth::Fiction)) => &mut chart.concealed_fiction,
            _ => &mut chart.unmarked,
        };
        quadrant.push(item);
    }
    Ok(chart)
}

// ---------------------------------------------------------------------------------------------
// Edits: each one transaction, validated, recorded for undo.

fn edit(
    store: &mut Store,
    f: impl FnOnce(&mut Edit) -> Result<String>,
) -> Result<StoryboardChange> {
    store.with_tx(|tx| {
        let mut edit = Edit::new(tx);
        let label = f(&mut edit)?;
        edit.finish(label)
    })
}

/// “Title” for one item, "N events" for several.
fn what(count: usize, single: impl FnOnce() -> String, plural: &str) -> String {
    if count == 1 {
        format!("“{}”", single())
    } else {
        format!("{count} {plural}")
    }
}

/// IDs named once each, in order; an empty selection is refused.
fn distinct(ids: &[String], noun: &str) -> Result<Vec<String>> {
    let mut seen = HashSet::new();
    let out: Vec<String> = ids
        .iter()
        .filter(|id| seen.insert(id.as_str()))
        .cloned()
        .collect();
    if out.is_empty() {
        return Err(FeintError::invalid(format!("no {noun} selected")));
    }
    Ok(out)
}

pub fn add_event(store: &mut Store, new: NewEvent) -> Result<StoryboardChange> {
    edit(store, |e| {
        let mut personas = new.persona_ids.clone().unwrap_or_default();
        if let Some(target) = new
            .lane
            .as_ref()
            .filter(|t| t.grouping == LaneGrouping::Persona)
        {
            if !target.key.is_empty() && !personas.contains(&target.key) {
                personas.insert(0, target.key.clone());
            }
        }
        let event = Event::from_new(new, e.stamp())?;
        let label = format!("Add “{}”", event.title);
        let id = event.id.clone();
        e.put_event(event)?;
        if !personas.is_empty() {
            check_personas(e.tx(), &personas)?;
            e.put_links(&id, &personas)?;
        }
        Ok(label)
    })
}

/// Names the personas taking part in an event (replacing its list), as an undoable edit.
pub fn set_event_personas(
    store: &mut Store,
    event_id: &str,
    persona_ids: &[String],
) -> Result<StoryboardChange> {
    edit(store, |e| {
        let title = e.event(event_id)?.title;
        check_personas(e.tx(), persona_ids)?;
        e.put_links(event_id, persona_ids)?;
        Ok(format!("Set the personas of “{title}”"))
    })
}

fn check_personas(conn: &Connection, ids: &[String]) -> Result<()> {
    for id in ids {
        persona::get(conn, id)?;
    }
    Ok(())
}

/// Moving into a persona's lane swaps the persona whose lane the event left for that one;
/// "No persona" clears the list.
fn move_to_persona(e: &mut Edit, event_id: &str, key: &str) -> Result<()> {
    let current = e.links_of(event_id)?.unwrap_or_default();
    if key.is_empty() {
        return e.put_links(event_id, &[]);
    }
    persona::get(e.tx(), key)?;
    let personas = persona::names(e.tx())?;
    let left = primary_persona(&personas, &current);
    let mut next: Vec<String> = vec![key.to_string()];
    next.extend(current.into_iter().filter(|p| *p != left && p != key));
    e.put_links(event_id, &next)
}

pub fn update_event(store: &mut Store, id: &str, patch: EventPatch) -> Result<StoryboardChange> {
    edit(store, |e| {
        let mut event = e.event(id)?;
        event.apply(patch)?;
        let label = format!("Edit “{}”", event.title);
        e.put_event(event)?;
        Ok(label)
    })
}

/// Moves events together by `delta_minutes` and, with a target, into that lane of a grouping.
/// Day and minute are normalised (moving 23:30 by an hour gives the next day at 00:30). If any
/// event cannot go where asked, nothing moves.
pub fn move_events(
    store: &mut Store,
    ids: &[String],
    delta_minutes: i32,
    target: Option<LaneTarget>,
) -> Result<StoryboardChange> {
    let ids = distinct(ids, "event")?;
    edit(store, |e| {
        let mut first = String::new();
        for id in &ids {
            let mut event = e.event(id)?;
            if first.is_empty() {
                first = event.title.clone();
            }
            let (day, minute) = time::normalise(event.start_offset() + delta_minutes as i64);
            event.day = i32::try_from(day).unwrap_or(i32::MAX);
            event.minute = minute;
            if let Some(target) = &target {
                event.place_in(target)?;
            }
            e.put_event(event)?;
            if let Some(target) = target
                .as_ref()
                .filter(|t| t.grouping == LaneGrouping::Persona)
            {
                move_to_persona(e, id, target.key.trim())?;
            }
        }
        Ok(format!("Move {}", what(ids.len(), || first, "events")))
    })
}

pub fn resize_event(store: &mut Store, id: &str, duration_min: i32) -> Result<StoryboardChange> {
    edit(store, |e| {
        let mut event = e.event(id)?;
        event.duration_min = duration_min;
        let label = format!("Resize “{}”", event.title);
        e.put_event(event)?;
        Ok(label)
    })
}

/// Copies events at the same time and lane; the change lists the copies (new IDs).
pub fn duplicate_events(store: &mut Store, ids: &[String]) -> Result<StoryboardChange> {
    let ids = distinct(ids, "event")?;
    edit(store, |e| {
        let mut first = String::new();
        for id in &ids {
            let copy = e.event(id)?.duplicate(e.stamp());
            if first.is_empty() {
                first = copy.title.clone();
            }
            let copy_id = copy.id.clone();
            e.put_event(copy)?;
            // A copy of an event keeps the personas who take part in it.
            if let Some(personas) = e.links_of(id)? {
                e.put_links(&copy_id, &personas)?;
            }
        }
        Ok(format!("Duplicate {}", what(ids.len(), || first, "events")))
    })
}

pub fn delete_events(store: &mut Store, ids: &[String]) -> Result<StoryboardChange> {
    let ids = distinct(ids, "event")?;
    edit(store, |e| {
        let mut first = String::new();
        for id in &ids {
            if first.is_empty() {
                first = e.event(id)?.title;
            }
            e.remove_event(id)?;
        }
        Ok(format!("Delete {}", what(ids.len(), || first, "events")))
    })
}

/// Sets or clears the marking of events and supporting items (IDs of either kind).
pub fn set_marking(
    store: &mut Store,
    ids: &[String],
    marking: MarkingPatch,
) -> Result<StoryboardChange> {
    let ids = distinct(ids, "item")?;
    edit(store, |e| {
        let mut first = String::new();
        for id in &ids {
            if let Some(mut event) = event::load(e.tx(), id)? {
                if let Some(v) = marking.visibility {
                    event.visibility = v;
                }
                if let Some(v) = marking.truth {
                    event.truth = v;
                }
                if first.is_empty() {
                    first = event.title.clone();
                }
                e.put_event(event)?;
            } else {
                let mut item = e.supporting(id)?;
                if let Some(v) = marking.visibility {
                    item.visibility = v;
                }
                if let Some(v) = marking.truth {
                    item.truth = v;
                }
                if first.is_empty() {
                    first = item.text.clone();
                }
                e.put_supporting(item)?;
            }
        }
        Ok(format!("Mark {}", what(ids.len(), || first, "items")))
    })
}

pub fn add_supporting(store: &mut Store, new: NewSupportingItem) -> Result<StoryboardChange> {
    edit(store, |e| {
        let item = SupportingItem::new(new, supporting::next_position(e.tx())?)?;
        let label = format!("Add “{}”", item.text);
        e.put_supporting(item)?;
        Ok(label)
    })
}

pub fn update_supporting(
    store: &mut Store,
    id: &str,
    patch: SupportingPatch,
) -> Result<StoryboardChange> {
    edit(store, |e| {
        let mut item = e.supporting(id)?;
        item.apply(patch)?;
        let label = format!("Edit “{}”", item.text);
        e.put_supporting(item)?;
        Ok(label)
    })
}

pub fn delete_supporting(store: &mut Store, ids: &[String]) -> Result<StoryboardChange> {
    let ids = distinct(ids, "item")?;
    edit(store, |e| {
        let mut first = String::new();
        for id in &ids {
            if first.is_empty() {
                first = e.supporting(id)?.text;
            }
            e.remove_supporting(id)?;
        }
        Ok(format!("Delete {}", what(ids.len(), || first, "items")))
    })
}

pub fn add_lane(store: &mut Store, name: &str) -> Result<StoryboardChange> {
    edit(store, |e| {
        let lanes = lane::load_all(e.tx())?;
        lane::check_unique_name(&lanes, name, None)?;
        let position = lanes.last().map_or(0, |l| l.position + 1);
        let new = CustomLane::new(name, position)?;
        let label = format!("Add lane “{}”", new.name);
        e.put_lane(new)?;
        Ok(label)
    })
}

pub fn rename_lane(store: &mut Store, id: &str, name: &str) -> Result<StoryboardChange> {
    edit(store, |e| {
        let mut renamed = e.lane(id)?;
        lane::check_unique_name(&lane::load_all(e.tx())?, name, Some(id))?;
        let label = format!("Rename lane “{}”", renamed.name);
        renamed.name = name.trim().to_string();
        e.put_lane(renamed)?;
        Ok(label)
    })
}

/// Puts the custom lanes in the given order; `ids` must name every lane exactly once.
pub fn reorder_lanes(store: &mut Store, ids: &[String]) -> Result<StoryboardChange> {
    edit(store, |e| {
        let lanes = lane::load_all(e.tx())?;
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let have: HashSet<&str> = lanes.iter().map(|l| l.id.as_str()).collect();
        if wanted != have || ids.len() != lanes.len() {
            return Err(FeintError::invalid(
                "the new lane order must name every lane exactly once",
            ));
        }
        for (position, id) in ids.iter().enumerate() {
            let mut moved = e.lane(id)?;
            moved.position = position as i32;
            e.put_lane(moved)?;
        }
        Ok("Reorder lanes".into())
    })
}

/// Deletes a custom lane; its events stay, in no lane.
pub fn delete_lane(store: &mut Store, id: &str) -> Result<StoryboardChange> {
    edit(store, |e| {
        let gone = e.lane(id)?;
        let members: Vec<String> = e
            .tx()
            .prepare("SELECT id FROM event WHERE lane_id = ?1")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for member in members {
            let mut event = e.event(&member)?;
            event.lane_id = None;
            e.put_event(event)?;
        }
        e.remove_lane(id)?;
        Ok(format!("Delete lane “{}”", gone.name))
    })
}

/// Undoes the newest edit; `None` when there is nothing to undo. The change's label names the
/// edit undone.
pub fn undo(store: &mut Store) -> Result<Option<StoryboardChange>> {
    store.with_tx(history::undo)
}

/// Redoes the edit undone last; `None` when there is nothing to redo.
pub fn redo(store: &mut Store) -> Result<Option<StoryboardChange>> {
    store.with_tx(history::redo)
}

/// Writes a whole storyboard into an empty one (import), validating every row and every
/// reference, without undo history.
pub fn insert_data(tx: &rusqlite::Transaction, data: &StoryboardData) -> Result<()> {
    let mut ids = HashSet::new();
    let mut unique = |id: &str| {
        if ids.insert(id.to_string()) {
            Ok(())
        } else {
            Err(FeintError::invalid(format!(
                "the ID \"{id}\" is used twice"
            )))
        }
    };
    use crate::rules::in_entry;
    for (i, l) in data.lanes.iter().enumerate() {
        unique(&l.id)
            .and_then(|_| l.validate())
            .and_then(|_| lane::upsert(tx, l))
            .map_err(|e| in_entry("lane", i, &l.id, e))?;
    }
    for (i, ev) in data.events.iter().enumerate() {
        let mut ev = ev.clone();
        unique(&ev.id)
            .and_then(|_| ev.normalise())
            .and_then(|_| event::check_lane(tx, ev.lane_id.as_deref()))
            .and_then(|_| event::upsert(tx, &ev, !ev.technique_ids.is_empty()))
            .map_err(|e| in_entry("event", i, &ev.id, e))?;
    }
    for (i, s) in data.supporting.iter().enumerate() {
        unique(&s.id)
            .and_then(|_| s.validate())
            .and_then(|_| supporting::upsert(tx, s))
            .map_err(|e| in_entry("supporting item", i, &s.id, e))?;
    }
    Ok(())
}

/// Forgets the undo history (after writing a sample, for instance).
pub fn clear_history(store: &mut Store) -> Result<()> {
    store.with_tx(history::clear)
}

/// The absolute span of every event for an operation (empty while it has no start date).
pub fn spans(op: &crate::operation::Operation, events: &[Event]) -> Result<BTreeMap<String, Span>> {
    let mut out = BTreeMap::new();
    for e in events {
        if let Some(span) = time::span(op, e.day, e.minute, e.duration_min)? {
            out.insert(e.id.clone(), span);
        }
    }
    Ok(out)
}

// The storyboard of an open operation file. Each edit is one committed transaction and returns
// what changed.
impl crate::document::Document {
    pub fn storyboard(&self) -> Result<Storyboard> {
        load(self.store.conn())
    }

    pub fn storyboard_data(&self) -> Result<StoryboardData> {
        load_data(self.store.conn())
    }

    pub fn lane_view(&self, grouping: LaneGrouping) -> Result<LaneView> {
        lane_view(self.store.conn(), grouping)
    }

    pub fn quad_chart(&self) -> Result<QuadChart> {
        quad_chart(self.store.conn())
    }

    /// Every event's absolute start and end (UTC), by event ID; empty without a start date.
    pub fn event_spans(&self) -> Result<BTreeMap<String, Span>> {
        let op = self.operation()?;
        spans(&op, &self.storyboard_data()?.events)
    }

    pub fn add_event(&mut self, new: NewEvent) -> Result<StoryboardChange> {
        add_event(&mut self.store, new)
    }

    pub fn update_event(&mut self, id: &str, patch: EventPatch) -> Result<StoryboardChange> {
        update_event(&mut self.store, id, patch)
    }

    pub fn move_events(
        &mut self,
        ids: &[String],
        delta_minutes: i32,
        target: Option<LaneTarget>,
    ) -> Result<StoryboardChange> {
        move_events(&mut self.store, ids, delta_minutes, target)
    }

    pub fn resize_event(&mut self, id: &str, duration_min: i32) -> Result<StoryboardChange> {
        resize_event(&mut self.store, id, duration_min)
    }

    pub fn duplicate_events(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        duplicate_events(&mut self.store, ids)
    }

    pub fn delete_events(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        delete_events(&mut self.store, ids)
    }

    pub fn set_marking(
        &mut self,
        ids: &[String],
        marking: MarkingPatch,
    ) -> Result<StoryboardChange> {
        set_marking(&mut self.store, ids, marking)
    }

    /// Replaces the personas of an event, as an undoable storyboard edit.
    pub fn set_event_personas(
        &mut self,
        event_id: &str,
        persona_ids: &[String],
    ) -> Result<StoryboardChange> {
        set_event_personas(&mut self.store, event_id, persona_ids)
    }

    pub fn add_supporting(&mut self, new: NewSupportingItem) -> Result<StoryboardChange> {
        add_supporting(&mut self.store, new)
    }

    pub fn update_supporting(
        &mut self,
        id: &str,
        patch: SupportingPatch,
    ) -> Result<StoryboardChange> {
        update_supporting(&mut self.store, id, patch)
    }

    pub fn delete_supporting(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        delete_supporting(&mut self.store, ids)
    }

    pub fn add_lane(&mut self, name: &str) -> Result<StoryboardChange> {
        add_lane(&mut self.store, name)
    }

    pub fn rename_lane(&mut self, id: &str, name: &str) -> Result<StoryboardChange> {
        rename_lane(&mut self.store, id, name)
    }

    pub fn reorder_lanes(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        reorder_lanes(&mut self.store, ids)
    }

    pub fn delete_lane(&mut self, id: &str) -> Result<StoryboardChange> {
        delete_lane(&mut self.store, id)
    }

    /// Undoes the newest storyboard edit; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<StoryboardChange>> {
        undo(&mut self.store)
    }

    /// Redoes the edit undone last; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<StoryboardChange>> {
        redo(&mut self.store)
    }

    /// Forgets the storyboard's undo history (a freshly written sample starts clean).
    pub fn clear_history(&mut self) -> Result<()> {
        clear_history(&mut self.store)
    }
}

/// A synthetic storyboard of `n` marked events over two weeks, with techniques and hosts: for
/// the benchmark (`feint bench`) and the scale tests.
pub fn synthetic(n: usize) -> StoryboardData {
    let activities: Vec<&catalog::Activity> = catalog::builtin().activities.iter().collect();
    let stamp = crate::operation::now();
    let lanes: Vec<CustomLane> = ["Team", "Environment", "Registry", "Analysis"]
        .iter()
        .enumerate()
        .map(|(i, name)| CustomLane::new(name, i as i32).expect("a valid lane name"))
        .collect();
    let events = (0..n)
        .map(|i| {
            let act = activities[i % activities.len()];
            Event::from_new(
                NewEvent {
                    activity_id: act.id.clone(),
                    day: (i % 14) as i32,
                    minute: ((i * 37) % 1440) as i32,
                    duration_min: Some(30 + (i % 8) as i32 * 30),
                    title: Some(format!("{} #{i}", act.name)),
                    host: Some(format!("host-{:02}", i % 12)),
                    lane_id: lanes.get(i % 5).map(|l| l.id.clone()),
                    visibility: Some(if i % 2 == 0 {
                        Visibility::Revealed
                    } else {
                        Visibility::Concealed
                    }),
                    truth: Some(if i % 3 == 0 {
                        Truth::Fiction
                    } else {
                        Truth::Fact
                    }),
                    technique_ids: Some(vec!["T1133".into(), format!("T{:04}", 1000 + i % 600)]),
                    narrative: Some("A planned step of the synthetic story.".into()),
                    ..Default::default()
                },
                &stamp,
            )
            .expect("synthetic events are valid")
        })
        .collect();
    StoryboardData {
        events,
        lanes,
        supporting: Vec::new(),
    }
}
