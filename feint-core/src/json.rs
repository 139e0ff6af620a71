//! The JSON export: the operation's own data in a documented, versioned schema.
//!
//! No catalog, no undo history and no export time go in, so two exports of one file are
//! byte-identical; IDs and created/modified times are kept, so export → import → export is too.
//! The schema is described in ARCHITECTURE.md ("The JSON export").

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::error::{ErrorCode, FeintError, Result};
use crate::intel::IntelExport;
use crate::journal::RunExport;
use crate::operation::Operation;
use crate::order::Order;
use crate::persona::PersonaExport;
use crate::storyboard::StoryboardData;
use crate::threat::ThreatModelExport;

pub const FORMAT: &str = "feint-operation";
/// Bumped whenever a later feature adds to the schema; older Feints refuse newer files.
/// 1: the operation record. 2: the storyboard (events, custom lanes, supporting items).
/// 3: personas, with their accounts and the events they take part in. 4: the threat model.
/// 5: the operation order (criteria, rules, roles, environment). 6: the rest of the order
/// (front matter, intent, phases, risks, signal plan, signature), event owner roles and gates
/// tied to a day or a phase. 7: running the operation (phase, approved baseline, execution
/// journal, actuals). 8: gate decisions and the decision that halted the operation; intelligence
/// (indicators and evidence references); the after-action review (assessed success criteria,
/// lessons, hotwash).
pub const SCHEMA_VERSION: u32 = 8;
/// Import reads at most this much, so a huge or hostile file cannot exhaust memory.
pub const MAX_IMPORT_BYTES: u64 = 200 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
pub struct OperationExport {
    pub format: String,
    pub schema_version: u32,
    pub operation: Operation,
    /// Absent from schema 1 exports, which read as an empty storyboard.
    #[serde(default)]
    pub storyboard: StoryboardData,
    /// Absent before schema 3, which reads as no personas.
    #[serde(default)]
    pub personas: Vec<PersonaExport>,
    /// Absent before schema 4, which reads as an empty threat model.
    #[serde(default)]
    pub threat_model: ThreatModelExport,
    /// Absent before schema 5, which reads as an empty order; its `opord`, gate decision
    /// points and event owner roles are absent before schema 6 and read as empty.
    #[serde(default)]
    pub order: Order,
    /// Absent before schema 7, which reads as an operation still in planning; its gate
    /// decisions are absent before schema 8 and read as none.
    #[serde(default)]
    pub run: RunExport,
    /// Absent before schema 8, which reads as no indicators and no evidence.
    #[serde(default)]
    pub intelligence: IntelExport,
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
        storyboard: doc.storyboard_data()?,
        personas: crate::persona::export_all(doc.store().conn())?,
        threat_model: doc.threat_model_data()?,
        order: doc.order()?,
        run: doc.run_data()?,
        intelligence: doc.intel_data()?,
    };
    let mut text = serde_json::to_string_pretty(&data)?;
    text.push('\n');
    Ok(text)
}

pub fn export_to_file(doc: &Document, out: &Path) -> Result<()> {
    doc.write_export(out, export(doc)?.as_bytes())
}

pub fn parse(text: &str) -> Result<OperationExport> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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

/// Reads a JSON file as text, refusing one over `limit` bytes (a bounded read).
pub fn read_text(input: &Path, limit: u64) -> Result<String> {
    crate::input::read_text(input, limit, "JSON file")
}

/// Creates a new operation file at `dest` from a JSON export.
pub fn import_file(input: &Path, dest: &Path) -> Result<Document> {
    let text = read_text(input, MAX_IMPORT_BYTES)?;
    import_text(&text, dest).map_err(|err| crate::rules::in_file(input, err))
}

/// Creates a new operation file at `dest` from the text of a JSON export (the sample is
/// written this way too, so it meets every rule an imported file meets).
pub fn import_text(text: &str, dest: &Path) -> Result<Document> {
    let data = parse(text)?;
    Document::import_export(dest, &data)
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
    fn the_storyboard_survives_export_import_export() {
        use crate::storyboard::*;
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("a.feint"), "Board").unwrap();
        let lane = doc.add_lane("Environment").unwrap().lanes.unwrap()[0].clone();
        doc.add_event(NewEvent {
            activity_id: "EAC0018".into(),
            day: -2,
            minute: 600,
            lane_id: Some(lane.id.clone()),
            visibility: Some(Visibility::Concealed),
            truth: Some(Truth::Fact),
            technique_ids: Some(vec!["T1611".into(), "T1098.004".into()]),
            narrative: Some("Escape \"works\" 🐳\nsecond line".into()),
            ..Default::default()
        })
        .unwrap();
        doc.add_event(NewEvent {
            activity_id: "SAC0003".into(),
            day: 0,
            minute: 0,
            ..Default::default()
        })
        .unwrap();
        doc.add_supporting(NewSupportingItem {
            text: "Real DNS record".into(),
            visibility: Some(Visibility::Revealed),
            truth: None,
        })
        .unwrap();
        let first = export(&doc).unwrap();
        assert_eq!(first, export(&doc).unwrap());
        let json_path = dir.path().join("a.json");
        export_to_file(&doc, &json_path).unwrap();
        let mut imported = import_file(&json_path, &dir.path().join("b.feint")).unwrap();
        assert_eq!(export(&imported).unwrap(), first);
        // The undo history stays behind: the import starts clean.
        assert!(!imported.storyboard().unwrap().can_undo);
        assert_eq!(imported.undo().unwrap(), None);

        let value: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(value["schema_version"], SCHEMA_VERSION);
        let events = value["storyboard"]["events"].as_array().unwrap();
        assert_eq!(events[0]["activity_id"], "EAC0018");
        assert_eq!(events[0]["visibility"], "concealed");
        assert_eq!(events[0]["truth"], "fact");
        assert_eq!(events[0]["technique_ids"][1], "T1098.004");
        assert_eq!(events[0]["lane_id"], lane.id.as_str());
        assert_eq!(events[1]["activity_id"], "SAC0003");
        assert!(events[1]["visibility"].is_null());
        assert!(events[1]["truth"].is_null());
        assert_eq!(value["storyboard"]["lanes"][0]["name"], "Environment");
        assert_eq!(
            value["storyboard"]["supporting"][0]["visibility"],
            "revealed"
        );
        assert!(value.get("undo_log").is_none() && value["storyboard"].get("undo_log").is_none());
    }

    #[test]
    fn personas_and_their_links_survive_export_import_export() {
        use crate::persona::*;
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("a.feint"), "People").unwrap();
        let event = doc
            .add_event(crate::storyboard::NewEvent {
                activity_id: "EAC0018".into(),
                ..Default::default()
            })
            .unwrap()
            .events[0]
            .id
            .clone();
        let admin = doc
            .create_persona(NewPersona {
                name: "Jonas <b>Weber</b> 🐳".into(),
                template: Some("sysadmin".into()),
            })
            .unwrap();
        doc.add_account(
            admin.id(),
            NewAccount {
                system: Some("build-01".into()),
                username: Some("jweber".into()),
                secret: Some("Winter2026!".into()),
                ..Default::default()
            },
        )
        .unwrap();
        doc.add_account(
            admin.id(),
            NewAccount {
                username: Some("svc-backup".into()),
                secret_kind: Some(SecretKind::Honeytoken),
                secret: Some("AKIA-CANARY".into()),
                visibility: Some(crate::storyboard::Visibility::Revealed),
                ..Default::default()
            },
        )
        .unwrap();
        let idle = doc
            .create_persona(NewPersona {
                name: "Idle".into(),
                template: None,
            })
            .unwrap();
        doc.set_event_personas(&event, &[admin.id().to_string()])
            .unwrap();
        let first = export(&doc).unwrap();
        assert_eq!(first, export(&doc).unwrap());
        let json_path = dir.path().join("a.json");
        export_to_file(&doc, &json_path).unwrap();
        let imported = import_file(&json_path, &dir.path().join("b.feint")).unwrap();
        assert_eq!(export(&imported).unwrap(), first);
        assert_eq!(imported.personas().unwrap(), doc.personas().unwrap());
        assert_eq!(imported.event_personas().unwrap()[&event], vec![admin.id()]);

        let value: serde_json::Value = serde_json::from_str(&first).unwrap();
        let personas = value["personas"].as_array().unwrap();
        assert_eq!(personas.len(), 2);
        let admin_json = personas.iter().find(|p| p["id"] == admin.id()).unwrap();
        assert_eq!(admin_json["event_ids"][0], event.as_str());
        assert_eq!(admin_json["accounts"][0]["password"], "Winter2026!");
        assert_eq!(admin_json["accounts"][1]["honeytoken"], "AKIA-CANARY");
        assert!(
            !first.contains("\"secret"),
            "secrets only under password/honeytoken"
        );
        let idle_json = personas.iter().find(|p| p["id"] == idle.id()).unwrap();
        assert!(idle_json.get("event_ids").is_none());

        // A link to an event that is not there is refused, and no file is left.
        let bad = first.replace(&format!("\"{event}\"\n      ]"), "\"ghost\"\n      ]");
        assert_ne!(bad, first);
        let bad_path = dir.path().join("bad.json");
        std::fs::write(&bad_path, bad).unwrap();
        let dest = dir.path().join("c.feint");
        assert!(import_file(&bad_path, &dest).is_err());
        assert!(!dest.exists());
    }

    #[test]
    fn the_threat_model_survives_export_import_export() {
        use crate::threat::{AdversaryPatch, Confidence, TechniquePatch};
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("a.feint"), "Threat").unwrap();
        doc.update_adversary(AdversaryPatch {
            name: Some("Harbor <i>crew</i>".into()),
            aliases: Some(vec!["TeamTNT".into(), "\"quoted\" 🐳".into()]),
            description: Some("line one\nline two".into()),
            sources: Some("Own telemetry".into()),
            references: Some(vec!["https://example.invalid/r".into()]),
        })
        .unwrap();
        doc.add_techniques(&["T1611".into(), "T1098.004".into(), "T1133".into()])
            .unwrap();
        doc.update_technique(
            "T1098.004",
            TechniquePatch {
                note: Some("key in authorized_keys".into()),
                confidence: Some(Some(Confidence::Low)),
            },
        )
        .unwrap();
        let first = export(&doc).unwrap();
        assert_eq!(first, export(&doc).unwrap());
        let json_path = dir.path().join("a.json");
        export_to_file(&doc, &json_path).unwrap();
        let imported = import_file(&json_path, &dir.path().join("b.feint")).unwrap();
        assert_eq!(export(&imported).unwrap(), first);
        assert_eq!(
            imported.threat_model().unwrap(),
            doc.threat_model().unwrap()
        );

        let value: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(value["schema_version"], SCHEMA_VERSION);
        let tm = &value["threat_model"];
        assert_eq!(tm["adversary"]["aliases"][1], "\"quoted\" 🐳");
        assert_eq!(tm["techniques"][0]["technique_id"], "T1611");
        assert_eq!(tm["techniques"][1]["confidence"], "low");
        assert!(tm["techniques"][0]["confidence"].is_null());

        // An unknown or repeated technique is refused and leaves no file.
        let cases = [
            first.replace("\"T1133\"", "\"T9999\""),
            first.replace("\"T1133\"", "\"T1611\""),
            first.replace("\"low\"", "\"certain\""),
        ];
        for (i, text) in cases.iter().enumerate() {
            assert_ne!(text, &first, "case {i} did not change the export");
            let bad = dir.path().join(format!("bad{i}.json"));
            std::fs::write(&bad, text).unwrap();
            let dest = dir.path().join(format!("c{i}.feint"));
            let err = import_file(&bad, &dest).err().unwrap();
            assert_eq!(err.code, ErrorCode::InvalidInput, "case {i}: {err:?}");
            assert!(!dest.exists(), "case {i} left a file");
        }
    }

    #[test]
    fn a_schema_3_export_imports_with_an_empty_threat_model() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("a.feint"), "Old").unwrap();
        doc.create_persona(crate::persona::NewPersona {
            name: "Kept".into(),
            template: None,
        })
        .unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&export(&doc).unwrap()).unwrap();
        value["schema_version"] = 3.into();
        value.as_object_mut().unwrap().remove("threat_model");
        let path = dir.path().join("old.json");
        std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
        let imported = import_file(&path, &dir.path().join("b.feint")).unwrap();
        assert_eq!(imported.personas().unwrap().len(), 1);
        let model = imported.threat_model().unwrap();
        assert!(model.techniques.is_empty());
        assert_eq!(model.adversary, crate::threat::Adversary::default());
    }

    #[test]
    fn a_schema_2_export_imports_with_no_personas() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("a.feint"), "Old").unwrap();
        doc.add_event(crate::storyboard::NewEvent {
            activity_id: "EAC0005".into(),
            ..Default::default()
        })
        .unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&export(&doc).unwrap()).unwrap();
        value["schema_version"] = 2.into();
        value.as_object_mut().unwrap().remove("personas");
        let path = dir.path().join("old.json");
        std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
        let imported = import_file(&path, &dir.path().join("b.feint")).unwrap();
        assert_eq!(imported.storyboard().unwrap().events.len(), 1);
        assert!(imported.personas().unwrap().is_empty());
    }

    #[test]
    fn a_schema_1_export_imports_with_an_empty_storyboard() {
        let dir = tempfile::tempdir().unwrap();
        let doc = Document::create(&dir.path().join("a.feint"), "Old").unwrap();
        let mut value: serde_json::Value = serde_json::from_str(&export(&doc).unwrap()).unwrap();
        value["schema_version"] = 1.into();
        value.as_object_mut().unwrap().remove("storyboard");
        let path = dir.path().join("old.json");
        std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
        let imported = import_file(&path, &dir.path().join("b.feint")).unwrap();
        assert_eq!(imported.operation().unwrap(), doc.operation().unwrap());
        assert!(imported.storyboard().unwrap().events.is_empty());
    }

    #[test]
    fn an_invalid_storyboard_is_refused_and_no_file_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let mut doc = Document::create(&dir.path().join("a.feint"), "A").unwrap();
        doc.add_event(crate::storyboard::NewEvent {
            activity_id: "EAC0005".into(),
            ..Default::default()
        })
        .unwrap();
        let good = export(&doc).unwrap();
        let cases = [
            good.replace("\"EAC0005\"", "\"EAC0999\""),
            good.replace("\"minute\": 0", "\"minute\": 1440"),
            good.replace("\"technique_ids\": []", "\"technique_ids\": [\"lateral\"]"),
            good.replace("\"lane_id\": null", "\"lane_id\": \"nowhere\""),
            good.replace("\"visibility\": null", "\"visibility\": \"maybe\""),
        ];
        for (i, text) in cases.iter().enumerate() {
            assert_ne!(text, &good, "case {i} did not change the export");
            let json_path = dir.path().join(format!("bad{i}.json"));
            std::fs::write(&json_path, text).unwrap();
            let dest = dir.path().join(format!("b{i}.feint"));
            let err = import_file(&json_path, &dest).err().unwrap();
            assert!(
                matches!(err.code, ErrorCode::InvalidInput | ErrorCode::NotFound),
                "case {i}: {err:?}"
            );
            assert!(!dest.exists(), "case {i} left a file");
        }
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
