//! The JSON export: the operation's own data in a documented, versioned schema.
//!
//! No catalog, no undo history and no export time go in, so two exports of one file are
//! byte-identical; IDs and created/modified times are kept, so export → import → export is too.
//! The schema is described in ARCHITECTURE.md ("The JSON export").

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::error::{ErrorCode, FeintError, Result};
use crate::operation::Operation;

pub const FORMAT: &str = "feint-operation";
/// Bumped whenever a later feature adds to the schema; older Feints refuse newer files.
pub const SCHEMA_VERSION: u32 = 1;
/// Import reads at most this much, so a huge or hostile file cannot exhaust memory.
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
pub struct OperationExport {
    pub format: String,
    pub schema_version: u32,
    pub operation: Operation,
}

/// Header fields read first, so a newer or foreign file gets a clear message rather than a
/// field-by-field parse error.
#[derive(Deserialize)]
struct Envelope {
    format: Option<String>,
    schema_version: Option<u32>,
}

pub fn export(doc: &Document) -> Result<String> {
    let data = OperationExport {
        format: FORMAT.into(),
        schema_version: SCHEMA_VERSION,
        operation: doc.operation()?,
    };
    let mut text = serde_json::to_string_pretty(&data)?;
    text.push('\n');
    Ok(text)
}

pub fn export_to_file(doc: &Document, out: &Path) -> Result<()> {
    crate::store::write_private(out, export(doc)?.as_bytes())
}

pub fn parse(text: &str) -> Result<OperationExport> {
    let envelope: Envelope = serde_json::from_str(text)
        .map_err(|e| FeintError::invalid(format!("not a Feint JSON export: {e}")))?;
    if envelope.format.as_deref() != Some(FORMAT) {
        return Err(FeintError::invalid(format!(
            "not a Feint JSON export (\"format\" must be \"{FORMAT}\")"
        )));
    }
    match envelope.schema_version {
        Some(v) if v > SCHEMA_VERSION => {
            return Err(FeintError::new(
                ErrorCode::NewerVersion,
                format!(
                    "this export was written by a newer version of Feint (JSON schema {v}; this Feint reads up to {SCHEMA_VERSION})"
                ),
            ))
        }
        Some(_) => {}
        None => return Err(FeintError::invalid("the export has no \"schema_version\"")),
    }
    let data: OperationExport = serde_json::from_str(text)
        .map_err(|e| FeintError::invalid(format!("the export is malformed: {e}")))?;
    data.operation.validate()?;
    Ok(data)
}

/// Creates a new operation file at `dest` from a JSON export.
pub fn import_file(input: &Path, dest: &Path) -> Result<Document> {
    let size = std::fs::metadata(input)
        .map_err(|e| FeintError::io(&format!("cannot read {}", input.display()), e))?
        .len();
    if size > MAX_IMPORT_BYTES {
        return Err(FeintError::invalid(format!(
            "{} is {} MB; Feint imports files up to {} MB",
            input.display(),
            size / 1_000_000,
            MAX_IMPORT_BYTES / 1_000_000
        )));
    }
    let bytes = std::fs::read(input)
        .map_err(|e| FeintError::io(&format!("cannot read {}", input.display()), e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| FeintError::invalid(format!("{} is not UTF-8 text", input.display())))?;
    let data = parse(&text)?;
    Document::create_with(dest, &data.operation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::OperationPatch;

    #[test]
    fn export_import_export_is_identical() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("a.feint"), "Round trip").unwrap();
        doc.update_operation(OperationPatch {
            narrative: Some("line one\n\"quoted\" <b>bold</b> שלום 🎭".into()),
            goals: Some(vec!["EGO0002".into()]),
            distribution: Some(vec!["Legal".into()]),
            ..Default::default()
        })
        .unwrap();
        let first = export(&doc).unwrap();
        assert_eq!(
            first,
            export(&doc).unwrap(),
            "two exports of one file differ"
        );
        let json_path = dir.path().join("a.json");
        export_to_file(&doc, &json_path).unwrap();
        let imported = import_file(&json_path, &dir.path().join("b.feint")).unwrap();
        assert_eq!(export(&imported).unwrap(), first);
        let value: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(value["operation"]["handling_marking"], "TLP:AMBER");
        assert!(value.get("catalog").is_none());
    }

    #[test]
    fn refuses_foreign_newer_and_malformed_json() {
        let cases = [
            ("[1,2", ErrorCode::InvalidInput),
            (
                "{\"format\":\"other\",\"schema_version\":1}",
                ErrorCode::InvalidInput,
            ),
            (
                "{\"format\":\"feint-operation\",\"schema_version\":99}",
                ErrorCode::NewerVersion,
            ),
            (
                "{\"format\":\"feint-operation\",\"schema_version\":1}",
                ErrorCode::InvalidInput,
            ),
            ("{\"format\":\"feint-operation\"}", ErrorCode::InvalidInput),
        ];
        for (text, code) in cases {
            assert_eq!(parse(text).unwrap_err().code, code, "{text}");
        }
    }

    #[test]
    fn import_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let doc = Document::create(&dir.path().join("a.feint"), "A").unwrap();
        let json_path = dir.path().join("a.json");
        export_to_file(&doc, &json_path).unwrap();
        let err = import_file(&json_path, &dir.path().join("a.feint"))
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::AlreadyExists);
        assert_eq!(doc.operation().unwrap().name, "A");
    }

    #[test]
    fn invalid_operation_in_json_is_refused_and_no_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let doc = Document::create(&dir.path().join("a.feint"), "A").unwrap();
        let text = export(&doc)
            .unwrap()
            .replace("\"timezone\": \"UTC\"", "\"timezone\": \"Nowhere/Land\"");
        let json_path = dir.path().join("bad.json");
        std::fs::write(&json_path, text).unwrap();
        let dest = dir.path().join("b.feint");
        assert_eq!(
            import_file(&json_path, &dest).err().unwrap().code,
            ErrorCode::InvalidInput
        );
        assert!(!dest.exists());
    }
}
