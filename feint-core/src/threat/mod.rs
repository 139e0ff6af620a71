//! The threat model (step 1 of the ten-step process): the target adversary and the ATT&CK
//! techniques it uses, and what follows from them — Engage activities ranked by the mapping
//! ([`recommendations`]), which techniques the storyboard engages ([`coverage`]), and ATT&CK
//! Navigator layers in ([`layer::import_layer`]) and out ([`layer::coverage_layer`]).
//!
//! Techniques are stored as given: a sub-technique (T1098.004) stays one, because that is what
//! the intelligence said. The Engage mapping lists parent techniques only, so every use of the
//! mapping rolls a sub-technique up to its parent. A technique is accepted only when its parent
//! is one of the catalog's ATT&CK techniques, so every stored technique has a name, tactics and a
//! place in the mapping.
//!
//! An event *engages* an adversary technique when the event lists that technique, its parent,
//! or one of its sub-techniques: an event answering T1098 answers T1098.004, and an event aimed
//! at T1098.004 engages an adversary known to use T1098. Two different sub-techniques of one
//! parent do not engage each other.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{Catalog, Kind};
use crate::error::{FeintError, Result};
use crate::operation::now;
use crate::rules::{check_short, check_text};
use crate::store::Store;
use crate::storyboard::{self, event, LaneTarget, NewEvent, StoryboardChange};

pub mod layer;
#[cfg(test)]
mod tests;

pub use layer::{LayerImportReport, LayerProblem, MAX_LAYER_BYTES};

use crate::rules::MAX_TEXT;
const MAX_LIST: usize = 200;
const MAX_NOTE: usize = 10_000;
/// ATT&CK Enterprise has about 800 techniques and sub-techniques; a model can hold all of them.
pub use crate::rules::MAX_TECHNIQUES;

/// How sure the team is that the adversary uses a technique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

impl ToSql for Confidence {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.as_str()))
    }
}

impl FromSql for Confidence {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        match value.as_str()? {
            "low" => Ok(Confidence::Low),
            "medium" => Ok(Confidence::Medium),
            "high" => Ok(Confidence::High),
            other => Err(FromSqlError::Other(
                format!("unknown confidence \"{other}\"").into(),
            )),
        }
    }
}

/// The target adversary. Everything is free text the planner (or a report) wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Adversary {
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    /// Where what we know comes from, in the team's words.
    pub sources: String,
    /// Report titles or addresses; shown as text, never opened.
    pub references: Vec<String>,
    /// RFC 3339, UTC; "" until the adversary is first edited.
    pub modified_at: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct AdversaryPatch {
    pub name: Option<String>,
    pub aliases: Option<Vec<String>>,
    pub description: Option<String>,
    pub sources: Option<String>,
    pub references: Option<Vec<String>>,
}

/// A technique as stored: what the planner or the layer said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TechniqueEntry {
    pub technique_id: String,
    pub note: String,
    pub confidence: Option<Confidence>,
}

/// A technique as shown: the stored entry with the catalog's name and tactics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ThreatTechnique {
    pub technique_id: String,
    /// The technique the Engage mapping knows it by (itself, or the parent of a sub-technique).
    pub parent_id: String,
    /// The parent's name; a sub-technique's own name is not in the Engage catalog.
    pub name: String,
    pub tactics: Vec<String>,
    pub note: String,
    pub confidence: Option<Confidence>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ThreatModel {
    pub adversary: Adversary,
    pub techniques: Vec<ThreatTechnique>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct TechniquePatch {
    pub note: Option<String>,
    /// An explicit `null` clears the confidence.
    #[serde(
        default,
        with = "crate::storyboard::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Confidence>>")]
    pub confidence: Option<Option<Confidence>>,
}

/// The threat model in the JSON export: stored values only, no catalog names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreatModelExport {
    pub adversary: Adversary,
    pub techniques: Vec<TechniqueEntry>,
}

/// The parent of a sub-technique (`T1098.004` → `T1098`); a technique is its own parent.
pub fn parent_of(id: &str) -> &str {
    id.split_once('.').map_or(id, |(base, _)| base)
}

/// Whether an event listing `event_technique` engages the adversary technique `adversary`.
pub fn engages(event_technique: &str, adversary: &str) -> bool {
    event_technique == adversary
        || parent_of(adversary) == event_technique
        || parent_of(event_technique) == adversary
}

/// A normalised technique ID whose parent is in `catalog`; an error naming it otherwise.
pub fn known_technique(catalog: &Catalog, raw: &str) -> Result<String> {
    let id = event::technique_id(raw)?;
    let parent = parent_of(&id);
    if !catalog.techniques.iter().any(|t| t.id == parent) {
        return Err(FeintError::invalid(format!(
            "{id} is not one of the ATT&CK techniques of Engage catalog {}",
            catalog.version
        )));
    }
    Ok(id)
}

/// Trimmed, empty items dropped, each once, in order.
fn clean_list(items: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = item.trim();
        if !item.is_empty() && !out.iter().any(|x| x == item) {
            out.push(item.to_string());
        }
    }
    out
}

impl Adversary {
    pub fn validate(&self) -> Result<()> {
        check_short("adversary name", &self.name)?;
        check_text("description", &self.description, MAX_TEXT)?;
        check_text("sources", &self.sources, MAX_TEXT)?;
        for (label, list) in [("aliases", &self.aliases), ("references", &self.references)] {
            if list.len() > MAX_LIST {
                return Err(FeintError::invalid(format!(
                    "the adversary has more than {MAX_LIST} {label}"
                )));
            }
            for item in list {
                check_short(label, item)?;
            }
        }
        Ok(())
    }
}

impl TechniqueEntry {
    fn validate(&self, catalog: &Catalog) -> Result<()> {
        if known_technique(catalog, &self.technique_id)? != self.technique_id {
            return Err(FeintError::invalid(format!(
                "\"{}\" is not normalised",
                self.technique_id
            )));
        }
        check_text("technique note", &self.note, MAX_NOTE)
    }
}

// Storage.

fn load_adversary(conn: &Connection) -> Result<Adversary> {
    let row = conn
        .query_row(
            "SELECT name, aliases, description, sources, refs, modified_at FROM adversary \
             WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                ))
            },
        )
        .optional()?;
    let Some((name, aliases, description, sources, refs, modified_at)) = row else {
        return Ok(Adversary::default());
    };
    let list = |text: &str, label: &str| -> Result<Vec<String>> {
        serde_json::from_str(text).map_err(|e| {
            FeintError::new(
                crate::error::ErrorCode::Corrupt,
                format!("the adversary's {label} are damaged: {e}"),
            )
        })
    };
    Ok(Adversary {
        name,
        aliases: list(&aliases, "aliases")?,
        description,
        sources,
        references: list(&refs, "references")?,
        modified_at,
    })
}

fn save_adversary(conn: &Connection, adversary: &Adversary) -> Result<()> {
    conn.execute(
        "INSERT INTO adversary (id, name, aliases, description, sources, refs, modified_at) \
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, aliases = excluded.aliases, \
         description = excluded.description, sources = excluded.sources, refs = excluded.refs, \
         modified_at = excluded.modified_at",
        params![
            adversary.name,
            serde_json::to_string(&adversary.aliases)?,
            adversary.description,
            adversary.sources,
            serde_json::to_string(&adversary.references)?,
            adversary.modified_at,
        ],
    )?;
    Ok(())
}

pub fn load_entries(conn: &Connection) -> Result<Vec<TechniqueEntry>> {
    let mut stmt = conn.prepare(
        "SELECT technique_id, note, confidence FROM threat_technique ORDER BY position, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TechniqueEntry {
            technique_id: r.get(0)?,
            note: r.get(1)?,
            confidence: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

fn next_position(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(position), -1) + 1 FROM threat_technique",
        [],
        |r| r.get(0),
    )?)
}

fn insert_entry(conn: &Connection, entry: &TechniqueEntry, position: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO threat_technique (technique_id, note, confidence, position) \
         VALUES (?1, ?2, ?3, ?4)",
        params![entry.technique_id, entry.note, entry.confidence, position],
    )?;
    Ok(())
}

fn count_entries(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM threat_technique", [], |r| r.get(0))?;
    Ok(n as usize)
}

fn show(catalog: &Catalog, entry: TechniqueEntry) -> ThreatTechnique {
    let parent_id = parent_of(&entry.technique_id).to_string();
    let technique = catalog.techniques.iter().find(|t| t.id == parent_id);
    ThreatTechnique {
        name: technique.map_or_else(String::new, |t| t.name.clone()),
        tactics: technique.map(|t| t.tactics.clone()).unwrap_or_default(),
        parent_id,
        technique_id: entry.technique_id,
        note: entry.note,
        confidence: entry.confidence,
    }
}

pub fn load(conn: &Connection, catalog: &Catalog) -> Result<ThreatModel> {
    Ok(ThreatModel {
        adversary: load_adversary(conn)?,
        techniques: load_entries(conn)?
            .into_iter()
            .map(|e| show(catalog, e))
            .collect(),
    })
}

pub fn update_adversary(
    store: &mut Store,
    catalog: &Catalog,
    patch: AdversaryPatch,
) -> Result<ThreatModel> {
    store.with_tx(|tx| {
        let mut adversary = load_adversary(tx)?;
        if let Some(name) = patch.name {
            adversary.name = name.trim().to_string();
        }
        if let Some(aliases) = patch.aliases {
            adversary.aliases = clean_list(&aliases);
        }
        if let Some(description) = patch.description {
            adversary.description = description;
        }
        if let Some(sources) = patch.sources {
            adversary.sources = sources;
        }
        if let Some(references) = patch.references {
            adversary.references = clean_list(&references);
        }
        adversary.modified_at = now();
        adversary.validate()?;
        save_adversary(tx, &adversary)?;
        load(tx, catalog)
    })
}

/// Adds techniques at the end of the list; one already there is left as it is (its note and
/// confidence are the planner's). All or nothing: one unknown ID refuses the whole call.
pub fn add_techniques(store: &mut Store, catalog: &Catalog, ids: &[String]) -> Result<ThreatModel> {
    let mut wanted: Vec<String> = Vec::new();
    for raw in ids {
        let id = known_technique(catalog, raw)?;
        if !wanted.contains(&id) {
            wanted.push(id);
        }
    }
    if wanted.is_empty() {
        return Err(FeintError::invalid("no technique given"));
    }
    store.with_tx(|tx| {
        let present: BTreeSet<String> = load_entries(tx)?
            .into_iter()
            .map(|e| e.technique_id)
            .collect();
        let fresh: Vec<TechniqueEntry> = wanted
            .into_iter()
            .filter(|id| !present.contains(id))
            .map(|technique_id| TechniqueEntry {
                technique_id,
                note: String::new(),
                confidence: None,
            })
            .collect();
        insert_new(tx, &fresh)?;
        load(tx, catalog)
    })
}

/// Appends entries not yet stored, refusing to grow past [`MAX_TECHNIQUES`].
fn insert_new(conn: &Connection, fresh: &[TechniqueEntry]) -> Result<()> {
    if count_entries(conn)? + fresh.len() > MAX_TECHNIQUES {
        return Err(FeintError::invalid(format!(
            "a threat model holds at most {MAX_TECHNIQUES} techniques"
        )));
    }
    for (position, entry) in (next_position(conn)?..).zip(fresh) {
        insert_entry(conn, entry, position)?;
    }
    Ok(())
}

pub fn update_technique(
    store: &mut Store,
    catalog: &Catalog,
    technique_id: &str,
    patch: TechniquePatch,
) -> Result<ThreatModel> {
    let id = event::technique_id(technique_id)?;
    store.with_tx(|tx| {
        let mut entry = load_entries(tx)?
            .into_iter()
            .find(|e| e.technique_id == id)
            .ok_or_else(|| not_in_model(&id))?;
        if let Some(note) = patch.note {
            entry.note = note;
        }
        if let Some(confidence) = patch.confidence {
            entry.confidence = confidence;
        }
        check_text("technique note", &entry.note, MAX_NOTE)?;
        tx.execute(
            "UPDATE threat_technique SET note = ?2, confidence = ?3 WHERE technique_id = ?1",
            params![entry.technique_id, entry.note, entry.confidence],
        )?;
        load(tx, catalog)
    })
}

pub fn remove_technique(
    store: &mut Store,
    catalog: &Catalog,
    technique_id: &str,
) -> Result<ThreatModel> {
    let id = event::technique_id(technique_id)?;
    store.with_tx(|tx| {
        let n = tx.execute(
            "DELETE FROM threat_technique WHERE technique_id = ?1",
            params![id],
        )?;
        if n == 0 {
            return Err(not_in_model(&id));
        }
        load(tx, catalog)
    })
}

fn not_in_model(id: &str) -> FeintError {
    FeintError::not_found(format!("{id} is not in the threat model"))
}

/// The threat model for the JSON export.
pub fn export(conn: &Connection) -> Result<ThreatModelExport> {
    Ok(ThreatModelExport {
        adversary: load_adversary(conn)?,
        techniques: load_entries(conn)?,
    })
}

/// Writes an imported threat model into a new file (inside the import's transaction).
pub fn insert(conn: &Connection, catalog: &Catalog, data: &ThreatModelExport) -> Result<()> {
    data.adversary.validate()?;
    if data.adversary != Adversary::default() {
        save_adversary(conn, &data.adversary)?;
    }
    let mut seen = BTreeSet::new();
    for entry in &data.techniques {
        entry.validate(catalog)?;
        if !seen.insert(entry.technique_id.as_str()) {
            return Err(FeintError::invalid(format!(
                "the threat model lists {} twice",
                entry.technique_id
            )));
        }
    }
    insert_new(conn, &data.techniques)
}

// Recommendations.

/// Why an activity is recommended: one adversary technique, one vulnerability it exposes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Reason {
    /// The technique as the Engage mapping names it (a parent technique).
    pub technique_id: String,
    pub technique_name: String,
    /// The adversary's techniques that roll up to it (T1098.004 for T1098), as stored.
    pub adversary_technique_ids: Vec<String>,
    pub vulnerability_id: String,
    pub vulnerability: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Recommendation {
    pub activity_id: String,
    pub name: String,
    pub summary: String,
    pub goal_ids: Vec<String>,
    /// Distinct mapped techniques of the adversary this activity can exploit (the rank).
    pub technique_count: u32,
    /// Distinct vulnerabilities behind them (the first tie-break).
    pub vulnerability_count: u32,
    /// The adversary's techniques, as stored, that an event placing this activity answers.
    pub answers: Vec<String>,
    /// Technique → vulnerability pairs, by technique then vulnerability.
    pub reasons: Vec<Reason>,
}

/// Engage activities ranked for the adversary's techniques: most distinct techniques first,
/// then most distinct vulnerabilities, then by activity ID. `goal` keeps activities under that
/// Engage goal only.
pub fn recommendations(
    conn: &Connection,
    catalog: &Catalog,
    goal: Option<&str>,
) -> Result<Vec<Recommendation>> {
    if let Some(goal) = goal {
        if !catalog.goals.iter().any(|g| g.id == goal) {
            return Err(FeintError::invalid(format!(
                "\"{goal}\" is not an Engage goal of catalog {}",
                catalog.version
            )));
        }
    }
    // Parent technique → the adversary's techniques rolling up to it.
    let mut by_parent: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in load_entries(conn)? {
        by_parent
            .entry(parent_of(&entry.technique_id).to_string())
            .or_default()
            .push(entry.technique_id);
    }
    // Activity → parent technique → vulnerabilities.
    let mut found: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for row in &catalog.mappings {
        if by_parent.contains_key(&row.technique_id) {
            found
                .entry(&row.activity_id)
                .or_default()
                .entry(&row.technique_id)
                .or_default()
                .insert(&row.vulnerability_id);
        }
    }
    let mut out = Vec::new();
    for (activity_id, techniques) in found {
        let Some(activity) = catalog.activity(activity_id) else {
            continue;
        };
        if goal.is_some_and(|g| !activity.goal_ids.iter().any(|x| x == g)) {
            continue;
        }
        let mut vulns: BTreeSet<&str> = BTreeSet::new();
        let mut reasons = Vec::new();
        let mut answers = Vec::new();
        for (technique_id, vulnerability_ids) in &techniques {
            let via = &by_parent[*technique_id];
            answers.extend(via.iter().cloned());
            let technique_name = catalog
                .techniques
                .iter()
                .find(|t| t.id == *technique_id)
                .map_or_else(String::new, |t| t.name.clone());
            for v in vulnerability_ids {
                vulns.insert(v);
                reasons.push(Reason {
                    technique_id: technique_id.to_string(),
                    technique_name: technique_name.clone(),
                    adversary_technique_ids: via.clone(),
                    vulnerability_id: v.to_string(),
                    vulnerability: catalog
                        .vulnerabilities
                        .iter()
                        .find(|x| x.id == *v)
                        .map_or_else(String::new, |x| x.summary.clone()),
                });
            }
        }
        answers.sort();
        out.push(Recommendation {
            activity_id: activity.id.clone(),
            name: activity.name.clone(),
            summary: activity.summary.clone(),
            goal_ids: activity.goal_ids.clone(),
            technique_count: techniques.len() as u32,
            vulnerability_count: vulns.len() as u32,
            answers,
            reasons,
        });
    }
    out.sort_by(|a, b| {
        b.technique_count
            .cmp(&a.technique_count)
            .then(b.vulnerability_count.cmp(&a.vulnerability_count))
            .then_with(|| a.activity_id.cmp(&b.activity_id))
    });
    Ok(out)
}

/// Places `activity_id` on the storyboard at D+`day` `minute` (in `lane` when given), with the
/// adversary's techniques it answers already listed. One storyboard edit, undoable.
pub fn place_recommendation(
    store: &mut Store,
    catalog: &Catalog,
    activity_id: &str,
    day: i32,
    minute: i32,
    lane: Option<LaneTarget>,
) -> Result<StoryboardChange> {
    let activity = catalog.activity(activity_id.trim()).ok_or_else(|| {
        FeintError::invalid(format!(
            "\"{activity_id}\" is not an Engage activity of catalog {}",
            catalog.version
        ))
    })?;
    let answered: BTreeSet<&str> = catalog
        .mappings
        .iter()
        .filter(|m| m.activity_id == activity.id)
        .map(|m| m.technique_id.as_str())
        .collect();
    let technique_ids: Vec<String> = load_entries(store.conn())?
        .into_iter()
        .map(|e| e.technique_id)
        .filter(|id| answered.contains(parent_of(id)))
        .collect();
    storyboard::add_event(
        store,
        NewEvent {
            activity_id: activity.id.clone(),
            day,
            minute,
            lane,
            technique_ids: Some(technique_ids),
            ..Default::default()
        },
    )
}

// Coverage.

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CoverageEvent {
    pub event_id: String,
    pub title: String,
    pub activity_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CoverageItem {
    pub technique_id: String,
    pub name: String,
    pub engaged: bool,
    /// The events that engage it, in storyboard order.
    pub events: Vec<CoverageEvent>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Coverage {
    /// Every adversary technique, in the threat model's order.
    pub techniques: Vec<CoverageItem>,
    pub engaged: u32,
    pub total: u32,
}

impl Coverage {
    /// The distinct activities of the events engaging `item`, sorted.
    pub fn activity_ids(item: &CoverageItem) -> Vec<String> {
        let set: BTreeSet<&str> = item.events.iter().map(|e| e.activity_id.as_str()).collect();
        set.into_iter().map(String::from).collect()
    }
}

/// Whether an event of this activity can engage an adversary at all. Only engagement activities
/// (EAC…) act on the adversary; a strategic activity (planning, analysis) tagged with a technique
/// engages nothing, and an activity the catalog does not know is not counted as engaging. The
/// catalog's kind decides, not the ID's prefix, so the rule follows the release.
pub fn is_engagement(catalog: &Catalog, activity_id: &str) -> bool {
    catalog
        .activity(activity_id)
        .is_some_and(|a| a.kind == Kind::Engagement)
}

/// Which of the adversary's techniques the storyboard's events engage (see the module notes).
pub fn coverage(conn: &Connection, catalog: &Catalog) -> Result<Coverage> {
    let model = load(conn, catalog)?;
    let events = event::load_all(conn)?;
    Ok(coverage_of(&model, &events, catalog))
}

/// [`coverage`] of a model and events already read (an export computes it from the events it
/// prints).
pub fn coverage_of(model: &ThreatModel, events: &[event::Event], catalog: &Catalog) -> Coverage {
    let techniques: Vec<CoverageItem> = model
        .techniques
        .iter()
        .cloned()
        .map(|t| {
            let events: Vec<CoverageEvent> = events
                .iter()
                .filter(|e| is_engagement(catalog, &e.activity_id))
                .filter(|e| e.technique_ids.iter().any(|x| engages(x, &t.technique_id)))
                .map(|e| CoverageEvent {
                    event_id: e.id.clone(),
                    title: e.title.clone(),
                    activity_id: e.activity_id.clone(),
                })
                .collect();
            CoverageItem {
                engaged: !events.is_empty(),
                technique_id: t.technique_id,
                name: t.name,
                events,
            }
        })
        .collect();
    Coverage {
        engaged: techniques.iter().filter(|t| t.engaged).count() as u32,
        total: techniques.len() as u32,
        techniques,
    }
}
