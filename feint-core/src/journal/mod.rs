//! Running the operation (steps 7–10 of the ten-step process): its phase, the plan frozen as the
//! baseline when it is approved, the execution journal (`entries.rs`) and the actuals of each
//! storyboard event (`actuals.rs`). Migration 0006.
//!
//! Phases go planning → approved → running ⇄ paused → closed. Approval records who and when and
//! stores the storyboard and order as the JSON export writes them, so "changed since approval"
//! is computed against the file's own copy and cannot drift. Closing ends the journal.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::order::Order;
use crate::store::sql_text_enum;
use crate::storyboard::{Event, StoryboardData};

pub mod actuals;
pub mod assessment;
#[cfg(test)]
mod assessment_tests;
pub mod entries;
pub mod gates;
#[cfg(test)]
mod gates_tests;
#[cfg(test)]
mod tests;
pub mod when;

pub use actuals::{ActualPatch, ActualView, EventActual, Outcome};
pub use assessment::{
    AfterAction, AfterActionEdit, AfterActionView, AssessedCriterion, CriterionAssessment, Lesson,
    LessonKind, Rating,
};
pub use entries::{Correction, EntryKind, JournalEntry, JournalLine, NewEntry, Revision};
pub use gates::{decision_views, Decision, GateDecision, GateDecisionView, NewGateDecision};
pub use when::When;

/// Where the operation is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RunPhase {
    #[default]
    Planning,
    Approved,
    Running,
    Paused,
    Closed,
}

sql_text_enum!(RunPhase {
    Planning => "planning",
    Approved => "approved",
    Running => "running",
    Paused => "paused",
    Closed => "closed",
});

/// The phase and who moved it there, when.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RunState {
    pub phase: RunPhase,
    /// The approver's name; "" while in planning.
    pub approved_by: String,
    /// RFC 3339, UTC.
    pub approved_at: Option<String>,
    pub started_at: Option<String>,
    pub closed_at: Option<String>,
    /// The gate decision that paused or stopped the operation, while it stays paused or
    /// closed; `None` when it runs or was paused or closed by hand.
    #[serde(default)]
    pub halted_by: Option<String>,
}

/// The plan as it was approved: the storyboard and the order as the JSON export writes them
/// (host–account links left out: accounts are the personas', not the plan's).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    pub storyboard: StoryboardData,
    pub order: Order,
}

/// A phase change the planner asks for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum PhaseChange {
    /// Planning → approved: freezes the baseline.
    Approve { approved_by: String },
    /// Approved → running.
    Start,
    /// Running → paused.
    Pause,
    /// Paused → running.
    Resume,
    /// Running or paused → closed: the journal takes no new entries after this.
    Close,
}

/// One difference between the approved plan and the plan now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PlanChange {
    pub kind: ChangeKind,
    /// The event's ID; `None` for a part of the order.
    pub event_id: Option<String>,
    /// The event's title (as now, or as approved when removed), or the order part's name.
    pub title: String,
    /// For a changed event, the fields that differ (JSON names).
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// Everything of this module in the JSON export (`"run"`), and what an import writes back.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RunExport {
    #[serde(default)]
    pub phase: RunPhase,
    #[serde(default)]
    pub approved_by: String,
    #[serde(default)]
    pub approved_at: Option<String>,
    #[serde(default)]
    pub started_at: Option<String>,
    #[serde(default)]
    pub closed_at: Option<String>,
    #[serde(default)]
    pub baseline: Option<Baseline>,
    #[serde(default)]
    pub journal: Vec<JournalEntry>,
    #[serde(default)]
    pub actuals: Vec<EventActual>,
    /// Absent before schema 8.
    #[serde(default)]
    pub halted_by: Option<String>,
    #[serde(default)]
    pub gate_decisions: Vec<GateDecision>,
    /// The after-action review; absent before schema 8 (and when empty), read as none.
    #[serde(default, skip_serializing_if = "AfterAction::is_empty")]
    pub after_action: AfterAction,
}

/// Event fields that are the plan; status, times of writing and links are not.
const PLAN_FIELDS_IGNORED: [&str; 4] = ["id", "status", "created_at", "modified_at"];

pub(crate) fn load_state(conn: &Connection) -> Result<RunState> {
    Ok(conn
        .query_row(
            "SELECT phase, approved_by, approved_at, started_at, closed_at, halted_by
             FROM run_state WHERE id = 1",
            [],
            |r| {
                Ok(RunState {
                    phase: r.get(0)?,
                    approved_by: r.get(1)?,
                    approved_at: r.get(2)?,
                    started_at: r.get(3)?,
                    closed_at: r.get(4)?,
                    halted_by: r.get(5)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default())
}

fn load_baseline_text(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT baseline FROM run_state WHERE id = 1", [], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

fn parse_baseline(text: &str) -> Result<Baseline> {
    serde_json::from_str(text)
        .map_err(|e| FeintError::invalid(format!("the approved plan (baseline) is malformed: {e}")))
}

pub(crate) fn load_baseline(conn: &Connection) -> Result<Option<Baseline>> {
    load_baseline_text(conn)?
        .map(|t| parse_baseline(&t))
        .transpose()
}

fn save_state(conn: &Connection, state: &RunState, baseline: Option<&Baseline>) -> Result<()> {
    let baseline = baseline.map(serde_json::to_string).transpose()?;
    conn.execute(
        "INSERT INTO run_state (id, phase, approved_by, approved_at, started_at, closed_at,
             halted_by, baseline)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (id) DO UPDATE SET phase = excluded.phase,
             approved_by = excluded.approved_by, approved_at = excluded.approved_at,
             started_at = excluded.started_at, closed_at = excluded.closed_at,
             halted_by = excluded.halted_by, baseline = excluded.baseline",
        params![
            state.phase,
            state.approved_by,
            state.approved_at,
            state.started_at,
            state.closed_at,
            state.halted_by,
            baseline
        ],
    )?;
    Ok(())
}

/// Saves a phase change that leaves the baseline as it is (the row exists once approved).
pub(crate) fn save_state_row(conn: &Connection, state: &RunState) -> Result<()> {
    save_state(conn, state, load_baseline(conn)?.as_ref())
}

/// The plan as it stands, in the form the baseline keeps.
fn snapshot(doc: &Document) -> Result<Baseline> {
    let mut order = doc.order()?;
    for host in &mut order.hosts {
        host.account_ids.clear();
    }
    Ok(Baseline {
        storyboard: doc.storyboard_data()?,
        order,
    })
}

fn wrong_phase(state: &RunState, wanted: &str) -> FeintError {
    FeintError::invalid(format!(
        "the operation is {}; {wanted}",
        match state.phase {
            RunPhase::Planning => "still in planning",
            RunPhase::Approved => "approved but not started",
            RunPhase::Running => "running",
            RunPhase::Paused => "paused",
            RunPhase::Closed => "closed",
        }
    ))
}

/// The state after `change`, or a plain error when the phase does not allow it.
fn next_state(state: &RunState, change: &PhaseChange, stamp: &str) -> Result<RunState> {
    let mut next = state.clone();
    // A change by hand is no longer the gate decision's doing.
    next.halted_by = None;
    match (change, state.phase) {
        (PhaseChange::Approve { approved_by }, RunPhase::Planning) => {
            let name = approved_by.trim();
            if name.is_empty() {
                return Err(FeintError::invalid("approving needs the approver's name"));
            }
            crate::rules::check_short("approver's name", name)?;
            next.phase = RunPhase::Approved;
            next.approved_by = name.to_string();
            next.approved_at = Some(stamp.to_string());
        }
        (PhaseChange::Approve { .. }, _) => {
            return Err(wrong_phase(state, "it was approved already"))
        }
        (PhaseChange::Start, RunPhase::Approved) => {
            next.phase = RunPhase::Running;
            next.started_at = Some(stamp.to_string());
        }
        (PhaseChange::Start, _) => {
            return Err(wrong_phase(state, "only an approved operation can start"))
        }
        (PhaseChange::Pause, RunPhase::Running) => next.phase = RunPhase::Paused,
        (PhaseChange::Pause, _) => {
            return Err(wrong_phase(state, "only a running operation can pause"))
        }
        (PhaseChange::Resume, RunPhase::Paused) => next.phase = RunPhase::Running,
        (PhaseChange::Resume, _) => {
            return Err(wrong_phase(state, "only a paused operation can resume"))
        }
        (PhaseChange::Close, RunPhase::Running | RunPhase::Paused) => {
            next.phase = RunPhase::Closed;
            next.closed_at = Some(stamp.to_string());
        }
        (PhaseChange::Close, _) => {
            return Err(wrong_phase(
                state,
                "only a running or paused operation can close",
            ))
        }
    }
    Ok(next)
}

impl Document {
    /// Creates a new operation file from a whole JSON export, run data included: every value
    /// checked, all or nothing.
    pub fn import_export(
        path: &std::path::Path,
        data: &crate::json::OperationExport,
    ) -> Result<Document> {
        let store = crate::store::Store::create_filled(path, None, |store| {
            store.with_tx(|tx| {
                crate::document::insert_everything(
                    tx,
                    &data.operation,
                    &data.storyboard,
                    &data.personas,
                    &data.threat_model,
                    &data.order,
                )?;
                insert(tx, &data.run)?;
                crate::intel::insert(tx, &data.intelligence)
            })
        })?;
        Ok(Document::holding(store))
    }

    pub fn run_state(&self) -> Result<RunState> {
        load_state(self.store().conn())
    }

    /// Moves the operation to its next phase; approving freezes the plan as the baseline.
    pub fn change_phase(&mut self, change: PhaseChange) -> Result<RunState> {
        let baseline = match change {
            PhaseChange::Approve { .. } => Some(snapshot(self)?),
            _ => None,
        };
        self.store_mut().with_tx(|tx| {
            let state = load_state(tx)?;
            let next = next_state(&state, &change, &crate::operation::now())?;
            let kept = match baseline {
                Some(b) => Some(b),
                None => load_baseline(tx)?,
            };
            save_state(tx, &next, kept.as_ref())?;
            Ok(next)
        })
    }

    /// The plan's differences from the approved baseline, events first in time order, then
    /// the order's parts; empty before approval.
    pub fn plan_changes(&self) -> Result<Vec<PlanChange>> {
        let Some(baseline) = load_baseline(self.store().conn())? else {
            return Ok(Vec::new());
        };
        let now = snapshot(self)?;
        let mut changes = event_changes(&baseline.storyboard.events, &now.storyboard.events)?;
        changes.extend(order_changes(&baseline.order, &now.order)?);
        Ok(changes)
    }

    /// This module's data, for the JSON export.
    pub fn run_data(&self) -> Result<RunExport> {
        let conn = self.store().conn();
        let state = load_state(conn)?;
        Ok(RunExport {
            phase: state.phase,
            approved_by: state.approved_by,
            approved_at: state.approved_at,
            started_at: state.started_at,
            closed_at: state.closed_at,
            halted_by: state.halted_by,
            baseline: load_baseline(conn)?,
            journal: entries::load_all(conn)?,
            actuals: actuals::load_all(conn)?,
            gate_decisions: gates::load_all(conn)?,
            after_action: assessment::load(conn)?,
        })
    }
}

fn plan_fields(event: &Event) -> Result<BTreeMap<String, serde_json::Value>> {
    let serde_json::Value::Object(map) = serde_json::to_value(event)? else {
        return Err(FeintError::invalid("an event is not a JSON object"));
    };
    Ok(map
        .into_iter()
        .filter(|(k, _)| !PLAN_FIELDS_IGNORED.contains(&k.as_str()))
        .collect())
}

fn event_changes(before: &[Event], after: &[Event]) -> Result<Vec<PlanChange>> {
    let old: BTreeMap<&str, &Event> = before.iter().map(|e| (e.id.as_str(), e)).collect();
    let new: BTreeSet<&str> = after.iter().map(|e| e.id.as_str()).collect();
    let mut out = Vec::new();
    for event in after {
        let change = match old.get(event.id.as_str()) {
            None => Some((ChangeKind::Added, Vec::new())),
            Some(was) => {
                let (a, b) = (plan_fields(was)?, plan_fields(event)?);
                let fields: Vec<String> = b
                    .iter()
                    .filter(|(k, v)| a.get(*k) != Some(*v))
                    .map(|(k, _)| k.clone())
                    .collect();
                (!fields.is_empty()).then_some((ChangeKind::Changed, fields))
            }
        };
        if let Some((kind, fields)) = change {
            out.push(PlanChange {
                kind,
                event_id: Some(event.id.clone()),
                title: event.title.clone(),
                fields,
            });
        }
    }
    for event in before.iter().filter(|e| !new.contains(e.id.as_str())) {
        out.push(PlanChange {
            kind: ChangeKind::Removed,
            event_id: Some(event.id.clone()),
            title: event.title.clone(),
            fields: Vec::new(),
        });
    }
    Ok(out)
}

fn order_changes(before: &Order, after: &Order) -> Result<Vec<PlanChange>> {
    let parts = [
        (
            "Gating criteria",
            serde_json::to_value(&before.gating)?,
            serde_json::to_value(&after.gating)?,
        ),
        (
            "Success criteria",
            serde_json::to_value(&before.success)?,
            serde_json::to_value(&after.success)?,
        ),
        (
            "Rules, OPSEC and systems",
            serde_json::to_value(&before.texts)?,
            serde_json::to_value(&after.texts)?,
        ),
        (
            "Roles",
            serde_json::to_value(&before.roles)?,
            serde_json::to_value(&after.roles)?,
        ),
        (
            "Environment hosts",
            serde_json::to_value(&before.hosts)?,
            serde_json::to_value(&after.hosts)?,
        ),
    ];
    Ok(parts
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(title, _, _)| PlanChange {
            kind: ChangeKind::Changed,
            event_id: None,
            title: title.to_string(),
            fields: Vec::new(),
        })
        .collect())
}

/// Writes the run data of an import (or of a file being checked) into an empty store, checking
/// every value by the rules an edit applies: the phase's times agree with the phase, the
/// baseline is a valid storyboard and order, links name what the file holds.
pub fn insert(tx: &rusqlite::Transaction, run: &RunExport) -> Result<()> {
    check_state(run)?;
    if let Some(baseline) = &run.baseline {
        check_baseline(baseline)?;
    }
    let state = RunState {
        phase: run.phase,
        approved_by: run.approved_by.clone(),
        approved_at: run.approved_at.clone(),
        started_at: run.started_at.clone(),
        closed_at: run.closed_at.clone(),
        halted_by: run.halted_by.clone(),
    };
    if run.phase != RunPhase::Planning || run.baseline.is_some() {
        save_state(tx, &state, run.baseline.as_ref())?;
    }
    entries::insert_all(tx, &run.journal)?;
    actuals::insert_all(tx, &run.actuals)?;
    gates::insert_all(tx, &run.gate_decisions, &state)?;
    assessment::insert(tx, &run.after_action)
}

fn check_state(run: &RunExport) -> Result<()> {
    use crate::rules::{check_short, check_timestamp};
    check_short("approver's name", &run.approved_by)?;
    for (label, value) in [
        ("approval time", &run.approved_at),
        ("start time", &run.started_at),
        ("closing time", &run.closed_at),
    ] {
        if let Some(v) = value {
            check_timestamp(label, v)?;
        }
    }
    let approved = run.phase != RunPhase::Planning;
    let started = matches!(
        run.phase,
        RunPhase::Running | RunPhase::Paused | RunPhase::Closed
    );
    let closed = run.phase == RunPhase::Closed;
    let agrees = approved == run.approved_at.is_some()
        && approved != run.approved_by.trim().is_empty()
        && approved == run.baseline.is_some()
        && started == run.started_at.is_some()
        && closed == run.closed_at.is_some();
    if !agrees {
        return Err(FeintError::invalid(format!(
            "the operation's phase \"{}\" does not agree with its approver, baseline and times",
            run.phase.as_str()
        )));
    }
    Ok(())
}

/// A baseline must be a storyboard and order an import would accept, so it is written into a
/// scratch store by the same code.
fn check_baseline(baseline: &Baseline) -> Result<()> {
    let mut scratch = crate::store::Store::in_memory()?;
    scratch
        .with_tx(|tx| {
            crate::storyboard::insert_data(tx, &baseline.storyboard)?;
            if baseline
                .order
                .hosts
                .iter()
                .any(|h| !h.account_ids.is_empty())
            {
                return Err(FeintError::invalid("its hosts name persona accounts"));
            }
            crate::order::insert(tx, &baseline.order)
        })
        .map_err(|e| {
            FeintError::new(
                e.code,
                format!("the approved plan (baseline) is not valid: {}", e.message),
            )
        })
}
