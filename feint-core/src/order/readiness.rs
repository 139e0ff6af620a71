//! Readiness: what still stands between the plan and a go decision. Each check has a stable ID,
//! a severity, and for each failing item a link the UI can jump to.
//!
//! The checks read the whole operation (storyboard, personas, threat model, order) and write
//! nothing; they are recomputed on demand, so they can never disagree with the data.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{Catalog, Kind};
use crate::error::Result;
use crate::persona::WarningCode;
use crate::storyboard::event;

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

fn check(
    id: CheckId,
    severity: Severity,
    title: &str,
    items: Vec<ReadinessItem>,
) -> ReadinessCheck {
    ReadinessCheck {
        id,
        severity,
        title: title.into(),
        passed: items.is_empty(),
        applicable: true,
        items,
    }
}

/// A check with nothing to check; `reason` is shown in place of the items, never as a pass.
fn not_applicable(
    id: CheckId,
    severity: Severity,
    title: &str,
    reason: &str,
    target: Target,
) -> ReadinessCheck {
    ReadinessCheck {
        id,
        severity,
        title: title.into(),
        passed: false,
        applicable: false,
        items: vec![item(reason.into(), target)],
    }
}

fn item(message: String, target: Target) -> ReadinessItem {
    ReadinessItem { message, target }
}

fn order_section(section: &str) -> Target {
    Target::Order {
        section: section.into(),
    }
}

/// Every check, in a fixed order.
pub fn checks(conn: &Connection, catalog: &Catalog) -> Result<Vec<ReadinessCheck>> {
    Ok(checks_of(&ReadinessInputs::read(conn, catalog)?, catalog))
}

/// What the readiness checks read, read once; an export holds one of these in its snapshot so
/// the checks it prints are about the events it prints.
#[derive(Debug, Clone)]
pub struct ReadinessInputs {
    pub op: crate::operation::Operation,
    pub order: super::Order,
    pub events: Vec<event::Event>,
    pub model: crate::threat::ThreatModel,
    pub coverage: crate::threat::Coverage,
    pub persona_warnings: Vec<crate::persona::PersonaWarning>,
    pub has_personas: bool,
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
            persona_warnings: crate::persona::warnings(conn)?,
            has_personas: !crate::persona::names(conn)?.is_empty(),
        })
    }
}

/// The checks of inputs already read; touches no store.
pub fn checks_of(inputs: &ReadinessInputs, catalog: &Catalog) -> Vec<ReadinessCheck> {
    let ReadinessInputs {
        op,
        order,
        events,
        model,
        coverage,
        persona_warnings,
        has_personas,
    } = inputs;
    let title_of = |e: &event::Event| format!("“{}” ({})", e.title, super::day_label(e.day));
    let mut out = Vec::new();

    out.push(check(
        CheckId::GoalChosen,
        Severity::Blocker,
        "The operation has a goal",
        if op.goals.is_empty() {
            vec![item(
                "No goal is chosen: pick what the operation is for (Expose, Affect or Elicit)"
                    .into(),
                Target::Operation,
            )]
        } else {
            Vec::new()
        },
    ));
    out.push(check(
        CheckId::ObjectiveSet,
        Severity::Blocker,
        "The operation has an objective",
        if op.objective.trim().is_empty() {
            vec![item(
                "No objective: say what the operation must achieve".into(),
                Target::Operation,
            )]
        } else {
            Vec::new()
        },
    ));
    out.push(check(
        CheckId::AdversaryKnown,
        Severity::Blocker,
        "The threat model names an adversary and its techniques",
        adversary_gaps(model),
    ));
    out.push(check(
        CheckId::GatingCriteria,
        Severity::Blocker,
        "Gating criteria are set",
        gating_gaps(&order.gating),
    ));

    let unmarked = || {
        events
            .iter()
            .filter(|e| e.visibility.is_none())
            .map(|e| {
                item(
                    format!("{} is neither revealed nor concealed", title_of(e)),
                    Target::Event { id: e.id.clone() },
                )
            })
            .collect()
    };
    const MARKED: &str = "Every event is marked revealed or concealed";
    out.push(if events.is_empty() {
        not_applicable(
            CheckId::UnmarkedEvents,
            Severity::Blocker,
            MARKED,
            "The storyboard has no events yet",
            Target::Operation,
        )
    } else {
        check(
            CheckId::UnmarkedEvents,
            Severity::Blocker,
            MARKED,
            unmarked(),
        )
    });

    let watching = events.iter().any(|e| {
        catalog.activity(&e.activity_id).is_some_and(|a| {
            a.approach_ids
                .iter()
                .any(|ap| WATCH_APPROACHES.contains(&ap.as_str()))
        })
    });
    const EXPOSE_TITLE: &str = "An Expose goal has collection or monitoring";
    out.push(if !op.goals.iter().any(|g| g == EXPOSE) {
        not_applicable(
            CheckId::ExposeWithoutCollection,
            Severity::Blocker,
            EXPOSE_TITLE,
            if op.goals.is_empty() {
                "No goal is chosen, so there is no Expose goal to check"
            } else {
                "The operation does not aim to expose"
            },
            Target::Operation,
        )
    } else {
        let missing = if watching {
            Vec::new()
        } else {
            vec![item(
                "The operation aims to expose, but no event collects or monitors (Collect or \
                 Detect activities)"
                    .into(),
                Target::Operation,
            )]
        };
        check(
            CheckId::ExposeWithoutCollection,
            Severity::Blocker,
            EXPOSE_TITLE,
            missing,
        )
    });

    let conflicts = persona_warnings
        .iter()
        .filter(|w| {
            matches!(
                w.code,
                WarningCode::OutOfHours | WarningCode::BeforeStart | WarningCode::SharedUsername
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
        .collect();
    const PERSONAS: &str = "Personas are consistent with the storyboard";
    out.push(if !has_personas {
        not_applicable(
            CheckId::PersonaConflicts,
            Severity::Warning,
            PERSONAS,
            "The operation has no personas",
            Target::Operation,
        )
    } else {
        check(
            CheckId::PersonaConflicts,
            Severity::Warning,
            PERSONAS,
            conflicts,
        )
    });

    const DATES: &str = "Engagement events fall within the operation's dates";
    let engagement: Vec<&event::Event> = events
        .iter()
        .filter(|e| {
            catalog
                .activity(&e.activity_id)
                .is_none_or(|a| a.kind == Kind::Engagement)
        })
        .collect();
    out.push(if engagement.is_empty() {
        not_applicable(
            CheckId::EventsOutsideDates,
            Severity::Warning,
            DATES,
            "The storyboard has no engagement events yet",
            Target::Operation,
        )
    } else {
        check(
            CheckId::EventsOutsideDates,
            Severity::Warning,
            DATES,
            outside_dates(op, &engagement, &title_of),
        )
    });

    let needed: Vec<_> = order.roles.iter().filter(|r| r.needed).collect();
    let roles = needed
        .iter()
        .filter(|r| r.contact.trim().is_empty())
        .map(|r| {
            item(
                format!("{} has no point of contact", r.role.label()),
                order_section("roles"),
            )
        })
        .collect();
    const ROLES: &str = "Every role has a point of contact";
    out.push(if needed.is_empty() {
        not_applicable(
            CheckId::RolesWithoutContact,
            Severity::Warning,
            ROLES,
            "No role is marked as needed",
            order_section("roles"),
        )
    } else {
        check(
            CheckId::RolesWithoutContact,
            Severity::Warning,
            ROLES,
            roles,
        )
    });

    let unengaged = coverage
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
        .collect();
    const ENGAGED: &str = "Every adversary technique is engaged by an event";
    out.push(if coverage.techniques.is_empty() {
        not_applicable(
            CheckId::UnengagedTechniques,
            Severity::Warning,
            ENGAGED,
            "The threat model lists no technique",
            Target::ThreatModel,
        )
    } else {
        check(
            CheckId::UnengagedTechniques,
            Severity::Warning,
            ENGAGED,
            unengaged,
        )
    });
    out
}

/// What the threat model lacks: the adversary's name, its techniques.
fn adversary_gaps(model: &crate::threat::ThreatModel) -> Vec<ReadinessItem> {
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
fn gating_gaps(gating: &[super::GatingCriterion]) -> Vec<ReadinessItem> {
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
fn outside_dates(
    op: &crate::operation::Operation,
    engagement: &[&event::Event],
    title_of: &dyn Fn(&event::Event) -> String,
) -> Vec<ReadinessItem> {
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
