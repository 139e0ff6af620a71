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
    pub passed: bool,
    /// The items that fail it (empty when passed).
    pub items: Vec<ReadinessItem>,
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
        items,
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
    let op = crate::operation::load(conn)?;
    let order = super::load(conn)?;
    let events = event::load_all(conn)?;
    let title_of = |e: &event::Event| format!("“{}” ({})", e.title, super::day_label(e.day));
    let mut out = Vec::new();

    let gating = if order.gating.is_empty() {
        vec![item(
            "No gating criteria: add the conditions that pause, stop or escalate the operation"
                .into(),
            order_section("gating"),
        )]
    } else {
        Vec::new()
    };
    out.push(check(
        CheckId::GatingCriteria,
        Severity::Blocker,
        "Gating criteria are set",
        gating,
    ));

    let unmarked = events
        .iter()
        .filter(|e| e.visibility.is_none())
        .map(|e| {
            item(
                format!("{} is neither revealed nor concealed", title_of(e)),
                Target::Event { id: e.id.clone() },
            )
        })
        .collect();
    out.push(check(
        CheckId::UnmarkedEvents,
        Severity::Blocker,
        "Every event is marked revealed or concealed",
        unmarked,
    ));

    let watching = events.iter().any(|e| {
        catalog.activity(&e.activity_id).is_some_and(|a| {
            a.approach_ids
                .iter()
                .any(|ap| WATCH_APPROACHES.contains(&ap.as_str()))
        })
    });
    let expose = if op.goals.iter().any(|g| g == EXPOSE) && !watching {
        vec![item(
            "The operation aims to expose, but no event collects or monitors (Collect or Detect \
             activities)"
                .into(),
            Target::Operation,
        )]
    } else {
        Vec::new()
    };
    out.push(check(
        CheckId::ExposeWithoutCollection,
        Severity::Blocker,
        "An Expose goal has collection or monitoring",
        expose,
    ));

    let conflicts = crate::persona::warnings(conn)?
        .into_iter()
        .filter(|w| {
            matches!(
                w.code,
                WarningCode::OutOfHours | WarningCode::BeforeStart | WarningCode::SharedUsername
            )
        })
        .map(|w| {
            item(
                w.message,
                Target::Persona {
                    id: w.persona_id.clone(),
                },
            )
        })
        .collect();
    out.push(check(
        CheckId::PersonaConflicts,
        Severity::Warning,
        "Personas are consistent with the storyboard",
        conflicts,
    ));

    out.push(check(
        CheckId::EventsOutsideDates,
        Severity::Warning,
        "Engagement events fall within the operation's dates",
        outside_dates(&op, &events, catalog, &title_of),
    ));

    let roles = order
        .roles
        .iter()
        .filter(|r| r.needed && r.contact.trim().is_empty())
        .map(|r| {
            item(
                format!("{} has no point of contact", r.role.label()),
                order_section("roles"),
            )
        })
        .collect();
    out.push(check(
        CheckId::RolesWithoutContact,
        Severity::Warning,
        "Every role has a point of contact",
        roles,
    ));

    let coverage = crate::threat::coverage(conn, catalog)?;
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
    out.push(check(
        CheckId::UnengagedTechniques,
        Severity::Warning,
        "Every adversary technique is engaged by an event",
        unengaged,
    ));
    Ok(out)
}

/// Engagement events (EAC…) must run between the start date and the end of the end date;
/// strategic activities (planning before, analysis after) may fall outside.
fn outside_dates(
    op: &crate::operation::Operation,
    events: &[event::Event],
    catalog: &Catalog,
    title_of: &dyn Fn(&event::Event) -> String,
) -> Vec<ReadinessItem> {
    let parse = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    let engagement: Vec<&event::Event> = events
        .iter()
        .filter(|e| {
            catalog
                .activity(&e.activity_id)
                .is_none_or(|a| a.kind == Kind::Engagement)
        })
        .collect();
    let (Some(start), Some(end)) = (parse(&op.start_date), parse(&op.end_date)) else {
        if engagement.is_empty() {
            return Vec::new();
        }
        return vec![item(
            "The operation has no start or end date, so its events cannot be checked against them"
                .into(),
            Target::Operation,
        )];
    };
    let last_minute = ((end - start).num_days() + 1) * 1440;
    let mut out = Vec::new();
    for e in engagement {
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

/// How many checks fail, by severity: (blockers, warnings).
pub fn open_counts(checks: &[ReadinessCheck]) -> (usize, usize) {
    let open = |severity| {
        checks
            .iter()
            .filter(|c| !c.passed && c.severity == severity)
            .count()
    };
    (open(Severity::Blocker), open(Severity::Warning))
}
