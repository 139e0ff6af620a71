//! Consistency warnings: where the personas and the storyboard disagree. Computed here, shown
//! wherever the planner works (the persona page, the event inspector).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

use super::{event_personas, is_working_hour, list, Persona};
use crate::error::Result;
use crate::storyboard::{event, time, Event};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// An event of the persona falls (partly) outside its working hours, in its own time zone.
    OutOfHours,
    /// An event of the persona starts before the persona's start date.
    BeforeStart,
    /// Another persona has an account with the same username (case-insensitive).
    SharedUsername,
    /// The persona takes part in no event.
    NoEvents,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonaWarning {
    pub code: WarningCode,
    pub persona_id: String,
    /// The event concerned, for the rules about events.
    pub event_id: Option<String>,
    pub message: String,
}

/// Every warning, ordered by persona, code, then event. The rules about time need the
/// operation's start date; without one only the username and no-event rules apply.
pub fn warnings(conn: &Connection) -> Result<Vec<PersonaWarning>> {
    let personas = list(conn)?;
    let links = event_personas(conn)?;
    let op = crate::operation::load(conn)?;
    let start: Option<NaiveDate> = op
        .start_date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let op_tz: Tz = op.timezone.parse().unwrap_or(Tz::UTC);
    let events: BTreeMap<String, Event> = if links.is_empty() {
        BTreeMap::new()
    } else {
        event::load_all(conn)?
            .into_iter()
            .map(|e| (e.id.clone(), e))
            .collect()
    };
    let mut by_persona: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
    for (event_id, persona_ids) in &links {
        if let Some(e) = events.get(event_id) {
            for p in persona_ids {
                by_persona.entry(p.as_str()).or_default().push(e);
            }
        }
    }

    let mut out = Vec::new();
    for persona in &personas {
        let id = persona.id();
        let mine = by_persona.get(id).cloned().unwrap_or_default();
        if mine.is_empty() {
            out.push(PersonaWarning {
                code: WarningCode::NoEvents,
                persona_id: id.to_string(),
                event_id: None,
                message: format!("{} takes part in no event", persona.profile.name),
            });
        }
        let Some(start) = start else { continue };
        let tz: Tz = persona.profile.timezone.parse().unwrap_or(Tz::UTC);
        let persona_start = persona
            .profile
            .start_date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        for e in mine {
            let (begin, end) = time::span_at(start, op_tz, e.day, e.minute, e.duration_min);
            if let Some(first_day) = persona_start {
                let local_day = begin.with_timezone(&tz).date_naive();
                if local_day < first_day {
                    out.push(PersonaWarning {
                        code: WarningCode::BeforeStart,
                        persona_id: id.to_string(),
                        event_id: Some(e.id.clone()),
                        message: format!(
                            "\"{}\" is on {local_day}, before {} started ({first_day})",
                            e.title, persona.profile.name
                        ),
                    });
                }
            }
            if let Some(hour) = first_hour_off(persona, tz, begin, end) {
                out.push(PersonaWarning {
                    code: WarningCode::OutOfHours,
                    persona_id: id.to_string(),
                    event_id: Some(e.id.clone()),
                    message: format!(
                        "\"{}\" runs outside {}'s working hours ({hour}, {})",
                        e.title, persona.profile.name, persona.profile.timezone
                    ),
                });
            }
        }
    }
    out.extend(shared_usernames(&personas));
    out.sort_by(|a, b| {
        (&a.persona_id, a.code, &a.event_id, &a.message).cmp(&(
            &b.persona_id,
            b.code,
            &b.event_id,
            &b.message,
        ))
    });
    Ok(out)
}

/// The first local hour (as "Sun 03:00") the span overlaps that is not a working hour, if any.
/// Hours are read on the persona's wall clock, so a clock change moves them with the zone.
pub fn first_hour_off(
    persona: &Persona,
    tz: Tz,
    begin: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Option<String> {
    let mut t = begin;
    // An event lasts at most 60 days: 1,440 hours, a bound on the walk.
    while t < end {
        let local = t.with_timezone(&tz);
        let weekday = local.weekday().num_days_from_monday() as usize;
        if !is_working_hour(&persona.profile.schedule, weekday, local.hour() as usize) {
            return Some(format!("{} {:02}:00", local.format("%a"), local.hour()));
        }
        // On to the next hour boundary of the local clock.
        let into_hour = local.minute() as i64 * 60 + local.second() as i64;
        t += Duration::seconds(3600 - into_hour);
    }
    None
}

fn shared_usernames(personas: &[Persona]) -> Vec<PersonaWarning> {
    let mut owners: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, p) in personas.iter().enumerate() {
        for a in &p.accounts {
            let name = a.username.trim().to_lowercase();
            if !name.is_empty() {
                owners.entry(name).or_default().insert(i);
            }
        }
    }
    let mut out = Vec::new();
    for (username, holders) in owners {
        if holders.len() < 2 {
            continue;
        }
        // Naming every other holder in every holder's warning grows with the square of the
        // group; past a small group the count says the same thing in linear total size.
        const NAMED: usize = 10;
        for &i in &holders {
            let others = if holders.len() <= NAMED {
                holders
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| personas[j].profile.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                format!("{} other personas", holders.len() - 1)
            };
            out.push(PersonaWarning {
                code: WarningCode::SharedUsername,
                persona_id: personas[i].id().to_string(),
                event_id: None,
                message: format!("the username \"{username}\" is also used by {others}"),
            });
        }
    }
    out
}
