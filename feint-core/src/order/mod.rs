//! The operation order (steps 6–8 of the ten-step process): gating and success criteria, rules of
//! engagement and OPSEC, the roles roster, the engagement environment, readiness checks, and the
//! exports built from them (the PDF order and briefing, the timeline CSV).
//!
//! Every change is one [`OrderEdit`], applied in one transaction, answered with the whole
//! [`Order`]: the order is small, so the UI never has to merge partial answers.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{FeintError, Result};
use crate::rules::check_short;
use crate::store::{sql_text_enum, Store};
pub use opord::{ListItem, Opord, OpordField, OpordList, Phase, Risk, RiskLevel};

pub mod after_action;
pub mod bench_html;
mod briefing;
pub mod build;
pub mod changelog;
pub mod content;
pub mod csv;
pub mod export;
pub mod opord;
#[cfg(test)]
mod opord_tests;
pub mod pdf;
pub mod readiness;
pub mod redact;
#[cfg(test)]
mod redact_tests;
#[cfg(test)]
mod stress_tests;
#[cfg(test)]
mod tests;

use crate::rules::MAX_TEXT;
const MAX_ITEMS: usize = crate::rules::MAX_ORDER_ITEMS;

/// What a gating criterion makes the team do when its condition is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum GatingAction {
    Pause,
    Stop,
    Escalate,
}

sql_text_enum!(GatingAction {
    Pause => "pause",
    Stop => "stop",
    Escalate => "escalate",
});

impl GatingAction {
    pub fn label(self) -> &'static str {
        match self {
            GatingAction::Pause => "Pause",
            GatingAction::Stop => "Stop",
            GatingAction::Escalate => "Escalate",
        }
    }
}

/// The Engage roles of an operation, in the roster's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Stakeholder,
    TeamLead,
    OperationCoordinator,
    ReverseEngineer,
    ThreatAnalyst,
    OperationalUser,
    SystemAdministrator,
    BlueTeam,
    RedTeam,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Stakeholder,
        Role::TeamLead,
        Role::OperationCoordinator,
        Role::ReverseEngineer,
        Role::ThreatAnalyst,
        Role::OperationalUser,
        Role::SystemAdministrator,
        Role::BlueTeam,
        Role::RedTeam,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Role::Stakeholder => "Stakeholders",
            Role::TeamLead => "Team lead",
            Role::OperationCoordinator => "Operation coordinator",
            Role::ReverseEngineer => "Reverse engineer",
            Role::ThreatAnalyst => "Threat analyst",
            Role::OperationalUser => "Operational user",
            Role::SystemAdministrator => "System administrator",
            Role::BlueTeam => "Blue team",
            Role::RedTeam => "Red team",
        }
    }
}

sql_text_enum!(Role {
    Stakeholder => "stakeholder",
    TeamLead => "team_lead",
    OperationCoordinator => "operation_coordinator",
    ReverseEngineer => "reverse_engineer",
    ThreatAnalyst => "threat_analyst",
    OperationalUser => "operational_user",
    SystemAdministrator => "system_administrator",
    BlueTeam => "blue_team",
    RedTeam => "red_team",
});

/// The free-text parts of the order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OrderTexts {
    pub rules_of_engagement: String,
    pub opsec: String,
    /// Where what the adversary does is recorded.
    pub collection_system: String,
    /// Where the team studies what was collected.
    pub analysis_system: String,
    /// How alerts reach the team.
    pub alerting: String,
    /// Logistics, upkeep and teardown of the environment.
    pub sustainment: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TextField {
    RulesOfEngagement,
    Opsec,
    CollectionSystem,
    AnalysisSystem,
    Alerting,
    Sustainment,
}

impl TextField {
    fn column(self) -> &'static str {
        match self {
            TextField::RulesOfEngagement => "rules_of_engagement",
            TextField::Opsec => "opsec",
            TextField::CollectionSystem => "collection_system",
            TextField::AnalysisSystem => "analysis_system",
            TextField::Alerting => "alerting",
            TextField::Sustainment => "sustainment",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GatingCriterion {
    pub id: String,
    /// What has to happen, e.g. "the adversary reaches a host outside the environment".
    pub condition: String,
    pub action: GatingAction,
    /// Who makes the call.
    pub decided_by: String,
    /// How the team will notice.
    pub detection: String,
    /// The decision point: the day (D+N) the call is due, if it is tied to one.
    #[serde(default)]
    pub decision_day: Option<i32>,
    /// Or the phase whose end is the decision point.
    #[serde(default)]
    pub phase_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SuccessCriterion {
    pub id: String,
    /// What counts as meeting the objective.
    pub criterion: String,
    /// How it is measured.
    pub measure: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RoleContact {
    pub role: Role,
    /// A role the operation does without is not flagged by readiness.
    pub needed: bool,
    /// The point of contact; one person may hold several roles.
    pub contact: String,
    pub details: String,
    pub notes: String,
}

impl RoleContact {
    fn empty(role: Role) -> RoleContact {
        RoleContact {
            role,
            needed: true,
            contact: String::new(),
            details: String::new(),
            notes: String::new(),
        }
    }
}

/// A host of the engagement environment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Host {
    pub id: String,
    pub hostname: String,
    pub os: String,
    pub purpose: String,
    pub notes: String,
    /// Persona accounts that live on this host.
    pub account_ids: Vec<String>,
}

/// Everything the planner fills in for the order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Order {
    pub texts: OrderTexts,
    pub gating: Vec<GatingCriterion>,
    pub success: Vec<SuccessCriterion>,
    /// Always the nine Engage roles, in [`Role::ALL`] order.
    pub roles: Vec<RoleContact>,
    pub hosts: Vec<Host>,
    /// Front matter, intent, phases, risks, signal plan and signature (schema 6; absent from
    /// older exports, which read as empty).
    #[serde(default)]
    pub opord: Opord,
}

impl Default for Order {
    fn default() -> Self {
        Order {
            texts: OrderTexts::default(),
            gating: Vec::new(),
            success: Vec::new(),
            roles: Role::ALL.into_iter().map(RoleContact::empty).collect(),
            hosts: Vec::new(),
            opord: Opord::default(),
        }
    }
}

/// One change to the order. Fields left out of an update stay as they are.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(optional_fields)]
pub enum OrderEdit {
    SetText {
        field: TextField,
        value: String,
    },
    AddGating {
        action: Option<GatingAction>,
        condition: Option<String>,
    },
    UpdateGating {
        id: String,
        condition: Option<String>,
        action: Option<GatingAction>,
        decided_by: Option<String>,
        detection: Option<String>,
        /// An explicit null clears it.
        #[serde(
            default,
            with = "crate::storyboard::clearable",
            skip_serializing_if = "Option::is_none"
        )]
        #[ts(as = "Option<Option<i32>>")]
        decision_day: Option<Option<i32>>,
        #[serde(
            default,
            with = "crate::storyboard::clearable",
            skip_serializing_if = "Option::is_none"
        )]
        #[ts(as = "Option<Option<String>>")]
        phase_id: Option<Option<String>>,
    },
    DeleteGating {
        id: String,
    },
    AddSuccess {
        criterion: Option<String>,
    },
    UpdateSuccess {
        id: String,
        criterion: Option<String>,
        measure: Option<String>,
    },
    DeleteSuccess {
        id: String,
    },
    SetRole {
        role: Role,
        needed: Option<bool>,
        contact: Option<String>,
        details: Option<String>,
        notes: Option<String>,
    },
    AddHost {
        hostname: Option<String>,
    },
    UpdateHost {
        id: String,
        hostname: Option<String>,
        os: Option<String>,
        purpose: Option<String>,
        notes: Option<String>,
        account_ids: Option<Vec<String>>,
    },
    DeleteHost {
        id: String,
    },
    SetOpordText {
        field: OpordField,
        value: String,
    },
    /// "Copy `copy_number` of `copies`"; 0 leaves the order unnumbered.
    SetCopies {
        copy_number: i32,
        copies: i32,
    },
    AddListItem {
        list: OpordList,
        text: Option<String>,
    },
    UpdateListItem {
        id: String,
        text: String,
    },
    DeleteListItem {
        id: String,
    },
    AddPhase {
        name: Option<String>,
        start_day: Option<i32>,
        end_day: Option<i32>,
    },
    UpdatePhase {
        id: String,
        name: Option<String>,
        start_day: Option<i32>,
        end_day: Option<i32>,
        purpose: Option<String>,
    },
    DeletePhase {
        id: String,
    },
    AddRisk {
        risk: Option<String>,
    },
    UpdateRisk {
        id: String,
        risk: Option<String>,
        likelihood: Option<RiskLevel>,
        impact: Option<RiskLevel>,
        mitigation: Option<String>,
        owner: Option<String>,
    },
    DeleteRisk {
        id: String,
    },
}

impl GatingCriterion {
    fn validate(&self) -> Result<()> {
        check_text("gating condition", &self.condition)?;
        check_short("gating decision maker", &self.decided_by)?;
        check_text("gating detection", &self.detection)?;
        let max = crate::storyboard::time::MAX_DAY;
        if let Some(day) = self.decision_day {
            if !(-max..=max).contains(&day) {
                return Err(FeintError::invalid(format!(
                    "the gating criterion's decision day is outside D-{max} to D+{max}"
                )));
            }
        }
        Ok(())
    }
}

impl SuccessCriterion {
    fn validate(&self) -> Result<()> {
        check_text("success criterion", &self.criterion)?;
        check_text("success measure", &self.measure)
    }
}

impl RoleContact {
    fn validate(&self) -> Result<()> {
        check_short("point of contact", &self.contact)?;
        check_text("contact details", &self.details)?;
        check_text("role notes", &self.notes)
    }
}

impl Host {
    fn validate(&self) -> Result<()> {
        check_short("host name", &self.hostname)?;
        check_short("operating system", &self.os)?;
        check_text("host purpose", &self.purpose)?;
        check_text("host notes", &self.notes)
    }
}

impl OrderTexts {
    fn validate(&self) -> Result<()> {
        check_text("rules of engagement", &self.rules_of_engagement)?;
        check_text("OPSEC rules", &self.opsec)?;
        check_text("collection system", &self.collection_system)?;
        check_text("analysis system", &self.analysis_system)?;
        check_text("alerting", &self.alerting)?;
        check_text("sustainment", &self.sustainment)
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------------------------------------
// Storage

pub fn load(conn: &Connection) -> Result<Order> {
    let texts = conn
        .query_row(
            "SELECT rules_of_engagement, opsec, collection_system, analysis_system, alerting,
                    sustainment FROM order_text WHERE id = 1",
            [],
            |r| {
                Ok(OrderTexts {
                    rules_of_engagement: r.get(0)?,
                    opsec: r.get(1)?,
                    collection_system: r.get(2)?,
                    analysis_system: r.get(3)?,
                    alerting: r.get(4)?,
                    sustainment: r.get(5)?,
                })
            },
        )
        .optional()?
        .unwrap_or_default();
    let gating = conn
        .prepare(
            "SELECT id, condition, action, decided_by, detection, decision_day, phase_id
             FROM gating_criterion ORDER BY position",
        )?
        .query_map([], |r| {
            Ok(GatingCriterion {
                id: r.get(0)?,
                condition: r.get(1)?,
                action: r.get(2)?,
                decided_by: r.get(3)?,
                detection: r.get(4)?,
                decision_day: r.get(5)?,
                phase_id: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let success = conn
        .prepare("SELECT id, criterion, measure FROM success_criterion ORDER BY position")?
        .query_map([], |r| {
            Ok(SuccessCriterion {
                id: r.get(0)?,
                criterion: r.get(1)?,
                measure: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut roles: Vec<RoleContact> = Role::ALL.into_iter().map(RoleContact::empty).collect();
    let stored = conn
        .prepare("SELECT role, needed, contact, details, notes FROM role_contact")?
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, bool>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (role, needed, contact, details, notes) in stored {
        if let Some(slot) = Role::parse(&role).and_then(|r| roles.iter_mut().find(|x| x.role == r))
        {
            slot.needed = needed;
            slot.contact = contact;
            slot.details = details;
            slot.notes = notes;
        }
    }
    let mut hosts = conn
        .prepare("SELECT id, hostname, os, purpose, notes FROM env_host ORDER BY position")?
        .query_map([], |r| {
            Ok(Host {
                id: r.get(0)?,
                hostname: r.get(1)?,
                os: r.get(2)?,
                purpose: r.get(3)?,
                notes: r.get(4)?,
                account_ids: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // Accounts in the personas' order (by persona name, then the persona's own order).
    let links = conn
        .prepare(
            "SELECT l.host_id, l.account_id FROM env_host_account l
             JOIN persona_account a ON a.id = l.account_id
             JOIN persona p ON p.id = a.persona_id
             ORDER BY p.name, p.id, a.position",
        )?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (host_id, account_id) in links {
        if let Some(host) = hosts.iter_mut().find(|h| h.id == host_id) {
            host.account_ids.push(account_id);
        }
    }
    Ok(Order {
        texts,
        gating,
        success,
        roles,
        hosts,
        opord: opord::load(conn)?,
    })
}

fn save_texts(conn: &Connection, t: &OrderTexts) -> Result<()> {
    conn.execute(
        "INSERT INTO order_text (id, rules_of_engagement, opsec, collection_system,
                analysis_system, alerting, sustainment)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (id) DO UPDATE SET rules_of_engagement = ?1, opsec = ?2,
                collection_system = ?3, analysis_system = ?4, alerting = ?5, sustainment = ?6",
        params![
            t.rules_of_engagement,
            t.opsec,
            t.collection_system,
            t.analysis_system,
            t.alerting,
            t.sustainment
        ],
    )?;
    Ok(())
}

fn next_position(conn: &Connection, table: &str) -> Result<i64> {
    let sql = format!("SELECT COALESCE(MAX(position) + 1, 0) FROM {table}");
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

fn count(conn: &Connection, table: &str) -> Result<usize> {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    Ok(conn.query_row(&sql, [], |r| r.get::<_, i64>(0))? as usize)
}

fn room_for(conn: &Connection, table: &str, what: &str) -> Result<()> {
    if count(conn, table)? >= MAX_ITEMS {
        return Err(FeintError::invalid(format!(
            "an order holds at most {MAX_ITEMS} {what}"
        )));
    }
    Ok(())
}

fn save_gating(conn: &Connection, g: &GatingCriterion, position: Option<i64>) -> Result<()> {
    g.validate()?;
    if let Some(phase) = &g.phase_id {
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM opord_phase WHERE id = ?1)",
            [phase],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(FeintError::not_found(format!(
                "a gating criterion names a phase the order does not have ({phase})"
            )));
        }
    }
    match position {
        Some(pos) => conn.execute(
            "INSERT INTO gating_criterion (id, condition, action, decided_by, detection,
                    decision_day, phase_id, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                g.id,
                g.condition,
                g.action,
                g.decided_by,
                g.detection,
                g.decision_day,
                g.phase_id,
                pos
            ],
        )?,
        None => conn.execute(
            "UPDATE gating_criterion SET condition = ?2, action = ?3, decided_by = ?4,
                    detection = ?5, decision_day = ?6, phase_id = ?7 WHERE id = ?1",
            params![
                g.id,
                g.condition,
                g.action,
                g.decided_by,
                g.detection,
                g.decision_day,
                g.phase_id
            ],
        )?,
    };
    Ok(())
}

fn save_success(conn: &Connection, s: &SuccessCriterion, position: Option<i64>) -> Result<()> {
    s.validate()?;
    match position {
        Some(pos) => conn.execute(
            "INSERT INTO success_criterion (id, criterion, measure, position)
             VALUES (?1, ?2, ?3, ?4)",
            params![s.id, s.criterion, s.measure, pos],
        )?,
        None => conn.execute(
            "UPDATE success_criterion SET criterion = ?2, measure = ?3 WHERE id = ?1",
            params![s.id, s.criterion, s.measure],
        )?,
    };
    Ok(())
}

fn save_role(conn: &Connection, r: &RoleContact) -> Result<()> {
    r.validate()?;
    conn.execute(
        "INSERT INTO role_contact (role, needed, contact, details, notes)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (role) DO UPDATE SET needed = ?2, contact = ?3, details = ?4, notes = ?5",
        params![r.role.as_str(), r.needed, r.contact, r.details, r.notes],
    )?;
    Ok(())
}

fn save_host(conn: &Connection, h: &Host, position: Option<i64>) -> Result<()> {
    h.validate()?;
    match position {
        Some(pos) => conn.execute(
            "INSERT INTO env_host (id, hostname, os, purpose, notes, position)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![h.id, h.hostname, h.os, h.purpose, h.notes, pos],
        )?,
        None => conn.execute(
            "UPDATE env_host SET hostname = ?2, os = ?3, purpose = ?4, notes = ?5 WHERE id = ?1",
            params![h.id, h.hostname, h.os, h.purpose, h.notes],
        )?,
    };
    conn.execute("DELETE FROM env_host_account WHERE host_id = ?1", [&h.id])?;
    let mut seen = BTreeSet::new();
    for account in &h.account_ids {
        if !seen.insert(account.as_str()) {
            continue;
        }
        let exists: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM persona_account WHERE id = ?1)",
            [account],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(FeintError::not_found(format!(
                "host {} names an account that no persona has ({account})",
                h.hostname
            )));
        }
        conn.execute(
            "INSERT INTO env_host_account (host_id, account_id) VALUES (?1, ?2)",
            params![h.id, account],
        )?;
    }
    Ok(())
}

fn not_found(what: &str, id: &str) -> FeintError {
    FeintError::not_found(format!("the order has no {what} {id}"))
}

fn set(slot: &mut String, value: Option<String>) {
    if let Some(v) = value {
        *slot = v;
    }
}

/// Applies one edit in one transaction and returns the order as stored.
pub fn edit(store: &mut Store, edit: OrderEdit) -> Result<Order> {
    store.with_tx(|tx| {
        apply(tx, edit)?;
        load(tx)
    })
}

// The order of an open operation file.
impl crate::document::Document {
    pub fn order(&self) -> Result<Order> {
        load(self.store.conn())
    }

    pub fn edit_order(&mut self, edit: OrderEdit) -> Result<Order> {
        self::edit(&mut self.store, edit)
    }
}

fn apply(conn: &Connection, edit: OrderEdit) -> Result<()> {
    let order = load(conn)?;
    match edit {
        OrderEdit::SetText { field, value } => set_text(conn, order.texts, field, value),
        OrderEdit::AddGating { action, condition } => add_gating(conn, action, condition),
        OrderEdit::UpdateGating {
            id,
            condition,
            action,
            decided_by,
            detection,
            decision_day,
            phase_id,
        } => {
            let mut g = found(order.gating, "gating criterion", &id, |g| &g.id)?;
            if let Some(day) = decision_day {
                g.decision_day = day;
            }
            if let Some(phase) = phase_id {
                g.phase_id = phase;
            }
            update_gating(conn, g, condition, action, decided_by, detection)
        }
        OrderEdit::DeleteGating { id } => delete(conn, "gating_criterion", "gating criterion", &id),
        OrderEdit::AddSuccess { criterion } => add_success(conn, criterion),
        OrderEdit::UpdateSuccess {
            id,
            criterion,
            measure,
        } => {
            let s = found(order.success, "success criterion", &id, |s| &s.id)?;
            update_success(conn, s, criterion, measure)
        }
        OrderEdit::DeleteSuccess { id } => {
            delete(conn, "success_criterion", "success criterion", &id)
        }
        OrderEdit::SetRole {
            role,
            needed,
            contact,
            details,
            notes,
        } => set_role(conn, order.roles, role, needed, contact, details, notes),
        OrderEdit::AddHost { hostname } => add_host(conn, hostname),
        OrderEdit::UpdateHost {
            id,
            hostname,
            os,
            purpose,
            notes,
            account_ids,
        } => {
            let h = found(order.hosts, "host", &id, |h| &h.id)?;
            update_host(conn, h, hostname, os, purpose, notes, account_ids)
        }
        OrderEdit::DeleteHost { id } => delete(conn, "env_host", "host", &id),
        edit => apply_opord(conn, order.opord, edit),
    }
}

/// The edits of the OPORD parts (front matter, lists, phases, risks).
fn apply_opord(conn: &Connection, mut o: Opord, edit: OrderEdit) -> Result<()> {
    match edit {
        OrderEdit::SetOpordText { field, value } => {
            field.check(&value)?;
            *o.slot(field) = value;
            opord::save_head(conn, &mut o)
        }
        OrderEdit::SetCopies {
            copy_number,
            copies,
        } => {
            o.copy_number = copy_number;
            o.copies = copies;
            opord::save_head(conn, &mut o)
        }
        OrderEdit::AddListItem { list, text } => {
            if o.list_mut(list).len() >= MAX_ITEMS {
                return Err(FeintError::invalid(format!(
                    "an order holds at most {MAX_ITEMS} entries in one list"
                )));
            }
            let item = ListItem {
                id: new_id(),
                text: text.unwrap_or_default(),
            };
            opord::save_item(conn, list, &item, Some(next_position(conn, "opord_item")?))
        }
        OrderEdit::UpdateListItem { id, text } => {
            let list = opord::item_list(conn, &id)?.ok_or_else(|| not_found("list entry", &id))?;
            opord::save_item(conn, list, &ListItem { id, text }, None)
        }
        OrderEdit::DeleteListItem { id } => delete(conn, "opord_item", "list entry", &id),
        OrderEdit::AddPhase {
            name,
            start_day,
            end_day,
        } => {
            room_for(conn, "opord_phase", "phases")?;
            let start = start_day.unwrap_or(0);
            let p = Phase {
                id: new_id(),
                name: name.unwrap_or_default(),
                start_day: start,
                end_day: end_day.unwrap_or(start),
                purpose: String::new(),
            };
            opord::save_phase(conn, &p, Some(next_position(conn, "opord_phase")?))
        }
        OrderEdit::UpdatePhase {
            id,
            name,
            start_day,
            end_day,
            purpose,
        } => {
            let mut p = found(o.phases, "phase", &id, |p| &p.id)?;
            set(&mut p.name, name);
            set(&mut p.purpose, purpose);
            p.start_day = start_day.unwrap_or(p.start_day);
            p.end_day = end_day.unwrap_or(p.end_day);
            opord::save_phase(conn, &p, None)
        }
        OrderEdit::DeletePhase { id } => delete(conn, "opord_phase", "phase", &id),
        OrderEdit::AddRisk { risk } => {
            room_for(conn, "opord_risk", "risks")?;
            let r = Risk {
                id: new_id(),
                risk: risk.unwrap_or_default(),
                likelihood: RiskLevel::Medium,
                impact: RiskLevel::Medium,
                mitigation: String::new(),
                owner: String::new(),
            };
            opord::save_risk(conn, &r, Some(next_position(conn, "opord_risk")?))
        }
        OrderEdit::UpdateRisk {
            id,
            risk,
            likelihood,
            impact,
            mitigation,
            owner,
        } => {
            let mut r = found(o.risks, "risk", &id, |r| &r.id)?;
            set(&mut r.risk, risk);
            set(&mut r.mitigation, mitigation);
            set(&mut r.owner, owner);
            r.likelihood = likelihood.unwrap_or(r.likelihood);
            r.impact = impact.unwrap_or(r.impact);
            opord::save_risk(conn, &r, None)
        }
        OrderEdit::DeleteRisk { id } => delete(conn, "opord_risk", "risk", &id),
        // `apply` handles every other edit before it gets here.
        _ => Err(FeintError::invalid("this order edit is not an OPORD edit")),
    }
}

/// The row of `rows` with this ID, or a plain "not found" naming `what`.
fn found<T>(rows: Vec<T>, what: &str, id: &str, id_of: impl Fn(&T) -> &String) -> Result<T> {
    rows.into_iter()
        .find(|row| id_of(row) == id)
        .ok_or_else(|| not_found(what, id))
}

fn set_text(
    conn: &Connection,
    mut texts: OrderTexts,
    field: TextField,
    value: String,
) -> Result<()> {
    let slot = match field {
        TextField::RulesOfEngagement => &mut texts.rules_of_engagement,
        TextField::Opsec => &mut texts.opsec,
        TextField::CollectionSystem => &mut texts.collection_system,
        TextField::AnalysisSystem => &mut texts.analysis_system,
        TextField::Alerting => &mut texts.alerting,
        TextField::Sustainment => &mut texts.sustainment,
    };
    check_text(&field.column().replace('_', " "), &value)?;
    *slot = value;
    save_texts(conn, &texts)
}

fn add_gating(
    conn: &Connection,
    action: Option<GatingAction>,
    condition: Option<String>,
) -> Result<()> {
    room_for(conn, "gating_criterion", "gating criteria")?;
    let g = GatingCriterion {
        id: new_id(),
        condition: condition.unwrap_or_default(),
        action: action.unwrap_or(GatingAction::Pause),
        decided_by: String::new(),
        detection: String::new(),
        decision_day: None,
        phase_id: None,
    };
    save_gating(conn, &g, Some(next_position(conn, "gating_criterion")?))
}

fn update_gating(
    conn: &Connection,
    mut g: GatingCriterion,
    condition: Option<String>,
    action: Option<GatingAction>,
    decided_by: Option<String>,
    detection: Option<String>,
) -> Result<()> {
    set(&mut g.condition, condition);
    set(&mut g.decided_by, decided_by);
    set(&mut g.detection, detection);
    if let Some(a) = action {
        g.action = a;
    }
    save_gating(conn, &g, None)
}

fn add_success(conn: &Connection, criterion: Option<String>) -> Result<()> {
    room_for(conn, "success_criterion", "success criteria")?;
    let s = SuccessCriterion {
        id: new_id(),
        criterion: criterion.unwrap_or_default(),
        measure: String::new(),
    };
    save_success(conn, &s, Some(next_position(conn, "success_criterion")?))
}

fn update_success(
    conn: &Connection,
    mut s: SuccessCriterion,
    criterion: Option<String>,
    measure: Option<String>,
) -> Result<()> {
    set(&mut s.criterion, criterion);
    set(&mut s.measure, measure);
    save_success(conn, &s, None)
}

/// A role not in the roster yet starts empty: every role can be set, none has to be added.
fn set_role(
    conn: &Connection,
    roles: Vec<RoleContact>,
    role: Role,
    needed: Option<bool>,
    contact: Option<String>,
    details: Option<String>,
    notes: Option<String>,
) -> Result<()> {
    let mut r = roles
        .into_iter()
        .find(|r| r.role == role)
        .unwrap_or_else(|| RoleContact::empty(role));
    if let Some(n) = needed {
        r.needed = n;
    }
    set(&mut r.contact, contact);
    set(&mut r.details, details);
    set(&mut r.notes, notes);
    save_role(conn, &r)
}

fn add_host(conn: &Connection, hostname: Option<String>) -> Result<()> {
    room_for(conn, "env_host", "hosts")?;
    let h = Host {
        id: new_id(),
        hostname: hostname.unwrap_or_default(),
        os: String::new(),
        purpose: String::new(),
        notes: String::new(),
        account_ids: Vec::new(),
    };
    save_host(conn, &h, Some(next_position(conn, "env_host")?))
}

fn update_host(
    conn: &Connection,
    mut h: Host,
    hostname: Option<String>,
    os: Option<String>,
    purpose: Option<String>,
    notes: Option<String>,
    account_ids: Option<Vec<String>>,
) -> Result<()> {
    set(&mut h.hostname, hostname);
    set(&mut h.os, os);
    set(&mut h.purpose, purpose);
    set(&mut h.notes, notes);
    if let Some(accounts) = account_ids {
        h.account_ids = accounts;
    }
    save_host(conn, &h, None)
}

fn delete(conn: &Connection, table: &str, what: &str, id: &str) -> Result<()> {
    let sql = format!("DELETE FROM {table} WHERE id = ?1");
    if conn.execute(&sql, [id])? == 0 {
        return Err(not_found(what, id));
    }
    Ok(())
}

/// Writes an imported order (after personas, whose accounts hosts may name). Every item is
/// validated and IDs must be unique.
pub fn insert(conn: &Connection, order: &Order) -> Result<()> {
    order.texts.validate()?;
    if order.texts != OrderTexts::default() {
        save_texts(conn, &order.texts)?;
    }
    let too_many = |n: usize, what: &str| -> Result<()> {
        if n > MAX_ITEMS {
            return Err(FeintError::invalid(format!(
                "an order holds at most {MAX_ITEMS} {what}"
            )));
        }
        Ok(())
    };
    too_many(order.gating.len(), "gating criteria")?;
    too_many(order.success.len(), "success criteria")?;
    too_many(order.hosts.len(), "hosts")?;
    let mut ids = BTreeSet::new();
    let mut unique = |id: &str| -> Result<()> {
        if id.is_empty() || !ids.insert(id.to_string()) {
            return Err(FeintError::invalid(format!(
                "the order's item ID \"{id}\" is empty or used twice"
            )));
        }
        Ok(())
    };
    opord::insert(conn, &order.opord, &mut unique)?;
    for (i, g) in order.gating.iter().enumerate() {
        unique(&g.id)?;
        save_gating(conn, g, Some(i as i64))?;
    }
    for (i, s) in order.success.iter().enumerate() {
        unique(&s.id)?;
        save_success(conn, s, Some(i as i64))?;
    }
    let mut roles = BTreeSet::new();
    for r in &order.roles {
        if !roles.insert(r.role) {
            return Err(FeintError::invalid(format!(
                "the roster lists {} twice",
                r.role.label()
            )));
        }
        if *r != RoleContact::empty(r.role) {
            save_role(conn, r)?;
        }
    }
    for (i, h) in order.hosts.iter().enumerate() {
        unique(&h.id)?;
        save_host(conn, h, Some(i as i64))?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Labels shared by the exports

/// "D+3", "D-2".
pub fn day_label(day: i32) -> String {
    format!("D{day:+}")
}

/// "D+3 09:00", "D-2 14:30".
pub fn day_time(day: i32, minute: i32) -> String {
    format!("{} {:02}:{:02}", day_label(day), minute / 60, minute % 60)
}

/// The calendar date of D+`day`, when the operation has a start date.
pub fn date_of(op: &crate::operation::Operation, day: i32) -> Option<NaiveDate> {
    let start = NaiveDate::parse_from_str(op.start_date.as_deref()?, "%Y-%m-%d").ok()?;
    start.checked_add_signed(chrono::Duration::days(i64::from(day)))
}

pub fn visibility_label(v: Option<crate::storyboard::Visibility>) -> &'static str {
    match v {
        Some(crate::storyboard::Visibility::Revealed) => "Revealed",
        Some(crate::storyboard::Visibility::Concealed) => "Concealed",
        None => "Unmarked",
    }
}

pub fn truth_label(t: Option<crate::storyboard::Truth>) -> &'static str {
    match t {
        Some(crate::storyboard::Truth::Fact) => "Fact",
        Some(crate::storyboard::Truth::Fiction) => "Fiction",
        None => "Unmarked",
    }
}

pub fn status_label(s: crate::storyboard::Status) -> &'static str {
    match s {
        crate::storyboard::Status::Planned => "Planned",
        crate::storyboard::Status::Ready => "Ready",
        crate::storyboard::Status::Done => "Done",
    }
}

fn check_text(label: &str, value: &str) -> Result<()> {
    crate::rules::check_text(label, value, MAX_TEXT)
}
