use std::path::Path;

use super::*;
use crate::json;
use crate::operation::OperationPatch;
use crate::order::{GatingAction, OrderEdit};
use crate::storyboard::NewEvent;
use crate::ErrorCode;

/// A running operation with two gating criteria (a stop, then a pause decided by "Ops lead")
/// and one journal entry; answers the document, the pause criterion's ID and the entry's ID.
fn running(dir: &Path) -> (Document, String, String) {
    let mut doc = Document::create(&dir.join("op.feint"), "Harbor").unwrap();
    doc.update_operation(OperationPatch {
        start_date: Some("2026-12-07".into()),
        timezone: Some("Europe/Berlin".into()),
        ..Default::default()
    })
    .unwrap();
    doc.add_event(NewEvent {
        activity_id: "EAC0018".into(),
        day: 0,
        minute: 540,
        title: Some("Leak the build token".into()),
        ..Default::default()
    })
    .unwrap();
    for (action, condition) in [
        (GatingAction::Stop, "The adversary reaches production"),
        (GatingAction::Pause, "The adversary probes the environment"),
    ] {
        doc.edit_order(OrderEdit::AddGating {
            action: Some(action),
            condition: Some(condition.into()),
        })
        .unwrap();
    }
    let pause_gate = doc.order().unwrap().gating[1].id.clone();
    doc.edit_order(OrderEdit::UpdateGating {
        id: pause_gate.clone(),
        condition: None,
        action: None,
        decided_by: Some("Ops lead".into()),
        detection: None,
        decision_day: None,
        phase_id: None,
    })
    .unwrap();
    doc.change_phase(PhaseChange::Approve {
        approved_by: "Dana Roth".into(),
    })
    .unwrap();
    doc.change_phase(PhaseChange::Start).unwrap();
    let entry = doc
        .add_journal_entry(NewEntry {
            kind: Some(EntryKind::AdversaryAction),
            text: "Ran `docker info` twice, then checked /proc/1/cgroup".into(),
            at: Some("D+1 10:15".into()),
            ..Default::default()
        })
        .unwrap()
        .entry
        .id;
    (doc, pause_gate, entry)
}

fn decision(gate: &str, decision: Decision, evidence: &[&str]) -> NewGateDecision {
    NewGateDecision {
        gating_id: gate.into(),
        decision: Some(decision),
        decided_at: Some("D+1 10:30".into()),
        evidence_ids: Some(evidence.iter().map(|s| s.to_string()).collect()),
        note: Some("  Probing looks deliberate  ".into()),
        ..Default::default()
    }
}

#[test]
fn a_pause_decision_pauses_the_operation_until_it_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, gate, entry) = running(dir.path());
    let view = doc
        .record_gate_decision(decision(&gate, Decision::Pause, &[&entry]))
        .unwrap();
    assert_eq!(view.gate, Some(2));
    assert_eq!(
        view.decision.decided_by, "Ops lead",
        "the criterion's decider"
    );
    assert_eq!(view.decision.note, "Probing looks deliberate");
    assert_eq!(view.decision.action, GatingAction::Pause);
    assert_eq!(
        view.decision.condition,
        "The adversary probes the environment"
    );
    assert_eq!(view.decision.evidence_ids, vec![entry.clone()]);
    assert_eq!(view.when.local, "2026-12-08 10:30 CET");
    assert_eq!(view.when.day, Some(1));

    let state = doc.run_state().unwrap();
    assert_eq!(state.phase, RunPhase::Paused);
    assert_eq!(state.halted_by.as_deref(), Some(view.decision.id.as_str()));

    // Reopened, the decision and the pause are both in the file.
    drop(doc);
    let mut doc = Document::open(&dir.path().join("op.feint")).unwrap();
    assert_eq!(doc.gate_decisions().unwrap(), vec![view.clone()]);
    assert_eq!(doc.run_state().unwrap(), state);

    let resumed = doc.change_phase(PhaseChange::Resume).unwrap();
    assert_eq!(resumed.phase, RunPhase::Running);
    assert_eq!(resumed.halted_by, None);

    // Continue and escalate leave the phase as it is.
    for d in [Decision::Continue, Decision::Escalate] {
        doc.record_gate_decision(decision(&gate, d, &[])).unwrap();
        assert_eq!(doc.run_state().unwrap().phase, RunPhase::Running);
    }
    assert_eq!(doc.gate_decisions().unwrap().len(), 3);
}

#[test]
fn a_stop_decision_closes_the_operation_and_a_pause_by_hand_names_no_gate() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, _, entry) = running(dir.path());
    doc.change_phase(PhaseChange::Pause).unwrap();
    assert_eq!(doc.run_state().unwrap().halted_by, None);
    let stop_gate = doc.order().unwrap().gating[0].id.clone();
    // Left out, the decision is the criterion's action and the decider its "decided by" …
    let err = doc
        .record_gate_decision(NewGateDecision {
            gating_id: stop_gate.clone(),
            ..Default::default()
        })
        .unwrap_err();
    // … which this criterion does not name.
    assert!(err.message.contains("who decided"), "{}", err.message);
    let view = doc
        .record_gate_decision(NewGateDecision {
            gating_id: stop_gate,
            decided_by: Some("Team lead".into()),
            evidence_ids: Some(vec![entry.clone(), entry]),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(view.decision.decision, Decision::Stop);
    assert_eq!(
        view.decision.evidence_ids.len(),
        1,
        "evidence de-duplicated"
    );
    let state = doc.run_state().unwrap();
    assert_eq!(state.phase, RunPhase::Closed);
    assert!(state.closed_at.is_some());
    assert_eq!(state.halted_by, Some(view.decision.id.clone()));
    assert_eq!(view.gate, Some(1));

    let err = doc
        .record_gate_decision(NewGateDecision {
            decided_by: Some("Team lead".into()),
            ..decision(&view.decision.gating_id, Decision::Continue, &[])
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("closed"), "{}", err.message);
}

#[test]
fn decisions_are_refused_before_the_start_and_for_unknown_criteria_or_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = Document::create(&dir.path().join("op.feint"), "Harbor").unwrap();
    doc.edit_order(OrderEdit::AddGating {
        action: Some(GatingAction::Pause),
        condition: Some("Probing".into()),
    })
    .unwrap();
    let gate = doc.order().unwrap().gating[0].id.clone();
    let who = |d: Decision| NewGateDecision {
        decided_by: Some("Team lead".into()),
        ..decision(&gate, d, &[])
    };
    let mut op_start = OperationPatch {
        start_date: Some("2026-12-07".into()),
        ..Default::default()
    };
    op_start.timezone = Some("UTC".into());
    doc.update_operation(op_start).unwrap();
    let err = doc.record_gate_decision(who(Decision::Pause)).unwrap_err();
    assert!(err.message.contains("still in planning"), "{}", err.message);
    doc.change_phase(PhaseChange::Approve {
        approved_by: "Dana".into(),
    })
    .unwrap();
    let err = doc.record_gate_decision(who(Decision::Pause)).unwrap_err();
    assert!(err.message.contains("not started"), "{}", err.message);
    doc.change_phase(PhaseChange::Start).unwrap();

    let err = doc
        .record_gate_decision(NewGateDecision {
            gating_id: "no-such-gate".into(),
            ..who(Decision::Pause)
        })
        .unwrap_err();
    assert!(
        err.message.contains("no gating criterion"),
        "{}",
        err.message
    );
    let err = doc
        .record_gate_decision(NewGateDecision {
            evidence_ids: Some(vec!["ghost".into()]),
            ..who(Decision::Pause)
        })
        .unwrap_err();
    assert!(
        err.message.contains("not in the journal"),
        "{}",
        err.message
    );
    let err = doc
        .record_gate_decision(NewGateDecision {
            decided_at: Some("yesterday-ish".into()),
            ..who(Decision::Pause)
        })
        .unwrap_err();
    assert!(err.message.contains("is not a time"), "{}", err.message);
    let err = doc
        .record_gate_decision(NewGateDecision {
            decided_by: Some("x".repeat(crate::rules::MAX_SHORT + 1)),
            ..who(Decision::Pause)
        })
        .unwrap_err();
    assert!(err.message.contains("longer than"), "{}", err.message);
    // Nothing refused was written, and the phase did not move.
    assert!(doc.gate_decisions().unwrap().is_empty());
    assert_eq!(doc.run_state().unwrap().phase, RunPhase::Running);
}

#[test]
fn a_decision_keeps_its_criterion_as_it_read_when_the_order_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, gate, entry) = running(dir.path());
    doc.record_gate_decision(decision(&gate, Decision::Escalate, &[&entry]))
        .unwrap();
    doc.edit_order(OrderEdit::DeleteGating { id: gate })
        .unwrap();
    let views = doc.gate_decisions().unwrap();
    assert_eq!(views[0].gate, None);
    assert_eq!(
        views[0].decision.condition,
        "The adversary probes the environment"
    );
    // The file still opens: a removed criterion is history, not a broken link.
    drop(doc);
    Document::open(&dir.path().join("op.feint")).unwrap();
}

#[test]
fn gate_decisions_survive_json_export_import_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, gate, entry) = running(dir.path());
    doc.record_gate_decision(decision(&gate, Decision::Continue, &[&entry]))
        .unwrap();
    let pause = doc
        .record_gate_decision(decision(&gate, Decision::Pause, &[&entry]))
        .unwrap();
    let first = json::export(&doc).unwrap();
    let out = dir.path().join("op.json");
    std::fs::write(&out, &first).unwrap();
    let imported = json::import_file(&out, &dir.path().join("copy.feint")).unwrap();
    assert_eq!(json::export(&imported).unwrap(), first);
    assert_eq!(imported.run_state().unwrap(), doc.run_state().unwrap());
    assert_eq!(
        imported.gate_decisions().unwrap(),
        doc.gate_decisions().unwrap()
    );
    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(value["schema_version"], 8);
    assert_eq!(value["run"]["halted_by"], pause.decision.id.as_str());
    assert_eq!(value["run"]["gate_decisions"][1]["decision"], "pause");
    assert_eq!(
        value["run"]["gate_decisions"][0]["evidence_ids"][0],
        entry.as_str()
    );

    let continue_id = value["run"]["gate_decisions"][0]["id"].as_str().unwrap();
    let cases = [
        (
            first.replace(
                &format!("\"halted_by\": \"{}\"", pause.decision.id),
                &format!("\"halted_by\": \"{continue_id}\""),
            ),
            "not a pause decision",
        ),
        (
            first.replace("\"phase\": \"paused\"", "\"phase\": \"running\""),
            "names a gate decision",
        ),
        (
            first.replacen(
                &format!("\"evidence_ids\": [\n          \"{entry}\""),
                "\"evidence_ids\": [\n          \"ghost\"",
                1,
            ),
            "gate decision 1",
        ),
        (
            first.replacen("\"decision\": \"continue\"", "\"decision\": \"shrug\"", 1),
            "malformed",
        ),
        (
            {
                let mut v = value.clone();
                v["run"]["gate_decisions"][0]["decided_by"] = " ".into();
                serde_json::to_string_pretty(&v).unwrap()
            },
            "who decided",
        ),
    ];
    for (i, (text, says)) in cases.iter().enumerate() {
        assert_ne!(text, &first, "case {i} changed nothing");
        let bad = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&bad, text).unwrap();
        let dest = dir.path().join(format!("bad{i}.feint"));
        let err = json::import_file(&bad, &dest)
            .err()
            .unwrap_or_else(|| panic!("case {i} imported"));
        assert_eq!(err.code, ErrorCode::InvalidInput, "case {i}: {err:?}");
        assert!(err.message.contains(says), "case {i}: {}", err.message);
        assert!(!dest.exists(), "case {i} left a file");
    }

    // A schema 7 export (no gate decisions, no halt) still imports.
    let mut old: serde_json::Value = value.clone();
    old["schema_version"] = 7.into();
    let run = old["run"].as_object_mut().unwrap();
    run.remove("gate_decisions");
    run.remove("halted_by");
    let path = dir.path().join("old.json");
    std::fs::write(&path, old.to_string()).unwrap();
    let imported = json::import_file(&path, &dir.path().join("old.feint")).unwrap();
    assert!(imported.gate_decisions().unwrap().is_empty());
    assert_eq!(imported.run_state().unwrap().phase, RunPhase::Paused);
    assert_eq!(imported.run_state().unwrap().halted_by, None);
}

#[test]
fn crafted_decision_rows_are_refused_on_open() {
    let cases = [
        "UPDATE run_state SET halted_by = 'nothing'",
        "UPDATE gate_decision SET decided_by = '  '",
        "UPDATE gate_decision SET decided_at = 'soon'",
        "PRAGMA foreign_keys = OFF;
         INSERT INTO gate_decision_evidence VALUES ((SELECT id FROM gate_decision), 'ghost')",
    ];
    for (i, sql) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        {
            let (mut doc, gate, entry) = running(dir.path());
            doc.record_gate_decision(decision(&gate, Decision::Pause, &[&entry]))
                .unwrap();
        }
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(sql).unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = Document::open(&path)
            .err()
            .unwrap_or_else(|| panic!("case {i} opened"));
        assert_eq!(err.code, ErrorCode::InvalidInput, "case {i}: {err:?}");
        assert!(
            err.message.contains("op.feint cannot be used"),
            "case {i}: {}",
            err.message
        );
        assert!(!err.message.contains("SQLITE"), "case {i}: {}", err.message);
        assert_eq!(std::fs::read(&path).unwrap(), before, "case {i} changed");
    }
}

/// On the running sample: a pause at its first gating criterion with the first journal entry as
/// evidence, the resume, and the decision to continue. The operation must be running, with at
/// least one journal entry and one gating criterion.
fn add_demo_gate_decisions(doc: &mut Document) -> Result<()> {
    let order = doc.order()?;
    let gate = order
        .gating
        .first()
        .ok_or_else(|| FeintError::invalid("the sample has no gating criterion"))?;
    let journal = doc.journal()?;
    let evidence: Vec<String> = journal.iter().take(1).map(|l| l.entry.id.clone()).collect();
    let at = |i: usize| journal.get(i).map(|l| l.entry.at.clone());
    let who = Some(gate.decided_by.trim())
        .filter(|s| !s.is_empty())
        .unwrap_or("Team lead")
        .to_string();
    doc.record_gate_decision(NewGateDecision {
        gating_id: gate.id.clone(),
        decision: Some(Decision::Pause),
        decided_by: Some(who.clone()),
        decided_at: at(0),
        evidence_ids: Some(evidence.clone()),
        note: Some("Paused to check that the activity stays inside the environment.".into()),
    })?;
    doc.change_phase(PhaseChange::Resume)?;
    doc.record_gate_decision(NewGateDecision {
        gating_id: gate.id.clone(),
        decision: Some(Decision::Continue),
        decided_by: Some(who),
        decided_at: at(1).or(at(0)),
        evidence_ids: Some(evidence),
        note: Some("Contained: the operation goes on.".into()),
    })?;
    Ok(())
}

#[test]
fn the_demo_decisions_pause_then_continue_a_running_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    doc.change_phase(PhaseChange::Approve {
        approved_by: "Dana Roth".into(),
    })
    .unwrap();
    doc.change_phase(PhaseChange::Start).unwrap();
    for text in ["Scanner hit the daemon port", "Pulled the decoy image"] {
        doc.add_journal_entry(NewEntry {
            kind: Some(EntryKind::AdversaryAction),
            text: text.into(),
            ..Default::default()
        })
        .unwrap();
    }
    add_demo_gate_decisions(&mut doc).unwrap();
    let views = doc.gate_decisions().unwrap();
    let decisions: Vec<Decision> = views.iter().map(|v| v.decision.decision).collect();
    assert_eq!(decisions, vec![Decision::Pause, Decision::Continue]);
    assert!(views.iter().all(|v| v.gate == Some(1)));
    assert!(views.iter().all(|v| v.decision.evidence_ids.len() == 1));
    assert_eq!(views[0].decision.decided_by, "Team lead");
    let state = doc.run_state().unwrap();
    assert_eq!((state.phase, state.halted_by), (RunPhase::Running, None));
    // The run export carries them, and the after-action report numbers them from data alone.
    let from_export = decision_views(
        &doc.operation().unwrap(),
        &doc.order().unwrap().gating,
        doc.run_data().unwrap().gate_decisions,
    )
    .unwrap();
    assert_eq!(from_export, views);
}

#[test]
fn decisions_made_at_the_same_time_read_back_in_the_order_they_were_recorded() {
    // The recording time has milliseconds and IDs are random, so only the row order keeps a
    // burst of decisions in sequence, in the file and through an export and import. The burst
    // is made to share one millisecond, as it does on a fast machine.
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, gate, entry) = running(dir.path());
    let notes: Vec<String> = (0..12).map(|i| format!("Look {i}")).collect();
    for note in &notes {
        doc.record_gate_decision(NewGateDecision {
            note: Some(note.clone()),
            ..decision(&gate, Decision::Continue, &[&entry])
        })
        .unwrap();
    }
    doc.store()
        .conn()
        .execute(
            "UPDATE gate_decision SET created_at = '2026-12-08T09:30:00.000Z'",
            [],
        )
        .unwrap();
    let read = |doc: &Document| -> Vec<String> {
        doc.gate_decisions()
            .unwrap()
            .into_iter()
            .map(|v| v.decision.note)
            .collect()
    };
    assert_eq!(read(&doc), notes);
    let out = dir.path().join("burst.json");
    std::fs::write(&out, json::export(&doc).unwrap()).unwrap();
    let imported = json::import_file(&out, &dir.path().join("burst.feint")).unwrap();
    assert_eq!(read(&imported), notes);
}
