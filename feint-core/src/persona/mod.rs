//! Personas: the people the adversary will meet (the Engage persona profile worksheet), their
//! accounts, and which storyboard events they take part in.
//!
//! Every edit is one transaction that validates and writes, then returns the persona as stored.
//! Links to events live in their own table (`event_persona`), so the storyboard's rows and its
//! undo log are untouched by personas. [`warnings`] checks the personas against the storyboard.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{ErrorCode, FeintError, Result};
use crate::operation::now;
use crate::rules::check_short;
use crate::store::{sql_text_enum, Store};
use crate::storyboard::{event, Event, Visibility};

mod templates;
#[cfg(test)]
mod tests;
mod warnings;

pub use templates::{templates, PersonaTemplate};
pub use warnings::{warnings, PersonaWarning, WarningCode};

use crate::rules::MAX_SHORT;
/// Backgrounds and the other free-text fields: 100 KB each.
pub use crate::rules::MAX_TEXT;
const MAX_SECRET: usize = 10_000;
const MAX_ACCOUNTS: usize = crate::rules::MAX_ACCOUNTS_PER_PERSONA;
pub const FORMAT: &str = "feint-persona";
/// Eight 100 KB texts and 200 accounts with long notes fit well inside this.
const MAX_PERSONA_JSON: usize = 25_000_000;

/// How much of the worksheet the operation needs: a short operation shows only the light fields
/// (name, role, area, working hours, accounts); a long one the full online life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DetailLevel {
    #[default]
    Light,
    Full,
}

/// What an account's secret is: a working password, or a honeytoken that raises an alert when
/// it is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    #[default]
    Password,
    Honeytoken,
}

sql_text_enum!(DetailLevel { Light => "light", Full => "full" });
sql_text_enum!(SecretKind { Password => "password", Honeytoken => "honeytoken" });

/// The worksheet's fields, without the accounts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PersonaProfile {
    pub id: String,
    pub name: String,
    /// ISO date (YYYY-MM-DD).
    pub date_of_birth: Option<String>,
    /// Geographical area, e.g. "Hamburg, Germany".
    pub area: String,
    /// Role or job title.
    pub role: String,
    /// Up to 100 KB of text.
    pub background: String,
    pub detail: DetailLevel,
    /// IANA time zone of the working hours.
    pub timezone: String,
    /// Working hours: 7 strings, Monday first, each 24 characters of '0' or '1' (hour 0..23 of
    /// local time in `timezone`).
    pub schedule: Vec<String>,
    /// Sleep schedule, as text.
    pub sleep: String,
    pub interests: String,
    /// Typical websites, one per line.
    pub websites: String,
    /// Other habits.
    pub habits: String,
    pub goals: String,
    pub critical_tasks: String,
    /// The day the persona started in its role (ISO date); events before it are flagged.
    pub start_date: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub modified_at: String,
}

/// One persona, as the persona page opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Persona {
    #[serde(flatten)]
    pub profile: PersonaProfile,
    /// In the planner's order.
    pub accounts: Vec<Account>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Account {
    pub id: String,
    /// The system or service, e.g. "build-01 (ssh)".
    pub system: String,
    pub username: String,
    pub secret_kind: SecretKind,
    pub secret: String,
    /// null while unset.
    pub visibility: Option<Visibility>,
    pub notes: String,
}

/// A new persona: a name, and optionally a template key (see [`templates`]) that pre-fills the
/// role and the pattern of life.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewPersona {
    #[ts(optional = false)]
    pub name: String,
    pub template: Option<String>,
}

/// A partial update: every field left out stays as it is. Dates take "" to clear.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct PersonaPatch {
    pub name: Option<String>,
    pub date_of_birth: Option<String>,
    pub area: Option<String>,
    pub role: Option<String>,
    pub background: Option<String>,
    pub detail: Option<DetailLevel>,
    pub timezone: Option<String>,
    pub schedule: Option<Vec<String>>,
    pub sleep: Option<String>,
    pub interests: Option<String>,
    pub websites: Option<String>,
    pub habits: Option<String>,
    pub goals: Option<String>,
    pub critical_tasks: Option<String>,
    pub start_date: Option<String>,
}

/// A new account; everything left out is empty (a password, visibility unset).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewAccount {
    pub system: Option<String>,
    pub username: Option<String>,
    pub secret_kind: Option<SecretKind>,
    pub secret: Option<String>,
    pub visibility: Option<Visibility>,
    pub notes: Option<String>,
}

/// A partial account update. `visibility: null` clears the marking; left out keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct AccountPatch {
    pub system: Option<String>,
    pub username: Option<String>,
    pub secret_kind: Option<SecretKind>,
    pub secret: Option<String>,
    #[serde(
        default,
        with = "crate::storyboard::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(type = "Visibility | null")]
    pub visibility: Option<Option<Visibility>>,
    pub notes: Option<String>,
}

/// A generated avatar: initials and a hue (0..360) for the background colour.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Avatar {
    pub initials: String,
    pub hue: u16,
}

/// A persona as the persona page lists it: the persona and its avatar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PersonaView {
    pub persona: Persona,
    pub avatar: Avatar,
}

impl From<Persona> for PersonaView {
    fn from(persona: Persona) -> PersonaView {
        let avatar = avatar(&persona.profile.name);
        PersonaView { persona, avatar }
    }
}

/// The avatar of a name: the first letters of its first and last words, and a hue from a hash
/// of the name. Pure and deterministic, so every operator sees the same face; nothing fetched.
pub fn avatar(name: &str) -> Avatar {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '.' || c == ',')
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let first = |w: &str| {
        w.chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default()
    };
    let initials = match words.as_slice() {
        [] => "?".to_string(),
        [one] => first(one),
        [a, .., b] => format!("{}{}", first(a), first(b)),
    };
    // FNV-1a over the trimmed name: stable across builds and platforms.
    let mut hash: u32 = 0x811c_9dc5;
    for byte in name.trim().as_bytes() {
        hash ^= *byte as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    Avatar {
        initials,
        hue: (hash % 360) as u16,
    }
}

/// A schedule with no working hours.
pub fn empty_schedule() -> Vec<String> {
    vec!["0".repeat(24); 7]
}

/// A schedule working `from`..`to` (hours, local) on the given weekdays (0 = Monday).
pub fn schedule_of(days: &[usize], from: usize, to: usize) -> Vec<String> {
    (0..7)
        .map(|d| {
            (0..24)
                .map(|h| {
                    if days.contains(&d) && h >= from && h < to {
                        '1'
                    } else {
                        '0'
                    }
                })
                .collect()
        })
        .collect()
}

/// Whether hour `hour` of weekday `weekday` (0 = Monday) is a working hour.
pub fn is_working_hour(schedule: &[String], weekday: usize, hour: usize) -> bool {
    schedule
        .get(weekday)
        .and_then(|d| d.as_bytes().get(hour))
        .is_some_and(|b| *b == b'1')
}

fn parse_date(label: &str, value: Option<&str>) -> Result<Option<NaiveDate>> {
    value
        .map(|v| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                FeintError::invalid(format!("the {label} \"{v}\" is not a date (YYYY-MM-DD)"))
            })
        })
        .transpose()
}

impl PersonaProfile {
    /// Every rule a persona's fields must satisfy, whatever wrote them (UI, import, sample).
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(FeintError::invalid("the persona needs a name"));
        }
        for (label, value) in [
            ("name", &self.name),
            ("geographical area", &self.area),
            ("role", &self.role),
            ("time zone", &self.timezone),
        ] {
            check_short(label, value)?;
        }
        for (label, value) in [
            ("background", &self.background),
            ("sleep schedule", &self.sleep),
            ("interests", &self.interests),
            ("typical websites", &self.websites),
            ("other habits", &self.habits),
            ("goals", &self.goals),
            ("critical tasks", &self.critical_tasks),
        ] {
            check_text(label, value)?;
        }
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(FeintError::invalid(format!(
                "\"{}\" is not a known time zone (use an IANA name such as Europe/Paris or UTC)",
                self.timezone
            )));
        }
        if self.schedule.len() != 7
            || self
                .schedule
                .iter()
                .any(|d| d.len() != 24 || d.bytes().any(|b| b != b'0' && b != b'1'))
        {
            return Err(FeintError::invalid(
                "the working hours must be 7 days (Monday first) of 24 hours, each '0' or '1'",
            ));
        }
        parse_date("date of birth", self.date_of_birth.as_deref())?;
        parse_date("start date", self.start_date.as_deref())?;
        Ok(())
    }

    fn apply(&mut self, patch: PersonaPatch) {
        fn date(value: String) -> Option<String> {
            let value = value.trim().to_string();
            (!value.is_empty()).then_some(value)
        }
        if let Some(v) = patch.name {
            self.name = v.trim().to_string();
        }
        if let Some(v) = patch.date_of_birth {
            self.date_of_birth = date(v);
        }
        if let Some(v) = patch.area {
            self.area = v;
        }
        if let Some(v) = patch.role {
            self.role = v;
        }
        if let Some(v) = patch.background {
            self.background = v;
        }
        if let Some(v) = patch.detail {
            self.detail = v;
        }
        if let Some(v) = patch.timezone {
            self.timezone = v.trim().to_string();
        }
        if let Some(v) = patch.schedule {
            self.schedule = v;
        }
        if let Some(v) = patch.sleep {
            self.sleep = v;
        }
        if let Some(v) = patch.interests {
            self.interests = v;
        }
        if let Some(v) = patch.websites {
            self.websites = v;
        }
        if let Some(v) = patch.habits {
            self.habits = v;
        }
        if let Some(v) = patch.goals {
            self.goals = v;
        }
        if let Some(v) = patch.critical_tasks {
            self.critical_tasks = v;
        }
        if let Some(v) = patch.start_date {
            self.start_date = date(v);
        }
    }
}

impl Account {
    pub fn validate(&self) -> Result<()> {
        check_short("system", &self.system)?;
        check_short("username", &self.username)?;
        if self.secret.len() > MAX_SECRET {
            return Err(FeintError::invalid(format!(
                "the {} is longer than {MAX_SECRET} bytes",
                self.secret_kind.as_str()
            )));
        }
        check_text("account notes", &self.notes)
    }

    fn from_new(new: NewAccount) -> Account {
        Account {
            id: new_id(),
            system: new.system.unwrap_or_default().trim().to_string(),
            username: new.username.unwrap_or_default().trim().to_string(),
            secret_kind: new.secret_kind.unwrap_or_default(),
            // Surrounding spaces are paste noise; a secret kept with them would not match itself
            // when it turns up elsewhere without them.
            secret: new.secret.unwrap_or_default().trim().to_string(),
            visibility: new.visibility,
            notes: new.notes.unwrap_or_default(),
        }
    }

    fn apply(&mut self, patch: AccountPatch) {
        if let Some(v) = patch.system {
            self.system = v.trim().to_string();
        }
        if let Some(v) = patch.username {
            self.username = v.trim().to_string();
        }
        if let Some(v) = patch.secret_kind {
            self.secret_kind = v;
        }
        if let Some(v) = patch.secret {
            self.secret = v.trim().to_string();
        }
        if let Some(v) = patch.visibility {
            self.visibility = v;
        }
        if let Some(v) = patch.notes {
            self.notes = v;
        }
    }
}

impl Persona {
    pub fn validate(&self) -> Result<()> {
        self.profile.validate()?;
        if self.accounts.len() > MAX_ACCOUNTS {
            return Err(FeintError::invalid(format!(
                "a persona holds at most {MAX_ACCOUNTS} accounts"
            )));
        }
        for account in &self.accounts {
            account.validate()?;
        }
        Ok(())
    }

    pub fn id(&self) -> &str {
        &self.profile.id
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

// ---------------------------------------------------------------------------------------------
// Rows

const COLUMNS: &str = "id, name, date_of_birth, area, role, background, detail, timezone, \
    schedule, sleep, interests, websites, habits, goals, critical_tasks, start_date, created_at, \
    modified_at";

fn profile_from_row(row: &Row) -> rusqlite::Result<(PersonaProfile, String)> {
    Ok((
        PersonaProfile {
            id: row.get(0)?,
            name: row.get(1)?,
            date_of_birth: row.get(2)?,
            area: row.get(3)?,
            role: row.get(4)?,
            background: row.get(5)?,
            detail: row.get(6)?,
            timezone: row.get(7)?,
            schedule: Vec::new(),
            sleep: row.get(9)?,
            interests: row.get(10)?,
            websites: row.get(11)?,
            habits: row.get(12)?,
            goals: row.get(13)?,
            critical_tasks: row.get(14)?,
            start_date: row.get(15)?,
            created_at: row.get(16)?,
            modified_at: row.get(17)?,
        },
        row.get(8)?,
    ))
}

fn with_schedule((mut profile, schedule): (PersonaProfile, String)) -> Result<PersonaProfile> {
    profile.schedule = serde_json::from_str(&schedule).map_err(|_| {
        FeintError::new(
            ErrorCode::Corrupt,
            format!(
                "the stored working hours of \"{}\" are damaged",
                profile.name
            ),
        )
    })?;
    Ok(profile)
}

fn account_from_row(row: &Row) -> rusqlite::Result<(String, Account)> {
    Ok((
        row.get(0)?,
        Account {
            id: row.get(1)?,
            system: row.get(2)?,
            username: row.get(3)?,
            secret_kind: row.get(4)?,
            secret: row.get(5)?,
            visibility: row.get(6)?,
            notes: row.get(7)?,
        },
    ))
}

const ACCOUNT_COLUMNS: &str =
    "persona_id, id, system, username, secret_kind, secret, visibility, notes";

/// Every persona, by name (then ID, so the order is total), with its accounts.
pub fn list(conn: &Connection) -> Result<Vec<Persona>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM persona ORDER BY name COLLATE NOCASE, id"
    ))?;
    let profiles = stmt
        .query_map([], profile_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut personas = profiles
        .into_iter()
        .map(|p| {
            Ok(Persona {
                profile: with_schedule(p)?,
                accounts: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let index: BTreeMap<String, usize> = personas
        .iter()
        .enumerate()
        .map(|(i, p)| (p.profile.id.clone(), i))
        .collect();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM persona_account ORDER BY persona_id, position, id"
    ))?;
    for row in stmt.query_map([], account_from_row)? {
        let (persona_id, account) = row?;
        if let Some(&i) = index.get(&persona_id) {
            personas[i].accounts.push(account);
        }
    }
    Ok(personas)
}

/// One persona, or `None`.
/// (ID, name) of every persona, by name: the persona lanes' order.
pub fn names(conn: &Connection) -> Result<Vec<(String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name FROM persona ORDER BY name COLLATE NOCASE, id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn load(conn: &Connection, id: &str) -> Result<Option<Persona>> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM persona WHERE id = ?1"))?;
    let Some(profile) = stmt.query_row([id], profile_from_row).optional()? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ACCOUNT_COLUMNS} FROM persona_account WHERE persona_id = ?1 ORDER BY position, id"
    ))?;
    let accounts = stmt
        .query_map([id], account_from_row)?
        .map(|r| r.map(|(_, a)| a))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(Persona {
        profile: with_schedule(profile)?,
        accounts,
    }))
}

/// Loads a persona the planner named, refusing an unknown ID.
pub fn get(conn: &Connection, id: &str) -> Result<Persona> {
    load(conn, id)?.ok_or_else(|| FeintError::not_found(format!("no persona \"{id}\"")))
}

/// Writes a persona and all its accounts (replacing the stored accounts), after validating it.
pub fn save(conn: &Connection, persona: &Persona) -> Result<()> {
    persona.validate()?;
    let (count, exists): (i64, bool) = conn.query_row(
        "SELECT count(*), coalesce(max(id = ?1), 0) FROM persona",
        [persona.id()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if !exists {
        crate::rules::check_count("personas", count as usize + 1, crate::rules::MAX_PERSONAS)?;
    }
    let others: i64 = conn
        .prepare_cached("SELECT count(*) FROM persona_account WHERE persona_id <> ?1")?
        .query_row([persona.id()], |r| r.get(0))?;
    crate::rules::check_count(
        "accounts (all personas together)",
        others as usize + persona.accounts.len(),
        crate::rules::MAX_ACCOUNTS,
    )?;
    let p = &persona.profile;
    conn.prepare_cached(&format!(
        "INSERT INTO persona ({COLUMNS}) VALUES
            (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name,
            date_of_birth = excluded.date_of_birth, area = excluded.area, role = excluded.role,
            background = excluded.background, detail = excluded.detail,
            timezone = excluded.timezone, schedule = excluded.schedule, sleep = excluded.sleep,
            interests = excluded.interests, websites = excluded.websites,
            habits = excluded.habits, goals = excluded.goals,
            critical_tasks = excluded.critical_tasks, start_date = excluded.start_date,
            created_at = excluded.created_at, modified_at = excluded.modified_at"
    ))?
    .execute(params![
        p.id,
        p.name,
        p.date_of_birth,
        p.area,
        p.role,
        p.background,
        p.detail,
        p.timezone,
        serde_json::to_string(&p.schedule)?,
        p.sleep,
        p.interests,
        p.websites,
        p.habits,
        p.goals,
        p.critical_tasks,
        p.start_date,
        p.created_at,
        p.modified_at,
    ])?;
    conn.prepare_cached("DELETE FROM persona_account WHERE persona_id = ?1")?
        .execute([&p.id])?;
    let mut insert = conn.prepare_cached(
        "INSERT INTO persona_account (id, persona_id, system, username, secret_kind, secret,
            visibility, notes, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for (position, a) in persona.accounts.iter().enumerate() {
        insert
            .execute(params![
                a.id,
                p.id,
                a.system,
                a.username,
                a.secret_kind,
                a.secret,
                a.visibility,
                a.notes,
                position as i64
            ])
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => {
                    FeintError::invalid(format!("the account ID \"{}\" is used twice", a.id))
                }
                _ => e.into(),
            })?;
    }
    Ok(())
}

/// A fresh persona named `name`, working hours in `timezone`, not yet stored.
pub fn blank(name: &str, timezone: &str) -> Persona {
    let stamp = now();
    Persona {
        profile: PersonaProfile {
            id: new_id(),
            name: name.trim().to_string(),
            date_of_birth: None,
            area: String::new(),
            role: String::new(),
            background: String::new(),
            detail: DetailLevel::Light,
            timezone: timezone.to_string(),
            schedule: schedule_of(&[0, 1, 2, 3, 4], 9, 17),
            sleep: String::new(),
            interests: String::new(),
            websites: String::new(),
            habits: String::new(),
            goals: String::new(),
            critical_tasks: String::new(),
            start_date: None,
            created_at: stamp.clone(),
            modified_at: stamp,
        },
        accounts: Vec::new(),
    }
}

fn operation_timezone(conn: &Connection) -> String {
    crate::operation::load(conn)
        .map(|op| op.timezone)
        .unwrap_or_else(|_| "UTC".into())
}

// ---------------------------------------------------------------------------------------------
// Edits: each is one transaction.

/// Creates a persona. Its working hours are in the operation's time zone until changed; a
/// template (see [`templates`]) pre-fills the role and the pattern of life.
pub fn create_persona(store: &mut Store, new: NewPersona) -> Result<Persona> {
    store.with_tx(|tx| {
        let mut persona = blank(&new.name, &operation_timezone(tx));
        if let Some(key) = new.template.as_deref().filter(|k| !k.is_empty()) {
            let template = templates()
                .into_iter()
                .find(|t| t.key == key)
                .ok_or_else(|| FeintError::invalid(format!("no persona template \"{key}\"")))?;
            template.fill(&mut persona.profile);
        }
        save(tx, &persona)?;
        Ok(persona)
    })
}

pub fn update_persona(store: &mut Store, id: &str, patch: PersonaPatch) -> Result<Persona> {
    store.with_tx(|tx| {
        let mut persona = get(tx, id)?;
        persona.profile.apply(patch);
        persona.profile.modified_at = now();
        save(tx, &persona)?;
        Ok(persona)
    })
}

/// Copies a persona and its accounts under new IDs, named "… (copy)". Event links stay with
/// the original: two personas in one event is a decision, not a copy.
pub fn duplicate_persona(store: &mut Store, id: &str) -> Result<Persona> {
    store.with_tx(|tx| {
        let original = get(tx, id)?;
        let copy = fresh_copy(&original, &format!("{} (copy)", original.profile.name));
        save(tx, &copy)?;
        Ok(copy)
    })
}

fn fresh_copy(original: &Persona, name: &str) -> Persona {
    let stamp = now();
    let mut copy = original.clone();
    copy.profile.id = new_id();
    copy.profile.name = name.chars().take(MAX_SHORT).collect();
    copy.profile.created_at = stamp.clone();
    copy.profile.modified_at = stamp;
    for account in &mut copy.accounts {
        account.id = new_id();
    }
    copy
}

/// Deletes a persona, its accounts and its event links.
pub fn delete_persona(store: &mut Store, id: &str) -> Result<()> {
    store.with_tx(|tx| {
        get(tx, id)?;
        tx.execute("DELETE FROM persona WHERE id = ?1", [id])?;
        Ok(())
    })
}

fn edit_accounts(
    store: &mut Store,
    persona_id: &str,
    f: impl FnOnce(&mut Vec<Account>) -> Result<()>,
) -> Result<Persona> {
    store.with_tx(|tx| {
        let mut persona = get(tx, persona_id)?;
        f(&mut persona.accounts)?;
        persona.profile.modified_at = now();
        save(tx, &persona)?;
        Ok(persona)
    })
}

fn account_index(accounts: &[Account], id: &str) -> Result<usize> {
    accounts
        .iter()
        .position(|a| a.id == id)
        .ok_or_else(|| FeintError::not_found(format!("no account \"{id}\"")))
}

/// Adds an account at the end of the persona's list; returns the persona.
pub fn add_account(store: &mut Store, persona_id: &str, new: NewAccount) -> Result<Persona> {
    edit_accounts(store, persona_id, |accounts| {
        accounts.push(Account::from_new(new));
        Ok(())
    })
}

pub fn update_account(
    store: &mut Store,
    persona_id: &str,
    account_id: &str,
    patch: AccountPatch,
) -> Result<Persona> {
    edit_accounts(store, persona_id, |accounts| {
        let i = account_index(accounts, account_id)?;
        accounts[i].apply(patch);
        Ok(())
    })
}

pub fn delete_account(store: &mut Store, persona_id: &str, account_id: &str) -> Result<Persona> {
    edit_accounts(store, persona_id, |accounts| {
        let i = account_index(accounts, account_id)?;
        accounts.remove(i);
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------------
// Event links

fn write_links(conn: &Connection, event_id: &str, persona_ids: &[String]) -> Result<Vec<String>> {
    event::get(conn, event_id)?;
    let mut ids: Vec<String> = Vec::new();
    for id in persona_ids {
        if ids.contains(id) {
            continue;
        }
        get(conn, id)?;
        ids.push(id.clone());
    }
    conn.prepare_cached("DELETE FROM event_persona WHERE event_id = ?1")?
        .execute([event_id])?;
    let mut insert =
        conn.prepare_cached("INSERT INTO event_persona (event_id, persona_id) VALUES (?1, ?2)")?;
    for id in &ids {
        insert.execute(params![event_id, id])?;
    }
    ids.sort();
    Ok(ids)
}

/// The personas linked to one event, sorted.
pub fn links_of(conn: &Connection, event_id: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT persona_id FROM event_persona WHERE event_id = ?1 ORDER BY persona_id",
    )?;
    let ids = stmt
        .query_map([event_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(ids)
}

/// Rewrites an event's links from the undo log or a duplicate: personas deleted since are
/// skipped rather than refused, since undo must not fail on them. Returns what was stored.
pub(crate) fn restore_links(
    conn: &Connection,
    event_id: &str,
    persona_ids: &[String],
) -> Result<Vec<String>> {
    let mut existing = Vec::new();
    for id in persona_ids {
        if get(conn, id).is_ok() && !existing.contains(id) {
            existing.push(id.clone());
        }
    }
    write_links(conn, event_id, &existing)
}

/// Names the personas taking part in an event (replacing the previous list; duplicates are
/// dropped). Returns the stored list, sorted. Only the link rules' tests call this: the app
/// links through the storyboard edit of the same name, which records the change for undo.
#[cfg(test)]
pub(crate) fn set_event_personas(
    store: &mut Store,
    event_id: &str,
    persona_ids: &[String],
) -> Result<Vec<String>> {
    store.with_tx(|tx| write_links(tx, event_id, persona_ids))
}

/// Every event → its personas (sorted IDs), for the storyboard's persona lanes and chips.
/// Events without personas are absent.
pub fn event_personas(conn: &Connection) -> Result<BTreeMap<String, Vec<String>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT event_id, persona_id FROM event_persona ORDER BY event_id, persona_id",
    )?;
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (event_id, persona_id) = row?;
        out.entry(event_id).or_default().push(persona_id);
    }
    Ok(out)
}

/// The events a persona takes part in, in time order (for its mini timeline).
pub fn persona_events(conn: &Connection, persona_id: &str) -> Result<Vec<Event>> {
    get(conn, persona_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT event_id FROM event_persona WHERE persona_id = ?1 ORDER BY event_id",
    )?;
    let ids = stmt
        .query_map([persona_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut events = ids
        .iter()
        .map(|id| event::get(conn, id))
        .collect::<Result<Vec<_>>>()?;
    events.sort_by(|a, b| {
        (a.day, a.minute, &a.title, &a.id).cmp(&(b.day, b.minute, &b.title, &b.id))
    });
    Ok(events)
}

// ---------------------------------------------------------------------------------------------
// JSON: the personas part of the operation export, and one persona on its own.

/// An account as the JSON export writes it: the secret only under a key named `password` or
/// `honeytoken`, so a reader (or a secret scanner) knows what it is without a second field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountExport {
    pub id: String,
    pub system: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub honeytoken: Option<String>,
    pub visibility: Option<Visibility>,
    pub notes: String,
}

/// A persona as the JSON export writes it, with the events it takes part in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonaExport {
    #[serde(flatten)]
    pub profile: PersonaProfile,
    pub accounts: Vec<AccountExport>,
    /// Sorted; absent in a single-persona export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub event_ids: Vec<String>,
}

impl From<&Account> for AccountExport {
    fn from(a: &Account) -> AccountExport {
        let (password, honeytoken) = match a.secret_kind {
            SecretKind::Password => (Some(a.secret.clone()), None),
            SecretKind::Honeytoken => (None, Some(a.secret.clone())),
        };
        AccountExport {
            id: a.id.clone(),
            system: a.system.clone(),
            username: a.username.clone(),
            password,
            honeytoken,
            visibility: a.visibility,
            notes: a.notes.clone(),
        }
    }
}

impl TryFrom<&AccountExport> for Account {
    type Error = FeintError;
    fn try_from(a: &AccountExport) -> Result<Account> {
        let (secret_kind, secret) = match (&a.password, &a.honeytoken) {
            (Some(p), None) => (SecretKind::Password, p.clone()),
            (None, Some(h)) => (SecretKind::Honeytoken, h.clone()),
            (None, None) => (SecretKind::Password, String::new()),
            (Some(_), Some(_)) => {
                return Err(FeintError::invalid(format!(
                    "the account \"{}\" has both a password and a honeytoken",
                    a.username
                )))
            }
        };
        Ok(Account {
            id: a.id.clone(),
            system: a.system.clone(),
            username: a.username.clone(),
            secret_kind,
            secret,
            visibility: a.visibility,
            notes: a.notes.clone(),
        })
    }
}

impl PersonaExport {
    pub fn from_persona(persona: &Persona, event_ids: Vec<String>) -> PersonaExport {
        PersonaExport {
            profile: persona.profile.clone(),
            accounts: persona.accounts.iter().map(AccountExport::from).collect(),
            event_ids,
        }
    }

    pub fn to_persona(&self) -> Result<Persona> {
        let persona = Persona {
            profile: self.profile.clone(),
            accounts: self
                .accounts
                .iter()
                .map(Account::try_from)
                .collect::<Result<_>>()?,
        };
        persona.validate()?;
        Ok(persona)
    }
}

/// Every persona with its event links, as the operation export carries them.
pub fn export_all(conn: &Connection) -> Result<Vec<PersonaExport>> {
    let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (event_id, personas) in event_personas(conn)? {
        for p in personas {
            links.entry(p).or_default().push(event_id.clone());
        }
    }
    Ok(list(conn)?
        .iter()
        .map(|p| PersonaExport::from_persona(p, links.remove(p.id()).unwrap_or_default()))
        .collect())
}

/// Writes exported personas and their links into a file being imported (IDs kept). The
/// storyboard must already be written, so links can be checked against its events.
pub fn insert_all(conn: &Connection, personas: &[PersonaExport]) -> Result<()> {
    let mut links: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, exported) in personas.iter().enumerate() {
        let persona = exported
            .to_persona()
            .map_err(|e| crate::rules::in_entry("persona", i, &exported.profile.id, e))?;
        if load(conn, persona.id())?.is_some() {
            return Err(FeintError::invalid(format!(
                "the persona ID \"{}\" is used twice",
                persona.id()
            )));
        }
        save(conn, &persona).map_err(|e| crate::rules::in_entry("persona", i, persona.id(), e))?;
        for event_id in &exported.event_ids {
            links
                .entry(event_id.clone())
                .or_default()
                .push(persona.id().to_string());
        }
    }
    for (event_id, persona_ids) in links {
        write_links(conn, &event_id, &persona_ids)?;
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct SinglePersona {
    format: String,
    schema_version: u32,
    persona: PersonaExport,
}

/// One persona as JSON, to reuse it in another operation (no event links: events do not travel).
pub fn persona_to_json(conn: &Connection, id: &str) -> Result<String> {
    let persona = get(conn, id)?;
    let mut text = serde_json::to_string_pretty(&SinglePersona {
        format: FORMAT.into(),
        schema_version: crate::json::SCHEMA_VERSION,
        persona: PersonaExport::from_persona(&persona, Vec::new()),
    })?;
    text.push('\n');
    Ok(text)
}

/// Imports one persona from [`persona_to_json`]'s output, under new IDs (so the same file can be
/// imported twice), and returns it as stored.
pub fn persona_from_json(store: &mut Store, text: &str) -> Result<Persona> {
    if text.len() > MAX_PERSONA_JSON {
        return Err(FeintError::invalid("the persona file is too large"));
    }
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| FeintError::invalid(format!("not a Feint persona: {e}")))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(FeintError::invalid(format!(
            "not a Feint persona (\"format\" must be \"{FORMAT}\")"
        )));
    }
    match value.get("schema_version").and_then(|v| v.as_u64()) {
        Some(v) if v > crate::json::SCHEMA_VERSION as u64 => {
            return Err(FeintError::new(
                ErrorCode::NewerVersion,
                format!(
                    "this persona was written by a newer version of Feint (JSON schema {v}; this Feint reads up to {})",
                    crate::json::SCHEMA_VERSION
                ),
            ))
        }
        Some(_) => {}
        None => return Err(FeintError::invalid("the persona has no \"schema_version\"")),
    }
    let single: SinglePersona = serde_json::from_value(value)
        .map_err(|e| FeintError::invalid(format!("the persona is malformed: {e}")))?;
    let persona = single.persona.to_persona()?;
    let name = persona.profile.name.clone();
    let fresh = fresh_copy(&persona, &name);
    store.with_tx(|tx| {
        save(tx, &fresh)?;
        Ok(fresh)
    })
}

// The personas of an open operation file. Each edit is one committed transaction and returns
// the persona as stored.
impl crate::document::Document {
    /// Every persona by name, with accounts.
    pub fn personas(&self) -> Result<Vec<Persona>> {
        list(self.store.conn())
    }

    pub fn persona(&self, id: &str) -> Result<Persona> {
        get(self.store.conn(), id)
    }

    pub fn create_persona(&mut self, new: NewPersona) -> Result<Persona> {
        create_persona(&mut self.store, new)
    }

    pub fn update_persona(&mut self, id: &str, patch: PersonaPatch) -> Result<Persona> {
        update_persona(&mut self.store, id, patch)
    }

    pub fn duplicate_persona(&mut self, id: &str) -> Result<Persona> {
        duplicate_persona(&mut self.store, id)
    }

    pub fn delete_persona(&mut self, id: &str) -> Result<()> {
        delete_persona(&mut self.store, id)
    }

    pub fn add_account(&mut self, persona_id: &str, new: NewAccount) -> Result<Persona> {
        add_account(&mut self.store, persona_id, new)
    }

    pub fn update_account(
        &mut self,
        persona_id: &str,
        account_id: &str,
        patch: AccountPatch,
    ) -> Result<Persona> {
        update_account(&mut self.store, persona_id, account_id, patch)
    }

    pub fn delete_account(&mut self, persona_id: &str, account_id: &str) -> Result<Persona> {
        delete_account(&mut self.store, persona_id, account_id)
    }

    /// Event ID → persona IDs, for every event that has personas.
    pub fn event_personas(&self) -> Result<BTreeMap<String, Vec<String>>> {
        event_personas(self.store.conn())
    }

    /// A persona's events in time order.
    pub fn persona_events(&self, persona_id: &str) -> Result<Vec<Event>> {
        persona_events(self.store.conn(), persona_id)
    }

    pub fn persona_warnings(&self) -> Result<Vec<PersonaWarning>> {
        warnings(self.store.conn())
    }

    /// Whether any persona account holds a secret (an order export then carries it).
    pub fn has_secrets(&self) -> Result<bool> {
        Ok(self
            .personas()?
            .iter()
            .any(|p| p.accounts.iter().any(|a| !a.secret.is_empty())))
    }

    pub fn persona_to_json(&self, id: &str) -> Result<String> {
        persona_to_json(self.store.conn(), id)
    }

    pub fn persona_from_json(&mut self, text: &str) -> Result<Persona> {
        persona_from_json(&mut self.store, text)
    }

    /// Writes one persona (secrets included) to a new JSON file, readable by the owner only.
    pub fn export_persona(&self, id: &str, path: &std::path::Path) -> Result<()> {
        let text = self.persona_to_json(id)?;
        let path = crate::document::or_extension(path, "json");
        crate::store::write_private(&path, text.as_bytes())
    }

    /// Adds the persona of a JSON file (under new IDs).
    pub fn import_persona(&mut self, path: &std::path::Path) -> Result<Persona> {
        let text = crate::json::read_text(path, MAX_PERSONA_BYTES)?;
        self.persona_from_json(&text)
            .map_err(|err| crate::rules::in_file(path, err))
    }
}

/// A persona file holds at most a few 100 KB texts; anything this big is not one.
const MAX_PERSONA_BYTES: u64 = 20 * 1024 * 1024;

fn check_text(label: &str, value: &str) -> Result<()> {
    crate::rules::check_text(label, value, MAX_TEXT)
}
