//! Gate decisions (issue 14 item 4): when a gating criterion of the order is met, the planner
//! records which one, the journal entries that show it, the decision (continue, pause, stop,
//! escalate), who decided and when. A pause pauses the running operation and a stop closes it;
//! the run state names the decision until the operation resumes. Decisions are never edited: a
//! wrong one is answered by a later one, so what was decided at the time stays on record.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::when::{self, When};
use super::{load_state, save_state_row, RunPhase, RunState};
use crate::document::Document;
use crate::error::{FeintError, Result};
use crate::operation::Operation;
use crate::order::{GatingAction, GatingCriterion};
use crate::rules::{
    check_count, check_id, check_short, check_text, check_timestamp, in_entry, MAX_ENTRY_LINKS,
    MAX_GATE_DECISIONS, MAX_TEXT,
};
use crate::store::sql_text_enum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Continue,
    Pause,
    Stop,
    Escalate,
}

sql_text_enum!(Decision {
    Continue => "continue",
    Pause => "pause",
    Stop => "stop",
    Escalate => "escalate",
});

impl Decision {
    pub fn label(self) -> &'static str {
        match self {
            Decision::Continue => "Continue",
            Decision::Pause => "Pause",
            Decision::Stop => "Stop",
            Decision::Escalate => "Escalate",
        }
    }
}

/// One recorded gate decision, as the file and the JSON export keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GateDecision {
    pub id: String,
    /// The gating criterion's ID in the order.
    pub gating_id: String,
    /// The criterion's condition and action as they read when the decision was made (the order
    /// may change later).
    pub condition: String,
    pub action: GatingAction,
    pub decision: Decision,
    /// Who made the call (a name or a role).
    pub decided_by: String,
    /// When (RFC 3339, UTC).
    pub decided_at: String,
    /// The journal entries that show the criterion was met.
    #[serde(default)]
    pub evidence_ids: Vec<String>,
    #[serde(default)]
    pub note: String,
    pub created_at: String,
}

/// A decision as the Journal page and the banner show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GateDecisionView {
    pub decision: GateDecision,
    pub when: When,
    /// The criterion's number in the order's list (Gate 2), `None` once it was removed.
    pub gate: Option<u32>,
}

/// A decision as the form sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewGateDecision {
    pub gating_id: String,
    pub decision: Option<Decision>,
    /// Who decided; the criterion's "decided by" when left out.
    pub decided_by: Option<String>,
    /// "now" (or left out), "14:05", "D+1 09:30", "2026-12-08 09:30" or RFC 3339.
    pub decided_at: Option<String>,
    pub evidence_ids: Option<Vec<String>>,
    pub note: Option<String>,
}

impl GateDecision {
    fn normalise(&mut self) -> Result<()> {
        self.decided_by = self.decided_by.trim().to_string();
        self.note = self.note.trim().to_string();
        let mut seen = BTreeSet::new();
        self.evidence_ids.retain(|id| seen.insert(id.clone()));
        self.validate()
    }

    fn validate(&self) -> Result<()> {
        check_id("decision ID", &self.id)?;
        check_id("gating criterion ID", &self.gating_id)?;
        if self.condition.trim().is_empty() {
            return Err(FeintError::invalid(
                "a gate decision needs its criterion's condition",
            ));
        }
        check_text("criterion's condition", &self.condition, MAX_TEXT)?;
        if self.decided_by.trim().is_empty() {
            return Err(FeintError::invalid("a gate decision needs who decided"));
        }
        check_short("name of who decided", &self.decided_by)?;
        check_timestamp("decision time", &self.decided_at)?;
        check_timestamp("decision's recording time", &self.created_at)?;
        check_text("decision's note", &self.note, MAX_TEXT)?;
        if self.evidence_ids.len() > MAX_ENTRY_LINKS {
            return Err(FeintError::invalid(format!(
                "a gate decision cites at most {MAX_ENTRY_LINKS} journal entries as evidence"
            )));
        }
        Ok(())
    }
}

/// Evidence must name entries the journal holds.
fn check_evidence(conn: &Connection, decision: &GateDecision) -> Result<()> {
    let mut stmt = conn.prepare_cached("SELECT 1 FROM journal_entry WHERE id = ?1")?;
    for id in &decision.evidence_ids {
        if !stmt.exists([id])? {
            return Err(FeintError::invalid(format!(
                "the evidence names a journal entry that is not in the journal (ID \"{id}\")"
            )));
        }
    }
    Ok(())
}

fn save(conn: &Connection, d: &GateDecision) -> Result<()> {
    conn.execute(
        "INSERT INTO gate_decision (id, gating_id, condition, action, decision, decided_by,
             decided_at, note, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            d.id,
            d.gating_id,
            d.condition,
            d.action.as_str(),
            d.decision.as_str(),
            d.decided_by,
            d.decided_at,
            d.note,
            d.created_at
        ],
    )?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO gate_decision_evidence (decision_id, entry_id) VALUES (?1, ?2)",
    )?;
    for id in &d.evidence_ids {
        insert.execute(params![d.id, id])?;
    }
    Ok(())
}

fn bad_value(what: &str, value: &str) -> FeintError {
    FeintError::invalid(format!(
        "the gate decisions hold an unknown {what} \"{}\"",
        value.chars().take(100).collect::<String>()
    ))
}

/// Every decision in the order it was made (then recorded).
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<GateDecision>> {
    let mut evidence: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT decision_id, entry_id FROM gate_decision_evidence ORDER BY rowid")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (decision, entry) = row?;
        evidence.entry(decision).or_default().push(entry);
    }
    let mut stmt = conn.prepare(
        "SELECT id, gating_id, condition, action, decision, decided_by, decided_at, note,
             created_at
         FROM gate_decision ORDER BY decided_at, created_at, rowid",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok([
            r.get::<_, String>(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
        ])
    })?;
    let mut out = Vec::new();
    for row in rows {
        let [id, gating_id, condition, action, decision, decided_by, decided_at, note, created_at] =
            row?;
        out.push(GateDecision {
            action: GatingAction::parse(&action)
                .ok_or_else(|| bad_value("gating action", &action))?,
            decision: Decision::parse(&decision).ok_or_else(|| bad_value("decision", &decision))?,
            evidence_ids: evidence.remove(&id).unwrap_or_default(),
            id,
            gating_id,
            condition,
            decided_by,
            decided_at,
            note,
            created_at,
        });
    }
    Ok(out)
}

/// Writes the decisions of an import, each checked as recording it would be, then checks that
/// the decision the run state names as the halt is one that halts in that phase.
pub(crate) fn insert_all(
    conn: &Connection,
    decisions: &[GateDecision],
    state: &RunState,
) -> Result<()> {
    check_count("gate decisions", decisions.len(), MAX_GATE_DECISIONS)?;
    let mut ids = BTreeSet::new();
    for (i, d) in decisions.iter().enumerate() {
        let mut d = d.clone();
        let unique = if ids.insert(d.id.clone()) {
            Ok(())
        } else {
            Err(FeintError::invalid("the ID is used twice"))
        };
        unique
            .and_then(|_| d.normalise())
            .and_then(|_| check_evidence(conn, &d))
            .and_then(|_| save(conn, &d))
            .map_err(|e| in_entry("gate decision", i, &d.id, e))?;
    }
    if !decisions.is_empty() && state.phase == RunPhase::Planning {
        return Err(FeintError::invalid(
            "the operation is still in planning but holds gate decisions",
        ));
    }
    check_halt(state, decisions)
}

fn check_halt(state: &RunState, decisions: &[GateDecision]) -> Result<()> {
    let Some(id) = &state.halted_by else {
        return Ok(());
    };
    let wanted = match state.phase {
        RunPhase::Paused => Decision::Pause,
        RunPhase::Closed => Decision::Stop,
        _ => {
            return Err(FeintError::invalid(format!(
                "the operation is {} but names a gate decision that halted it",
                state.phase.as_str()
            )))
        }
    };
    if decisions
        .iter()
        .any(|d| &d.id == id && d.decision == wanted)
    {
        Ok(())
    } else {
        Err(FeintError::invalid(format!(
            "the operation is {} by a gate decision that is not a {} decision in its list \
             (ID \"{}\")",
            state.phase.as_str(),
            wanted.as_str(),
            id.chars().take(100).collect::<String>()
        )))
    }
}

/// The state after `decision`: a pause pauses a running operation, a stop closes it; both name
/// the decision as the halt. Continue and escalate leave the phase as it is.
fn state_after(state: &RunState, decision: &GateDecision, stamp: &str) -> Result<RunState> {
    if !matches!(state.phase, RunPhase::Running | RunPhase::Paused) {
        return Err(FeintError::invalid(format!(
            "the operation is {}; gate decisions are recorded while it runs or is paused",
            match state.phase {
                RunPhase::Planning => "still in planning",
                RunPhase::Approved => "approved but not started",
                _ => "closed",
            }
        )));
    }
    let mut next = state.clone();
    match decision.decision {
        Decision::Pause => {
            next.phase = RunPhase::Paused;
            next.halted_by = Some(decision.id.clone());
        }
        Decision::Stop => {
            next.phase = RunPhase::Closed;
            next.closed_at = Some(stamp.to_string());
            next.halted_by = Some(decision.id.clone());
        }
        Decision::Continue | Decision::Escalate => {}
    }
    Ok(next)
}

/// The criterion's number in the order's list, as the order's annex numbers gates.
fn gate_numbers(gating: &[GatingCriterion]) -> BTreeMap<&str, u32> {
    gating
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i as u32 + 1))
        .collect()
}

/// Decisions as reports show them, from data already read (a JSON export's `run` and `order`,
/// or a snapshot): each with its time in the operation's zone and its gate's number. The
/// after-action report lists them from here.
pub fn decision_views(
    op: &Operation,
    gating: &[GatingCriterion],
    decisions: Vec<GateDecision>,
) -> Result<Vec<GateDecisionView>> {
    let gates = gate_numbers(gating);
    decisions
        .into_iter()
        .map(|decision| {
            Ok(GateDecisionView {
                when: when::show(op, &decision.decided_at)?,
                gate: gates.get(decision.gating_id.as_str()).copied(),
                decision,
            })
        })
        .collect()
}

impl Document {
    /// Every gate decision in the order it was made, with its time as the operation reads it.
    pub fn gate_decisions(&self) -> Result<Vec<GateDecisionView>> {
        let decisions = load_all(self.store().conn())?;
        decision_views(&self.operation()?, &self.order()?.gating, decisions)
    }

    /// Records a decision on a gating criterion; a pause or stop changes the phase in the same
    /// transaction, so the file never holds one without the other.
    pub fn record_gate_decision(&mut self, new: NewGateDecision) -> Result<GateDecisionView> {
        let op = self.operation()?;
        let gating = self.order()?.gating;
        let criterion = gating
            .iter()
            .find(|g| g.id == new.gating_id)
            .cloned()
            .ok_or_else(|| {
                FeintError::invalid(format!(
                    "the order has no gating criterion with the ID \"{}\"",
                    new.gating_id.chars().take(100).collect::<String>()
                ))
            })?;
        let at = when::resolve(
            &op,
            new.decided_at.as_deref().unwrap_or(""),
            chrono::Utc::now(),
        )?;
        let stamp = crate::operation::now();
        let mut decision = GateDecision {
            id: uuid::Uuid::new_v4().to_string(),
            gating_id: criterion.id.clone(),
            condition: criterion.condition.clone(),
            action: criterion.action,
            decision: new.decision.unwrap_or(match criterion.action {
                GatingAction::Pause => Decision::Pause,
                GatingAction::Stop => Decision::Stop,
                GatingAction::Escalate => Decision::Escalate,
            }),
            decided_by: new.decided_by.unwrap_or(criterion.decided_by),
            decided_at: at,
            evidence_ids: new.evidence_ids.unwrap_or_default(),
            note: new.note.unwrap_or_default(),
            created_at: stamp.clone(),
        };
        if decision.condition.trim().is_empty() {
            decision.condition = "(no condition written)".into();
        }
        decision.normalise()?;
        self.store_mut().with_tx(|tx| {
            let state = load_state(tx)?;
            let next = state_after(&state, &decision, &stamp)?;
            let n: i64 = tx.query_row("SELECT count(*) FROM gate_decision", [], |r| r.get(0))?;
            if n as usize >= MAX_GATE_DECISIONS {
                return Err(FeintError::invalid(format!(
                    "an operation holds at most {MAX_GATE_DECISIONS} gate decisions"
                )));
            }
            check_evidence(tx, &decision)?;
            save(tx, &decision)?;
            if next != state {
                save_state_row(tx, &next)?;
            }
            Ok(())
        })?;
        let mut views = decision_views(&op, &gating, vec![decision])?;
        Ok(views.remove(0))
    }
}
