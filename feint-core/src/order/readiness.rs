//! Readiness: what still stands between the plan and a go decision. Each check has a stable ID,
//! a severity, and for each failing item a link the UI can jump to.
//!
//! The checks read the whole operation (storyboard, personas, threat model, order) and write
//! nothing; they are recomputed on demand, so they can never disagree with the data.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{GatingCriterion, Order, RoleContact};
use crate::catalog::{Catalog, Kind};
use crate::error::Result;
use crate::operation::Operation;
use crate::persona::{PersonaWarning, WarningCode};
use crate::storyboard::{event, Event};
use crate::threat::{Coverage, ThreatModel};

/// Expose: the goal whose operations must see what the adversary does.
const EXPOSE: &str = "EGO0001";
/// Collect and Detect, the approaches under Expose that record or watch.
const WATCH_APPROACHES: [&str; 2] = ["EAP0001", "EAP0002"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    GoalChosen,
    ObjectiveSet,
    AdversaryKnown,
    GatingCriteria,
    UnmarkedEvents,
    ExposeWithoutCollection,
    PersonaConflicts,
    EventsOutsideDates,
    RolesWithoutContact,
    UnengagedTechniques,
    /// OPSEC linkage: values the open operation shares with recent ones (app only).
    NoReuseWithRecent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The operation should not start with this open.
    Blocker,
    /// Worth a look; the team may accept it.
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Blocker => "blocker",
            Severity::Warning => "warning",
        }
    }
}

/// Where the planner fixes an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A part of the order page: "gating", "roles", "environment".
    Order {
        section: String,
    },
    Event {
        id: String,
    },
    Persona {
        id: String,
    },
    Technique {
        id: String,
    },
    /// The operation's own record (dates, goals).
    Operation,
    /// The threat model: the adversary and its techniques.
    ThreatModel,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReadinessItem {
    pub message: String,
    pub target: Target,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReadinessCheck {
    pub id: CheckId,
    pub severity: Severity,
    /// What the check asks, e.g. "Gating criteria are set".
    pub title: String,
    /// Met: the check has something to check and it holds. Never true for a check whose
    /// subject is absent (no vacuous passes).
    pub passed: bool,
    /// False when the check's subject is absent (no events, no Expose goal, no adversary
    /// technique): the check is neither met nor open, and its one item says why.
    pub applicable: bool,
    /// The items that fail it, or the reason it does not apply (empty when passed).
    pub items: Vec<ReadinessItem>,
}

impl ReadinessCheck {
    /// Failed and applicable: something the team has to fix or accept.
    pub fn open(&self) -> bool {
        self.applicable && !self.passed
    }
}

/// What a check is: its ID, severity and title, fixed whatever the operation holds.
struct Spec {
    id: CheckId,
    severity: Severity,
    title: &'static str,
}

impl Spec {
    /// The check's answer: met when no item fails it.
    fn result(&self, items: Vec<ReadinessItem>) -> ReadinessCheck {
        ReadinessCheck {
            id: self.id,
            severity: self.severity,
            title: self.title.into(),
            passed: items.is_empty(),
            applicable: true,
            items,
        }
    }

    /// The check with nothing to check; `reason` is shown in place of the items, never as a
    /// pass.
    fn not_applicable(&self, reason: &str, target: Target) -> ReadinessCheck {
        ReadinessCheck {
            id: self.id,
            severity: self.severity,
            title: self.title.into(),
            passed: false,
            applicable: false,
            items: vec![item(reason.into(), target)],
        }
    }
}

fn item(message: String, target: Target) -> ReadinessItem {
    ReadinessItem { message, target }
}

/// One item when `missing`, else none.
fn item_if(missing: bool, message: &str, target: Target) -> Vec<ReadinessItem> {
    if missing {
        vec![item(message.into(), target)]
    } else {
        Vec::new()
    }
}

fn order_section(section: &str) -> Target {
    Target::Order {
        section: section.into(),
    }
}

/// What the readiness checks read, read once; an export holds one of these in its snapshot so
/// the checks it prints are about the events it prints.
#[derive(Debug, Clone)]
pub struct ReadinessInputs {
    pub op: Operation,
    pub order: Order,
    pub events: Vec<Event>,
    pub model: ThreatModel,
    pub has_personas: bool,
    pub persona_warnings: Vec<PersonaWarning>,
    pub coverage: Coverage,
}

impl ReadinessInputs {
    pub fn read(conn: &Connection, catalog: &Catalog) -> Result<ReadinessInputs> {
        let model = crate::threat::load(conn, catalog)?;
        let events = event::load_all(conn)?;
        Ok(ReadinessInputs {
            op: crate::operation::load(conn)?,
            order: super::load(conn)?,
            coverage: crate::threat::coverage_of(&model, &events, catalog),
            events,
            model,
            has_personas: !crate::persona::names(conn)?.is_empty(),
            persona_warnings: crate::persona::warnings(conn)?,
        })
    }
}

/// Every check, in a fixed order.
pub fn checks(conn: &Connection, catalog: &Catalog) -> Result<Vec<ReadinessCheck>> {
    Ok(checks_of(&ReadinessInputs::read(conn, catalog)?, catalog))
}

/// The checks of inputs already read; touches no store.
pub fn checks_of(s: &ReadinessInputs, catalog: &Catalog) -> Vec<ReadinessCheck> {
    vec![
        goal_chosen(&s.op),
        objective_set(&s.op),
        adversary_known(&s.model),
        gating_criteria(&s.order.gating),
        events_marked(&s.events),
        expose_has_collection(&s.op, &s.events, catalog),
        personas_consistent(s.has_personas, &s.persona_warnings),
        events_within_dates(&s.op, &s.events, catalog),
        roles_have_contacts(&s.order.roles),
        techniques_engaged(&s.coverage),
    ]
}

fn goal_chosen(op: &Operation) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::GoalChosen,
        severity: Severity::Blocker,
        title: "The operation has a goal",
    };
    SPEC.result(item_if(
        op.goals.is_empty(),
        "No goal is chosen: pick what the operation is for (Expose, Affect or Elicit)",
        Target::Operation,
    ))
}

fn objective_set(op: &Operation) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::ObjectiveSet,
        severity: Severity::Blocker,
        title: "The operation has an objective",
    };
    SPEC.result(item_if(
        op.objective.trim().is_empty(),
        "No objective: say what the operation must achieve",
        Target::Operation,
    ))
}

fn adversary_known(model: &ThreatModel) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::AdversaryKnown,
        severity: Severity::Blocker,
        title: "The threat model names an adversary and its techniques",
    };
    SPEC.result(adversary_gaps(model))
}

fn gating_criteria(gating: &[GatingCriterion]) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::GatingCriteria,
        severity: Severity::Blocker,
        title: "Gating criteria are set",
    };
    SPEC.result(gating_gaps(gating))
}

fn events_marked(events: &[Event]) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::UnmarkedEvents,
        severity: Severity::Blocker,
        title: "Every event is marked revealed or concealed",
    };
    if events.is_empty() {
        return SPEC.not_applicable("The storyboard has no events yet", Target::Operation);
    }
    SPEC.result(
        events
            .iter()
            .filter(|e| e.visibility.is_none())
            .map(|e| {
                item(
                    format!("{} is neither revealed nor concealed", title_of(e)),
                    Target::Event { id: e.id.clone() },
                )
            })
            .collect(),
    )
}

fn expose_has_collection(op: &Operation, events: &[Event], catalog: &Catalog) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::ExposeWithoutCollection,
        severity: Severity::Blocker,
        title: "An Expose goal has collection or monitoring",
    };
    if !op.goals.iter().any(|g| g == EXPOSE) {
        let reason = if op.goals.is_empty() {
            "No goal is chosen, so there is no Expose goal to check"
        } else {
            "The operation does not aim to expose"
        };
        return SPEC.not_applicable(reason, Target::Operation);
    }
    let watching = events.iter().any(|e| {
        catalog.activity(&e.activity_id).is_some_and(|a| {
            a.approach_ids
                .iter()
                .any(|ap| WATCH_APPROACHES.contains(&ap.as_str()))
        })
    });
    SPEC.result(item_if(
        !watching,
        "The operation aims to expose, but no event collects or monitors (Collect or Detect \
         activities)",
        Target::Operation,
    ))
}

fn personas_consistent(has_personas: bool, warnings: &[PersonaWarning]) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::PersonaConflicts,
        severity: Severity::Warning,
        title: "Personas are consistent with the storyboard",
    };
    if !has_personas {
        return SPEC.not_applicable("The operation has no personas", Target::Operation);
    }
    SPEC.result(
        warnings
            .iter()
            .filter(|w| {
                matches!(
                    w.code,
                    WarningCode::OutOfHours
                        | WarningCode::BeforeStart
                        | WarningCode::SharedUsername
                )
            })
            .map(|w| {
                item(
                    w.message.clone(),
                    Target::Persona {
                        id: w.persona_id.clone(),
                    },
                )
            })
            .collect(),
    )
}

fn events_within_dates(op: &Operation, events: &[Event], catalog: &Catalog) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::EventsOutsideDates,
        severity: Severity::Warning,
        title: "Engagement events fall within the operation's dates",
    };
    let engagement: Vec<&Event> = events
        .iter()
        .filter(|e| {
            catalog
                .activity(&e.activity_id)
                .is_none_or(|a| a.kind == Kind::Engagement)
        })
        .collect();
    if engagement.is_empty() {
        return SPEC.not_applicable(
            "The storyboard has no engagement events yet",
            Target::Operation,
        );
    }
    SPEC.result(outside_dates(op, &engagement))
}

fn roles_have_contacts(roles: &[RoleContact]) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::RolesWithoutContact,
        severity: Severity::Warning,
        title: "Every role has a point of contact",
    };
    let needed: Vec<&RoleContact> = roles.iter().filter(|r| r.needed).collect();
    if needed.is_empty() {
        return SPEC.not_applicable("No role is marked as needed", order_section("roles"));
    }
    SPEC.result(
        needed
            .iter()
            .filter(|r| r.contact.trim().is_empty())
            .map(|r| {
                item(
                    format!("{} has no point of contact", r.role.label()),
                    order_section("roles"),
                )
            })
            .collect(),
    )
}

fn techniques_engaged(coverage: &Coverage) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::UnengagedTechniques,
        severity: Severity::Warning,
        title: "Every adversary technique is engaged by an event",
    };
    if coverage.techniques.is_empty() {
        return SPEC.not_applicable("The threat model lists no technique", Target::ThreatModel);
    }
    SPEC.result(
        coverage
            .techniques
            .iter()
            .filter(|t| !t.engaged)
            .map(|t| {
                item(
                    format!("No event engages {} {}", t.technique_id, t.name),
                    Target::Technique {
                        id: t.technique_id.clone(),
                    },
                )
            })
            .collect(),
    )
}

/// How an item names an event: its title and day.
fn title_of(e: &Event) -> String {
    format!("“{}” ({})", e.title, super::day_label(e.day))
}

/// What the threat model lacks: the adversary's name, its techniques.
fn adversary_gaps(model: &ThreatModel) -> Vec<ReadinessItem> {
    let mut out = Vec::new();
    if model.adversary.name.trim().is_empty() {
        out.push(item(
            "The adversary has no name: say whom the operation is aimed at".into(),
            Target::ThreatModel,
        ));
    }
    if model.techniques.is_empty() {
        out.push(item(
            "The threat model lists no ATT&CK technique of the adversary".into(),
            Target::ThreatModel,
        ));
    }
    out
}

/// A criterion counts only with a condition, someone who decides and a way to notice; each one
/// short of that is named by its number, so an empty row never turns the check green.
fn gating_gaps(gating: &[GatingCriterion]) -> Vec<ReadinessItem> {
    if gating.is_empty() {
        return vec![item(
            "No gating criteria: add the conditions that pause, stop or escalate the operation"
                .into(),
            order_section("gating"),
        )];
    }
    let blank = |s: &str| s.trim().is_empty();
    gating
        .iter()
        .enumerate()
        .filter_map(|(i, g)| {
            let missing: Vec<&str> = [
                (blank(&g.condition), "condition"),
                (blank(&g.decided_by), "decision maker"),
                (blank(&g.detection), "detection"),
            ]
            .into_iter()
            .filter_map(|(absent, what)| absent.then_some(what))
            .collect();
            if missing.is_empty() {
                return None;
            }
            let named = if blank(&g.condition) {
                String::new()
            } else {
                format!(" “{}”", g.condition.trim())
            };
            Some(item(
                format!(
                    "Gating criterion {} ({}){named} has no {}",
                    i + 1,
                    g.action.label(),
                    join_words(&missing)
                ),
                order_section("gating"),
            ))
        })
        .collect()
}

/// "a", "a or b", "a, b or c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Engagement events (EAC…) must run between the start date and the end of the end date;
/// strategic activities (planning before, analysis after) may fall outside.
fn outside_dates(op: &Operation, engagement: &[&Event]) -> Vec<ReadinessItem> {
    let parse = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let (Some(start), Some(end)) = (parse(&op.start_date), parse(&op.end_date)) else {
        return vec![item(
            "The operation has no start or end date, so its events cannot be checked against them"
                .into(),
            Target::Operation,
        )];
    };
    let last_minute = ((end - start).num_days() + 1) * 1440;
    let mut out = Vec::new();
    for e in engagement.iter().copied() {
        let begin = i64::from(e.day) * 1440 + i64::from(e.minute);
        let finish = begin + i64::from(e.duration_min);
        if begin < 0 || finish > last_minute {
            out.push(item(
                format!(
                    "{} runs outside the operation's dates ({} to {})",
                    title_of(e),
                    start,
                    end
                ),
                Target::Event { id: e.id.clone() },
            ));
        }
    }
    out
}

impl crate::document::Document {
    /// Every readiness check of the open operation, read with the catalog it uses.
    pub fn readiness(&self) -> Result<Vec<ReadinessCheck>> {
        checks(self.store.conn(), self.catalog())
    }
}

/// The OPSEC linkage check of the open operation against the recent ones: a blocker, since a
/// reused persona, account or address lets the adversary tie the two operations together.
/// Files that could not be compared (encrypted, damaged) are named in the title, not hidden.
pub fn no_reuse(check: &crate::opsec::RecentCheck) -> ReadinessCheck {
    const SPEC: Spec = Spec {
        id: CheckId::NoReuseWithRecent,
        severity: Severity::Blocker,
        title: "No reuse with recent operations",
    };
    let skipped: Vec<String> = check
        .skipped
        .iter()
        .map(|s| format!("{} was not compared: {}", s.file, s.reason))
        .collect();
    if check.compared.is_empty() {
        let reason = if skipped.is_empty() {
            "No recent operation to compare with".to_string()
        } else {
            format!(
                "No recent operation could be compared. {}",
                skipped.join(". ")
            )
        };
        return SPEC.not_applicable(&reason, Target::Operation);
    }
    let items = check
        .reuse
        .iter()
        .map(|r| item(r.message.clone(), r.target.clone()))
        .collect();
    let mut result = SPEC.result(items);
    result.title = format!(
        "{} ({} compared: {}{})",
        SPEC.title,
        check.compared.len(),
        check.compared.join(", "),
        if skipped.is_empty() {
            String::new()
        } else {
            format!("; {}", skipped.join("; "))
        }
    );
    result
}

/// How many applicable checks fail, by severity: (blockers, warnings).
pub fn open_counts(checks: &[ReadinessCheck]) -> (usize, usize) {
    let open = |severity| {
        checks
            .iter()
            .filter(|c| c.open() && c.severity == severity)
            .count()
    };
    (open(Severity::Blocker), open(Severity::Warning))
}
