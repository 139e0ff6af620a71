//! The OPORD parts of the order (migration 0006): edits, the rules a value must meet on every
//! path in (edit, import, a file being opened), and older files and exports.

use super::*;
use crate::document::Document;
use crate::storyboard::EventPatch;

fn doc() -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().unwrap();
    let doc = Document::create(&dir.path().join("op.feint"), "Opord test").unwrap();
    (dir, doc)
}

fn sample() -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().unwrap();
    let doc = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    (dir, doc)
}

fn text(doc: &mut Document, field: OpordField, value: &str) -> Result<Order> {
    doc.edit_order(OrderEdit::SetOpordText {
        field,
        value: value.into(),
    })
}

#[test]
fn every_opord_part_is_edited_and_read_back_from_the_file() {
    let (dir, mut doc) = doc();
    text(&mut doc, OpordField::Intent, "Learn how they move.").unwrap();
    text(&mut doc, OpordField::CodeStop, "ANCHOR DOWN").unwrap();
    text(&mut doc, OpordField::IssuedAt, "2026-12-04T16:00").unwrap();
    doc.edit_order(OrderEdit::SetCopies {
        copy_number: 2,
        copies: 5,
    })
    .unwrap();
    doc.edit_order(OrderEdit::AddListItem {
        list: OpordList::References,
        text: Some("Policy IS-POL-07".into()),
    })
    .unwrap();
    let order = doc
        .edit_order(OrderEdit::AddListItem {
            list: OpordList::InformationRequirements,
            text: None,
        })
        .unwrap();
    let ir = order.opord.information_requirements[0].id.clone();
    doc.edit_order(OrderEdit::UpdateListItem {
        id: ir,
        text: "Where do they connect back to?".into(),
    })
    .unwrap();
    let order = doc
        .edit_order(OrderEdit::AddPhase {
            name: Some("Exposure".into()),
            start_day: Some(0),
            end_day: Some(3),
        })
        .unwrap();
    let phase = order.opord.phases[0].id.clone();
    let order = doc
        .edit_order(OrderEdit::AddRisk {
            risk: Some("Third parties are attacked".into()),
        })
        .unwrap();
    doc.edit_order(OrderEdit::UpdateRisk {
        id: order.opord.risks[0].id.clone(),
        risk: None,
        likelihood: Some(RiskLevel::Low),
        impact: Some(RiskLevel::High),
        mitigation: Some("Egress allow-list".into()),
        owner: Some("Team lead".into()),
    })
    .unwrap();
    let order = doc
        .edit_order(OrderEdit::AddGating {
            action: None,
            condition: Some("Probes".into()),
        })
        .unwrap();
    doc.edit_order(OrderEdit::UpdateGating {
        id: order.gating[0].id.clone(),
        condition: None,
        action: None,
        decided_by: None,
        detection: None,
        decision_day: None,
        phase_id: Some(Some(phase.clone())),
    })
    .unwrap();
    drop(doc);

    let doc = Document::open(&dir.path().join("op.feint")).unwrap();
    let o = doc.order().unwrap().opord;
    assert_eq!(o.intent, "Learn how they move.");
    assert_eq!(o.code_stop, "ANCHOR DOWN");
    assert_eq!((o.copy_number, o.copies), (2, 5));
    assert_eq!(o.references[0].text, "Policy IS-POL-07");
    assert_eq!(
        o.information_requirements[0].text,
        "Where do they connect back to?"
    );
    assert_eq!((o.phases[0].start_day, o.phases[0].end_day), (0, 3));
    let r = &o.risks[0];
    assert_eq!(
        (r.likelihood, r.impact, r.owner.as_str()),
        (RiskLevel::Low, RiskLevel::High, "Team lead")
    );
    assert_eq!(
        doc.order().unwrap().gating[0].phase_id.as_deref(),
        Some(phase.as_str())
    );
}

#[test]
fn bad_values_are_refused_with_a_plain_sentence_and_change_nothing() {
    let (_dir, mut doc) = doc();
    let before = doc.order().unwrap();
    let refusals = [
        text(&mut doc, OpordField::IssuedAt, "tomorrow at noon"),
        text(&mut doc, OpordField::IssuedAt, "2026-02-30T10:00"),
        text(&mut doc, OpordField::CodePause, "LOW\nTIDE"),
        text(&mut doc, OpordField::OrderNumber, &"9".repeat(501)),
        doc.edit_order(OrderEdit::SetCopies {
            copy_number: 7,
            copies: 3,
        }),
        doc.edit_order(OrderEdit::AddPhase {
            name: Some("Backwards".into()),
            start_day: Some(5),
            end_day: Some(2),
        }),
        doc.edit_order(OrderEdit::UpdateListItem {
            id: "nope".into(),
            text: "x".into(),
        }),
    ];
    for refusal in refusals {
        let err = refusal.unwrap_err();
        assert!(!err.message.contains("SQL"), "{}", err.message);
        assert!(!err.message.is_empty());
    }
    let order = doc
        .edit_order(OrderEdit::AddGating {
            action: None,
            condition: None,
        })
        .unwrap();
    let err = doc
        .edit_order(OrderEdit::UpdateGating {
            id: order.gating[0].id.clone(),
            condition: None,
            action: None,
            decided_by: None,
            detection: None,
            decision_day: None,
            phase_id: Some(Some("no-such-phase".into())),
        })
        .unwrap_err();
    assert!(err.message.contains("phase"), "{}", err.message);
    assert_eq!(doc.order().unwrap().opord, before.opord);
}

#[test]
fn a_deleted_phase_leaves_its_gates_without_a_decision_phase() {
    let (_dir, mut doc) = sample();
    let order = doc.order().unwrap();
    let gate = order.gating.iter().find(|g| g.phase_id.is_some()).unwrap();
    let phase = gate.phase_id.clone().unwrap();
    let order = doc
        .edit_order(OrderEdit::DeletePhase { id: phase })
        .unwrap();
    assert!(order.gating.iter().all(|g| g.phase_id.is_none()));
}

#[test]
fn a_crafted_row_is_refused_when_the_file_is_opened_and_the_file_is_untouched() {
    let crafted = [
        "UPDATE opord_phase SET start_day = 9, end_day = 2 WHERE position = 0",
        "UPDATE opord SET issued_at = 'next Tuesday'",
        "UPDATE opord SET copy_number = 40, copies = 6",
        "UPDATE gating_criterion SET decision_day = 999999 WHERE position = 0",
    ];
    for sql in crafted {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sample.feint");
        drop(crate::sample::write_sample(&path).unwrap());
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            assert_eq!(conn.execute(sql, []).unwrap(), 1, "{sql}");
        }
        let before = std::fs::read(&path).unwrap();
        let err = Document::open(&path).err().expect(sql);
        assert!(
            err.message.contains(&path.display().to_string()),
            "{}",
            err.message
        );
        assert!(!err.message.contains("SQL"), "{}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), before, "{sql}");
    }
}

#[test]
fn an_event_owner_role_is_an_undoable_event_edit() {
    let (_dir, mut doc) = sample();
    let event = doc.storyboard().unwrap().events[0].clone();
    assert_eq!(event.owner_role, Some(Role::ThreatAnalyst));
    let change = doc
        .update_event(
            &event.id,
            EventPatch {
                owner_role: Some(Some(Role::RedTeam)),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(change.events[0].owner_role, Some(Role::RedTeam));
    doc.undo().unwrap();
    let back = doc.storyboard().unwrap().events[0].clone();
    assert_eq!(back.owner_role, Some(Role::ThreatAnalyst));
    doc.redo().unwrap();
    assert_eq!(
        doc.storyboard().unwrap().events[0].owner_role,
        Some(Role::RedTeam)
    );
}

#[test]
fn a_schema_5_export_imports_with_an_empty_opord() {
    let mut v: serde_json::Value = serde_json::from_str(crate::sample::SAMPLE).unwrap();
    v["schema_version"] = 5.into();
    v["order"].as_object_mut().unwrap().remove("opord");
    for g in v["order"]["gating"].as_array_mut().unwrap() {
        let g = g.as_object_mut().unwrap();
        g.remove("decision_day");
        g.remove("phase_id");
    }
    for e in v["storyboard"]["events"].as_array_mut().unwrap() {
        e.as_object_mut().unwrap().remove("owner_role");
    }
    let dir = tempfile::tempdir().unwrap();
    let doc = crate::json::import_text(&v.to_string(), &dir.path().join("old.feint")).unwrap();
    let order = doc.order().unwrap();
    assert_eq!(order.opord, Opord::default());
    assert_eq!(order.gating.len(), 4);
    let events = doc.storyboard().unwrap().events;
    assert_eq!(events.len(), 14);
    assert!(events.iter().all(|e| e.owner_role.is_none()));
}

#[test]
fn the_sample_round_trips_through_json_with_every_opord_part() {
    let (dir, doc) = sample();
    let text = crate::json::export(&doc).unwrap();
    let again = crate::json::import_text(&text, &dir.path().join("again.feint")).unwrap();
    assert_eq!(crate::json::export(&again).unwrap(), text);
    let o = again.order().unwrap().opord;
    assert_eq!(o.phases.len(), 4);
    assert_eq!(o.risks.len(), 4);
    assert!(!o.intent.is_empty() && !o.pace_emergency.is_empty());
}
