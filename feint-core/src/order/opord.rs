//! The parts of an operation order (FM 6-0's five paragraphs) beyond criteria, rules, roles and
//! hosts: the front matter, the friendly situation, commander's intent and a phased concept,
//! risks, information requirements, the signal plan (PACE, code words, reporting) and the
//! signature block. Migration 0006; the struct, its rules and its SQL live here together.

use rusqlite::types::ToSql;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{FeintError, Result};
use crate::rules::{check_count, in_entry};
use crate::rules::{check_short, MAX_COPIES, MAX_ORDER_ITEMS, MAX_TEXT};
use crate::store::sql_text_enum;
use crate::storyboard::time::MAX_DAY;

/// How likely a risk is, or how much it would hurt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Low,
    Medium,
    High,
}

sql_text_enum!(RiskLevel { Low => "low", Medium => "medium", High => "high" });

impl RiskLevel {
    pub fn label(self) -> &'static str {
        match self {
            RiskLevel::Low => "Low",
            RiskLevel::Medium => "Medium",
            RiskLevel::High => "High",
        }
    }
}

/// One line of a plain list (a reference, an information requirement).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListItem {
    pub id: String,
    pub text: String,
}

/// Which plain list an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OpordList {
    References,
    InformationRequirements,
}

impl OpordList {
    fn key(self) -> &'static str {
        match self {
            OpordList::References => "reference",
            OpordList::InformationRequirements => "information_requirement",
        }
    }
    fn what(self) -> &'static str {
        match self {
            OpordList::References => "reference",
            OpordList::InformationRequirements => "information requirement",
        }
    }
    fn plural(self) -> &'static str {
        match self {
            OpordList::References => "references",
            OpordList::InformationRequirements => "information requirements",
        }
    }
}

/// A phase of the concept of operations, D+start to D+end inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Phase {
    pub id: String,
    pub name: String,
    pub start_day: i32,
    pub end_day: i32,
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Risk {
    pub id: String,
    pub risk: String,
    pub likelihood: RiskLevel,
    pub impact: RiskLevel,
    pub mitigation: String,
    /// Who watches the risk and acts on it.
    pub owner: String,
}

/// The order's front matter, situation, intent, signal plan and signature, with its lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct Opord {
    pub order_number: String,
    /// "Copy 3 of 12"; 0 while not numbered.
    pub copy_number: i32,
    pub copies: i32,
    pub issuing_org: String,
    pub place_of_issue: String,
    /// When the order is issued, local time in the operation's zone ("YYYY-MM-DDTHH:MM"), or
    /// "" while not issued; the date-time group is derived from it.
    pub issued_at: String,
    pub commander_name: String,
    pub commander_role: String,
    /// Our own organisation and defences taking part.
    pub friendly_forces: String,
    /// The terrain: networks, business context, what else happens there.
    pub environment: String,
    pub assumptions: String,
    pub intent: String,
    pub pace_primary: String,
    pub pace_alternate: String,
    pub pace_contingency: String,
    pub pace_emergency: String,
    pub code_pause: String,
    pub code_stop: String,
    pub code_resume: String,
    pub reporting_schedule: String,
    pub references: Vec<ListItem>,
    pub information_requirements: Vec<ListItem>,
    pub phases: Vec<Phase>,
    pub risks: Vec<Risk>,
}

/// A text field of [`Opord`] set by [`OrderEdit::SetOpordText`](super::OrderEdit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OpordField {
    OrderNumber,
    IssuingOrg,
    PlaceOfIssue,
    IssuedAt,
    CommanderName,
    CommanderRole,
    FriendlyForces,
    Environment,
    Assumptions,
    Intent,
    PacePrimary,
    PaceAlternate,
    PaceContingency,
    PaceEmergency,
    CodePause,
    CodeStop,
    CodeResume,
    ReportingSchedule,
}

impl OpordField {
    const ALL: [OpordField; 18] = [
        OpordField::OrderNumber,
        OpordField::IssuingOrg,
        OpordField::PlaceOfIssue,
        OpordField::IssuedAt,
        OpordField::CommanderName,
        OpordField::CommanderRole,
        OpordField::FriendlyForces,
        OpordField::Environment,
        OpordField::Assumptions,
        OpordField::Intent,
        OpordField::PacePrimary,
        OpordField::PaceAlternate,
        OpordField::PaceContingency,
        OpordField::PaceEmergency,
        OpordField::CodePause,
        OpordField::CodeStop,
        OpordField::CodeResume,
        OpordField::ReportingSchedule,
    ];

    fn column(self) -> &'static str {
        match self {
            OpordField::OrderNumber => "order_number",
            OpordField::IssuingOrg => "issuing_org",
            OpordField::PlaceOfIssue => "place_of_issue",
            OpordField::IssuedAt => "issued_at",
            OpordField::CommanderName => "commander_name",
            OpordField::CommanderRole => "commander_role",
            OpordField::FriendlyForces => "friendly_forces",
            OpordField::Environment => "environment",
            OpordField::Assumptions => "assumptions",
            OpordField::Intent => "intent",
            OpordField::PacePrimary => "pace_primary",
            OpordField::PaceAlternate => "pace_alternate",
            OpordField::PaceContingency => "pace_contingency",
            OpordField::PaceEmergency => "pace_emergency",
            OpordField::CodePause => "code_pause",
            OpordField::CodeStop => "code_stop",
            OpordField::CodeResume => "code_resume",
            OpordField::ReportingSchedule => "reporting_schedule",
        }
    }

    /// How the field is named in a refusal.
    fn label(self) -> &'static str {
        match self {
            OpordField::OrderNumber => "order number",
            OpordField::IssuingOrg => "issuing organisation",
            OpordField::PlaceOfIssue => "place of issue",
            OpordField::IssuedAt => "time of issue",
            OpordField::CommanderName => "commander's name",
            OpordField::CommanderRole => "commander's role",
            OpordField::FriendlyForces => "friendly forces",
            OpordField::Environment => "environment",
            OpordField::Assumptions => "assumptions",
            OpordField::Intent => "commander's intent",
            OpordField::PacePrimary => "primary means of communication",
            OpordField::PaceAlternate => "alternate means of communication",
            OpordField::PaceContingency => "contingency means of communication",
            OpordField::PaceEmergency => "emergency means of communication",
            OpordField::CodePause => "pause code word",
            OpordField::CodeStop => "stop code word",
            OpordField::CodeResume => "resume code word",
            OpordField::ReportingSchedule => "reporting schedule",
        }
    }

    /// One-line fields: names, numbers and code words.
    fn short(self) -> bool {
        matches!(
            self,
            OpordField::OrderNumber
                | OpordField::IssuingOrg
                | OpordField::PlaceOfIssue
                | OpordField::IssuedAt
                | OpordField::CommanderName
                | OpordField::CommanderRole
                | OpordField::CodePause
                | OpordField::CodeStop
                | OpordField::CodeResume
        )
    }

    pub(super) fn check(self, value: &str) -> Result<()> {
        if self == OpordField::IssuedAt {
            return check_issued_at(value);
        }
        if self.short() {
            check_short(self.label(), value)?;
            if value.contains(['\n', '\r']) {
                return Err(FeintError::invalid(format!(
                    "the {} must be one line",
                    self.label()
                )));
            }
            Ok(())
        } else {
            crate::rules::check_text(self.label(), value, MAX_TEXT)
        }
    }
}

fn check_issued_at(value: &str) -> Result<()> {
    if value.is_empty() {
        return Ok(());
    }
    crate::rules::check_local_time("time of issue", value)
}

impl Opord {
    pub(super) fn slot(&mut self, field: OpordField) -> &mut String {
        match field {
            OpordField::OrderNumber => &mut self.order_number,
            OpordField::IssuingOrg => &mut self.issuing_org,
            OpordField::PlaceOfIssue => &mut self.place_of_issue,
            OpordField::IssuedAt => &mut self.issued_at,
            OpordField::CommanderName => &mut self.commander_name,
            OpordField::CommanderRole => &mut self.commander_role,
            OpordField::FriendlyForces => &mut self.friendly_forces,
            OpordField::Environment => &mut self.environment,
            OpordField::Assumptions => &mut self.assumptions,
            OpordField::Intent => &mut self.intent,
            OpordField::PacePrimary => &mut self.pace_primary,
            OpordField::PaceAlternate => &mut self.pace_alternate,
            OpordField::PaceContingency => &mut self.pace_contingency,
            OpordField::PaceEmergency => &mut self.pace_emergency,
            OpordField::CodePause => &mut self.code_pause,
            OpordField::CodeStop => &mut self.code_stop,
            OpordField::CodeResume => &mut self.code_resume,
            OpordField::ReportingSchedule => &mut self.reporting_schedule,
        }
    }

    fn check_head(&mut self) -> Result<()> {
        check_copies(self.copy_number, self.copies)?;
        for field in OpordField::ALL {
            field.check(self.slot(field))?;
        }
        Ok(())
    }

    /// The phase a day falls in (the first that holds it).
    pub fn phase_of(&self, day: i32) -> Option<&Phase> {
        self.phases
            .iter()
            .find(|p| (p.start_day..=p.end_day).contains(&day))
    }
}

pub(super) fn check_copies(copy_number: i32, copies: i32) -> Result<()> {
    if !(0..=MAX_COPIES).contains(&copies) || !(0..=MAX_COPIES).contains(&copy_number) {
        return Err(FeintError::invalid(format!(
            "copy numbers run from 0 (not numbered) to {MAX_COPIES}"
        )));
    }
    if copies > 0 && copy_number > copies {
        return Err(FeintError::invalid(format!(
            "copy {copy_number} of {copies} does not exist"
        )));
    }
    Ok(())
}

impl ListItem {
    fn validate(&self, list: OpordList) -> Result<()> {
        check_short(list.what(), &self.text)
    }
}

impl Phase {
    pub(super) fn validate(&self) -> Result<()> {
        check_short("phase name", &self.name)?;
        crate::rules::check_text("phase purpose", &self.purpose, MAX_TEXT)?;
        for day in [self.start_day, self.end_day] {
            if !(-MAX_DAY..=MAX_DAY).contains(&day) {
                return Err(FeintError::invalid(format!(
                    "phase \"{}\" has a day outside D-{MAX_DAY} to D+{MAX_DAY}",
                    self.name
                )));
            }
        }
        if self.end_day < self.start_day {
            return Err(FeintError::invalid(format!(
                "phase \"{}\" ends ({}) before it starts ({})",
                self.name,
                super::day_label(self.end_day),
                super::day_label(self.start_day)
            )));
        }
        Ok(())
    }
}

impl Risk {
    pub(super) fn validate(&self) -> Result<()> {
        crate::rules::check_text("risk", &self.risk, MAX_TEXT)?;
        crate::rules::check_text("risk mitigation", &self.mitigation, MAX_TEXT)?;
        check_short("risk owner", &self.owner)
    }
}

// ---------------------------------------------------------------------------------------------
// Storage

pub(super) fn load(conn: &Connection) -> Result<Opord> {
    let columns: Vec<&str> = OpordField::ALL.iter().map(|f| f.column()).collect();
    let sql = format!(
        "SELECT copy_number, copies, {} FROM opord WHERE id = 1",
        columns.join(", ")
    );
    let mut opord = conn
        .query_row(&sql, [], |r| {
            let mut o = Opord {
                copy_number: r.get(0)?,
                copies: r.get(1)?,
                ..Opord::default()
            };
            for (i, field) in OpordField::ALL.into_iter().enumerate() {
                *o.slot(field) = r.get(i + 2)?;
            }
            Ok(o)
        })
        .optional()?
        .unwrap_or_default();
    for list in [OpordList::References, OpordList::InformationRequirements] {
        let items = conn
            .prepare_cached("SELECT id, text FROM opord_item WHERE list = ?1 ORDER BY position")?
            .query_map([list.key()], |r| {
                Ok(ListItem {
                    id: r.get(0)?,
                    text: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        *opord.list_mut(list) = items;
    }
    opord.phases = conn
        .prepare("SELECT id, name, start_day, end_day, purpose FROM opord_phase ORDER BY position")?
        .query_map([], |r| {
            Ok(Phase {
                id: r.get(0)?,
                name: r.get(1)?,
                start_day: r.get(2)?,
                end_day: r.get(3)?,
                purpose: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    opord.risks = conn
        .prepare(
            "SELECT id, risk, likelihood, impact, mitigation, owner FROM opord_risk
             ORDER BY position",
        )?
        .query_map([], |r| {
            Ok(Risk {
                id: r.get(0)?,
                risk: r.get(1)?,
                likelihood: r.get(2)?,
                impact: r.get(3)?,
                mitigation: r.get(4)?,
                owner: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(opord)
}

impl Opord {
    pub(super) fn list_mut(&mut self, list: OpordList) -> &mut Vec<ListItem> {
        match list {
            OpordList::References => &mut self.references,
            OpordList::InformationRequirements => &mut self.information_requirements,
        }
    }

    /// Whether the single row holds anything (an empty one is not written on import).
    fn head_is_empty(&self) -> bool {
        let mut head = self.clone();
        head.references.clear();
        head.information_requirements.clear();
        head.phases.clear();
        head.risks.clear();
        head == Opord::default()
    }
}

/// Writes the single row: the front matter and every text.
pub(super) fn save_head(conn: &Connection, opord: &mut Opord) -> Result<()> {
    opord.check_head()?;
    let columns: Vec<&str> = OpordField::ALL.iter().map(|f| f.column()).collect();
    let marks: Vec<String> = (0..columns.len()).map(|i| format!("?{}", i + 3)).collect();
    let updates: Vec<String> = columns
        .iter()
        .zip(&marks)
        .map(|(c, m)| format!("{c} = {m}"))
        .collect();
    let sql = format!(
        "INSERT INTO opord (id, copy_number, copies, {}) VALUES (1, ?1, ?2, {})
         ON CONFLICT (id) DO UPDATE SET copy_number = ?1, copies = ?2, {}",
        columns.join(", "),
        marks.join(", "),
        updates.join(", ")
    );
    let mut values: Vec<Box<dyn ToSql>> = vec![Box::new(opord.copy_number), Box::new(opord.copies)];
    for field in OpordField::ALL {
        values.push(Box::new(opord.slot(field).clone()));
    }
    conn.execute(
        &sql,
        rusqlite::params_from_iter(values.iter().map(|v| v.as_ref())),
    )?;
    Ok(())
}

pub(super) fn save_item(
    conn: &Connection,
    list: OpordList,
    item: &ListItem,
    position: Option<i64>,
) -> Result<()> {
    item.validate(list)?;
    match position {
        Some(pos) => conn.execute(
            "INSERT INTO opord_item (id, list, text, position) VALUES (?1, ?2, ?3, ?4)",
            params![item.id, list.key(), item.text, pos],
        )?,
        None => conn.execute(
            "UPDATE opord_item SET text = ?2 WHERE id = ?1",
            params![item.id, item.text],
        )?,
    };
    Ok(())
}

/// The list an item is on, or None for an unknown ID.
pub(super) fn item_list(conn: &Connection, id: &str) -> Result<Option<OpordList>> {
    let list: Option<String> = conn
        .query_row("SELECT list FROM opord_item WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(list.map(|l| {
        if l == OpordList::References.key() {
            OpordList::References
        } else {
            OpordList::InformationRequirements
        }
    }))
}

pub(super) fn save_phase(conn: &Connection, p: &Phase, position: Option<i64>) -> Result<()> {
    p.validate()?;
    match position {
        Some(pos) => conn.execute(
            "INSERT INTO opord_phase (id, name, start_day, end_day, purpose, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![p.id, p.name, p.start_day, p.end_day, p.purpose, pos],
        )?,
        None => conn.execute(
            "UPDATE opord_phase SET name = ?2, start_day = ?3, end_day = ?4, purpose = ?5
             WHERE id = ?1",
            params![p.id, p.name, p.start_day, p.end_day, p.purpose],
        )?,
    };
    Ok(())
}

pub(super) fn save_risk(conn: &Connection, r: &Risk, position: Option<i64>) -> Result<()> {
    r.validate()?;
    match position {
        Some(pos) => conn.execute(
            "INSERT INTO opord_risk (id, risk, likelihood, impact, mitigation, owner, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                r.id,
                r.risk,
                r.likelihood,
                r.impact,
                r.mitigation,
                r.owner,
                pos
            ],
        )?,
        None => conn.execute(
            "UPDATE opord_risk SET risk = ?2, likelihood = ?3, impact = ?4, mitigation = ?5,
                    owner = ?6 WHERE id = ?1",
            params![r.id, r.risk, r.likelihood, r.impact, r.mitigation, r.owner],
        )?,
    };
    Ok(())
}

/// Writes an imported order's OPORD parts; `unique` refuses an ID used twice in the order.
pub(super) fn insert(
    conn: &Connection,
    opord: &Opord,
    unique: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut head = opord.clone();
    head.check_head()?;
    if !opord.head_is_empty() {
        save_head(conn, &mut head)?;
    }
    for (list, items) in [
        (OpordList::References, &opord.references),
        (
            OpordList::InformationRequirements,
            &opord.information_requirements,
        ),
    ] {
        check_count(list.plural(), items.len(), MAX_ORDER_ITEMS)?;
        for (i, item) in items.iter().enumerate() {
            unique(&item.id)?;
            save_item(conn, list, item, Some(i as i64))
                .map_err(|e| in_entry(list.what(), i, &item.id, e))?;
        }
    }
    check_count("phases", opord.phases.len(), MAX_ORDER_ITEMS)?;
    check_count("risks", opord.risks.len(), MAX_ORDER_ITEMS)?;
    for (i, p) in opord.phases.iter().enumerate() {
        unique(&p.id)?;
        save_phase(conn, p, Some(i as i64)).map_err(|e| in_entry("phase", i, &p.id, e))?;
    }
    for (i, r) in opord.risks.iter().enumerate() {
        unique(&r.id)?;
        save_risk(conn, r, Some(i as i64)).map_err(|e| in_entry("risk", i, &r.id, e))?;
    }
    Ok(())
}
