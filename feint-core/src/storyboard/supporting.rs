//! Supporting information: short free texts the planner places in the quad chart beside the
//! events (a real share that validates the story, the collection system to keep hidden…).
//! The `supporting_item` table (migration 0002), the struct and its SQL live here together.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Truth, Visibility};
use crate::error::{FeintError, Result};

const MAX_TEXT: usize = 2000;
const MAX_ITEMS: i32 = crate::rules::MAX_SUPPORTING as i32;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SupportingItem {
    pub id: String,
    pub text: String,
    /// null while unset.
    pub visibility: Option<Visibility>,
    /// null while unset.
    pub truth: Option<Truth>,
    /// 0-based order in which the planner added the items.
    pub position: i32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewSupportingItem {
    pub text: String,
    pub visibility: Option<Visibility>,
    pub truth: Option<Truth>,
}

/// A partial update; an explicit `null` clears a marking.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct SupportingPatch {
    pub text: Option<String>,
    #[serde(
        default,
        with = "super::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Visibility>>")]
    pub visibility: Option<Option<Visibility>>,
    #[serde(
        default,
        with = "super::clearable",
        skip_serializing_if = "Option::is_none"
    )]
    #[ts(as = "Option<Option<Truth>>")]
    pub truth: Option<Option<Truth>>,
}

impl SupportingItem {
    pub fn new(new: NewSupportingItem, position: i32) -> Result<SupportingItem> {
        if position >= MAX_ITEMS {
            return Err(FeintError::invalid(format!(
                "an operation holds at most {MAX_ITEMS} supporting items"
            )));
        }
        let item = SupportingItem {
            id: uuid::Uuid::new_v4().to_string(),
            text: new.text.trim().to_string(),
            visibility: new.visibility,
            truth: new.truth,
            position,
        };
        item.validate()?;
        Ok(item)
    }

    pub fn apply(&mut self, patch: SupportingPatch) -> Result<()> {
        if let Some(v) = patch.text {
            self.text = v.trim().to_string();
        }
        if let Some(v) = patch.visibility {
            self.visibility = v;
        }
        if let Some(v) = patch.truth {
            self.truth = v;
        }
        self.validate()
    }

    pub fn validate(&self) -> Result<()> {
        if uuid::Uuid::parse_str(&self.id).is_err() {
            return Err(FeintError::invalid(format!(
                "\"{}\" is not a supporting item ID",
                self.id
            )));
        }
        if self.text.trim().is_empty() {
            return Err(FeintError::invalid("a supporting item needs some text"));
        }
        if self.text.chars().count() > MAX_TEXT {
            return Err(FeintError::invalid(format!(
                "a supporting item is at most {MAX_TEXT} characters"
            )));
        }
        Ok(())
    }
}

fn from_row(row: &Row) -> rusqlite::Result<SupportingItem> {
    Ok(SupportingItem {
        id: row.get(0)?,
        text: row.get(1)?,
        visibility: row.get(2)?,
        truth: row.get(3)?,
        position: row.get(4)?,
    })
}

pub fn load_all(conn: &Connection) -> Result<Vec<SupportingItem>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, text, visibility, truth, position FROM supporting_item ORDER BY position, id",
    )?;
    let items = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

pub fn load(conn: &Connection, id: &str) -> Result<Option<SupportingItem>> {
    Ok(conn
        .prepare_cached(
            "SELECT id, text, visibility, truth, position FROM supporting_item WHERE id = ?1",
        )?
        .query_row([id], from_row)
        .optional()?)
}

pub fn get(conn: &Connection, id: &str) -> Result<SupportingItem> {
    load(conn, id)?.ok_or_else(|| FeintError::not_found(format!("no supporting item \"{id}\"")))
}

/// The position a new item takes: after the last one.
pub fn next_position(conn: &Connection) -> Result<i32> {
    Ok(conn.query_row(
        "SELECT coalesce(max(position) + 1, 0) FROM supporting_item",
        [],
        |r| r.get(0),
    )?)
}

pub fn upsert(conn: &Connection, item: &SupportingItem) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO supporting_item (id, text, visibility, truth, position)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET text = excluded.text, visibility = excluded.visibility,
            truth = excluded.truth, position = excluded.position",
    )?
    .execute(params![
        item.id,
        item.text,
        item.visibility,
        item.truth,
        item.position
    ])?;
    Ok(())
}

pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM supporting_item WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn rows_round_trip_and_append() {
        let store = Store::in_memory().unwrap();
        assert_eq!(next_position(store.conn()).unwrap(), 0);
        let item = SupportingItem::new(
            NewSupportingItem {
                text: "  Real DNS record for the build server ".into(),
                visibility: Some(Visibility::Revealed),
                truth: Some(Truth::Fact),
            },
            0,
        )
        .unwrap();
        assert_eq!(item.text, "Real DNS record for the build server");
        upsert(store.conn(), &item).unwrap();
        assert_eq!(next_position(store.conn()).unwrap(), 1);
        assert_eq!(load_all(store.conn()).unwrap(), vec![item.clone()]);
        let mut changed = item.clone();
        let patch: SupportingPatch = serde_json::from_str(r#"{"truth": null}"#).unwrap();
        changed.apply(patch).unwrap();
        assert_eq!(changed.truth, None);
        assert_eq!(changed.visibility, Some(Visibility::Revealed));
        upsert(store.conn(), &changed).unwrap();
        assert_eq!(get(store.conn(), &item.id).unwrap(), changed);
        delete(store.conn(), &item.id).unwrap();
        assert!(get(store.conn(), &item.id).is_err());
    }

    #[test]
    fn refuses_empty_or_huge_text() {
        for text in ["   ".to_string(), "x".repeat(MAX_TEXT + 1)] {
            let err = SupportingItem::new(
                NewSupportingItem {
                    text,
                    ..Default::default()
                },
                0,
            )
            .unwrap_err();
            assert_eq!(err.code, crate::error::ErrorCode::InvalidInput);
        }
    }
}
