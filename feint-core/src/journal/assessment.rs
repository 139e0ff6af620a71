//! The after-action review (step 10): each success criterion assessed (met, partly, not met)
//! with the journal entries that evidence it and a note, what to sustain and what to improve,
//! and the hotwash notes. Migration 0008.
//!
//! The same checks run on an edit, an import and the read-back of a file being opened
//! ([`insert`]), so a value that could not be typed cannot be opened either.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::order::SuccessCriterion;
use crate::rules::{
    check_count, check_id, check_text, in_entry, MAX_ENTRY_LINKS, MAX_ORDER_ITEMS, MAX_TEXT,
};
use crate::store::sql_text_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Met,
    Partly,
    NotMet,
    #[default]
    NotAssessed,
}

sql_text_enum!(Rating {
    Met => "met",
    Partly => "partly",
    NotMet => "not_met",
    NotAssessed => "not_assessed",
});

impl Rating {
    /// As a report prints it.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Met => "Met",
            Rating::Partly => "Partly met",
            Rating::NotMet => "Not met",
            Rating::NotAssessed => "Not assessed",
        }
    }
}

/// One success criterion's assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CriterionAssessment {
    pub criterion_id: String,
    #[serde(default)]
    pub rating: Rating,
    #[serde(default)]
    pub note: String,
    /// Journal entry IDs, in the order they were given.
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl CriterionAssessment {
    fn is_empty(&self) -> bool {
        self.rating == Rating::NotAssessed
            && self.note.trim().is_empty()
            && self.evidence.is_empty()
    }

    fn validate(&self) -> Result<()> {
        check_text("assessment note", &self.note, MAX_TEXT)?;
        if self.evidence.len() > MAX_ENTRY_LINKS {
            return Err(FeintError::invalid(format!(
                "an assessment names at most {MAX_ENTRY_LINKS} journal entries as evidence"
            )));
        }
        let unique: BTreeSet<&String> = self.evidence.iter().collect();
        if unique.len() != self.evidence.len() {
            return Err(FeintError::invalid(
                "an assessment names one journal entry twice as evidence",
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum LessonKind {
    /// What went well and should be done again.
    Sustain,
    /// What to do better next time.
    Improve,
}

sql_text_enum!(LessonKind { Sustain => "sustain", Improve => "improve" });

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Lesson {
    pub id: String,
    pub text: String,
}

impl Lesson {
    fn validate(&self) -> Result<()> {
        check_id("lesson ID", &self.id)?;
        check_lesson_text(&self.text)
    }
}

fn check_lesson_text(text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(FeintError::invalid("a lesson needs a text"));
    }
    check_text("lesson", text, MAX_TEXT)
}

/// The after-action review as the JSON export writes it (`"run"."after_action"`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AfterAction {
    /// In the order of the success criteria; a criterion left out is not assessed.
    #[serde(default)]
    pub assessments: Vec<CriterionAssessment>,
    #[serde(default)]
    pub sustain: Vec<Lesson>,
    #[serde(default)]
    pub improve: Vec<Lesson>,
    #[serde(default)]
    pub hotwash: String,
}

impl AfterAction {
    pub fn is_empty(&self) -> bool {
        self.assessments.is_empty()
            && self.sustain.is_empty()
            && self.improve.is_empty()
            && self.hotwash.is_empty()
    }

    /// The assessment of `criterion_id`, or "not assessed".
    pub fn of(&self, criterion_id: &str) -> CriterionAssessment {
        self.assessments
            .iter()
            .find(|a| a.criterion_id == criterion_id)
            .cloned()
            .unwrap_or_else(|| CriterionAssessment {
                criterion_id: criterion_id.to_string(),
                ..Default::default()
            })
    }
}

/// A success criterion with its assessment, for the After action page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AssessedCriterion {
    pub criterion: SuccessCriterion,
    pub assessment: CriterionAssessment,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AfterActionView {
    pub criteria: Vec<AssessedCriterion>,
    pub sustain: Vec<Lesson>,
    pub improve: Vec<Lesson>,
    pub hotwash: String,
}

/// One change to the review.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
#[ts(optional_fields)]
pub enum AfterActionEdit {
    /// Sets the fields given of one criterion's assessment.
    Assess {
        criterion_id: String,
        rating: Option<Rating>,
        note: Option<String>,
        evidence: Option<Vec<String>>,
    },
    AddLesson {
        kind: LessonKind,
        text: String,
    },
    SetLesson {
        id: String,
        text: String,
    },
    RemoveLesson {
        id: String,
    },
    /// Moves a lesson to `to` (0-based) within its own list.
    MoveLesson {
        id: String,
        to: u32,
    },
    SetHotwash {
        notes: String,
    },
}

fn load_assessments(conn: &Connection) -> Result<Vec<CriterionAssessment>> {
    let mut evidence: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut stmt = conn.prepare(
        "SELECT criterion_id, entry_id FROM criterion_evidence ORDER BY criterion_id, position",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (criterion, entry) = row?;
        evidence.entry(criterion).or_default().push(entry);
    }
    let mut stmt = conn.prepare(
        "SELECT a.criterion_id, a.rating, a.note FROM criterion_assessment a
         JOIN success_criterion c ON c.id = a.criterion_id ORDER BY c.position",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (criterion_id, rating, note) = row?;
        let rating = Rating::parse(&rating).ok_or_else(|| {
            FeintError::invalid(format!(
                "a success criterion's assessment \"{}\" is not one Feint writes",
                rating.chars().take(100).collect::<String>()
            ))
        })?;
        out.push(CriterionAssessment {
            evidence: evidence.remove(&criterion_id).unwrap_or_default(),
            criterion_id,
            rating,
            note,
        });
    }
    // Evidence rows without an assessment row are read too, so the check of the file sees them.
    for (criterion_id, evidence) in evidence {
        out.push(CriterionAssessment {
            criterion_id,
            evidence,
            ..Default::default()
        });
    }
    Ok(out)
}

fn load_lessons(conn: &Connection, kind: LessonKind) -> Result<Vec<Lesson>> {
    let mut stmt = conn
        .prepare_cached("SELECT id, text FROM lesson WHERE kind = ?1 ORDER BY position, rowid")?;
    let rows = stmt.query_map([kind.as_str()], |r| {
        Ok(Lesson {
            id: r.get(0)?,
            text: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn load_hotwash(conn: &Connection) -> Result<String> {
    Ok(conn
        .query_row("SELECT notes FROM hotwash WHERE id = 1", [], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// The review as the file holds it.
pub(crate) fn load(conn: &Connection) -> Result<AfterAction> {
    let unknown: Option<String> = conn
        .query_row(
            "SELECT kind FROM lesson WHERE kind NOT IN ('sustain', 'improve') LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(kind) = unknown {
        return Err(FeintError::invalid(format!(
            "a lesson's kind \"{}\" is not one Feint writes",
            kind.chars().take(100).collect::<String>()
        )));
    }
    Ok(AfterAction {
        assessments: load_assessments(conn)?,
        sustain: load_lessons(conn, LessonKind::Sustain)?,
        improve: load_lessons(conn, LessonKind::Improve)?,
        hotwash: load_hotwash(conn)?,
    })
}

fn exists(conn: &Connection, table: &str, id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached(&format!("SELECT 1 FROM {table} WHERE id = ?1"))?
        .exists([id])?)
}

/// The criterion and the evidence name what the file holds.
fn check_links(conn: &Connection, a: &CriterionAssessment) -> Result<()> {
    if !exists(conn, "success_criterion", &a.criterion_id)? {
        return Err(FeintError::not_found(format!(
            "no success criterion has the ID \"{}\"",
            a.criterion_id.chars().take(100).collect::<String>()
        )));
    }
    for id in &a.evidence {
        if !exists(conn, "journal_entry", id)? {
            return Err(FeintError::invalid(format!(
                "the evidence names a journal entry that is not in the journal (ID \"{}\")",
                id.chars().take(100).collect::<String>()
            )));
        }
    }
    Ok(())
}

fn save_assessment(conn: &Connection, a: &CriterionAssessment) -> Result<()> {
    conn.execute(
        "DELETE FROM criterion_evidence WHERE criterion_id = ?1",
        [&a.criterion_id],
    )?;
    if a.is_empty() {
        conn.execute(
            "DELETE FROM criterion_assessment WHERE criterion_id = ?1",
            [&a.criterion_id],
        )?;
        return Ok(());
    }
    conn.execute(
        "INSERT INTO criterion_assessment (criterion_id, rating, note) VALUES (?1, ?2, ?3)
         ON CONFLICT (criterion_id) DO UPDATE SET rating = excluded.rating,
             note = excluded.note",
        params![a.criterion_id, a.rating.as_str(), a.note],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO criterion_evidence (criterion_id, entry_id, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, entry) in a.evidence.iter().enumerate() {
        insert.execute(params![a.criterion_id, entry, i as i64])?;
    }
    Ok(())
}

fn save_lessons(conn: &Connection, kind: LessonKind, lessons: &[Lesson]) -> Result<()> {
    conn.execute("DELETE FROM lesson WHERE kind = ?1", [kind.as_str()])?;
    let mut insert = conn
        .prepare_cached("INSERT INTO lesson (id, kind, text, position) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, l) in lessons.iter().enumerate() {
        insert.execute(params![l.id, kind.as_str(), l.text, i as i64])?;
    }
    Ok(())
}

fn save_hotwash(conn: &Connection, notes: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO hotwash (id, notes) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET notes = excluded.notes",
        [notes],
    )?;
    Ok(())
}

fn check_lessons(what: &str, lessons: &[Lesson], seen: &mut BTreeSet<String>) -> Result<()> {
    check_count(&format!("{what} lessons"), lessons.len(), MAX_ORDER_ITEMS)?;
    for (i, l) in lessons.iter().enumerate() {
        let once = if seen.insert(l.id.clone()) {
            Ok(())
        } else {
            Err(FeintError::invalid("another lesson has the same ID"))
        };
        once.and_then(|_| l.validate())
            .map_err(|e| in_entry(&format!("{what} lesson"), i, &l.id, e))?;
    }
    Ok(())
}

/// Writes the review of an import (or of a file being checked) after the order and the
/// journal, checking every value as an edit would.
pub(crate) fn insert(conn: &Connection, review: &AfterAction) -> Result<()> {
    check_count(
        "assessed success criteria",
        review.assessments.len(),
        MAX_ORDER_ITEMS,
    )?;
    let mut assessed = BTreeSet::new();
    for (i, a) in review.assessments.iter().enumerate() {
        let once = if assessed.insert(a.criterion_id.clone()) {
            Ok(())
        } else {
            Err(FeintError::invalid("the criterion is assessed twice"))
        };
        once.and_then(|_| a.validate())
            .and_then(|_| check_links(conn, a))
            .and_then(|_| save_assessment(conn, a))
            .map_err(|e| in_entry("assessment of success criterion", i, &a.criterion_id, e))?;
    }
    let mut ids = BTreeSet::new();
    check_lessons("sustain", &review.sustain, &mut ids)?;
    check_lessons("improve", &review.improve, &mut ids)?;
    save_lessons(conn, LessonKind::Sustain, &review.sustain)?;
    save_lessons(conn, LessonKind::Improve, &review.improve)?;
    check_text("hotwash notes", &review.hotwash, MAX_TEXT)?;
    if !review.hotwash.is_empty() {
        save_hotwash(conn, &review.hotwash)?;
    }
    Ok(())
}

/// The list holding lesson `id`, and its place in it.
fn find_lesson(review: &AfterAction, id: &str) -> Result<(LessonKind, usize)> {
    for (kind, list) in [
        (LessonKind::Sustain, &review.sustain),
        (LessonKind::Improve, &review.improve),
    ] {
        if let Some(i) = list.iter().position(|l| l.id == id) {
            return Ok((kind, i));
        }
    }
    Err(FeintError::not_found(format!(
        "no lesson has the ID \"{}\"",
        id.chars().take(100).collect::<String>()
    )))
}

fn list_mut(review: &mut AfterAction, kind: LessonKind) -> &mut Vec<Lesson> {
    match kind {
        LessonKind::Sustain => &mut review.sustain,
        LessonKind::Improve => &mut review.improve,
    }
}

/// Applies one edit to the review read in `tx` and writes back what it changed.
fn apply(tx: &Connection, edit: AfterActionEdit) -> Result<()> {
    let mut review = load(tx)?;
    match edit {
        AfterActionEdit::Assess {
            criterion_id,
            rating,
            note,
            evidence,
        } => {
            let mut a = review.of(&criterion_id);
            if let Some(r) = rating {
                a.rating = r;
            }
            if let Some(n) = note {
                a.note = n;
            }
            if let Some(e) = evidence {
                let mut seen = BTreeSet::new();
                a.evidence = e.into_iter().filter(|id| seen.insert(id.clone())).collect();
            }
            a.validate()?;
            check_links(tx, &a)?;
            save_assessment(tx, &a)
        }
        AfterActionEdit::AddLesson { kind, text } => {
            let text = text.trim().to_string();
            check_lesson_text(&text)?;
            let list = list_mut(&mut review, kind);
            check_count(
                &format!("{} lessons", kind.as_str()),
                list.len() + 1,
                MAX_ORDER_ITEMS,
            )?;
            list.push(Lesson {
                id: uuid::Uuid::new_v4().to_string(),
                text,
            });
            save_lessons(tx, kind, list)
        }
        AfterActionEdit::SetLesson { id, text } => {
            let (kind, i) = find_lesson(&review, &id)?;
            check_lesson_text(&text)?;
            let list = list_mut(&mut review, kind);
            list[i].text = text;
            save_lessons(tx, kind, list)
        }
        AfterActionEdit::RemoveLesson { id } => {
            let (kind, i) = find_lesson(&review, &id)?;
            let list = list_mut(&mut review, kind);
            list.remove(i);
            save_lessons(tx, kind, list)
        }
        AfterActionEdit::MoveLesson { id, to } => {
            let (kind, i) = find_lesson(&review, &id)?;
            let list = list_mut(&mut review, kind);
            let lesson = list.remove(i);
            list.insert((to as usize).min(list.len()), lesson);
            save_lessons(tx, kind, list)
        }
        AfterActionEdit::SetHotwash { notes } => {
            check_text("hotwash notes", &notes, MAX_TEXT)?;
            save_hotwash(tx, &notes)
        }
    }
}

impl Document {
    /// The review as stored, for the JSON export and the after-action report.
    pub fn after_action_data(&self) -> Result<AfterAction> {
        load(self.store().conn())
    }

    /// Every success criterion with its assessment, the lessons and the hotwash notes.
    pub fn after_action(&self) -> Result<AfterActionView> {
        let review = self.after_action_data()?;
        let criteria = self
            .order()?
            .success
            .into_iter()
            .map(|c| AssessedCriterion {
                assessment: review.of(&c.id),
                criterion: c,
            })
            .collect();
        Ok(AfterActionView {
            criteria,
            sustain: review.sustain,
            improve: review.improve,
            hotwash: review.hotwash,
        })
    }

    /// Changes the review by one edit, in one transaction.
    pub fn edit_after_action(&mut self, edit: AfterActionEdit) -> Result<AfterActionView> {
        self.store_mut().with_tx(|tx| apply(tx, edit))?;
        self.after_action()
    }
}
