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

fn pdftotext(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// Text with all whitespace removed, so a phrase wrapped over lines or cells still matches.
fn flat(s: &str) -> String {
    s.split_whitespace().collect()
}

fn export(doc: &Document, audience: super::content::Audience, path: &std::path::Path) -> String {
    doc.export_pdf(
        path,
        super::build::ExportOptions {
            audience,
            ..Default::default()
        },
    )
    .unwrap();
    pdftotext(path)
}

#[test]
fn the_sample_order_prints_every_opord_part() {
    let (dir, doc) = sample();
    let text = export(
        &doc,
        super::content::Audience::Order,
        &dir.path().join("order.pdf"),
    );
    let pages = text.split('\x0c').filter(|p| !p.trim().is_empty()).count();
    assert!(pages <= 14, "the sample order has {pages} pages");
    let cover = flat(text.split('\x0c').next().unwrap());
    for expected in [
        "OPORD 2026-04",
        "Copy 1 of 6",
        "Kranhaus Logistik, Cyber Defence",
        "Hamburg, operations room 2",
        // 16:00 in Berlin in December is 15:00 UTC.
        "041500Z DEC 26",
        "Europe/Berlin, used for every time in this order",
        "1. Kranhaus Logistik information security policy",
        "Not yet approved",
    ] {
        assert!(
            cover.contains(&flat(expected)),
            "the cover lacks {expected}"
        );
    }
    let body = flat(&text);
    let o = doc.order().unwrap().opord;
    for expected in [
        "3.a Commander's intent",
        o.intent.as_str(),
        "1.d Friendly forces",
        o.friendly_forces.as_str(),
        "1.f Assumptions",
        "1. The group finds the open daemon within 72 hours of exposure.",
        "3.f Tasks by role",
        "3.h Information requirements",
        "3.i Risk assessment",
        "Egress allow-list on the tap",
        "Primary: Team chat channel on the management network",
        "Emergency: In person in operations room 2",
        "Stop: ANCHOR DOWN",
        "5.d Reporting schedule",
        "Acknowledge: Team lead, Sam Okafor",
        "Commander: Sam Okafor",
        "Signature:",
        // Numbered rules of engagement and OPSEC.
        "1. Only build-01 and registry-01 are in scope",
        "2. No team member logs in to build-01 interactively",
        // A gate tied to a day and one tied to a phase.
        "D+7 Mon 14 Dec",
        "During Exposure (D+0 to D+3)",
    ] {
        assert!(body.contains(&flat(expected)), "the order lacks {expected}");
    }
    assert!(!text.contains("Approval date —"));
}

#[test]
fn the_tasks_by_role_matrix_follows_event_owners() {
    let (dir, mut doc) = sample();
    let content = doc.order_content(Default::default()).unwrap();
    let matrix = |content: &super::content::OrderContent| -> Vec<Vec<String>> {
        let execution = content.sections.iter().find(|s| s.number == "3").unwrap();
        let at = execution
            .blocks
            .iter()
            .position(
                |b| matches!(b, super::content::Block::Heading { number, .. } if number == "3.f"),
            )
            .unwrap();
        match &execution.blocks[at + 1] {
            super::content::Block::Table(t) => t.rows.clone(),
            other => panic!("3.f holds {other:?}"),
        }
    };
    let rows = matrix(&content);
    let row = |rows: &[Vec<String>], role: &str| rows.iter().find(|r| r[0] == role).cloned();
    // Phases: Preparation, Exposure, Observation, Close-out.
    let analyst = row(&rows, "Threat analyst").unwrap();
    assert!(analyst[1].contains("Profile the daemon hunters"));
    assert!(analyst[3].contains("Turn captured images into indicators"));
    assert!(row(&rows, "Red team").is_none());

    let event = doc
        .storyboard()
        .unwrap()
        .events
        .into_iter()
        .find(|e| e.title == "Let the escape appear to work")
        .unwrap();
    doc.update_event(
        &event.id,
        EventPatch {
            owner_role: Some(Some(Role::RedTeam)),
            ..Default::default()
        },
    )
    .unwrap();
    let rows = matrix(&doc.order_content(Default::default()).unwrap());
    let red = row(&rows, "Red team").unwrap();
    assert!(red[2].contains("E10") && red[2].contains("Let the escape appear to work"));
    doc.update_event(
        &event.id,
        EventPatch {
            owner_role: Some(None),
            ..Default::default()
        },
    )
    .unwrap();
    let content = doc.order_content(Default::default()).unwrap();
    let execution = content.sections.iter().find(|s| s.number == "3").unwrap();
    assert!(execution.blocks.iter().any(|b| matches!(
        b,
        super::content::Block::Paragraph(p) if p == "Not yet given to a role: E10."
    )));
    assert!(row(&rows, "Reverse engineer").is_none());
    drop(dir);
}

#[test]
fn the_briefing_carries_intent_risks_and_decision_points_but_no_signal_plan() {
    let (dir, doc) = sample();
    let text = export(
        &doc,
        super::content::Audience::Briefing,
        &dir.path().join("briefing.pdf"),
    );
    let pages = text.split('\x0c').filter(|p| !p.trim().is_empty()).count();
    assert!(pages <= 4, "the sample briefing has {pages} pages");
    let body = flat(&text);
    let o = doc.order().unwrap().opord;
    for allowed in [
        o.intent.as_str(),
        "Both hosts are built from clean images",
        "D+7",
        "During Exposure",
        "Not yet approved",
    ] {
        assert!(
            body.contains(&flat(allowed)),
            "the briefing lacks {allowed}"
        );
    }
    let mut never: Vec<&str> = vec![
        o.pace_primary.as_str(),
        o.pace_alternate.as_str(),
        o.pace_contingency.as_str(),
        o.pace_emergency.as_str(),
        o.code_pause.as_str(),
        o.code_stop.as_str(),
        o.code_resume.as_str(),
        o.friendly_forces.as_str(),
        o.environment.as_str(),
        o.order_number.as_str(),
        "build-01",
        "registry-01",
    ];
    never.extend(o.information_requirements.iter().map(|i| i.text.as_str()));
    for secret in never {
        assert!(
            !body.contains(&flat(secret)),
            "the briefing carries {secret}"
        );
    }
}

#[test]
fn the_document_is_built_from_its_snapshot_alone() {
    let (dir, doc) = sample();
    let snapshot = doc.order_snapshot().unwrap();
    let before = super::build::build(&snapshot, Default::default());
    // Another connection changes the file after the snapshot was read.
    let mut other = Document::open(doc.path()).unwrap();
    other
        .edit_order(OrderEdit::SetOpordText {
            field: OpordField::Intent,
            value: "Changed after the snapshot.".into(),
        })
        .unwrap();
    let again = super::build::build(&snapshot, Default::default());
    assert_eq!(before, again);
    assert_ne!(doc.order_content(Default::default()).unwrap(), before);
    drop(dir);
}

#[test]
fn the_contents_page_lists_each_paragraph_heading_at_its_page() {
    let (dir, doc) = sample();
    let path = dir.path().join("order.pdf");
    let text = export(&doc, super::content::Audience::Order, &path);
    let pages: Vec<&str> = text.split('\x0c').collect();
    // With -layout each contents line holds its page number.
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-f", "2", "-l", "2"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let contents = String::from_utf8(out.stdout).unwrap();
    for heading in [
        "1.d Friendly forces",
        "3.a Commander's intent",
        "3.f Tasks by role",
        "3.i Risk assessment",
        "5.e Acknowledgement and signature",
    ] {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(heading))
            .unwrap_or_else(|| panic!("the contents lack {heading}"));
        let page: usize = line
            .split_whitespace()
            .last()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no page number in {line:?}"));
        assert!(
            flat(pages[page - 1]).contains(&flat(heading)),
            "{heading} is not on page {page}"
        );
    }
}

/// The footer and the cover's date agree with the date-time group: an issued order is dated
/// the day of issue on every page, and an order with no time of issue is a draft, never
/// "issued" on a day the cover says it was not.
#[test]
fn the_date_on_every_page_agrees_with_the_time_of_issue() {
    let (dir, mut doc) = sample();
    let issued = export(
        &doc,
        super::content::Audience::Order,
        &dir.path().join("issued.pdf"),
    );
    let pages: Vec<&str> = issued
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(flat(&issued).contains(&flat("(issued 2026-12-04 16:00, Europe/Berlin)")));
    for (i, page) in pages.iter().enumerate() {
        assert!(
            flat(page).contains(&flat("version 0.3 · issued 2026-12-04")),
            "page {} has no issue date in its footer:\n{page}",
            i + 1
        );
    }
    assert!(flat(pages[0]).contains(&flat("Date 2026-12-04")));

    text(&mut doc, OpordField::IssuedAt, "").unwrap();
    let draft = export(
        &doc,
        super::content::Audience::Order,
        &dir.path().join("draft.pdf"),
    );
    let today = doc.operation().unwrap().modified_at[..10].to_string();
    assert!(flat(&draft).contains(&flat("Date-time group Not yet issued")));
    assert!(flat(&draft).contains(&flat(&format!("version 0.3 · draft of {today}"))));
    assert!(
        !draft.contains("issued 20"),
        "a draft calls itself issued:\n{draft}"
    );
}
