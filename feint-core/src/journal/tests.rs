use std::path::Path;

use super::*;
use crate::json;
use crate::operation::OperationPatch;
use crate::order::Role;
use crate::storyboard::{EventPatch, NewEvent};
use crate::ErrorCode;

fn operation(dir: &Path) -> (Document, String, String) {
    let mut doc = Document::create(&dir.join("op.feint"), "Harbor").unwrap();
    doc.update_operation(OperationPatch {
        start_date: Some("2026-12-07".into()),
        timezone: Some("Europe/Berlin".into()),
        ..Default::default()
    })
    .unwrap();
    let mut add = |title: &str, day| {
        doc.add_event(NewEvent {
            activity_id: "EAC0018".into(),
            day,
            minute: 540,
            title: Some(title.into()),
            ..Default::default()
        })
        .unwrap()
        .events[0]
            .id
            .clone()
    };
    let lure = add("Leak the build token", 0);
    let watch = add("Watch the registry", 1);
    (doc, lure, watch)
}

fn approve(doc: &mut Document) -> RunState {
    doc.change_phase(PhaseChange::Approve {
        approved_by: "  Dana Roth ".into(),
    })
    .unwrap()
}

fn entry(text: &str) -> NewEntry {
    NewEntry {
        text: text.into(),
        ..Default::default()
    }
}

#[test]
fn phases_run_in_order_and_refuse_skips() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, _, _) = operation(dir.path());
    assert_eq!(doc.run_state().unwrap().phase, RunPhase::Planning);
    let err = doc.change_phase(PhaseChange::Start).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("still in planning"), "{}", err.message);
    let err = doc
        .change_phase(PhaseChange::Approve {
            approved_by: " ".into(),
        })
        .unwrap_err();
    assert!(err.message.contains("approver's name"), "{}", err.message);

    let state = approve(&mut doc);
    assert_eq!(state.phase, RunPhase::Approved);
    assert_eq!(state.approved_by, "Dana Roth");
    assert!(state.approved_at.is_some());
    for (change, phase) in [
        (PhaseChange::Start, RunPhase::Running),
        (PhaseChange::Pause, RunPhase::Paused),
        (PhaseChange::Resume, RunPhase::Running),
        (PhaseChange::Close, RunPhase::Closed),
    ] {
        assert_eq!(doc.change_phase(change).unwrap().phase, phase);
    }
    assert!(doc.change_phase(PhaseChange::Resume).is_err());
    assert!(doc
        .change_phase(PhaseChange::Approve {
            approved_by: "X".into()
        })
        .is_err());
    // The file alone holds the phase.
    let reopened = Document::open(&dir.path().join("op.feint")).unwrap();
    let state = reopened.run_state().unwrap();
    assert_eq!(state.phase, RunPhase::Closed);
    assert!(state.started_at.is_some() && state.closed_at.is_some());
}

#[test]
fn approval_freezes_a_baseline_and_later_edits_are_listed_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, lure, watch) = operation(dir.path());
    assert!(
        doc.plan_changes().unwrap().is_empty(),
        "nothing before approval"
    );
    approve(&mut doc);
    assert!(
        doc.plan_changes().unwrap().is_empty(),
        "the plan is its baseline"
    );

    doc.update_event(
        &lure,
        EventPatch {
            minute: Some(600),
            title: Some("Leak the build token twice".into()),
            ..Default::default()
        },
    )
    .unwrap();
    // A status change is execution, not a change to the plan.
    doc.update_event(
        &watch,
        EventPatch {
            status: Some(crate::storyboard::Status::Done),
            ..Default::default()
        },
    )
    .unwrap();
    doc.delete_events(std::slice::from_ref(&watch)).unwrap();
    let added = doc
        .add_event(NewEvent {
            activity_id: "EAC0005".into(),
            title: Some("New lure".into()),
            ..Default::default()
        })
        .unwrap()
        .events[0]
        .id
        .clone();
    doc.edit_order(crate::order::OrderEdit::AddGating {
        action: None,
        condition: Some("The adversary leaves the environment".into()),
    })
    .unwrap();

    let changes = Document::open(&dir.path().join("op.feint"))
        .unwrap()
        .plan_changes()
        .unwrap();
    let find = |kind, title: &str| {
        changes
            .iter()
            .find(|c| c.kind == kind && c.title == title)
            .unwrap_or_else(|| panic!("no {kind:?} {title} in {changes:?}"))
    };
    let changed = find(ChangeKind::Changed, "Leak the build token twice");
    assert_eq!(changed.fields, vec!["minute".to_string(), "title".into()]);
    assert_eq!(
        find(ChangeKind::Removed, "Watch the registry").event_id,
        Some(watch)
    );
    assert_eq!(find(ChangeKind::Added, "New lure").event_id, Some(added));
    assert_eq!(find(ChangeKind::Changed, "Gating criteria").event_id, None);
    assert_eq!(changes.len(), 4, "{changes:?}");

    // The baseline did not follow the edits.
    let baseline = load_baseline(doc.store().conn()).unwrap().unwrap();
    assert_eq!(baseline.storyboard.events.len(), 2);
    assert!(baseline.order.gating.is_empty());
}

#[test]
fn entries_take_their_time_links_and_techniques_and_a_correction_keeps_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, lure, _) = operation(dir.path());
    approve(&mut doc);
    doc.change_phase(PhaseChange::Start).unwrap();
    let persona = doc
        .create_persona(crate::persona::NewPersona {
            name: "Jonas Weber".into(),
            template: None,
        })
        .unwrap();
    let line = doc
        .add_journal_entry(NewEntry {
            at: Some("D+1 09:30".into()),
            author_role: Some(Role::ThreatAnalyst),
            kind: Some(EntryKind::AdversaryAction),
            text: "  Token used from 198.51.100.7  ".into(),
            event_ids: Some(vec![lure.clone(), lure.clone()]),
            persona_ids: Some(vec![persona.id().to_string()]),
            technique_ids: Some(vec!["t1078".into()]),
        })
        .unwrap();
    assert_eq!(line.entry.at, "2026-12-08T08:30:00Z");
    assert_eq!(line.when.local, "2026-12-08 09:30 CET");
    assert_eq!(line.when.day, Some(1));
    assert_eq!(line.entry.text, "Token used from 198.51.100.7");
    assert_eq!(line.entry.event_ids, vec![lure.clone()]);
    assert_eq!(line.entry.technique_ids, vec!["T1078".to_string()]);

    let now = doc.add_journal_entry(entry("Paused the lure")).unwrap();
    assert_eq!(now.entry.kind, EntryKind::Note);
    assert_eq!(now.entry.author_role, Role::OperationCoordinator);

    for bad in [
        NewEntry {
            technique_ids: Some(vec!["T9999".into()]),
            ..entry("x")
        },
        NewEntry {
            event_ids: Some(vec!["ghost".into()]),
            ..entry("x")
        },
        entry("   "),
        NewEntry {
            at: Some("tomorrow-ish".into()),
            ..entry("x")
        },
    ] {
        let err = doc.add_journal_entry(bad).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{err:?}");
        assert!(!err.message.contains("SQL"), "{}", err.message);
    }

    let fixed = doc
        .correct_journal_entry(
            &line.entry.id,
            Correction {
                text: Some("Token used from 198.51.100.8".into()),
                kind: Some(EntryKind::Deviation),
                at: None,
            },
        )
        .unwrap();
    assert_eq!(fixed.entry.text, "Token used from 198.51.100.8");
    assert_eq!(fixed.entry.history.len(), 1);
    assert_eq!(fixed.entry.history[0].text, "Token used from 198.51.100.7");
    assert_eq!(fixed.entry.history[0].kind, EntryKind::AdversaryAction);
    // Links survive a correction.
    assert_eq!(fixed.entry.event_ids, vec![lure]);

    let journal = Document::open(&dir.path().join("op.feint"))
        .unwrap()
        .journal()
        .unwrap();
    assert_eq!(journal.len(), 2);
    assert_eq!(
        journal[1].entry, fixed.entry,
        "in time order (D+1 after today), from the file"
    );
}

#[test]
fn a_closed_operation_refuses_entries_and_corrections_with_a_plain_error() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, _, _) = operation(dir.path());
    approve(&mut doc);
    doc.change_phase(PhaseChange::Start).unwrap();
    let line = doc.add_journal_entry(entry("Last word")).unwrap();
    doc.change_phase(PhaseChange::Close).unwrap();
    let err = doc.add_journal_entry(entry("Too late")).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(
        err.message,
        "the operation is closed: its journal takes no new entries or corrections"
    );
    assert!(doc
        .correct_journal_entry(
            &line.entry.id,
            Correction {
                text: Some("changed".into()),
                ..Default::default()
            }
        )
        .is_err());
    assert_eq!(doc.journal().unwrap().len(), 1);
    assert_eq!(doc.journal().unwrap()[0].entry.text, "Last word");
}

#[test]
fn actuals_are_recorded_checked_and_cleared() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, lure, _) = operation(dir.path());
    let view = doc
        .set_actual(
            &lure,
            ActualPatch {
                actual_start: Some("D+0 09:10".into()),
                actual_end: Some("2026-12-07 10:00".into()),
                outcome: Some(Some(Outcome::Skipped)),
                reason: Some("Registry was down".into()),
            },
        )
        .unwrap();
    assert_eq!(
        view.actual.actual_start.as_deref(),
        Some("2026-12-07T08:10:00Z")
    );
    assert_eq!(view.end.unwrap().local, "2026-12-07 10:00 CET");
    let err = doc
        .set_actual(
            &lure,
            ActualPatch {
                actual_end: Some("D+0 08:00".into()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        err.message.contains("before the actual start"),
        "{}",
        err.message
    );
    assert!(doc.set_actual("ghost", ActualPatch::default()).is_err());
    let stored = Document::open(&dir.path().join("op.feint"))
        .unwrap()
        .actuals()
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].actual.outcome, Some(Outcome::Skipped));
    assert_eq!(stored[0].actual.reason, "Registry was down");

    doc.set_actual(
        &lure,
        ActualPatch {
            actual_start: Some("".into()),
            actual_end: Some("".into()),
            outcome: Some(None),
            reason: Some("".into()),
        },
    )
    .unwrap();
    assert!(doc.actuals().unwrap().is_empty(), "an emptied row goes");
}

fn ran_operation(dir: &Path) -> Document {
    let (mut doc, lure, _) = operation(dir);
    approve(&mut doc);
    doc.change_phase(PhaseChange::Start).unwrap();
    let line = doc
        .add_journal_entry(NewEntry {
            kind: Some(EntryKind::AdversaryAction),
            text: "Logged in with the <b>leaked</b> token 🐳".into(),
            event_ids: Some(vec![lure.clone()]),
            technique_ids: Some(vec!["T1078.004".into()]),
            ..Default::default()
        })
        .unwrap();
    doc.correct_journal_entry(
        &line.entry.id,
        Correction {
            text: Some("Logged in with the leaked token".into()),
            ..Default::default()
        },
    )
    .unwrap();
    doc.set_actual(
        &lure,
        ActualPatch {
            outcome: Some(Some(Outcome::Changed)),
            reason: Some("Later than planned".into()),
            ..Default::default()
        },
    )
    .unwrap();
    doc.update_event(
        &lure,
        EventPatch {
            title: Some("Renamed after approval".into()),
            ..Default::default()
        },
    )
    .unwrap();
    doc
}

#[test]
fn the_run_survives_json_export_import_export() {
    let dir = tempfile::tempdir().unwrap();
    let doc = ran_operation(dir.path());
    let first = json::export(&doc).unwrap();
    let out = dir.path().join("op.json");
    json::export_to_file(&doc, &out).unwrap();
    let imported = json::import_file(&out, &dir.path().join("copy.feint")).unwrap();
    assert_eq!(json::export(&imported).unwrap(), first);
    assert_eq!(imported.run_state().unwrap(), doc.run_state().unwrap());
    assert_eq!(
        imported.plan_changes().unwrap(),
        doc.plan_changes().unwrap()
    );
    assert_eq!(imported.plan_changes().unwrap().len(), 1);

    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(value["schema_version"], json::SCHEMA_VERSION);
    let run = &value["run"];
    assert_eq!(run["phase"], "running");
    assert_eq!(run["approved_by"], "Dana Roth");
    assert_eq!(
        run["journal"][0]["history"][0]["text"],
        "Logged in with the <b>leaked</b> token 🐳"
    );
    assert_eq!(run["journal"][0]["technique_ids"][0], "T1078.004");
    assert_eq!(run["actuals"][0]["outcome"], "changed");
    assert_eq!(
        run["baseline"]["storyboard"]["events"][0]["title"],
        "Leak the build token"
    );
}

#[test]
fn an_import_with_bad_run_data_is_refused_naming_the_entry_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let doc = ran_operation(dir.path());
    let first = json::export(&doc).unwrap();
    let cases = [
        (
            first.replace("\"phase\": \"running\"", "\"phase\": \"closed\""),
            "does not agree",
        ),
        (
            first.replace("\"T1078.004\"", "\"T9999\""),
            "journal entry 1",
        ),
        (
            first.replace("\"adversary_action\"", "\"rumour\""),
            "malformed",
        ),
        (
            first.replace("\"outcome\": \"changed\"", "\"outcome\": \"maybe\""),
            "malformed",
        ),
        (
            first.replace("\"Leak the build token\"", "\"\""),
            "baseline",
        ),
    ];
    for (i, (text, says)) in cases.iter().enumerate() {
        assert_ne!(text, &first, "case {i} changed nothing");
        let bad = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&bad, text).unwrap();
        let dest = dir.path().join(format!("bad{i}.feint"));
        let err = json::import_file(&bad, &dest).err().unwrap();
        assert_eq!(err.code, ErrorCode::InvalidInput, "case {i}: {err:?}");
        assert!(err.message.contains(says), "case {i}: {}", err.message);
        assert!(!dest.exists(), "case {i} left a file");
    }
    // A schema 5 export (no run) imports as an operation in planning.
    let mut value: serde_json::Value = serde_json::from_str(&first).unwrap();
    value.as_object_mut().unwrap().remove("run");
    value["schema_version"] = 5.into();
    let old = dir.path().join("old.json");
    std::fs::write(&old, value.to_string()).unwrap();
    let imported = json::import_file(&old, &dir.path().join("old.feint")).unwrap();
    assert_eq!(imported.run_state().unwrap(), RunState::default());
    assert!(imported.journal().unwrap().is_empty());
}

#[test]
fn crafted_rows_are_refused_on_open_and_the_file_is_not_touched() {
    let cases = [
        "UPDATE journal_entry SET author_role = 'red_team', at = 'yesterday'",
        "UPDATE journal_entry SET text = '   '",
        "INSERT INTO journal_entry_technique VALUES ((SELECT id FROM journal_entry), 'T9999')",
        "UPDATE run_state SET phase = 'closed'",
        "UPDATE run_state SET baseline = '{\"storyboard\": 7}'",
        "UPDATE event_actual SET actual_start = '2026-12-09T00:00:00Z',
             actual_end = '2026-12-08T00:00:00Z'",
        "INSERT INTO journal_revision VALUES ((SELECT id FROM journal_entry), 5, 'x', 'note', 'a', 'b')",
    ];
    for (i, sql) in cases.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        drop(ran_operation(dir.path()));
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
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "case {i} changed the file"
        );
    }
}

#[test]
fn typed_times_resolve_in_the_operations_zone() {
    let mut op = crate::operation::Operation::new("T", "1.0").unwrap();
    op.timezone = "Europe/Berlin".into();
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-08T13:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    let r = |t: &str| when::resolve(&op, t, now);
    assert_eq!(r("now").unwrap(), "2026-12-08T13:00:00Z");
    assert_eq!(r("").unwrap(), "2026-12-08T13:00:00Z");
    assert_eq!(r("14:05").unwrap(), "2026-12-08T13:05:00Z");
    assert_eq!(r("2026-07-01 14:05").unwrap(), "2026-07-01T12:05:00Z");
    assert_eq!(
        r("2026-12-08T09:00:00+01:00").unwrap(),
        "2026-12-08T08:00:00Z"
    );
    assert!(r("D+1 09:00").unwrap_err().message.contains("start date"));
    op.start_date = Some("2026-12-07".into());
    let r = |t: &str| when::resolve(&op, t, now);
    assert_eq!(r("D+1 09:00").unwrap(), "2026-12-08T08:00:00Z");
    assert_eq!(r("d-1 23:30").unwrap(), "2026-12-06T22:30:00Z");
    assert!(r("25:00").is_err());
    let shown = when::show(&op, "2026-12-06T22:30:00Z").unwrap();
    assert_eq!(
        (shown.local.as_str(), shown.day),
        ("2026-12-06 23:30 CET", Some(-1))
    );
}

#[test]
fn a_journal_at_its_limit_imports_opens_and_refuses_one_more_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, lure, _) = operation(dir.path());
    approve(&mut doc);
    doc.change_phase(PhaseChange::Start).unwrap();
    let one = doc
        .add_journal_entry(NewEntry {
            event_ids: Some(vec![lure]),
            technique_ids: Some(vec!["T1078".into()]),
            ..entry("Seen")
        })
        .unwrap()
        .entry;
    let mut value: serde_json::Value = serde_json::from_str(&json::export(&doc).unwrap()).unwrap();
    let entries: Vec<serde_json::Value> = (0..crate::rules::MAX_JOURNAL_ENTRIES)
        .map(|i| {
            let mut e = serde_json::to_value(&one).unwrap();
            e["id"] = uuid::Uuid::new_v4().to_string().into();
            e["text"] = format!("Entry {i}").into();
            e
        })
        .collect();
    value["run"]["journal"] = entries.into();
    let path = dir.path().join("full.json");
    std::fs::write(&path, value.to_string()).unwrap();
    let started = std::time::Instant::now();
    let full = json::import_file(&path, &dir.path().join("full.feint")).unwrap();
    let imported = started.elapsed();
    drop(full);
    let started = std::time::Instant::now();
    let mut full = Document::open(&dir.path().join("full.feint")).unwrap();
    let opened = started.elapsed();
    eprintln!("20,000 journal entries: import {imported:?}, open with every check {opened:?}");
    let err = full.add_journal_entry(entry("One too many")).unwrap_err();
    assert_eq!(
        err.message,
        "an operation holds at most 20000 journal entries"
    );
    assert_eq!(
        full.journal().unwrap().len(),
        crate::rules::MAX_JOURNAL_ENTRIES
    );
}

#[test]
fn entries_at_the_same_time_read_back_in_the_order_they_were_written() {
    // Same minute, same recording millisecond (as on a fast machine), random IDs: the row order
    // is what keeps the sequence, in the file and through an export and import.
    let dir = tempfile::tempdir().unwrap();
    let (mut doc, _, _) = operation(dir.path());
    approve(&mut doc);
    doc.change_phase(PhaseChange::Start).unwrap();
    let texts: Vec<String> = (0..12).map(|i| format!("Step {i}")).collect();
    for text in &texts {
        doc.add_journal_entry(NewEntry {
            at: Some("D+1 09:30".into()),
            ..entry(text)
        })
        .unwrap();
    }
    doc.store()
        .conn()
        .execute(
            "UPDATE journal_entry SET created_at = '2026-12-08T08:31:00.000Z'",
            [],
        )
        .unwrap();
    let read = |doc: &Document| -> Vec<String> {
        doc.journal()
            .unwrap()
            .into_iter()
            .map(|line| line.entry.text)
            .collect()
    };
    assert_eq!(read(&doc), texts);
    let out = dir.path().join("burst.json");
    std::fs::write(&out, json::export(&doc).unwrap()).unwrap();
    let imported = json::import_file(&out, &dir.path().join("burst.feint")).unwrap();
    assert_eq!(read(&imported), texts);
}
