use super::build::{for_each_string, ExportOptions};
use super::content::{Audience, Block};
use super::readiness::{CheckId, Target};
use super::*;
use crate::document::Document;
use crate::operation::OperationPatch;
use crate::storyboard::{NewEvent, Visibility};

fn doc() -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().unwrap();
    let doc = Document::create(&dir.path().join("op.feint"), "Order test").unwrap();
    (dir, doc)
}

fn sample() -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().unwrap();
    let doc = crate::sample::write_sample(&dir.path().join("sample.feint")).unwrap();
    (dir, doc)
}

fn check_of(doc: &Document, id: CheckId) -> readiness::ReadinessCheck {
    let checks = doc.readiness().unwrap();
    let check = checks.into_iter().find(|c| c.id == id).unwrap();
    assert_eq!(check.passed, check.items.is_empty());
    check
}

/// The items of an applicable check (empty when it passes).
fn failing(doc: &Document, id: CheckId) -> Vec<readiness::ReadinessItem> {
    let check = check_of(doc, id);
    assert!(check.applicable, "{id:?} does not apply: {:?}", check.items);
    check.items
}

/// The reason a check does not apply; it must not pass, and it must count as nothing open.
fn moot(doc: &Document, id: CheckId) -> String {
    let check = check_of(doc, id);
    assert!(!check.applicable, "{id:?} applies: {check:?}");
    assert!(!check.passed && !check.open());
    assert_eq!(check.items.len(), 1);
    check.items[0].message.clone()
}

fn add_event(doc: &mut Document, activity: &str, day: i32) -> String {
    doc.add_event(NewEvent {
        activity_id: activity.into(),
        day,
        minute: 600,
        ..Default::default()
    })
    .unwrap()
    .events[0]
        .id
        .clone()
}

#[test]
fn a_new_order_is_empty_with_all_nine_roles() {
    let (_dir, doc) = doc();
    let order = doc.order().unwrap();
    assert_eq!(order, Order::default());
    let roles: Vec<Role> = order.roles.iter().map(|r| r.role).collect();
    assert_eq!(roles, Role::ALL);
    assert!(order.roles.iter().all(|r| r.needed && r.contact.is_empty()));
}

#[test]
fn every_edit_is_stored_and_survives_reopening() {
    let (dir, mut doc) = doc();
    doc.edit_order(OrderEdit::SetText {
        field: TextField::RulesOfEngagement,
        value: "No <script>alert(1)</script> \u{202e}RTL 🐳".into(),
    })
    .unwrap();
    let order = doc
        .edit_order(OrderEdit::AddGating {
            action: Some(GatingAction::Stop),
            condition: Some("Lateral movement out".into()),
        })
        .unwrap();
    let gid = order.gating[0].id.clone();
    doc.edit_order(OrderEdit::UpdateGating {
        id: gid.clone(),
        condition: None,
        action: Some(GatingAction::Escalate),
        decided_by: Some("CISO".into()),
        detection: Some("Tap".into()),
        decision_day: None,
        phase_id: None,
    })
    .unwrap();
    doc.edit_order(OrderEdit::AddGating {
        action: None,
        condition: None,
    })
    .unwrap();
    let order = doc
        .edit_order(OrderEdit::AddSuccess {
            criterion: Some("Images captured".into()),
        })
        .unwrap();
    let sid = order.success[0].id.clone();
    doc.edit_order(OrderEdit::UpdateSuccess {
        id: sid,
        criterion: None,
        measure: Some("Hashes".into()),
    })
    .unwrap();
    doc.edit_order(OrderEdit::SetRole {
        role: Role::TeamLead,
        needed: None,
        contact: Some("Sam".into()),
        details: Some("ext 1".into()),
        notes: None,
    })
    .unwrap();
    doc.edit_order(OrderEdit::SetRole {
        role: Role::RedTeam,
        needed: Some(false),
        contact: None,
        details: None,
        notes: None,
    })
    .unwrap();
    let persona = doc
        .create_persona(crate::persona::NewPersona {
            name: "Ada".into(),
            template: None,
        })
        .unwrap();
    let persona = doc
        .add_account(
            persona.id(),
            crate::persona::NewAccount {
                username: Some("ada".into()),
                ..Default::default()
            },
        )
        .unwrap();
    let account = persona.accounts[0].id.clone();
    let order = doc
        .edit_order(OrderEdit::AddHost {
            hostname: Some("web-01".into()),
        })
        .unwrap();
    let hid = order.hosts[0].id.clone();
    doc.edit_order(OrderEdit::UpdateHost {
        id: hid.clone(),
        hostname: None,
        os: Some("Debian".into()),
        purpose: Some("Bait".into()),
        notes: None,
        account_ids: Some(vec![account.clone(), account.clone()]),
    })
    .unwrap();
    let before = doc.order().unwrap();
    assert_eq!(before.gating.len(), 2);
    assert_eq!(before.gating[0].action, GatingAction::Escalate);
    assert_eq!(before.gating[0].condition, "Lateral movement out");
    assert_eq!(before.gating[1].action, GatingAction::Pause);
    assert_eq!(before.success[0].measure, "Hashes");
    assert_eq!(before.roles[1].contact, "Sam");
    assert!(!before.roles[8].needed);
    assert_eq!(before.hosts[0].account_ids, vec![account.clone()]);
    assert!(before.texts.rules_of_engagement.contains("<script>"));

    let path = doc.path().to_path_buf();
    drop(doc);
    let mut doc = Document::open(&path).unwrap();
    assert_eq!(doc.order().unwrap(), before);

    // Deleting the persona's account drops it from the host; deletes remove items.
    doc.delete_persona(persona.id()).unwrap();
    assert!(doc.order().unwrap().hosts[0].account_ids.is_empty());
    doc.edit_order(OrderEdit::DeleteGating { id: gid.clone() })
        .unwrap();
    doc.edit_order(OrderEdit::DeleteHost { id: hid }).unwrap();
    let after = doc.order().unwrap();
    assert_eq!(after.gating.len(), 1);
    assert!(after.hosts.is_empty());
    let err = doc
        .edit_order(OrderEdit::DeleteGating { id: gid })
        .unwrap_err();
    assert_eq!(err.code, crate::ErrorCode::NotFound);
    drop(dir);
}

#[test]
fn bad_edits_are_refused_and_change_nothing() {
    let (_dir, mut doc) = doc();
    let order = doc
        .edit_order(OrderEdit::AddHost { hostname: None })
        .unwrap();
    let id = order.hosts[0].id.clone();
    let before = doc.order().unwrap();
    let cases = [
        OrderEdit::UpdateHost {
            id: id.clone(),
            hostname: Some("x".repeat(501)),
            os: None,
            purpose: None,
            notes: None,
            account_ids: None,
        },
        OrderEdit::UpdateHost {
            id: id.clone(),
            hostname: Some("ok".into()),
            os: None,
            purpose: None,
            notes: None,
            account_ids: Some(vec!["no-such-account".into()]),
        },
        OrderEdit::SetText {
            field: TextField::Opsec,
            value: "x".repeat(100_001),
        },
        OrderEdit::UpdateSuccess {
            id: "missing".into(),
            criterion: None,
            measure: None,
        },
    ];
    for (i, edit) in cases.into_iter().enumerate() {
        assert!(doc.edit_order(edit).is_err(), "case {i} was accepted");
        assert_eq!(doc.order().unwrap(), before, "case {i} changed the order");
    }
    // An unknown action or role never gets past the boundary.
    assert!(
        serde_json::from_str::<OrderEdit>(r#"{"kind":"add_gating","action":"panic"}"#).is_err()
    );
    assert!(serde_json::from_str::<OrderEdit>(r#"{"kind":"set_role","role":"cook"}"#).is_err());
}

#[test]
fn readiness_flags_missing_gating_criteria() {
    let (_dir, mut doc) = doc();
    let items = failing(&doc, CheckId::GatingCriteria);
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].target,
        Target::Order {
            section: "gating".into()
        }
    );
    // An empty criterion does not count: it is flagged by its number.
    let order = doc
        .edit_order(OrderEdit::AddGating {
            action: None,
            condition: None,
        })
        .unwrap();
    let items = failing(&doc, CheckId::GatingCriteria);
    assert_eq!(items.len(), 1);
    assert_eq!(
        items[0].message,
        "Gating criterion 1 (Pause) has no condition, decision maker or detection"
    );
    // A condition alone is not enough either: who decides, and how the team notices?
    let id = order.gating[0].id.clone();
    doc.edit_order(OrderEdit::UpdateGating {
        id: id.clone(),
        condition: Some("The group reaches the payroll VLAN".into()),
        action: Some(GatingAction::Stop),
        decided_by: None,
        detection: None,
        decision_day: None,
        phase_id: None,
    })
    .unwrap();
    assert_eq!(
        failing(&doc, CheckId::GatingCriteria)[0].message,
        "Gating criterion 1 (Stop) “The group reaches the payroll VLAN” has no decision maker \
         or detection"
    );
    doc.edit_order(OrderEdit::UpdateGating {
        id: id.clone(),
        condition: None,
        action: None,
        decided_by: Some("Team lead".into()),
        detection: Some("   ".into()),
        decision_day: None,
        phase_id: None,
    })
    .unwrap();
    assert!(failing(&doc, CheckId::GatingCriteria)[0]
        .message
        .ends_with("has no detection"));
    doc.edit_order(OrderEdit::UpdateGating {
        id,
        condition: None,
        action: None,
        decided_by: None,
        detection: Some("VLAN flow alert".into()),
        decision_day: None,
        phase_id: None,
    })
    .unwrap();
    assert!(failing(&doc, CheckId::GatingCriteria).is_empty());
    // A second, empty one beside a complete one keeps the blocker and names number 2.
    doc.edit_order(OrderEdit::AddGating {
        action: Some(GatingAction::Escalate),
        condition: None,
    })
    .unwrap();
    let items = failing(&doc, CheckId::GatingCriteria);
    assert_eq!(items.len(), 1);
    assert!(items[0]
        .message
        .starts_with("Gating criterion 2 (Escalate)"));
    let (blockers, _) = readiness::open_counts(&doc.readiness().unwrap());
    assert!(blockers >= 1);
}

#[test]
fn readiness_asks_for_a_goal_an_objective_and_an_adversary() {
    let (dir, mut doc) = doc();
    assert_eq!(failing(&doc, CheckId::GoalChosen).len(), 1);
    assert_eq!(
        failing(&doc, CheckId::GoalChosen)[0].target,
        Target::Operation
    );
    assert_eq!(failing(&doc, CheckId::ObjectiveSet).len(), 1);
    let adversary = failing(&doc, CheckId::AdversaryKnown);
    assert_eq!(adversary.len(), 2, "no name, no technique: {adversary:?}");
    assert!(adversary.iter().all(|i| i.target == Target::ThreatModel));
    // Nothing about the adversary's techniques can pass while there are none.
    assert_eq!(
        moot(&doc, CheckId::UnengagedTechniques),
        "The threat model lists no technique"
    );

    doc.update_operation(OperationPatch {
        goals: Some(vec!["EGO0002".into()]),
        objective: Some("  ".into()),
        ..Default::default()
    })
    .unwrap();
    assert!(failing(&doc, CheckId::GoalChosen).is_empty());
    assert_eq!(
        failing(&doc, CheckId::ObjectiveSet).len(),
        1,
        "blanks are no objective"
    );
    doc.update_operation(OperationPatch {
        objective: Some("Learn which registries the group trusts".into()),
        ..Default::default()
    })
    .unwrap();
    assert!(failing(&doc, CheckId::ObjectiveSet).is_empty());
    doc.add_techniques(&["T1610".into()]).unwrap();
    let adversary = failing(&doc, CheckId::AdversaryKnown);
    assert_eq!(adversary.len(), 1);
    assert!(adversary[0].message.contains("no name"));
    doc.update_adversary(crate::threat::AdversaryPatch {
        name: Some("Harbour Swell".into()),
        ..Default::default()
    })
    .unwrap();
    assert!(failing(&doc, CheckId::AdversaryKnown).is_empty());
    assert_eq!(failing(&doc, CheckId::UnengagedTechniques).len(), 1);
    // The file alone holds what the checks read.
    let path = dir.path().join("op.feint");
    drop(doc);
    let doc = Document::open(&path).unwrap();
    for id in [
        CheckId::GoalChosen,
        CheckId::ObjectiveSet,
        CheckId::AdversaryKnown,
    ] {
        assert!(check_of(&doc, id).passed, "{id:?}");
    }
}

#[test]
fn a_check_without_a_subject_never_passes() {
    let (_dir, mut doc) = doc();
    let checks = doc.readiness().unwrap();
    // A new operation: goal, objective, adversary and gating are open; marking, Expose,
    // personas, dates and coverage have nothing to check. Only the roles check has a subject.
    assert!(checks.iter().all(|c| !c.passed), "{checks:?}");
    let moot_ids: Vec<CheckId> = checks
        .iter()
        .filter(|c| !c.applicable)
        .map(|c| c.id)
        .collect();
    assert_eq!(
        moot_ids,
        [
            CheckId::UnmarkedEvents,
            CheckId::ExposeWithoutCollection,
            CheckId::PersonaConflicts,
            CheckId::EventsOutsideDates,
            CheckId::UnengagedTechniques
        ]
    );
    assert_eq!(readiness::open_counts(&checks), (4, 1));
    assert_eq!(
        moot(&doc, CheckId::ExposeWithoutCollection),
        "No goal is chosen, so there is no Expose goal to check"
    );
    assert_eq!(
        moot(&doc, CheckId::UnmarkedEvents),
        "The storyboard has no events yet"
    );
    // A strategic event alone gives the marking check a subject, not the dates check.
    add_event(&mut doc, "SAC0003", 0);
    assert_eq!(failing(&doc, CheckId::UnmarkedEvents).len(), 1);
    moot(&doc, CheckId::EventsOutsideDates);
    // No role needed: nobody to reach, which is not a pass.
    for role in Role::ALL {
        doc.edit_order(OrderEdit::SetRole {
            role,
            needed: Some(false),
            contact: None,
            details: None,
            notes: None,
        })
        .unwrap();
    }
    assert_eq!(
        moot(&doc, CheckId::RolesWithoutContact),
        "No role is marked as needed"
    );
}

#[test]
fn readiness_flags_each_unmarked_event() {
    let (_dir, mut doc) = doc();
    let id = add_event(&mut doc, "EAC0005", 0);
    let items = failing(&doc, CheckId::UnmarkedEvents);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].target, Target::Event { id: id.clone() });
    // Fact/fiction alone is not enough; revealed/concealed is what the check asks.
    doc.set_marking(
        std::slice::from_ref(&id),
        crate::storyboard::MarkingPatch {
            visibility: Some(Some(Visibility::Concealed)),
            truth: None,
        },
    )
    .unwrap();
    assert!(failing(&doc, CheckId::UnmarkedEvents).is_empty());
}

#[test]
fn readiness_flags_an_expose_goal_without_collection_or_monitoring() {
    let (_dir, mut doc) = doc();
    // No Expose goal: the check does not apply, and says so rather than passing.
    doc.update_operation(OperationPatch {
        goals: Some(vec!["EGO0002".into()]),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        moot(&doc, CheckId::ExposeWithoutCollection),
        "The operation does not aim to expose"
    );
    doc.update_operation(OperationPatch {
        goals: Some(vec!["EGO0001".into()]),
        ..Default::default()
    })
    .unwrap();
    // Lures (EAC0005) sits under Detect: it watches.
    add_event(&mut doc, "EAC0020", 0);
    assert_eq!(failing(&doc, CheckId::ExposeWithoutCollection).len(), 1);
    add_event(&mut doc, "EAC0003", 0);
    assert!(failing(&doc, CheckId::ExposeWithoutCollection).is_empty());
}

#[test]
fn readiness_flags_persona_schedule_conflicts() {
    let (_dir, doc) = sample();
    assert!(failing(&doc, CheckId::PersonaConflicts).is_empty());
    let mut doc = doc;
    let jonas = doc
        .personas()
        .unwrap()
        .into_iter()
        .find(|p| p.profile.name == "Jonas Weber")
        .unwrap();
    // Sunday 03:00 of the first week (D+6 is Sunday 13 December).
    let id = doc
        .add_event(NewEvent {
            activity_id: "EAC0006".into(),
            day: 6,
            minute: 180,
            persona_ids: Some(vec![jonas.id().to_string()]),
            ..Default::default()
        })
        .unwrap()
        .events[0]
        .id
        .clone();
    let items = failing(&doc, CheckId::PersonaConflicts);
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(
        items[0].target,
        Target::Persona {
            id: jonas.id().to_string()
        }
    );
    doc.delete_events(&[id]).unwrap();
    assert!(failing(&doc, CheckId::PersonaConflicts).is_empty());
}

#[test]
fn readiness_flags_engagement_events_outside_the_dates() {
    let (_dir, mut doc) = doc();
    let inside = add_event(&mut doc, "EAC0005", 3);
    // Without dates the check cannot run and says so.
    let items = failing(&doc, CheckId::EventsOutsideDates);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].target, Target::Operation);
    doc.update_operation(OperationPatch {
        start_date: Some("2026-12-07".into()),
        end_date: Some("2026-12-10".into()),
        ..Default::default()
    })
    .unwrap();
    assert!(failing(&doc, CheckId::EventsOutsideDates).is_empty());
    let before = add_event(&mut doc, "EAC0005", -1);
    let after = add_event(&mut doc, "EAC0005", 4);
    // Strategic activities (planning, analysis) may fall outside.
    add_event(&mut doc, "SAC0003", -3);
    let flagged: Vec<Target> = failing(&doc, CheckId::EventsOutsideDates)
        .into_iter()
        .map(|i| i.target)
        .collect();
    assert_eq!(flagged.len(), 2);
    assert!(flagged.contains(&Target::Event { id: before }));
    assert!(flagged.contains(&Target::Event { id: after }));
    assert!(!flagged.contains(&Target::Event { id: inside.clone() }));
    // An event running past midnight of the end date is outside too.
    doc.resize_event(&inside, 2 * 1440).unwrap();
    assert_eq!(failing(&doc, CheckId::EventsOutsideDates).len(), 3);
}

#[test]
fn readiness_flags_needed_roles_without_a_contact() {
    let (_dir, mut doc) = doc();
    assert_eq!(failing(&doc, CheckId::RolesWithoutContact).len(), 9);
    doc.edit_order(OrderEdit::SetRole {
        role: Role::BlueTeam,
        needed: None,
        contact: Some("SOC".into()),
        details: None,
        notes: None,
    })
    .unwrap();
    doc.edit_order(OrderEdit::SetRole {
        role: Role::RedTeam,
        needed: Some(false),
        contact: None,
        details: None,
        notes: None,
    })
    .unwrap();
    let items = failing(&doc, CheckId::RolesWithoutContact);
    assert_eq!(items.len(), 7);
    assert!(items
        .iter()
        .all(|i| !i.message.contains("Blue team") && !i.message.contains("Red team")));
    // A contact of blanks is no contact.
    doc.edit_order(OrderEdit::SetRole {
        role: Role::BlueTeam,
        needed: None,
        contact: Some("  ".into()),
        details: None,
        notes: None,
    })
    .unwrap();
    assert_eq!(failing(&doc, CheckId::RolesWithoutContact).len(), 8);
}

#[test]
fn readiness_flags_adversary_techniques_no_event_engages() {
    let (_dir, mut doc) = doc();
    doc.add_techniques(&["T1611".into(), "T1098.004".into()])
        .unwrap();
    let items = failing(&doc, CheckId::UnengagedTechniques);
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].target, Target::Technique { id: "T1611".into() });
    // An event answering the parent engages the sub-technique.
    doc.add_event(NewEvent {
        activity_id: "EAC0018".into(),
        technique_ids: Some(vec!["T1098".into()]),
        ..Default::default()
    })
    .unwrap();
    let items = failing(&doc, CheckId::UnengagedTechniques);
    assert_eq!(items.len(), 1);
    assert!(items[0].message.contains("T1611"));
}

#[test]
fn the_sample_is_ready_but_for_nothing() {
    let (_dir, doc) = sample();
    let checks = doc.readiness().unwrap();
    assert_eq!(checks.len(), 10);
    let open: Vec<_> = checks.iter().filter(|c| !c.passed).collect();
    assert!(open.is_empty(), "the sample has open checks: {open:?}");
    let order = doc.order().unwrap();
    assert_eq!(order.gating.len(), 4);
    assert_eq!(order.hosts.len(), 2);
    assert_eq!(order.hosts[0].account_ids.len(), 1, "build-01 holds jweber");
}

#[test]
fn the_order_survives_export_import_export() {
    let (dir, doc) = sample();
    let first = crate::json::export(&doc).unwrap();
    let path = dir.path().join("a.json");
    crate::json::export_to_file(&doc, &path).unwrap();
    let imported = crate::json::import_file(&path, &dir.path().join("b.feint")).unwrap();
    assert_eq!(crate::json::export(&imported).unwrap(), first);
    assert_eq!(imported.order().unwrap(), doc.order().unwrap());
    let value: serde_json::Value = serde_json::from_str(&first).unwrap();
    assert_eq!(value["order"]["gating"][0]["action"], "stop");
    assert_eq!(value["order"]["roles"][8]["role"], "red_team");
    assert_eq!(value["order"]["roles"][8]["needed"], false);

    // A host naming an account nobody has, or a repeated role, is refused and leaves no file.
    let account = value["order"]["hosts"][0]["account_ids"][0]
        .as_str()
        .unwrap()
        .to_string();
    let cases = [
        first.replace(&format!("\"{account}\"\n"), "\"ghost\"\n"),
        first.replacen("\"role\": \"team_lead\"", "\"role\": \"stakeholder\"", 1),
        first.replacen("\"action\": \"stop\"", "\"action\": \"panic\"", 1),
    ];
    for (i, text) in cases.iter().enumerate() {
        assert_ne!(text, &first, "case {i} did not change the export");
        let bad = dir.path().join(format!("bad{i}.json"));
        std::fs::write(&bad, text).unwrap();
        let dest = dir.path().join(format!("c{i}.feint"));
        assert!(crate::json::import_file(&bad, &dest).is_err(), "case {i}");
        assert!(!dest.exists(), "case {i} left a file");
    }
}

#[test]
fn a_schema_4_export_imports_with_an_empty_order() {
    let (dir, doc) = sample();
    let mut value: serde_json::Value =
        serde_json::from_str(&crate::json::export(&doc).unwrap()).unwrap();
    value["schema_version"] = 4.into();
    value.as_object_mut().unwrap().remove("order");
    let path = dir.path().join("old.json");
    std::fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
    let imported = crate::json::import_file(&path, &dir.path().join("b.feint")).unwrap();
    assert_eq!(imported.order().unwrap(), Order::default());
    assert_eq!(imported.personas().unwrap().len(), 2);
}

fn all_strings(content: &mut content::OrderContent) -> String {
    let mut all = String::new();
    for_each_string(content, &mut |s: &mut String| {
        all.push_str(s);
        all.push('\n');
    });
    all
}

#[test]
fn the_briefing_holds_no_secret_anywhere() {
    let (_dir, mut doc) = sample();
    let jonas = doc
        .personas()
        .unwrap()
        .into_iter()
        .find(|p| p.profile.name == "Jonas Weber")
        .unwrap();
    // A secret, a username, a hostname and an address pasted into allowed fields go too.
    doc.update_operation(OperationPatch {
        objective: Some("The password is Kranhaus-2019! for now".into()),
        ..Default::default()
    })
    .unwrap();
    doc.edit_order(OrderEdit::SetText {
        field: TextField::RulesOfEngagement,
        value: "Never type kh-backup-7f3a9c1e as jweber on build-01 (10.20.0.5) anywhere".into(),
    })
    .unwrap();
    let secrets: Vec<String> = doc
        .personas()
        .unwrap()
        .iter()
        .flat_map(|p| p.accounts.iter().map(|a| a.secret.clone()))
        .collect();
    assert_eq!(secrets.len(), 3);

    let mut order = doc.order_content(ExportOptions::default()).unwrap();
    let text = all_strings(&mut order);
    for s in &secrets {
        assert!(text.contains(s.as_str()), "the order lacks {s}");
    }
    let mut briefing = doc
        .order_content(ExportOptions {
            audience: Audience::Briefing,
            ..ExportOptions::default()
        })
        .unwrap();
    let text = all_strings(&mut briefing);
    for s in &secrets {
        assert!(!text.contains(s.as_str()), "the briefing holds {s}");
    }
    assert!(text.contains("The password is [redacted] for now"));
    assert!(
        text.contains("Never type [redacted] as [redacted] on [redacted] ([redacted]) anywhere")
    );
    for (p, a) in doc
        .personas()
        .unwrap()
        .iter()
        .flat_map(|p| p.accounts.iter().map(move |a| (p, a)))
    {
        assert!(
            !text.contains(&a.username),
            "the briefing names {}",
            a.username
        );
        let background = p.profile.background.trim();
        assert!(
            background.is_empty() || !text.contains(background),
            "a persona's background"
        );
    }
    for h in doc.order().unwrap().hosts {
        assert!(
            !text.contains(&h.hostname),
            "the briefing names {}",
            h.hostname
        );
    }
    assert_eq!(briefing.kind, "Stakeholder briefing");
    assert!(text.contains(&jonas.profile.name));
}

#[test]
fn the_order_has_its_sections_in_order() {
    let (_dir, doc) = sample();
    let content = doc.order_content(ExportOptions::default()).unwrap();
    let numbers: Vec<&str> = content.sections.iter().map(|s| s.number.as_str()).collect();
    assert_eq!(numbers, ["1", "2", "3", "4", "5", "A", "B", "C", "D", "E"]);
    assert_eq!(content.handling_marking, "TLP:AMBER+STRICT");
    assert_eq!(content.codename, "HARBOR GLASS");
    let annex = &content.sections[9];
    assert!(annex.annex && annex.title == "Storyboard timeline");
    let timeline = annex
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Timeline(t) => Some(t),
            _ => None,
        })
        .unwrap();
    let bars: usize = timeline.lanes.iter().map(|l| l.bars.len()).sum();
    assert_eq!(bars, doc.storyboard().unwrap().events.len());
    assert_eq!(
        timeline.day_labels.len() as i32,
        timeline.last_day - timeline.first_day + 1
    );
    assert!(timeline.day_labels.iter().any(|l| l == "D+0\nMon 07 Dec"));
    assert_eq!(timeline.lanes_by, "goal");
    let gates: Vec<&str> = timeline
        .lanes
        .iter()
        .flat_map(|l| &l.bars)
        .filter(|b| b.gate)
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(
        gates.len(),
        2,
        "the sample's two Gating Criteria events: {gates:?}"
    );
}

#[test]
fn schedule_text_groups_days_and_hours() {
    let mut week = vec!["0".repeat(24); 7];
    let workday = format!("{}{}{}", "0".repeat(8), "1".repeat(9), "0".repeat(7));
    for day in week.iter_mut().take(5) {
        *day = workday.clone();
    }
    week[5] = format!("{}{}{}", "0".repeat(10), "1".repeat(5), "0".repeat(9));
    assert_eq!(
        build::schedule_text(&week),
        "Mon–Fri 08:00–17:00; Sat 10:00–15:00"
    );
    assert_eq!(
        build::schedule_text(&vec!["0".repeat(24); 7]),
        "No working hours set"
    );
}

#[test]
fn the_csv_neutralises_formulas_and_quotes_every_cell() {
    assert_eq!(csv::cell("=1+1"), "\"'=1+1\"");
    assert_eq!(csv::cell("+SUM(A1)"), "\"'+SUM(A1)\"");
    assert_eq!(csv::cell("-2"), "\"'-2\"");
    assert_eq!(csv::cell("@cmd"), "\"'@cmd\"");
    assert_eq!(csv::cell("\tx"), "\"'\tx\"");
    assert_eq!(csv::cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv::cell("plain"), "\"plain\"");

    let (_dir, mut doc) = sample();
    let id = doc.storyboard().unwrap().events[0].id.clone();
    doc.update_event(
        &id,
        crate::storyboard::EventPatch {
            title: Some("=HYPERLINK(\"http://x\",\"y\")".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let text = doc.timeline_csv().unwrap();
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), doc.storyboard().unwrap().events.len() + 1);
    assert!(lines[0].starts_with("\"Day\",\"Date\",\"Start\""));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""));
    assert!(!text.contains(",\"=HYPERLINK"));
    assert!(text.contains("\"D-6\",\"2026-12-01\",\"10:00\""));
}

fn pdftotext(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_sample_order_and_briefing_read_back_from_the_pdf() {
    let (dir, mut doc) = sample();
    // Greek and Cyrillic render; an emoji is reported, not silently dropped.
    doc.update_operation(OperationPatch {
        objective: Some("Λύκος and Волк watch the harbour 🐳 \u{10FFFD}".into()),
        ..Default::default()
    })
    .unwrap();
    let secrets: Vec<String> = doc
        .personas()
        .unwrap()
        .iter()
        .flat_map(|p| p.accounts.iter().map(|a| a.secret.clone()))
        .collect();
    let order_path = dir.path().join("order.pdf");
    let rendered = doc
        .export_pdf(&order_path, ExportOptions::default())
        .unwrap();
    assert_eq!(rendered.missing_glyphs, vec!['\u{10FFFD}']);
    // The report says where: the objective is printed on the cover and in the mission.
    let report = rendered.missing_report();
    assert_eq!(report.len(), 1, "{report:?}");
    assert!(
        report[0].starts_with("“\u{10FFFD}” (U+10FFFD) in "),
        "{report:?}"
    );
    assert!(report[0].contains("2 Mission"), "{report:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&order_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the PDF is readable by the owner only");
    }
    let text = pdftotext(&order_path);
    let pages: Vec<&str> = text
        .split('\x0c')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), rendered.pages);
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.matches("TLP:AMBER+STRICT").count() >= 2,
            "page {} lacks the marking banners",
            i + 1
        );
        assert!(page.contains(&format!("Page {} of {}", i + 1, pages.len())));
        assert!(page.contains("HARBOR GLASS"));
        assert!(page.contains("0.3"), "page {} lacks the version", i + 1);
    }
    // The headings come in order, after the contents page.
    let body: String = pages[2..].join("\n");
    let mut at = 0;
    for heading in [
        "1 Situation",
        "2 Mission",
        "3 Execution",
        "3.g Coordinating instructions",
        "4 Sustainment",
        "5 Command and signal",
        "Annex A Personas",
        "Annex B ATT&CK to Engage mapping",
        "Annex C Quad chart",
        "Annex D Rules of engagement and readiness",
    ] {
        let found = body[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order"));
        at += found + heading.len();
    }
    let annex_a = pages[2..]
        .iter()
        .find(|p| p.contains("Annex A Personas"))
        .unwrap();
    assert!(annex_a.contains("Jonas Weber") && annex_a.contains("Lena Brandt"));
    assert!(text.contains("Λύκος and Волк"));
    for s in &secrets {
        assert!(text.contains(s.as_str()), "the order lacks {s}");
    }

    let brief_path = dir.path().join("briefing.pdf");
    doc.export_pdf(
        &brief_path,
        ExportOptions {
            audience: Audience::Briefing,
            ..ExportOptions::default()
        },
    )
    .unwrap();
    let brief = pdftotext(&brief_path);
    let brief_pages = brief.split('\x0c').filter(|p| !p.trim().is_empty()).count();
    assert!(
        (2..=4).contains(&brief_pages),
        "the briefing has {brief_pages} pages"
    );
    assert!(brief.contains("Stakeholder briefing"));
    let mut at = 0;
    for heading in [
        "1 Bottom line up front",
        "1.a Decision requested",
        "2 Goal and objectives",
        "3 Concept in plain words",
        "4 Timeline summary",
        "5 Risks and gating criteria",
        "6 Legal basis and approvals",
    ] {
        let found = brief[at..]
            .find(heading)
            .unwrap_or_else(|| panic!("{heading} missing or out of order in the briefing"));
        at += found + heading.len();
    }
    let flat: String = brief.split_whitespace().collect();
    for p in doc.personas().unwrap() {
        assert!(
            brief.contains(&p.profile.name),
            "{} is named",
            p.profile.name
        );
        for a in &p.accounts {
            assert!(
                !flat.contains(&a.username),
                "the briefing names {}",
                a.username
            );
        }
    }
    for h in doc.order().unwrap().hosts {
        assert!(
            !flat.contains(&h.hostname),
            "the briefing names {}",
            h.hostname
        );
    }
    for s in &secrets {
        assert!(!brief.contains(s.as_str()), "the briefing holds {s}");
        // Wrapping must not hide a secret split over two lines either.
        let flat: String = brief.split_whitespace().collect();
        assert!(!flat.contains(s.as_str()), "the briefing holds {s}");
    }
}

#[test]
fn the_export_writes_over_nothing_it_cannot_and_reports_a_bad_path() {
    let (dir, doc) = sample();
    let missing = dir.path().join("no-such-folder").join("order.pdf");
    let err = doc
        .export_pdf(&missing, ExportOptions::default())
        .unwrap_err();
    assert!(matches!(
        err.code,
        crate::ErrorCode::NotFound | crate::ErrorCode::Io
    ));
    assert!(!missing.exists());
}

#[test]
fn environment_hosts_are_host_lanes_before_any_event_names_them() {
    let (_dir, mut doc) = doc();
    doc.add_event(NewEvent {
        activity_id: "EAC0005".into(),
        host: Some("web-02".into()),
        ..Default::default()
    })
    .unwrap();
    for name in ["Zulu-db", "web-02", "  ", "app-01"] {
        let order = doc
            .edit_order(OrderEdit::AddHost {
                hostname: Some(name.into()),
            })
            .unwrap();
        assert!(!order.hosts.is_empty());
    }
    let view = doc
        .lane_view(crate::storyboard::LaneGrouping::Host)
        .unwrap();
    let labels: Vec<&str> = view.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["app-01", "web-02", "Zulu-db", "No host"]);
}

#[test]
fn annex_d_shows_a_check_without_a_subject_as_not_applicable() {
    let (dir, doc) = doc();
    let path = dir.path().join("new-order.pdf");
    doc.export_pdf(
        &path,
        ExportOptions {
            audience: Audience::Order,
            ..ExportOptions::default()
        },
    )
    .unwrap();
    let text = pdftotext(&path);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "0 of 10 checks pass; 4 blocking and 1 other checks are open; 5 do not apply."
        ),
        "{flat}"
    );
    // Its reason follows it, with no item count: it is nothing to fix.
    assert!(
        flat.contains(
            "NOT APPLICABLE Every event is marked revealed or concealed The storyboard has no \
             events yet"
        ),
        "{flat}"
    );
    assert!(flat.contains("BLOCKER The operation has a goal (1 item)"));
    assert!(
        !flat.contains("PASSED"),
        "nothing passes on a new operation"
    );
}

/// Each check as (ID, severity, title, met, applicable, item messages), in the checks' order.
type Row = (
    CheckId,
    readiness::Severity,
    String,
    bool,
    bool,
    Vec<String>,
);

fn rows(doc: &Document) -> Vec<Row> {
    doc.readiness()
        .unwrap()
        .into_iter()
        .map(|c| {
            let items = c.items.into_iter().map(|i| i.message).collect();
            (c.id, c.severity, c.title, c.passed, c.applicable, items)
        })
        .collect()
}

const TITLES: [(CheckId, readiness::Severity, &str); 10] = {
    use readiness::Severity::{Blocker, Warning};
    [
        (CheckId::GoalChosen, Blocker, "The operation has a goal"),
        (
            CheckId::ObjectiveSet,
            Blocker,
            "The operation has an objective",
        ),
        (
            CheckId::AdversaryKnown,
            Blocker,
            "The threat model names an adversary and its techniques",
        ),
        (CheckId::GatingCriteria, Blocker, "Gating criteria are set"),
        (
            CheckId::UnmarkedEvents,
            Blocker,
            "Every event is marked revealed or concealed",
        ),
        (
            CheckId::ExposeWithoutCollection,
            Blocker,
            "An Expose goal has collection or monitoring",
        ),
        (
            CheckId::PersonaConflicts,
            Warning,
            "Personas are consistent with the storyboard",
        ),
        (
            CheckId::EventsOutsideDates,
            Warning,
            "Engagement events fall within the operation's dates",
        ),
        (
            CheckId::RolesWithoutContact,
            Warning,
            "Every role has a point of contact",
        ),
        (
            CheckId::UnengagedTechniques,
            Warning,
            "Every adversary technique is engaged by an event",
        ),
    ]
};

// The whole answer, pinned: the sample meets every check, and a blank operation fails or has
// nothing for each, in the same order and words as when the checks were one function.
#[test]
fn the_sample_and_a_blank_operation_give_the_same_checks() {
    let (_dir, sample) = sample();
    let met = TITLES
        .iter()
        .map(|&(id, sev, title)| (id, sev, title.to_string(), true, true, Vec::new()))
        .collect::<Vec<Row>>();
    assert_eq!(rows(&sample), met);

    let (_dir, blank) = doc();
    let s = |v: &[&str]| v.iter().map(|m| m.to_string()).collect::<Vec<_>>();
    let roles: Vec<String> = [
        "Stakeholders",
        "Team lead",
        "Operation coordinator",
        "Reverse engineer",
        "Threat analyst",
        "Operational user",
        "System administrator",
        "Blue team",
        "Red team",
    ]
    .iter()
    .map(|r| format!("{r} has no point of contact"))
    .collect();
    let answers: [(bool, Vec<String>); 10] = [
        (
            true,
            s(&["No goal is chosen: pick what the operation is for (Expose, Affect or Elicit)"]),
        ),
        (
            true,
            s(&["No objective: say what the operation must achieve"]),
        ),
        (
            true,
            s(&[
                "The adversary has no name: say whom the operation is aimed at",
                "The threat model lists no ATT&CK technique of the adversary",
            ]),
        ),
        (
            true,
            s(&[
                "No gating criteria: add the conditions that pause, stop or escalate the operation",
            ]),
        ),
        (false, s(&["The storyboard has no events yet"])),
        (
            false,
            s(&["No goal is chosen, so there is no Expose goal to check"]),
        ),
        (false, s(&["The operation has no personas"])),
        (false, s(&["The storyboard has no engagement events yet"])),
        (true, roles),
        (false, s(&["The threat model lists no technique"])),
    ];
    let open = TITLES
        .iter()
        .zip(answers)
        .map(|(&(id, sev, title), (applies, items))| {
            (id, sev, title.to_string(), false, applies, items)
        })
        .collect::<Vec<Row>>();
    assert_eq!(rows(&blank), open);
}

#[test]
fn exporting_from_the_file_checks_it_beside_the_layout_and_writes_only_if_it_passes() {
    let (dir, doc) = sample();
    let path = doc.path().to_path_buf();
    let opened_first = dir.path().join("opened-first.pdf");
    doc.export_pdf(&opened_first, ExportOptions::default())
        .unwrap();
    drop(doc);
    let out = dir.path().join("order.pdf");
    let (_, rendered) =
        Document::open_and_export_pdf(&path, None, &out, ExportOptions::default()).unwrap();
    assert_eq!(std::fs::read(&out).unwrap(), rendered.bytes);
    assert_eq!(rendered.bytes, std::fs::read(&opened_first).unwrap());

    // A value no edit could have written: refused as opening refuses it, and no PDF written.
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("UPDATE operation SET goals = '[\"EGO9999\"]'")
            .unwrap();
    }
    let opened = Document::open(&path)
        .err()
        .expect("opening refuses the file");
    let bad_out = dir.path().join("bad.pdf");
    let err = Document::open_and_export_pdf(&path, None, &bad_out, ExportOptions::default())
        .err()
        .expect("the export refuses the file");
    assert_eq!((err.code, &err.message), (opened.code, &opened.message));
    assert!(
        err.message.contains("sample.feint cannot be used"),
        "{}",
        err.message
    );
    assert!(!bad_out.exists());
}
