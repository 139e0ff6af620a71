//! The operation record: one row per file, holding what the operation order's cover and
//! mission paragraphs need. Every update is validated here, not in the UI.

use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::{params, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{FeintError, Result};
use crate::store::Store;

/// The engagement goals an operation may pursue.
pub const ENGAGEMENT_GOALS: [&str; 3] = ["EGO0001", "EGO0002", "EGO0003"];

use crate::rules::MAX_SHORT;
const MAX_LONG: usize = 1_000_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Operation {
    pub id: String,
    pub name: String,
    pub codename: String,
    /// Engagement goal IDs: EGO0001 Expose, EGO0002 Affect, EGO0003 Elicit.
    pub goals: Vec<String>,
    pub objective: String,
    /// ISO dates (YYYY-MM-DD).
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    /// IANA time zone name, e.g. "Europe/Paris".
    pub timezone: String,
    /// Printed verbatim on every export page (e.g. "TLP:AMBER").
    pub handling_marking: String,
    pub narrative: String,
    pub document: DocumentControl,
    pub catalog_version: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub modified_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
pub struct DocumentControl {
    pub version: String,
    pub prepared_by: String,
    pub approver: String,
    pub approval_date: Option<String>,
    pub distribution: Vec<String>,
}

/// A partial update: every field left out (or `null` for the plain ones) stays as it is.
/// Optional dates use `Some(None)` to clear: the UI sends `""` for that.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct OperationPatch {
    pub name: Option<String>,
    pub codename: Option<String>,
    pub goals: Option<Vec<String>>,
    pub objective: Option<String>,
    /// "" clears the date.
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub timezone: Option<String>,
    pub handling_marking: Option<String>,
    pub narrative: Option<String>,
    pub doc_version: Option<String>,
    pub prepared_by: Option<String>,
    pub approver: Option<String>,
    pub approval_date: Option<String>,
    pub distribution: Option<Vec<String>>,
}

pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

impl Operation {
    /// A fresh operation with sensible defaults, not yet stored.
    pub fn new(name: &str, catalog_version: &str) -> Result<Operation> {
        let stamp = now();
        let op = Operation {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.trim().to_string(),
            codename: String::new(),
            goals: Vec::new(),
            objective: String::new(),
            start_date: None,
            end_date: None,
            timezone: "UTC".into(),
            handling_marking: "TLP:AMBER".into(),
            narrative: String::new(),
            document: DocumentControl {
                version: "0.1".into(),
                ..Default::default()
            },
            catalog_version: catalog_version.into(),
            created_at: stamp.clone(),
            modified_at: stamp,
        };
        op.validate()?;
        Ok(op)
    }

    /// Every rule an operation record must satisfy, whatever wrote it (UI, import, CLI).
    pub fn validate(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(FeintError::invalid("the operation needs a name"));
        }
        crate::rules::check_id("operation ID", &self.id)?;
        crate::rules::check_timestamp("operation's creation time", &self.created_at)?;
        crate::rules::check_timestamp("operation's modification time", &self.modified_at)?;
        if self.catalog_version.trim().is_empty() {
            return Err(FeintError::invalid(
                "the operation names no catalog version",
            ));
        }
        crate::rules::check_short("catalog version", &self.catalog_version)?;
        for (label, value) in [
            ("name", &self.name),
            ("codename", &self.codename),
            ("time zone", &self.timezone),
            ("handling marking", &self.handling_marking),
            ("document version", &self.document.version),
            ("prepared by", &self.document.prepared_by),
            ("approver", &self.document.approver),
        ] {
            if value.chars().count() > MAX_SHORT {
                return Err(FeintError::invalid(format!(
                    "the {label} is longer than {MAX_SHORT} characters"
                )));
            }
        }
        for (label, value) in [
            ("objective", &self.objective),
            ("narrative", &self.narrative),
        ] {
            if value.len() > MAX_LONG {
                return Err(FeintError::invalid(format!(
                    "the {label} is larger than {} KB",
                    MAX_LONG / 1000
                )));
            }
        }
        if self.document.distribution.len() > 500
            || self
                .document
                .distribution
                .iter()
                .any(|d| d.chars().count() > MAX_SHORT)
        {
            return Err(FeintError::invalid("the distribution list is too long"));
        }
        let mut seen = Vec::new();
        for goal in &self.goals {
            if !ENGAGEMENT_GOALS.contains(&goal.as_str()) {
                return Err(FeintError::invalid(format!(
                    "{goal} is not an engagement goal (EGO0001 Expose, EGO0002 Affect, EGO0003 Elicit)"
                )));
            }
            if seen.contains(&goal) {
                return Err(FeintError::invalid(format!("{goal} is listed twice")));
            }
            seen.push(goal);
        }
        if self.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(FeintError::invalid(format!(
                "\"{}\" is not a known time zone (use an IANA name such as Europe/Paris or UTC)",
                self.timezone
            )));
        }
        let start = parse_date("start date", self.start_date.as_deref())?;
        let end = parse_date("end date", self.end_date.as_deref())?;
        if let (Some(start), Some(end)) = (start, end) {
            if end < start {
                return Err(FeintError::invalid("the end date is before the start date"));
            }
        }
        parse_date("approval date", self.document.approval_date.as_deref())?;
        Ok(())
    }

    fn apply(&mut self, patch: OperationPatch) {
        fn date(value: String) -> Option<String> {
            let value = value.trim().to_string();
            (!value.is_empty()).then_some(value)
        }
        if let Some(v) = patch.name {
            self.name = v.trim().to_string();
        }
        if let Some(v) = patch.codename {
            self.codename = v.trim().to_string();
        }
        if let Some(mut v) = patch.goals {
            // Stored in catalog order so two edits choosing the same goals give the same file.
            v.sort();
            self.goals = v;
        }
        if let Some(v) = patch.objective {
            self.objective = v;
        }
        if let Some(v) = patch.start_date {
            self.start_date = date(v);
        }
        if let Some(v) = patch.end_date {
            self.end_date = date(v);
        }
        if let Some(v) = patch.timezone {
            self.timezone = v.trim().to_string();
        }
        if let Some(v) = patch.handling_marking {
            self.handling_marking = v;
        }
        if let Some(v) = patch.narrative {
            self.narrative = v;
        }
        if let Some(v) = patch.doc_version {
            self.document.version = v.trim().to_string();
        }
        if let Some(v) = patch.prepared_by {
            self.document.prepared_by = v;
        }
        if let Some(v) = patch.approver {
            self.document.approver = v;
        }
        if let Some(v) = patch.approval_date {
            self.document.approval_date = date(v);
        }
        if let Some(v) = patch.distribution {
            self.document.distribution = v
                .into_iter()
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty())
                .collect();
        }
    }
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

fn from_row(row: &Row) -> rusqlite::Result<(Operation, String, String)> {
    Ok((
        Operation {
            id: row.get("id")?,
            name: row.get("name")?,
            codename: row.get("codename")?,
            goals: Vec::new(),
            objective: row.get("objective")?,
            start_date: row.get("start_date")?,
            end_date: row.get("end_date")?,
            timezone: row.get("timezone")?,
            handling_marking: row.get("handling_marking")?,
            narrative: row.get("narrative")?,
            document: DocumentControl {
                version: row.get("doc_version")?,
                prepared_by: row.get("prepared_by")?,
                approver: row.get("approver")?,
                approval_date: row.get("approval_date")?,
                distribution: Vec::new(),
            },
            catalog_version: row.get("catalog_version")?,
            created_at: row.get("created_at")?,
            modified_at: row.get("modified_at")?,
        },
        row.get("goals")?,
        row.get("distribution")?,
    ))
}

/// Reads the operation record.
pub fn load(conn: &rusqlite::Connection) -> Result<Operation> {
    let found = conn
        .query_row("SELECT * FROM operation WHERE singleton = 1", [], from_row)
        .optional()?;
    let (mut op, goals, distribution) = found.ok_or_else(|| {
        FeintError::new(
            crate::error::ErrorCode::Corrupt,
            "the file holds no operation record",
        )
    })?;
    op.goals = serde_json::from_str(&goals).map_err(|_| {
        FeintError::new(crate::error::ErrorCode::Corrupt, "stored goals are damaged")
    })?;
    op.document.distribution = serde_json::from_str(&distribution).map_err(|_| {
        FeintError::new(
            crate::error::ErrorCode::Corrupt,
            "stored distribution list is damaged",
        )
    })?;
    Ok(op)
}

/// Inserts or replaces the operation record, after validating it.
pub fn save(conn: &rusqlite::Connection, op: &Operation) -> Result<()> {
    op.validate()?;
    conn.execute(
        "INSERT OR REPLACE INTO operation (singleton, id, name, codename, goals, objective,
            start_date, end_date, timezone, handling_marking, narrative, doc_version, prepared_by,
            approver, approval_date, distribution, catalog_version, created_at, modified_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
        params![
            op.id,
            op.name,
            op.codename,
            serde_json::to_string(&op.goals)?,
            op.objective,
            op.start_date,
            op.end_date,
            op.timezone,
            op.handling_marking,
            op.narrative,
            op.document.version,
            op.document.prepared_by,
            op.document.approver,
            op.document.approval_date,
            serde_json::to_string(&op.document.distribution)?,
            op.catalog_version,
            op.created_at,
            op.modified_at,
        ],
    )?;
    Ok(())
}

/// Applies a patch in one transaction and returns the stored result.
pub fn update(store: &mut Store, patch: OperationPatch) -> Result<Operation> {
    store.with_tx(|tx| {
        let mut op = load(tx)?;
        op.apply(patch);
        op.modified_at = now();
        save(tx, &op)?;
        Ok(op)
    })
}

impl crate::document::Document {
    pub fn operation(&self) -> Result<Operation> {
        load(self.store.conn())
    }

    pub fn update_operation(&mut self, patch: OperationPatch) -> Result<Operation> {
        update(&mut self.store, patch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_op() -> Store {
        let mut store = Store::in_memory().unwrap();
        let op = Operation::new("Test op", "1.0").unwrap();
        store.with_tx(|tx| save(tx, &op)).unwrap();
        store
    }

    #[test]
    fn round_trips_every_field() {
        let mut store = store_with_op();
        let patch = OperationPatch {
            name: Some("  Dry Dock ".into()),
            codename: Some("HARBOR GLASS".into()),
            goals: Some(vec!["EGO0003".into(), "EGO0001".into()]),
            objective: Some("Expose the crew".into()),
            start_date: Some("2026-12-01".into()),
            end_date: Some("2026-12-14".into()),
            timezone: Some("Europe/Paris".into()),
            handling_marking: Some("TLP:RED".into()),
            narrative: Some("<script>alert(1)</script> مرحبا 🐳".into()),
            doc_version: Some("1.2".into()),
            prepared_by: Some("A. Planner".into()),
            approver: Some("CISO".into()),
            approval_date: Some("2026-11-30".into()),
            distribution: Some(vec!["Legal".into(), " ".into(), "CISO".into()]),
        };
        let updated = update(&mut store, patch).unwrap();
        let loaded = load(store.conn()).unwrap();
        assert_eq!(updated, loaded);
        assert_eq!(loaded.name, "Dry Dock");
        assert_eq!(loaded.goals, vec!["EGO0001", "EGO0003"]);
        assert_eq!(loaded.narrative, "<script>alert(1)</script> مرحبا 🐳");
        assert_eq!(loaded.document.distribution, vec!["Legal", "CISO"]);
        assert_eq!(loaded.start_date.as_deref(), Some("2026-12-01"));
    }

    #[test]
    fn empty_string_clears_a_date() {
        let mut store = store_with_op();
        update(
            &mut store,
            OperationPatch {
                start_date: Some("2026-01-01".into()),
                ..Default::default()
            },
        )
        .unwrap();
        let op = update(
            &mut store,
            OperationPatch {
                start_date: Some("".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(op.start_date, None);
    }

    #[test]
    fn refused_patches_change_nothing() {
        let mut store = store_with_op();
        let before = load(store.conn()).unwrap();
        let bad = [
            OperationPatch {
                name: Some("   ".into()),
                ..Default::default()
            },
            OperationPatch {
                goals: Some(vec!["SGO0001".into()]),
                ..Default::default()
            },
            OperationPatch {
                goals: Some(vec!["EGO0001".into(), "EGO0001".into()]),
                ..Default::default()
            },
            OperationPatch {
                timezone: Some("Mars/Olympus".into()),
                ..Default::default()
            },
            OperationPatch {
                start_date: Some("2026-13-01".into()),
                ..Default::default()
            },
            OperationPatch {
                start_date: Some("2026-12-10".into()),
                end_date: Some("2026-12-01".into()),
                ..Default::default()
            },
            OperationPatch {
                codename: Some("x".repeat(501)),
                ..Default::default()
            },
            OperationPatch {
                narrative: Some("x".repeat(1_000_001)),
                ..Default::default()
            },
        ];
        for patch in bad {
            let err = update(&mut store, patch.clone()).unwrap_err();
            assert_eq!(err.code, crate::error::ErrorCode::InvalidInput, "{patch:?}");
        }
        assert_eq!(load(store.conn()).unwrap(), before);
    }

    #[test]
    fn update_moves_modified_time_only() {
        let mut store = store_with_op();
        let before = load(store.conn()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let after = update(
            &mut store,
            OperationPatch {
                name: Some("New".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(after.created_at, before.created_at);
        assert!(after.modified_at > before.modified_at);
        assert_eq!(after.id, before.id);
    }
}
