//! Undo and redo, held by the core and kept in the file (`undo_log`, migration 0002), so the UI
//! and the file cannot disagree and an undo still works after the app restarts.
//!
//! Each storyboard edit goes through an [`Edit`], which writes the rows and remembers, for every
//! row it touched, the row as it was before (or its absence) and as it is after. The edit's
//! label and both snapshots are stored as one log entry in the same transaction as the edit.
//! Undo writes the `before` rows back; redo writes the `after` rows. A new edit drops the redo
//! tail, and only the newest `MAX_ENTRIES` entries are kept.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::event::{self, Event};
use super::lane::{self, CustomLane};
use super::supporting::{self, SupportingItem};
use super::StoryboardChange;
use crate::error::{ErrorCode, FeintError, Result};
use crate::operation::now;
use crate::persona;

/// How many edits can be undone. Plenty for a planning session, and it keeps the file small.
pub const MAX_ENTRIES: i64 = 500;

/// One row's state: `row` is `None` when the row did not (or no longer does) exist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct RowState<T> {
    id: String,
    row: Option<T>,
}

/// The rows an edit touched, each in one state (before, or after). Rows are kept in their serde
/// form, so a field a later schema adds to `Event` and friends needs `#[serde(default)]` for
/// the entries already in people's files to stay readable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    #[serde(default)]
    events: Vec<RowState<Event>>,
    #[serde(default)]
    lanes: Vec<RowState<CustomLane>>,
    #[serde(default)]
    supporting: Vec<RowState<SupportingItem>>,
    /// Each touched event's persona links (`None`: no links), so undoing a delete brings the
    /// event back with the personas it had.
    #[serde(default)]
    links: Vec<RowState<Vec<String>>>,
}

impl Snapshot {
    fn is_empty(&self) -> bool {
        self.events.is_empty()
            && self.lanes.is_empty()
            && self.supporting.is_empty()
            && self.links.is_empty()
    }

    /// Writes these row states to the database as they are (they were valid when recorded).
    ///
    /// Order matters for the event → lane foreign key: lanes that exist in this state are written
    /// first so events can point at them, and lanes that do not are deleted last, after the
    /// events that pointed at them have been rewritten.
    fn apply(&self, tx: &Transaction) -> Result<()> {
        for state in &self.lanes {
            if let Some(row) = &state.row {
                lane::upsert(tx, row)?;
            }
        }
        for state in &self.events {
            match &state.row {
                // What is stored now is not known here, so the technique list is rewritten.
                Some(row) => event::upsert(tx, row, true)?,
                None => event::delete(tx, &state.id)?,
            }
        }
        for state in &self.supporting {
            match &state.row {
                Some(row) => supporting::upsert(tx, row)?,
                None => supporting::delete(tx, &state.id)?,
            }
        }
        // After the events, so a restored event exists before its links point at it.
        for state in &self.links {
            let ids = state.row.as_deref().unwrap_or_default();
            if event::load(tx, &state.id)?.is_some() {
                persona::restore_links(tx, &state.id, ids)?;
            }
        }
        for state in &self.lanes {
            if state.row.is_none() {
                lane::delete(tx, &state.id)?;
            }
        }
        Ok(())
    }

    /// What the UI must change to show this state.
    fn to_change(&self, tx: &Connection, label: String) -> Result<StoryboardChange> {
        let mut change = StoryboardChange {
            label,
            ..Default::default()
        };
        for state in &self.events {
            match &state.row {
                Some(row) => change.events.push(row.clone()),
                None => change.removed_event_ids.push(state.id.clone()),
            }
        }
        for state in &self.supporting {
            match &state.row {
                Some(row) => change.supporting.push(row.clone()),
                None => change.removed_supporting_ids.push(state.id.clone()),
            }
        }
        for state in &self.links {
            change
                .event_personas
                .insert(state.id.clone(), state.row.clone().unwrap_or_default());
        }
        if !self.lanes.is_empty() {
            change.lanes = Some(lane::load_all(tx)?);
        }
        change.set_history(&state(tx)?);
        Ok(change)
    }
}

/// Rows of one kind touched by an edit: the first `before` seen and the latest `after`.
struct Touched<T> {
    ids: Vec<String>,
    before: Vec<Option<T>>,
    after: Vec<Option<T>>,
    index: HashMap<String, usize>,
}

impl<T: Clone + PartialEq> Touched<T> {
    fn new() -> Self {
        Touched {
            ids: Vec::new(),
            before: Vec::new(),
            after: Vec::new(),
            index: HashMap::new(),
        }
    }

    /// The row as it stands now in this edit, loading it the first time it is touched.
    fn current(&mut self, id: &str, load: impl FnOnce() -> Result<Option<T>>) -> Result<Option<T>> {
        if let Some(&i) = self.index.get(id) {
            return Ok(self.after[i].clone());
        }
        let row = load()?;
        self.index.insert(id.to_string(), self.ids.len());
        self.ids.push(id.to_string());
        self.before.push(row.clone());
        self.after.push(row.clone());
        Ok(row)
    }

    fn set(&mut self, id: &str, row: Option<T>) {
        let i = self.index[id];
        self.after[i] = row;
    }

    /// The (before, after) states of rows that really changed.
    fn split(self) -> (Vec<RowState<T>>, Vec<RowState<T>>) {
        let mut before = Vec::new();
        let mut after = Vec::new();
        for ((id, b), a) in self.ids.into_iter().zip(self.before).zip(self.after) {
            if b != a {
                before.push(RowState {
                    id: id.clone(),
                    row: b,
                });
                after.push(RowState { id, row: a });
            }
        }
        (before, after)
    }
}

/// One storyboard edit in progress inside a transaction. Every write goes through it, so the
/// undo log always holds exactly what the edit changed.
pub struct Edit<'a> {
    tx: &'a Transaction<'a>,
    stamp: String,
    events: Touched<Event>,
    lanes: Touched<CustomLane>,
    supporting: Touched<SupportingItem>,
    links: Touched<Vec<String>>,
}

impl<'a> Edit<'a> {
    pub fn new(tx: &'a Transaction<'a>) -> Edit<'a> {
        Edit {
            tx,
            stamp: now(),
            events: Touched::new(),
            lanes: Touched::new(),
            supporting: Touched::new(),
            links: Touched::new(),
        }
    }

    pub fn tx(&self) -> &Transaction<'a> {
        self.tx
    }

    /// The time this edit stamps on what it creates or changes.
    pub fn stamp(&self) -> &str {
        &self.stamp
    }

    /// The event as this edit currently sees it; refuses an unknown ID.
    pub fn event(&mut self, id: &str) -> Result<Event> {
        let tx = self.tx;
        self.events
            .current(id, || event::load(tx, id))?
            .ok_or_else(|| FeintError::not_found(format!("no event \"{id}\"")))
    }

    /// Writes an event (new or changed) after validating it. An event equal to the stored one
    /// apart from its modified time is left alone, so a no-op edit records nothing.
    pub fn put_event(&mut self, mut new: Event) -> Result<()> {
        new.normalise()?;
        event::check_lane(self.tx, new.lane_id.as_deref())?;
        let tx = self.tx;
        let id = new.id.clone();
        let current = self.events.current(&id, || event::load(tx, &id))?;
        if current.is_none() {
            // A new event (add, duplicate, placement, undo of a delete) stays within the limit.
            let count: i64 = tx.query_row("SELECT count(*) FROM event", [], |r| r.get(0))?;
            crate::rules::check_count("events", count as usize + 1, crate::rules::MAX_EVENTS)?;
        }
        if let Some(cur) = &current {
            new.created_at = cur.created_at.clone();
            new.modified_at = cur.modified_at.clone();
            if *cur == new {
                return Ok(());
            }
        }
        new.modified_at = self.stamp.clone();
        let techniques_differ = current.as_ref().map_or(!new.technique_ids.is_empty(), |c| {
            c.technique_ids != new.technique_ids
        });
        event::upsert(self.tx, &new, techniques_differ)?;
        self.events.set(&id, Some(new));
        Ok(())
    }

    pub fn remove_event(&mut self, id: &str) -> Result<()> {
        self.event(id)?;
        // The links go with the event (ON DELETE CASCADE); remember them for undo.
        self.links_of(id)?;
        event::delete(self.tx, id)?;
        self.events.set(id, None);
        self.links.set(id, None);
        Ok(())
    }

    /// The persona links of an event as this edit sees them (`None`: none).
    pub fn links_of(&mut self, event_id: &str) -> Result<Option<Vec<String>>> {
        let tx = self.tx;
        self.links.current(event_id, || {
            let ids = persona::links_of(tx, event_id)?;
            Ok((!ids.is_empty()).then_some(ids))
        })
    }

    /// Gives an event (written earlier in this edit) exactly these persona links.
    pub fn put_links(&mut self, event_id: &str, persona_ids: &[String]) -> Result<()> {
        self.links_of(event_id)?;
        let stored = persona::restore_links(self.tx, event_id, persona_ids)?;
        self.links
            .set(event_id, (!stored.is_empty()).then_some(stored));
        Ok(())
    }

    pub fn lane(&mut self, id: &str) -> Result<CustomLane> {
        let tx = self.tx;
        self.lanes
            .current(id, || lane::load(tx, id))?
            .ok_or_else(|| FeintError::not_found(format!("no lane \"{id}\"")))
    }

    pub fn put_lane(&mut self, new: CustomLane) -> Result<()> {
        new.validate()?;
        let tx = self.tx;
        let id = new.id.clone();
        if self.lanes.current(&id, || lane::load(tx, &id))?.as_ref() == Some(&new) {
            return Ok(());
        }
        lane::upsert(self.tx, &new)?;
        self.lanes.set(&id, Some(new));
        Ok(())
    }

    pub fn remove_lane(&mut self, id: &str) -> Result<()> {
        self.lane(id)?;
        lane::delete(self.tx, id)?;
        self.lanes.set(id, None);
        Ok(())
    }

    pub fn supporting(&mut self, id: &str) -> Result<SupportingItem> {
        let tx = self.tx;
        self.supporting
            .current(id, || supporting::load(tx, id))?
            .ok_or_else(|| FeintError::not_found(format!("no supporting item \"{id}\"")))
    }

    pub fn put_supporting(&mut self, new: SupportingItem) -> Result<()> {
        new.validate()?;
        let tx = self.tx;
        let id = new.id.clone();
        if self
            .supporting
            .current(&id, || supporting::load(tx, &id))?
            .as_ref()
            == Some(&new)
        {
            return Ok(());
        }
        supporting::upsert(self.tx, &new)?;
        self.supporting.set(&id, Some(new));
        Ok(())
    }

    pub fn remove_supporting(&mut self, id: &str) -> Result<()> {
        self.supporting(id)?;
        supporting::delete(self.tx, id)?;
        self.supporting.set(id, None);
        Ok(())
    }

    /// Records the edit under `label` (unless it changed nothing) and returns what the UI must
    /// redraw.
    pub fn finish(self, label: impl Into<String>) -> Result<StoryboardChange> {
        let (eb, ea) = self.events.split();
        let (lb, la) = self.lanes.split();
        let (sb, sa) = self.supporting.split();
        let (kb, ka) = self.links.split();
        let before = Snapshot {
            events: eb,
            lanes: lb,
            supporting: sb,
            links: kb,
        };
        let after = Snapshot {
            events: ea,
            lanes: la,
            supporting: sa,
            links: ka,
        };
        let label = label.into();
        if after.is_empty() {
            return after.to_change(self.tx, String::new());
        }
        record(self.tx, &label, &before, &after)?;
        after.to_change(self.tx, label)
    }
}

/// Appends an entry, dropping the redo tail and the entries beyond the cap.
fn record(tx: &Transaction, label: &str, before: &Snapshot, after: &Snapshot) -> Result<()> {
    tx.prepare_cached("DELETE FROM undo_log WHERE undone = 1")?
        .execute([])?;
    tx.prepare_cached("INSERT INTO undo_log (label, before, after) VALUES (?1, ?2, ?3)")?
        .execute(params![
            label,
            serde_json::to_string(before)?,
            serde_json::to_string(after)?
        ])?;
    tx.prepare_cached(
        "DELETE FROM undo_log WHERE seq <= (SELECT seq FROM undo_log ORDER BY seq DESC LIMIT 1 OFFSET ?1)",
    )?
    .execute([MAX_ENTRIES])?;
    Ok(())
}

fn parse<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text)
        .map_err(|_| FeintError::new(ErrorCode::Corrupt, "the stored undo history is damaged"))
}

/// Undoes the newest edit not yet undone; `None` when there is nothing to undo.
pub fn undo(tx: &Transaction) -> Result<Option<StoryboardChange>> {
    let entry: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT seq, label, before FROM undo_log WHERE undone = 0 ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((seq, label, before)) = entry else {
        return Ok(None);
    };
    let before: Snapshot = parse(&before)?;
    before.apply(tx)?;
    tx.execute("UPDATE undo_log SET undone = 1 WHERE seq = ?1", [seq])?;
    before.to_change(tx, label).map(Some)
}

/// Redoes the oldest undone edit; `None` when there is nothing to redo.
pub fn redo(tx: &Transaction) -> Result<Option<StoryboardChange>> {
    let entry: Option<(i64, String, String)> = tx
        .query_row(
            "SELECT seq, label, after FROM undo_log WHERE undone = 1 ORDER BY seq ASC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((seq, label, after)) = entry else {
        return Ok(None);
    };
    let after: Snapshot = parse(&after)?;
    after.apply(tx)?;
    tx.execute("UPDATE undo_log SET undone = 0 WHERE seq = ?1", [seq])?;
    after.to_change(tx, label).map(Some)
}

/// Forgets every entry (a freshly written sample or import starts with no history).
pub fn clear(tx: &Transaction) -> Result<()> {
    tx.execute("DELETE FROM undo_log", [])?;
    Ok(())
}

/// What the Undo and Redo buttons show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryState {
    pub undo_label: Option<String>,
    pub redo_label: Option<String>,
}

pub fn state(conn: &Connection) -> Result<HistoryState> {
    let label = |sql: &str| -> Result<Option<String>> {
        Ok(conn
            .prepare_cached(sql)?
            .query_row([], |r| r.get(0))
            .optional()?)
    };
    Ok(HistoryState {
        undo_label: label("SELECT label FROM undo_log WHERE undone = 0 ORDER BY seq DESC LIMIT 1")?,
        redo_label: label("SELECT label FROM undo_log WHERE undone = 1 ORDER BY seq ASC LIMIT 1")?,
    })
}

/// How many entries the log holds (tests and diagnostics).
pub fn len(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM undo_log", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn add_lane(store: &mut Store, name: &str) -> StoryboardChange {
        store
            .with_tx(|tx| {
                let mut edit = Edit::new(tx);
                edit.put_lane(CustomLane::new(name, 0)?)?;
                edit.finish(format!("Add lane {name}"))
            })
            .unwrap()
    }

    #[test]
    fn a_new_edit_drops_the_redo_tail() {
        let mut store = Store::in_memory().unwrap();
        add_lane(&mut store, "a");
        add_lane(&mut store, "b");
        store.with_tx(undo).unwrap().unwrap();
        let s = state(store.conn()).unwrap();
        assert_eq!(s.undo_label.as_deref(), Some("Add lane a"));
        assert_eq!(s.redo_label.as_deref(), Some("Add lane b"));
        add_lane(&mut store, "c");
        let s = state(store.conn()).unwrap();
        assert_eq!(s.undo_label.as_deref(), Some("Add lane c"));
        assert_eq!(s.redo_label, None);
        assert_eq!(store.with_tx(redo).unwrap(), None);
        let names: Vec<String> = lane::load_all(store.conn())
            .unwrap()
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(names.len(), 2);
        assert!(names.contains(&"a".to_string()) && names.contains(&"c".to_string()));
    }

    #[test]
    fn the_log_keeps_the_newest_entries_only() {
        let mut store = Store::in_memory().unwrap();
        for i in 0..(MAX_ENTRIES + 20) {
            add_lane(&mut store, &format!("lane {i}"));
        }
        assert_eq!(len(store.conn()).unwrap(), MAX_ENTRIES);
        let mut undone = 0;
        while store.with_tx(undo).unwrap().is_some() {
            undone += 1;
        }
        assert_eq!(undone, MAX_ENTRIES);
        // The 20 oldest lanes can no longer be undone; they stay.
        assert_eq!(lane::load_all(store.conn()).unwrap().len(), 20);
    }

    #[test]
    fn a_no_op_edit_records_nothing() {
        let mut store = Store::in_memory().unwrap();
        let change = add_lane(&mut store, "a");
        let lane = change.lanes.unwrap()[0].clone();
        let change = store
            .with_tx(|tx| {
                let mut edit = Edit::new(tx);
                edit.put_lane(lane.clone())?;
                edit.finish("Rename lane")
            })
            .unwrap();
        assert_eq!(change.label, "");
        assert_eq!(len(store.conn()).unwrap(), 1);
    }

    #[test]
    fn damaged_history_is_reported_not_applied() {
        let mut store = Store::in_memory().unwrap();
        add_lane(&mut store, "a");
        store
            .conn()
            .execute("UPDATE undo_log SET before = 'not json'", [])
            .unwrap();
        let err = store.with_tx(undo).unwrap_err();
        assert_eq!(err.code, ErrorCode::Corrupt);
        assert_eq!(lane::load_all(store.conn()).unwrap().len(), 1);
    }
}
