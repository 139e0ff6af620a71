//! Evidence references: a file the team keeps (a capture, a sample, a screenshot), recorded by
//! name, size, the SHA-256 Feint computes from it and where it is kept. Feint reads the file
//! only to hash it — it never runs or opens it otherwise — and copies its bytes into the
//! operation only when the planner asks, up to `MAX_EVIDENCE_COPY`.

use std::collections::BTreeSet;
use std::path::Path;

use base64::Engine as _;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{FeintError, Result};
use crate::rules::{
    check_count, check_id, check_short, check_text, check_timestamp, in_entry, MAX_EVIDENCE,
    MAX_EVIDENCE_COPY, MAX_TEXT,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Evidence {
    pub id: String,
    pub file_name: String,
    /// Bytes.
    #[ts(type = "number")]
    pub size: u64,
    /// Lower-case hexadecimal, computed by Feint from the file.
    pub sha256: String,
    /// Where the evidence is kept (the file's path unless the planner wrote another place).
    pub location: String,
    #[serde(default)]
    pub note: String,
    /// Whether the operation holds a copy of the bytes.
    #[serde(default)]
    pub kept_copy: bool,
    pub added_at: String,
}

/// An evidence reference in the JSON export: the copy, when kept, as base64.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceExport {
    #[serde(flatten)]
    pub evidence: Evidence,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_base64: Option<String>,
}

/// A file to reference, as the form sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct NewEvidence {
    pub path: String,
    /// Where it is kept; left out: the file's own path.
    pub location: Option<String>,
    pub note: Option<String>,
    /// Keep a copy of the bytes in the operation.
    pub keep_copy: Option<bool>,
}

/// The size and SHA-256 of a regular file, read in blocks so any size can be hashed.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    use std::io::Read;
    crate::store::check_regular(path)?;
    let mut file = std::fs::File::open(path)
        .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut size = 0u64;
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| FeintError::io(&format!("cannot read {}", path.display()), e))?;
        if n == 0 {
            break;
        }
        size += n as u64;
        hasher.update(&buf[..n]);
    }
    Ok((size, hex(&hasher.finalize())))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

impl Evidence {
    pub(crate) fn validate(&self) -> Result<()> {
        check_id("evidence ID", &self.id)?;
        if self.file_name.trim().is_empty() {
            return Err(FeintError::invalid(
                "an evidence reference needs a file name",
            ));
        }
        check_short("evidence file name", &self.file_name)?;
        check_text("evidence location", &self.location, MAX_TEXT)?;
        check_text("evidence note", &self.note, MAX_TEXT)?;
        check_timestamp("evidence's time", &self.added_at)?;
        if !is_sha256(&self.sha256) {
            return Err(FeintError::invalid(format!(
                "the SHA-256 of {} is not 64 lower-case hexadecimal digits",
                self.file_name
            )));
        }
        if self.size > i64::MAX as u64 {
            return Err(FeintError::invalid(format!(
                "the size of {} is out of range",
                self.file_name
            )));
        }
        Ok(())
    }
}

/// A kept copy must be the file the reference names: its size and hash are checked again.
fn check_copy(evidence: &Evidence, content: Option<&[u8]>) -> Result<()> {
    let Some(bytes) = content else {
        if evidence.kept_copy {
            return Err(FeintError::invalid(format!(
                "{} is marked as kept in the operation but its copy is missing",
                evidence.file_name
            )));
        }
        return Ok(());
    };
    if !evidence.kept_copy {
        return Err(FeintError::invalid(format!(
            "{} carries a copy though none was kept",
            evidence.file_name
        )));
    }
    if bytes.len() as u64 > MAX_EVIDENCE_COPY {
        return Err(FeintError::invalid(format!(
            "the copy of {} is larger than {} MB, the most an operation keeps",
            evidence.file_name,
            MAX_EVIDENCE_COPY / (1024 * 1024)
        )));
    }
    if bytes.len() as u64 != evidence.size || sha256_hex(bytes) != evidence.sha256 {
        return Err(FeintError::invalid(format!(
            "the copy of {} does not match its size and SHA-256",
            evidence.file_name
        )));
    }
    Ok(())
}

pub(crate) fn save(conn: &Connection, evidence: &Evidence, content: Option<&[u8]>) -> Result<()> {
    conn.execute(
        "INSERT INTO evidence (id, file_name, size, sha256, location, note, content, added_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            evidence.id,
            evidence.file_name,
            evidence.size as i64,
            evidence.sha256,
            evidence.location,
            evidence.note,
            content,
            evidence.added_at
        ],
    )?;
    Ok(())
}

/// Every reference in the order it was added; with the copies when `with_content`.
pub(crate) fn load_all(conn: &Connection, with_content: bool) -> Result<Vec<EvidenceExport>> {
    let mut stmt = conn.prepare(
        "SELECT id, file_name, size, sha256, location, note, content IS NOT NULL,
             CASE WHEN ?1 THEN content END, added_at
         FROM evidence ORDER BY added_at, rowid",
    )?;
    let rows = stmt.query_map([with_content], |r| {
        let size: i64 = r.get(2)?;
        Ok(EvidenceExport {
            evidence: Evidence {
                id: r.get(0)?,
                file_name: r.get(1)?,
                size: size.max(0) as u64,
                sha256: r.get(3)?,
                location: r.get(4)?,
                note: r.get(5)?,
                kept_copy: r.get(6)?,
                added_at: r.get(8)?,
            },
            content_base64: r
                .get::<_, Option<Vec<u8>>>(7)?
                .map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(crate) fn count(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM evidence", [], |r| r.get(0))?;
    Ok(n as usize)
}

fn decode(item: &EvidenceExport) -> Result<Option<Vec<u8>>> {
    item.content_base64
        .as_deref()
        .map(|text| {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| {
                    FeintError::invalid(format!(
                        "the copy of {} is not base64",
                        item.evidence.file_name
                    ))
                })
        })
        .transpose()
}

/// Writes the references of an import (or of a file being checked), copies checked against
/// their size and hash.
pub(crate) fn insert_all(conn: &Connection, items: &[EvidenceExport]) -> Result<()> {
    check_count("evidence references", items.len(), MAX_EVIDENCE)?;
    let mut ids = BTreeSet::new();
    for (i, item) in items.iter().enumerate() {
        let evidence = &item.evidence;
        let unique = if ids.insert(evidence.id.as_str()) {
            Ok(())
        } else {
            Err(FeintError::invalid("the ID is used twice"))
        };
        unique
            .and_then(|_| evidence.validate())
            .and_then(|_| decode(item))
            .and_then(|content| {
                check_copy(evidence, content.as_deref())?;
                save(conn, evidence, content.as_deref())
            })
            .map_err(|e| in_entry("evidence reference", i, &evidence.id, e))?;
    }
    Ok(())
}

/// Reads the file named in `new` into a reference (and its copy when asked); checked whole.
pub(crate) fn read_new(new: &NewEvidence, stamp: &str) -> Result<(Evidence, Option<Vec<u8>>)> {
    let path = Path::new(new.path.trim());
    if new.path.trim().is_empty() {
        return Err(FeintError::invalid("choose the evidence file"));
    }
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| FeintError::invalid(format!("{} does not name a file", path.display())))?;
    let keep = new.keep_copy.unwrap_or(false);
    let (size, sha256, content) = if keep {
        let bytes = crate::input::read_bounded(
            path,
            MAX_EVIDENCE_COPY,
            "copy of evidence kept in the operation",
        )?;
        (bytes.len() as u64, sha256_hex(&bytes), Some(bytes))
    } else {
        let (size, sha256) = hash_file(path)?;
        (size, sha256, None)
    };
    let location = match new.location.as_deref().map(str::trim) {
        Some(place) if !place.is_empty() => place.to_string(),
        _ => std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
    };
    let evidence = Evidence {
        id: uuid::Uuid::new_v4().to_string(),
        file_name,
        size,
        sha256,
        location,
        note: new.note.as_deref().unwrap_or("").trim().to_string(),
        kept_copy: keep,
        added_at: stamp.to_string(),
    };
    evidence.validate()?;
    Ok((evidence, content))
}

/// The kept copy of one reference, if any.
pub(crate) fn content_of(conn: &Connection, id: &str) -> Result<Option<Vec<u8>>> {
    use rusqlite::OptionalExtension;
    conn.query_row("SELECT content FROM evidence WHERE id = ?1", [id], |r| {
        r.get::<_, Option<Vec<u8>>>(0)
    })
    .optional()?
    .ok_or_else(|| FeintError::not_found(format!("no evidence reference has the ID \"{id}\"")))
}
