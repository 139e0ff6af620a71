//! "New operation from this one": the plan again, safely. The copy holds the operation,
//! storyboard, personas, threat model and order, each row under a fresh ID; it holds no
//! secret (every password and honeytoken is blanked, the account kept), no journal, no
//! actuals and no run state (it starts in planning, unapproved). The lessons of the first
//! operation come along as notes in the new journal, so they are read where the team writes.
//!
//! It goes through the JSON export and the importer, so the copy meets every import rule.

use std::path::Path;

use serde_json::{json, Value};

use crate::document::Document;
use crate::error::Result;

impl Document {
    /// Writes a new operation file at `path` (refusing to overwrite) from this one's plan,
    /// with `lessons` as journal notes, and returns it open.
    pub fn new_from(&self, path: &Path, lessons: &[String]) -> Result<Document> {
        let mut data: Value = serde_json::from_str(&crate::json::export(self)?)?;
        blank_secrets(&mut data);
        unapprove(&mut data);
        let now = crate::operation::now();
        let source = self.operation()?.name;
        data["run"] = json!({ "journal": lesson_notes(&source, lessons, &now) });
        crate::sample::renew(&mut data, &now, &mut Default::default());
        crate::json::import_text(&serde_json::to_string(&data)?, path)
    }

    /// The lessons this operation carries into a new one: the after-action review's sustain
    /// and improve items, in their order, each saying which it is.
    pub fn lessons(&self) -> Result<Vec<String>> {
        let review = self.run_data()?.after_action;
        let sustain = review
            .sustain
            .into_iter()
            .map(|l| format!("Sustain: {}", l.text));
        let improve = review
            .improve
            .into_iter()
            .map(|l| format!("Improve: {}", l.text));
        Ok(sustain.chain(improve).collect())
    }
}

/// Every password and honeytoken emptied; the account, its kind of secret and its username stay.
fn blank_secrets(data: &mut Value) {
    let Some(personas) = data["personas"].as_array_mut() else {
        return;
    };
    for persona in personas {
        let Some(accounts) = persona["accounts"].as_array_mut() else {
            continue;
        };
        for account in accounts {
            for key in ["password", "honeytoken"] {
                if let Some(secret) = account.get_mut(key) {
                    *secret = Value::String(String::new());
                }
            }
        }
    }
}

/// The new plan is a draft: no approver, no approval date, no codename (a codename used twice
/// links the two operations).
fn unapprove(data: &mut Value) {
    let op = &mut data["operation"];
    op["codename"] = Value::String(String::new());
    op["document"]["approver"] = Value::String(String::new());
    op["document"]["approval_date"] = Value::Null;
}

fn lesson_notes(source: &str, lessons: &[String], now: &str) -> Vec<Value> {
    lessons
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|lesson| {
            json!({
                "id": uuid::Uuid::new_v4().to_string(),
                "at": now,
                "author_role": "team_lead",
                "kind": "note",
                "text": format!("Lesson from \u{201c}{source}\u{201d}: {}", lesson.trim()),
                "created_at": now,
                "modified_at": now,
            })
        })
        .collect()
}
