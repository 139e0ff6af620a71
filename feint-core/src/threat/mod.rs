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

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::catalog::{Catalog, Kind};
use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::operation::now;
use crate::rules::{check_short, check_text};
use crate::store::{sql_text_enum, Store};
use crate::storyboard::placement::{self, Placement};
use crate::storyboard::{self, event, StoryboardChange};

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

sql_text_enum!(Confidence { Low => "low", Medium => "medium", High => "high" });

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
    /// The name as ATT&CK writes it: "Phishing: Spearphishing Attachment" for a sub-technique.
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
        name: catalog
            .technique_name(&entry.technique_id)
            .unwrap_or_else(|| entry.technique_id.clone()),
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
pub(crate) fn insert_new(conn: &Connection, fresh: &[TechniqueEntry]) -> Result<()> {
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

/// Why an activity is recommended, one line per technique: the mapped technique and every
/// vulnerability through which the activity exploits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TechniqueReasons {
    /// The technique as the Engage mapping names it (a parent technique).
    pub technique_id: String,
    pub technique_name: String,
    /// The adversary's techniques that roll up to it, as stored.
    pub adversary_technique_ids: Vec<String>,
    /// The vulnerabilities, by ID.
    pub vulnerabilities: Vec<crate::catalog::Vulnerability>,
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
    /// The same reasons grouped by technique, as a planner reads them.
    pub by_technique: Vec<TechniqueReasons>,
    /// How many storyboard events already place this activity.
    pub on_storyboard: u32,
    /// The earliest of them, to jump to.
    pub first_event_id: Option<String>,
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
    let events = event::load_all(conn)?;
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
        let mut by_technique = Vec::new();
        let mut answers = Vec::new();
        for (technique_id, vulnerability_ids) in &techniques {
            let via = &by_parent[*technique_id];
            answers.extend(via.iter().cloned());
            let technique_name = catalog.technique_name(technique_id).unwrap_or_default();
            by_technique.push(TechniqueReasons {
                technique_id: technique_id.to_string(),
                technique_name: technique_name.clone(),
                adversary_technique_ids: via.clone(),
                vulnerabilities: vulnerability_ids
                    .iter()
                    .map(|v| vulnerability(catalog, v))
                    .collect(),
            });
            for v in vulnerability_ids {
                vulns.insert(v);
                reasons.push(Reason {
                    technique_id: technique_id.to_string(),
                    technique_name: technique_name.clone(),
                    adversary_technique_ids: via.clone(),
                    vulnerability_id: v.to_string(),
                    vulnerability: vulnerability(catalog, v).summary,
                });
            }
        }
        answers.sort();
        let placed: Vec<&event::Event> = events
            .iter()
            .filter(|e| e.activity_id == activity.id)
            .collect();
        out.push(Recommendation {
            activity_id: activity.id.clone(),
            name: activity.name.clone(),
            summary: activity.summary.clone(),
            goal_ids: activity.goal_ids.clone(),
            technique_count: techniques.len() as u32,
            vulnerability_count: vulns.len() as u32,
            answers,
            reasons,
            by_technique,
            on_storyboard: placed.len() as u32,
            first_event_id: placed.first().map(|e| e.id.clone()),
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

/// A vulnerability by ID, with an empty summary when the catalog lacks it.
fn vulnerability(catalog: &Catalog, id: &str) -> crate::catalog::Vulnerability {
    catalog
        .vulnerabilities
        .iter()
        .find(|x| x.id == id)
        .cloned()
        .unwrap_or_else(|| crate::catalog::Vulnerability {
            id: id.to_string(),
            summary: String::new(),
        })
}

/// The adversary's techniques (as stored) that an event placing `activity_id` answers.
fn answered_by(conn: &Connection, catalog: &Catalog, activity_id: &str) -> Result<Vec<String>> {
    let answered: BTreeSet<&str> = catalog
        .mappings
        .iter()
        .filter(|m| m.activity_id == activity_id.trim())
        .map(|m| m.technique_id.as_str())
        .collect();
    Ok(load_entries(conn)?
        .into_iter()
        .map(|e| e.technique_id)
        .filter(|id| answered.contains(parent_of(id)))
        .collect())
}

/// Places a recommended activity by the placement rule (its own goal's lane, the first free
/// slot), with the adversary's techniques it answers already listed. One storyboard edit,
/// undoable.
pub fn place_recommendation(
    store: &mut Store,
    catalog: &Catalog,
    placement: &Placement,
) -> Result<StoryboardChange> {
    let techniques = answered_by(store.conn(), catalog, &placement.activity_id)?;
    let new = placement::new_event(store.conn(), catalog, placement, Some(techniques))?;
    storyboard::add_event(store, new)
}

impl Document {
    /// Places a recommended activity on the storyboard with the techniques it answers.
    pub fn place_recommendation(&mut self, placement: &Placement) -> Result<StoryboardChange> {
        place_recommendation(&mut self.store, &self.catalog, placement)
    }
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
    /// Planning or analysis events that list it: they engage nothing, but show it is planned.
    pub planning_events: Vec<CoverageEvent>,
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
            let (engaging, planning): (Vec<CoverageEvent>, Vec<CoverageEvent>) = events
                .iter()
                .filter(|e| e.technique_ids.iter().any(|x| engages(x, &t.technique_id)))
                .map(|e| CoverageEvent {
                    event_id: e.id.clone(),
                    title: e.title.clone(),
                    activity_id: e.activity_id.clone(),
                })
                .partition(|e| is_engagement(catalog, &e.activity_id));
            CoverageItem {
                engaged: !engaging.is_empty(),
                technique_id: t.technique_id,
                name: t.name,
                events: engaging,
                planning_events: planning,
            }
        })
        .collect();
    Coverage {
        engaged: techniques.iter().filter(|t| t.engaged).count() as u32,
        total: techniques.len() as u32,
        techniques,
    }
}

// The threat model of an open operation file. Techniques are checked against, and
// recommendations read from, the catalog the operation uses.
impl crate::document::Document {
    pub fn threat_model(&self) -> Result<ThreatModel> {
        load(self.store.conn(), self.catalog())
    }

    pub fn threat_model_data(&self) -> Result<ThreatModelExport> {
        export(self.store.conn())
    }

    pub fn update_adversary(&mut self, patch: AdversaryPatch) -> Result<ThreatModel> {
        update_adversary(&mut self.store, &self.catalog, patch)
    }

    pub fn add_techniques(&mut self, ids: &[String]) -> Result<ThreatModel> {
        add_techniques(&mut self.store, &self.catalog, ids)
    }

    pub fn update_technique(&mut self, id: &str, patch: TechniquePatch) -> Result<ThreatModel> {
        update_technique(&mut self.store, &self.catalog, id, patch)
    }

    pub fn remove_technique(&mut self, id: &str) -> Result<ThreatModel> {
        remove_technique(&mut self.store, &self.catalog, id)
    }

    /// Engage activities ranked for the adversary's techniques, under `goal` when given.
    pub fn recommendations(&self, goal: Option<&str>) -> Result<Vec<Recommendation>> {
        recommendations(self.store.conn(), self.catalog(), goal)
    }

    pub fn coverage(&self) -> Result<Coverage> {
        coverage(self.store.conn(), self.catalog())
    }
}

// The matrix view.

/// The ATT&CK Enterprise tactics in the matrix's order, left to right.
pub const ATTACK_TACTICS: [&str; 14] = [
    "Reconnaissance",
    "Resource Development",
    "Initial Access",
    "Execution",
    "Persistence",
    "Privilege Escalation",
    "Defense Evasion",
    "Credential Access",
    "Discovery",
    "Lateral Movement",
    "Collection",
    "Command and Control",
    "Exfiltration",
    "Impact",
];

/// How far the storyboard covers a technique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CoverageState {
    /// An engagement event engages it.
    Engaged,
    /// Only planning or analysis events list it.
    PlanningOnly,
    NotEngaged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MatrixCell {
    pub technique_id: String,
    pub name: String,
    pub state: CoverageState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MatrixColumn {
    pub tactic: String,
    /// The adversary's techniques of this tactic, by ID.
    pub techniques: Vec<MatrixCell>,
}

/// The adversary's techniques laid out as ATT&CK Navigator does: one column per tactic, in
/// ATT&CK order, a technique in every column of its tactics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ThreatMatrix {
    pub columns: Vec<MatrixColumn>,
}

pub fn matrix(conn: &Connection, catalog: &Catalog) -> Result<ThreatMatrix> {
    let model = load(conn, catalog)?;
    let coverage = coverage(conn, catalog)?;
    let mut columns: Vec<MatrixColumn> = ATTACK_TACTICS
        .iter()
        .map(|t| MatrixColumn {
            tactic: t.to_string(),
            techniques: Vec::new(),
        })
        .collect();
    for (technique, item) in model.techniques.iter().zip(&coverage.techniques) {
        let state = if item.engaged {
            CoverageState::Engaged
        } else if !item.planning_events.is_empty() {
            CoverageState::PlanningOnly
        } else {
            CoverageState::NotEngaged
        };
        for tactic in &technique.tactics {
            // A tactic this build does not know (a newer ATT&CK) gets a column at the end.
            let at = match columns.iter().position(|c| &c.tactic == tactic) {
                Some(at) => at,
                None => {
                    columns.push(MatrixColumn {
                        tactic: tactic.clone(),
                        techniques: Vec::new(),
                    });
                    columns.len() - 1
                }
            };
            columns[at].techniques.push(MatrixCell {
                technique_id: technique.technique_id.clone(),
                name: technique.name.clone(),
                state,
            });
        }
    }
    for column in &mut columns {
        column
            .techniques
            .sort_by(|a, b| a.technique_id.cmp(&b.technique_id));
    }
    Ok(ThreatMatrix { columns })
}

impl Document {
    pub fn threat_matrix(&self) -> Result<ThreatMatrix> {
        matrix(self.store.conn(), &self.catalog)
    }
}
