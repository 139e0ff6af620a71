//! The execution journal: what the team saw and did while the operation ran, each entry with
//! its time, author role, kind, text and links to events, personas and ATT&CK techniques. A
//! correction moves the earlier version into the entry's history; nothing is ever deleted.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::when::{self, When};
use super::{load_state, RunPhase};
use crate::catalog::Catalog;
use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::order::Role;
use crate::rules::{
    check_count, check_id, check_text, check_timestamp, in_entry, MAX_ENTRY_LINKS,
    MAX_JOURNAL_ENTRIES, MAX_REVISIONS, MAX_TEXT,
};
use crate::store::sql_text_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Something the adversary was seen doing.
    AdversaryAction,
    OurAction,
    Decision,
    /// The team departed from the plan.
    Deviation,
    Note,
}

sql_text_enum!(EntryKind {
    AdversaryAction => "adversary_action",
    OurAction => "our_action",
    Decision => "decision",
    Deviation => "deviation",
    Note => "note",
});

/// An earlier version of a corrected entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Revision {
    pub at: String,
    pub kind: EntryKind,
    pub text: String,
    /// When the correction replaced it (RFC 3339, UTC).
    pub replaced_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct JournalEntry {
    pub id: String,
    /// When it happened (RFC 3339, UTC).
    pub at: String,
    pub author_role: Role,
    pub kind: EntryKind,
    pub text: String,
    #[serde(default)]
    pub event_ids: Vec<String>,
    #[serde(default)]
    pub persona_ids: Vec<String>,
    /// ATT&CK techniques observed (T1098, T1098.004).
    #[serde(default)]
    pub technique_ids: Vec<String>,
    /// Earlier versions, oldest first; empty for an entry never corrected.
    #[serde(default)]
    pub history: Vec<Revision>,
    pub created_at: String,
    pub modified_at: String,
}

/// An entry with its time as the operation reads it, for the Journal page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct JournalLine {
    pub entry: JournalEntry,
    pub when: When,
}

/// A new entry as the entry line sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewEntry {
    /// "now" (or left out), "14:05", "D+1 09:30", "2026-12-08 09:30" or RFC 3339.
    pub at: Option<String>,
    pub author_role: Option<Role>,
    pub kind: Option<EntryKind>,
    pub text: String,
    pub event_ids: Option<Vec<String>>,
    pub persona_ids: Option<Vec<String>>,
    pub technique_ids: Option<Vec<String>>,
}

/// A correction: the fields given replace the current ones, which move into the history.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct Correction {
    pub at: Option<String>,
    pub kind: Option<EntryKind>,
    pub text: Option<String>,
}

impl JournalEntry {
    /// Trims and de-duplicates links, upper-cases techniques, then checks every rule that does
    /// not need the database.
    fn normalise(&mut self, catalog: &Catalog) -> Result<()> {
        self.text = self.text.trim().to_string();
        let mut techniques = Vec::new();
        for raw in &self.technique_ids {
            let id = crate::threat::known_technique(catalog, raw)?;
            if !techniques.contains(&id) {
                techniques.push(id);
            }
        }
        self.technique_ids = techniques;
        dedup(&mut self.event_ids);
        dedup(&mut self.persona_ids);
        self.validate()
    }

    fn validate(&self) -> Result<()> {
        check_id("entry ID", &self.id)?;
        check_timestamp("entry time", &self.at)?;
        check_timestamp("entry's creation time", &self.created_at)?;
        check_timestamp("entry's change time", &self.modified_at)?;
        check_entry_text(&self.text)?;
        for (what, list) in [
            ("linked events", &self.event_ids),
            ("linked personas", &self.persona_ids),
            ("techniques", &self.technique_ids),
        ] {
            if list.len() > MAX_ENTRY_LINKS {
                return Err(FeintError::invalid(format!(
                    "an entry names at most {MAX_ENTRY_LINKS} {what}"
                )));
            }
        }
        check_count(
            "corrections of one entry",
            self.history.len(),
            MAX_REVISIONS,
        )?;
        for r in &self.history {
            check_timestamp("corrected entry's time", &r.at)?;
            check_timestamp("correction time", &r.replaced_at)?;
            check_entry_text(&r.text)?;
        }
        Ok(())
    }
}

fn check_entry_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(FeintError::invalid("a journal entry needs a text"));
    }
    check_text("entry text", text, MAX_TEXT)
}

fn dedup(ids: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    ids.retain(|id| seen.insert(id.clone()));
}

fn open_journal(conn: &Connection) -> Result<()> {
    if load_state(conn)?.phase == RunPhase::Closed {
        return Err(FeintError::invalid(
            "the operation is closed: its journal takes no new entries or corrections",
        ));
    }
    Ok(())
}

fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .exists([id])?)
}

/// Links must name what the file holds.
fn check_links(conn: &Connection, entry: &JournalEntry) -> Result<()> {
    for id in &entry.event_ids {
        if !exists(conn, "event", id)? {
            return Err(FeintError::invalid(format!(
                "the entry links to an event that is not in the storyboard (ID \"{id}\")"
            )));
        }
    }
    for id in &entry.persona_ids {
        if !exists(conn, "persona", id)? {
            return Err(FeintError::invalid(format!(
                "the entry links to a persona that is not in the operation (ID \"{id}\")"
            )));
        }
    }
    Ok(())
}

fn save(conn: &Connection, entry: &JournalEntry) -> Result<()> {
    conn.execute(
        "INSERT INTO journal_entry (id, at, author_role, kind, text, created_at, modified_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET at = excluded.at, kind = excluded.kind,
             text = excluded.text, modified_at = excluded.modified_at",
        params![
            entry.id,
            entry.at,
            entry.author_role.as_str(),
            entry.kind.as_str(),
            entry.text,
            entry.created_at,
            entry.modified_at
        ],
    )?;
    for (table, column, list) in [
        ("journal_entry_event", "event_id", &entry.event_ids),
        ("journal_entry_persona", "persona_id", &entry.persona_ids),
        (
            "journal_entry_technique",
            "technique_id",
            &entry.technique_ids,
        ),
    ] {
        conn.execute(
            &format!("DELETE FROM {table} WHERE entry_id = ?1"),
            [&entry.id],
        )?;
        let mut insert = conn.prepare_cached(&format!(
            "INSERT INTO {table} (entry_id, {column}) VALUES (?1, ?2)"
        ))?;
        for id in list {
            insert.execute(params![entry.id, id])?;
        }
    }
    conn.execute(
        "DELETE FROM journal_revision WHERE entry_id = ?1",
        [&entry.id],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO journal_revision (entry_id, position, at, kind, text, replaced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, r) in entry.history.iter().enumerate() {
        insert.execute(params![
            entry.id,
            i as i64,
            r.at,
            r.kind.as_str(),
            r.text,
            r.replaced_at
        ])?;
    }
    Ok(())
}

fn bad_value(what: &str, value: &str) -> FeintError {
    FeintError::invalid(format!(
        "the journal holds an unknown {what} \"{}\"",
        value.chars().take(100).collect::<String>()
    ))
}

/// Every entry in time order (then by creation), with links and history.
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<JournalEntry>> {
    let mut links: BTreeMap<(&str, String), Vec<String>> = BTreeMap::new();
    for (table, column) in [
        ("journal_entry_event", "event_id"),
        ("journal_entry_persona", "persona_id"),
        ("journal_entry_technique", "technique_id"),
    ] {
        let mut stmt = conn.prepare(&format!(
            "SELECT entry_id, {column} FROM {table} ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (entry, id) = row?;
            links.entry((table, entry)).or_default().push(id);
        }
    }
    let mut history: BTreeMap<String, Vec<Revision>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT entry_id, at, kind, text, replaced_at FROM journal_revision
         ORDER BY entry_id, position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (entry, at, kind, text, replaced_at) = row?;
        let kind = EntryKind::parse(&kind).ok_or_else(|| bad_value("entry kind", &kind))?;
        history.entry(entry).or_default().push(Revision {
            at,
            kind,
            text,
            replaced_at,
        });
    }
    let mut stmt = conn.prepare(
        "SELECT id, at, author_role, kind, text, created_at, modified_at FROM journal_entry
         ORDER BY at, created_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, at, role, kind, text, created_at, modified_at) = row?;
        let mut take = |table| links.remove(&(table, id.clone())).unwrap_or_default();
        out.push(JournalEntry {
            author_role: Role::parse(&role).ok_or_else(|| bad_value("author role", &role))?,
            kind: EntryKind::parse(&kind).ok_or_else(|| bad_value("entry kind", &kind))?,
            event_ids: take("journal_entry_event"),
            persona_ids: take("journal_entry_persona"),
            technique_ids: take("journal_entry_technique"),
            history: history.remove(&id).unwrap_or_default(),
            id,
            at,
            text,
            created_at,
            modified_at,
        });
    }
    Ok(out)
}

fn load_one(conn: &Connection, id: &str) -> Result<JournalEntry> {
    load_all(conn)?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or_else(|| FeintError::not_found(format!("no journal entry has the ID \"{id}\"")))
}

fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM journal_entry", [], |r| r.get(0))?;
    Ok(n as usize)
}

/// Writes the entries of an import, each checked as an edit would be.
pub(crate) fn insert_all(conn: &Connection, entries: &[JournalEntry]) -> Result<()> {
    check_count("journal entries", entries.len(), MAX_JOURNAL_ENTRIES)?;
    let mut ids = BTreeSet::new();
    for (i, entry) in entries.iter().enumerate() {
        let mut entry = entry.clone();
        let unique = if ids.insert(entry.id.clone()) {
            Ok(())
        } else {
            Err(FeintError::invalid("the ID is used twice"))
        };
        unique
            .and_then(|_| entry.normalise(crate::catalog::builtin()))
            .and_then(|_| check_links(conn, &entry))
            .and_then(|_| save(conn, &entry))
            .map_err(|e| in_entry("journal entry", i, &entry.id, e))?;
    }
    Ok(())
}

impl Document {
    /// The journal in time order, each entry with its time in the operation's zone and D+N.
    pub fn journal(&self) -> Result<Vec<JournalLine>> {
        let op = self.operation()?;
        load_all(self.store().conn())?
            .into_iter()
            .map(|entry| {
                let when = when::show(&op, &entry.at)?;
                Ok(JournalLine { entry, when })
            })
            .collect()
    }

    /// Adds an entry ("now" unless a time is given); refused once the operation is closed.
    pub fn add_journal_entry(&mut self, new: NewEntry) -> Result<JournalLine> {
        let op = self.operation()?;
        let at = when::resolve(&op, new.at.as_deref().unwrap_or(""), chrono::Utc::now())?;
        let stamp = crate::operation::now();
        let mut entry = JournalEntry {
            id: uuid::Uuid::new_v4().to_string(),
            at,
            author_role: new.author_role.unwrap_or(Role::OperationCoordinator),
            kind: new.kind.unwrap_or(EntryKind::Note),
            text: new.text,
            event_ids: new.event_ids.unwrap_or_default(),
            persona_ids: new.persona_ids.unwrap_or_default(),
            technique_ids: new.technique_ids.unwrap_or_default(),
            history: Vec::new(),
            created_at: stamp.clone(),
            modified_at: stamp,
        };
        entry.normalise(self.catalog())?;
        self.store_mut().with_tx(|tx| {
            open_journal(tx)?;
            if count(tx)? >= MAX_JOURNAL_ENTRIES {
                return Err(FeintError::invalid(format!(
                    "an operation holds at most {MAX_JOURNAL_ENTRIES} journal entries"
                )));
            }
            check_links(tx, &entry)?;
            save(tx, &entry)
        })?;
        let when = when::show(&op, &entry.at)?;
        Ok(JournalLine { entry, when })
    }

    /// Corrects an entry: its earlier time, kind and text are kept in its history.
    pub fn correct_journal_entry(&mut self, id: &str, fix: Correction) -> Result<JournalLine> {
        let op = self.operation()?;
        let at = fix
            .at
            .as_deref()
            .map(|t| when::resolve(&op, t, chrono::Utc::now()))
            .transpose()?;
        let entry = self.store_mut().with_tx(|tx| {
            open_journal(tx)?;
            let mut entry = load_one(tx, id)?;
            let stamp = crate::operation::now();
            let before = Revision {
                at: entry.at.clone(),
                kind: entry.kind,
                text: entry.text.clone(),
                replaced_at: stamp.clone(),
            };
            entry.at = at.unwrap_or(entry.at);
            entry.kind = fix.kind.unwrap_or(entry.kind);
            entry.text = fix.text.unwrap_or(entry.text);
            entry.text = entry.text.trim().to_string();
            entry.validate()?;
            if (entry.at.as_str(), entry.kind, entry.text.as_str())
                == (before.at.as_str(), before.kind, before.text.as_str())
            {
                return Ok(entry);
            }
            if entry.history.len() >= MAX_REVISIONS {
                return Err(FeintError::invalid(format!(
                    "an entry keeps at most {MAX_REVISIONS} corrections; add a new entry instead"
                )));
            }
            entry.history.push(before);
            entry.modified_at = stamp;
            save(tx, &entry)?;
            Ok(entry)
        })?;
        let when = when::show(&op, &entry.at)?;
        Ok(JournalLine { entry, when })
    }
}
