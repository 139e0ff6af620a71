//! Threat model tests: real migrations on `:memory:`, the real built-in catalog, and the
//! official release (`FEINT_ENGAGE_RELEASE`) as an independent check of the ranking.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::layer::{coverage_layer, import_layer, import_layer_file};
use super::*;
use crate::catalog;
use crate::error::ErrorCode;
use crate::operation::{self, Operation};
use crate::storyboard::{EventPatch, NewEvent};

fn cat() -> &'static Catalog {
    catalog::builtin()
}

fn store() -> Store {
    let mut store = Store::in_memory().unwrap();
    let op = Operation::new("Op", "1.0").unwrap();
    store.with_tx(|tx| operation::save(tx, &op)).unwrap();
    store
}

/// Placing `activity` with the focus at D+`day` `minute`.
fn at(activity: &str, day: i32, minute: i32) -> Placement {
    Placement {
        activity_id: activity.into(),
        goal_id: None,
        after: Some(placement::Slot { day, minute }),
    }
}

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn technique_ids(model: &ThreatModel) -> Vec<&str> {
    model
        .techniques
        .iter()
        .map(|t| t.technique_id.as_str())
        .collect()
}

fn layer(techniques: Value) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "name": "APT test",
        "versions": {"attack": "14", "navigator": "4.9.1", "layer": "4.5"},
        "domain": "enterprise-attack",
        "techniques": techniques,
    }))
    .unwrap()
}

fn release_dir() -> PathBuf {
    let dir = match std::env::var_os("FEINT_ENGAGE_RELEASE") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/engage-v1.0"),
    };
    assert!(
        dir.join("attack_mapping.json").is_file(),
        "the official Engage v1.0 release is needed at {} (set FEINT_ENGAGE_RELEASE)",
        dir.display()
    );
    dir
}

#[test]
fn an_untouched_operation_has_an_empty_threat_model() {
    let store = store();
    let model = load(store.conn(), cat()).unwrap();
    assert_eq!(model.adversary, Adversary::default());
    assert!(model.techniques.is_empty());
    assert!(recommendations(store.conn(), cat(), None)
        .unwrap()
        .is_empty());
    let cov = coverage(store.conn(), cat()).unwrap();
    assert_eq!((cov.engaged, cov.total), (0, 0));
}

#[test]
fn the_adversary_is_stored_as_text() {
    let mut store = store();
    let hostile = "<script>alert(1)</script> {@html x} '; DROP TABLE adversary; -- 🐙";
    let model = update_adversary(
        &mut store,
        cat(),
        AdversaryPatch {
            name: Some("  Team Harbor  ".into()),
            aliases: Some(ids(&[" TeamTNT ", "", "TeamTNT", hostile])),
            description: Some(hostile.into()),
            sources: Some("Vendor report, March\nOwn telemetry".into()),
            references: Some(ids(&["https://example.invalid/report", " "])),
        },
    )
    .unwrap();
    let a = &model.adversary;
    assert_eq!(a.name, "Team Harbor");
    assert_eq!(a.aliases, ids(&["TeamTNT", hostile]));
    assert_eq!(a.description, hostile);
    assert_eq!(a.references, ids(&["https://example.invalid/report"]));
    assert!(!a.modified_at.is_empty());
    // A patch leaves out what it does not name.
    let model = update_adversary(
        &mut store,
        cat(),
        AdversaryPatch {
            description: Some("Changed".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(model.adversary.name, "Team Harbor");
    assert_eq!(model.adversary.aliases.len(), 2);
    assert_eq!(load(store.conn(), cat()).unwrap(), model);

    // A refused edit changes nothing.
    let err = update_adversary(
        &mut store,
        cat(),
        AdversaryPatch {
            name: Some("x".repeat(501)),
            description: Some("lost".into()),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert_eq!(load(store.conn(), cat()).unwrap(), model);
}

#[test]
fn techniques_are_added_once_with_catalog_names_and_checked() {
    let mut store = store();
    let model =
        add_techniques(&mut store, cat(), &ids(&["t1133", " T1098.004 ", "T1133"])).unwrap();
    assert_eq!(technique_ids(&model), ["T1133", "T1098.004"]);
    let sub = &model.techniques[1];
    assert_eq!(sub.parent_id, "T1098");
    let parent = cat().techniques.iter().find(|t| t.id == "T1098").unwrap();
    assert_eq!(sub.name, format!("{}: SSH Authorized Keys", parent.name));
    assert_eq!(sub.tactics, parent.tactics);

    let model = update_technique(
        &mut store,
        cat(),
        "t1133",
        TechniquePatch {
            note: Some("Seen twice in <b>2025</b>".into()),
            confidence: Some(Some(Confidence::High)),
        },
    )
    .unwrap();
    assert_eq!(model.techniques[0].confidence, Some(Confidence::High));
    // Adding again keeps the note and confidence.
    let model = add_techniques(&mut store, cat(), &ids(&["T1133", "T1611"])).unwrap();
    assert_eq!(technique_ids(&model), ["T1133", "T1098.004", "T1611"]);
    assert_eq!(model.techniques[0].note, "Seen twice in <b>2025</b>");
    assert_eq!(model.techniques[0].confidence, Some(Confidence::High));

    // An explicit null clears the confidence.
    let patch: TechniquePatch = serde_json::from_str(r#"{"confidence": null}"#).unwrap();
    let model = update_technique(&mut store, cat(), "T1133", patch).unwrap();
    assert_eq!(model.techniques[0].confidence, None);
    assert_eq!(model.techniques[0].note, "Seen twice in <b>2025</b>");

    // One bad ID refuses the whole call.
    for bad in ["T9999", "lateral", "T1098.04", ""] {
        let err = add_techniques(&mut store, cat(), &ids(&["T1610", bad])).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad:?}");
    }
    assert_eq!(technique_ids(&load(store.conn(), cat()).unwrap()).len(), 3);

    let model = remove_technique(&mut store, cat(), "T1098.004").unwrap();
    assert_eq!(technique_ids(&model), ["T1133", "T1611"]);
    let err = remove_technique(&mut store, cat(), "T1098.004").unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = update_technique(&mut store, cat(), "T1610", TechniquePatch::default()).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_layer_imports_good_entries_and_lists_bad_ones() {
    let mut store = store();
    add_techniques(&mut store, cat(), &ids(&["T1611"])).unwrap();
    update_technique(
        &mut store,
        cat(),
        "T1611",
        TechniquePatch {
            note: Some("our own note".into()),
            confidence: Some(Some(Confidence::Medium)),
        },
    )
    .unwrap();
    let bytes = layer(json!([
        {"techniqueID": "T1133", "tactic": "initial-access", "score": 3, "comment": "VPN",
         "enabled": true, "metadata": [], "links": []},
        // Navigator writes a multi-tactic technique once per tactic.
        {"techniqueID": "T1133", "tactic": "persistence", "comment": "also kept"},
        {"techniqueID": "T1098.004", "tactic": null, "score": null, "comment": null,
         "enabled": null, "metadata": null, "links": null},
        {"techniqueID": "T1610", "enabled": false},
        {"techniqueID": "T1611", "comment": "layer comment"},
        {"techniqueID": "T9999"},
        {"techniqueID": "lateral movement"},
        {"tactic": "execution"},
        {"techniqueID": 1059},
        {"techniqueID": "T1059", "enabled": "yes"},
        "T1078",
    ]));
    let report = import_layer(&mut store, cat(), &bytes).unwrap();
    assert_eq!(report.layers, ["APT test"]);
    assert_eq!(report.added, ["T1133", "T1098.004"]);
    assert_eq!(report.already_present, ["T1611"]);
    assert_eq!(report.disabled, ["T1610"]);
    let problems: Vec<(&str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.position.as_str(), p.technique_id.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            ("techniques[5]", "T9999"),
            ("techniques[6]", "lateral movement"),
            ("techniques[7]", ""),
            ("techniques[8]", "1059"),
            ("techniques[9]", "T1059"),
            ("techniques[10]", ""),
        ]
    );
    assert!(report.problems[0]
        .reason
        .contains("not one of the ATT&CK techniques"));
    assert!(report.problems[2].reason.contains("no techniqueID"));

    // The sub-technique is kept as given; what was there is untouched.
    let model = load(store.conn(), cat()).unwrap();
    assert_eq!(report.model, model);
    assert_eq!(technique_ids(&model), ["T1611", "T1133", "T1098.004"]);
    assert_eq!(model.techniques[0].note, "our own note");
    assert_eq!(model.techniques[0].confidence, Some(Confidence::Medium));
    assert_eq!(model.techniques[1].note, "VPN\nalso kept");
    assert_eq!(model.techniques[2].parent_id, "T1098");

    // Importing the same layer again adds nothing.
    let again = import_layer(&mut store, cat(), &bytes).unwrap();
    assert!(again.added.is_empty());
    assert_eq!(again.already_present, ["T1133", "T1098.004", "T1611"]);
    assert_eq!(load(store.conn(), cat()).unwrap(), model);
}

#[test]
fn a_file_that_is_no_enterprise_layer_is_refused_whole() {
    let mut store = store();
    add_techniques(&mut store, cat(), &ids(&["T1611"])).unwrap();
    let before = load(store.conn(), cat()).unwrap();
    let mut mobile: Value =
        serde_json::from_slice(&layer(json!([{"techniqueID": "T1133"}]))).unwrap();
    mobile["domain"] = "mobile-attack".into();
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not json at all".to_vec(), "not JSON"),
        (b"{\"techniques\": [".to_vec(), "not JSON"),
        (vec![0xff, 0xfe, 0x00, 0x7b], "not JSON"),
        (serde_json::to_vec(&mobile).unwrap(), "mobile-attack"),
        (
            br#"{"name": "x", "domain": "enterprise-attack"}"#.to_vec(),
            "no list of techniques",
        ),
        (
            br#"{"techniques": {"T1133": {}}}"#.to_vec(),
            "no list of techniques",
        ),
        (b"[]".to_vec(), "empty list"),
        (b"42".to_vec(), "expected a JSON object"),
        (
            format!(
                "[{}, 7]",
                String::from_utf8(layer(json!([{"techniqueID": "T1133"}]))).unwrap()
            )
            .into_bytes(),
            "layer 2",
        ),
    ];
    for (bytes, words) in cases {
        let err = import_layer(&mut store, cat(), &bytes).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{words}");
        assert!(
            err.message.contains(words),
            "{:?} lacks {words:?}",
            err.message
        );
        assert_eq!(load(store.conn(), cat()).unwrap(), before);
    }
}

#[test]
fn a_list_of_layers_is_merged_and_positions_name_the_layer() {
    let mut store = store();
    let one: Value = serde_json::from_slice(&layer(json!([
        {"techniqueID": "T1133", "comment": "first"},
        {"techniqueID": "T0000"},
    ])))
    .unwrap();
    let mut two = one.clone();
    two["name"] = Value::Null;
    two["techniques"] = json!([
        {"techniqueID": "T1133", "comment": "second"},
        {"techniqueID": "T1610", "enabled": false},
        {"techniqueID": "T1611", "enabled": true},
        {"techniqueID": "T9999.001"},
    ]);
    // Disabled in one layer but enabled in the other: imported.
    let mut three = one.clone();
    three["techniques"] = json!([{"techniqueID": "T1610"}]);
    let bytes = serde_json::to_vec(&json!([one, two, three])).unwrap();
    let report = import_layer(&mut store, cat(), &bytes).unwrap();
    assert_eq!(report.layers, ["APT test", "", "APT test"]);
    assert_eq!(report.added, ["T1133", "T1611", "T1610"]);
    assert!(report.disabled.is_empty());
    assert_eq!(report.disabled_by_layer, [0, 0, 0]);
    let positions: Vec<&str> = report
        .problems
        .iter()
        .map(|p| p.position.as_str())
        .collect();
    assert_eq!(
        positions,
        ["layer 1: techniques[1]", "layer 2: techniques[3]"]
    );
    assert_eq!(report.model.techniques[0].note, "first\nsecond");
}

#[test]
fn a_layer_over_50_mb_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // Sparse: the size says 51 MB; reading it would be the bug.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_LAYER_BYTES + 1).unwrap();
    let mut store = store();
    let err = import_layer_file(&mut store, cat(), &path).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(err.message.contains("50 MB"), "{}", err.message);

    let small = dir.path().join("small.json");
    std::fs::write(&small, layer(json!([{"techniqueID": "T1133"}]))).unwrap();
    let report = import_layer_file(&mut store, cat(), &small).unwrap();
    assert_eq!(report.added, ["T1133"]);
    let err = import_layer_file(&mut store, cat(), &dir.path().join("none.json")).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

/// The ranking computed straight from the release's `attack_mapping.json`, not from the catalog.
fn expected_ranking(techniques: &[&str], goal: Option<&str>) -> Vec<(String, usize, usize)> {
    let text = std::fs::read_to_string(release_dir().join("attack_mapping.json")).unwrap();
    let rows: Vec<Value> = serde_json::from_str(&text).unwrap();
    let parents: BTreeSet<&str> = techniques.iter().map(|t| parent_of(t)).collect();
    let mut by_activity: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for row in &rows {
        let t = row["attack_id"].as_str().unwrap();
        if parents.contains(t) {
            let entry = by_activity
                .entry(row["eac_id"].as_str().unwrap().to_string())
                .or_default();
            entry.0.insert(t.to_string());
            entry.1.insert(row["eav_id"].as_str().unwrap().to_string());
        }
    }
    let details: Value = serde_json::from_str(
        &std::fs::read_to_string(release_dir().join("activity_details.json")).unwrap(),
    )
    .unwrap();
    let mut out: Vec<(String, usize, usize)> = by_activity
        .into_iter()
        .filter(|(id, _)| {
            goal.is_none_or(|g| {
                details[id]["goals"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|x| x == g)
            })
        })
        .map(|(id, (t, v))| (id, t.len(), v.len()))
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    out
}

#[test]
fn recommendations_rank_as_the_release_mapping_says() {
    let sets: [&[&str]; 3] = [
        &["T1133", "T1610", "T1098.004", "T1611"],
        &[
            "T1003",
            "T1021.001",
            "T1059.001",
            "T1078",
            "T1083",
            "T1566.001",
        ],
        &["T1612"],
    ];
    for set in sets {
        let mut store = store();
        add_techniques(&mut store, cat(), &ids(set)).unwrap();
        for goal in [None, Some("EGO0001"), Some("EGO0002"), Some("EGO0003")] {
            let got: Vec<(String, usize, usize)> = recommendations(store.conn(), cat(), goal)
                .unwrap()
                .into_iter()
                .map(|r| {
                    (
                        r.activity_id,
                        r.technique_count as usize,
                        r.vulnerability_count as usize,
                    )
                })
                .collect();
            assert_eq!(got, expected_ranking(set, goal), "{set:?} under {goal:?}");
            if goal.is_none() {
                assert!(!got.is_empty(), "{set:?} has no recommendation");
            }
        }
    }
    let err = recommendations(store().conn(), cat(), Some("EGO0009")).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn security_controls_is_recommended_with_its_reasons() {
    let mut store = store();
    add_techniques(
        &mut store,
        cat(),
        &ids(&["T1133", "T1610", "T1098.004", "T1611"]),
    )
    .unwrap();
    let recs = recommendations(store.conn(), cat(), None).unwrap();
    let pos = recs
        .iter()
        .position(|r| r.activity_id == "EAC0018")
        .unwrap();
    assert!(pos < 3, "EAC0018 is at {pos}");
    let rec = &recs[pos];
    assert_eq!(rec.name, "Security Controls");
    assert_eq!(rec.answers, ["T1098.004", "T1611"]);
    let reasons: Vec<(&str, &str, Vec<String>)> = rec
        .reasons
        .iter()
        .map(|r| {
            (
                r.technique_id.as_str(),
                r.vulnerability_id.as_str(),
                r.adversary_technique_ids.clone(),
            )
        })
        .collect();
    // Every reason is a row of the mapping, and every such row is a reason.
    let mut expected: Vec<(&str, &str, Vec<String>)> = cat()
        .mappings
        .iter()
        .filter(|m| {
            m.activity_id == "EAC0018" && ["T1098", "T1611"].contains(&m.technique_id.as_str())
        })
        .map(|m| {
            let via = if m.technique_id == "T1098" {
                "T1098.004"
            } else {
                "T1611"
            };
            (
                m.technique_id.as_str(),
                m.vulnerability_id.as_str(),
                ids(&[via]),
            )
        })
        .collect();
    expected.sort();
    assert_eq!(reasons, expected);
    assert!(rec.reasons.iter().all(|r| !r.technique_name.is_empty()));
    // Security Controls sits under Affect (Prevent), not under Elicit.
    let affect = recommendations(store.conn(), cat(), Some("EGO0002")).unwrap();
    assert!(affect.iter().any(|r| r.activity_id == "EAC0018"));
    let elicit = recommendations(store.conn(), cat(), Some("EGO0003")).unwrap();
    assert!(elicit
        .iter()
        .all(|r| r.goal_ids.contains(&"EGO0003".to_string())));
    assert!(!elicit.iter().any(|r| r.activity_id == "EAC0018"));
}

#[test]
fn placing_a_recommendation_engages_its_techniques() {
    let mut store = store();
    add_techniques(
        &mut store,
        cat(),
        &ids(&["T1133", "T1610", "T1098.004", "T1611"]),
    )
    .unwrap();
    let cov = coverage(store.conn(), cat()).unwrap();
    assert_eq!((cov.engaged, cov.total), (0, 4));

    let change = place_recommendation(&mut store, cat(), &at("EAC0018", 2, 600)).unwrap();
    let event = &change.events[0];
    assert_eq!(event.activity_id, "EAC0018");
    assert_eq!(event.technique_ids, ["T1098.004", "T1611"]);
    assert_eq!((event.day, event.minute), (2, 600));

    let cov = coverage(store.conn(), cat()).unwrap();
    let engaged: Vec<(&str, bool)> = cov
        .techniques
        .iter()
        .map(|t| (t.technique_id.as_str(), t.engaged))
        .collect();
    assert_eq!(
        engaged,
        [
            ("T1133", false),
            ("T1610", false),
            ("T1098.004", true),
            ("T1611", true)
        ]
    );
    assert_eq!(cov.engaged, 2);
    assert_eq!(cov.techniques[3].events[0].event_id, event.id);

    // The placement is one storyboard edit: undo takes the coverage back.
    storyboard::undo(&mut store).unwrap().unwrap();
    assert_eq!(coverage(store.conn(), cat()).unwrap().engaged, 0);

    let err = place_recommendation(&mut store, cat(), &at("EAC9999", 0, 0)).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
}

#[test]
fn parents_and_sub_techniques_engage_each_other_but_siblings_do_not() {
    assert!(engages("T1098", "T1098.004"));
    assert!(engages("T1098.004", "T1098"));
    assert!(engages("T1098.004", "T1098.004"));
    assert!(!engages("T1098.001", "T1098.004"));
    assert!(!engages("T1099", "T1098"));

    let mut store = store();
    add_techniques(&mut store, cat(), &ids(&["T1098.004", "T1133"])).unwrap();
    let id = storyboard::add_event(
        &mut store,
        NewEvent {
            activity_id: "EAC0003".into(),
            technique_ids: Some(ids(&["T1098.001"])),
            ..Default::default()
        },
    )
    .unwrap()
    .events[0]
        .id
        .clone();
    assert_eq!(coverage(store.conn(), cat()).unwrap().engaged, 0);
    storyboard::update_event(
        &mut store,
        &id,
        EventPatch {
            technique_ids: Some(ids(&["T1098", "T1133.001"])),
            ..Default::default()
        },
    )
    .unwrap();
    let cov = coverage(store.conn(), cat()).unwrap();
    assert!(cov.techniques.iter().all(|t| t.engaged));
}

#[test]
fn the_coverage_layer_opens_as_navigator_4_5() {
    let mut store = store();
    add_techniques(&mut store, cat(), &ids(&["T1133", "T1098.004", "T1611"])).unwrap();
    place_recommendation(&mut store, cat(), &at("EAC0018", 0, 0)).unwrap();
    place_recommendation(&mut store, cat(), &at("EAC0018", 1, 0)).unwrap();
    place_recommendation(&mut store, cat(), &at("EAC0003", 1, 0)).unwrap();
    let cov = coverage(store.conn(), cat()).unwrap();
    let text = coverage_layer("Dry \"Dock\" <b>", &cov);
    assert_eq!(text, coverage_layer("Dry \"Dock\" <b>", &cov));
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["versions"]["layer"], "4.5");
    assert_eq!(value["domain"], "enterprise-attack");
    assert_eq!(value["name"], "Dry \"Dock\" <b>: Engage coverage");
    let techniques = value["techniques"].as_array().unwrap();
    assert_eq!(techniques.len(), cov.techniques.len());
    for (t, item) in techniques.iter().zip(&cov.techniques) {
        assert_eq!(t["techniqueID"], item.technique_id.as_str());
        assert_eq!(t["score"], item.events.len());
        for activity in Coverage::activity_ids(item) {
            assert!(t["comment"].as_str().unwrap().contains(&activity));
            assert!(t["metadata"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["value"] == activity.as_str()));
        }
    }
    // T1611: two Security Controls events; T1133: one System Activity Monitoring event.
    let score = |id: &str| {
        techniques.iter().find(|t| t["techniqueID"] == id).unwrap()["score"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(score("T1611"), 2);
    assert_eq!(score("T1133"), 1);
    // The exported layer is itself a layer Feint imports, with nothing to report.
    let mut again = self::store();
    let report = import_layer(&mut again, cat(), text.as_bytes()).unwrap();
    assert_eq!(report.added, ["T1133", "T1098.004", "T1611"]);
    assert!(report.problems.is_empty());
}

#[test]
fn only_engagement_activities_engage_a_technique() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("coverage.feint");
    let mut doc = crate::document::Document::create(&path, "Coverage").unwrap();
    doc.add_techniques(&ids(&["T1610", "T1611"])).unwrap();
    // Every strategic activity of the catalog, tagged with both techniques: none engages.
    let strategic: Vec<&str> = cat()
        .activities
        .iter()
        .filter(|a| a.kind == Kind::Strategic)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        strategic.len(),
        8,
        "the catalog lists its strategic activities"
    );
    for activity in &strategic {
        doc.add_event(NewEvent {
            activity_id: (*activity).into(),
            technique_ids: Some(ids(&["T1610", "T1611"])),
            ..Default::default()
        })
        .unwrap();
    }
    let cov = doc.coverage().unwrap();
    assert_eq!((cov.engaged, cov.total), (0, 2));
    assert!(cov.techniques.iter().all(|t| t.events.is_empty()));
    assert!(!is_engagement(cat(), "SAC0003"));
    assert!(
        !is_engagement(cat(), "EAC9999"),
        "an unknown activity engages nothing"
    );

    // One engagement event engages T1611 only; the file alone holds it.
    doc.add_event(NewEvent {
        activity_id: "EAC0018".into(),
        technique_ids: Some(ids(&["T1611"])),
        ..Default::default()
    })
    .unwrap();
    drop(doc);
    let doc = crate::document::Document::open(&path).unwrap();
    let cov = doc.coverage().unwrap();
    assert_eq!((cov.engaged, cov.total), (1, 2));
    let t1611 = cov
        .techniques
        .iter()
        .find(|t| t.technique_id == "T1611")
        .unwrap();
    assert_eq!(t1611.events.len(), 1);
    assert_eq!(t1611.events[0].activity_id, "EAC0018");
    // The exported Navigator layer scores the same events.
    let layer: Value = serde_json::from_str(&doc.coverage_layer().unwrap()).unwrap();
    let score = |id: &str| {
        layer["techniques"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["techniqueID"] == id)
            .unwrap()["score"]
            .as_u64()
            .unwrap()
    };
    assert_eq!((score("T1610"), score("T1611")), (0, 1));
}

#[test]
fn sub_techniques_read_by_their_own_name_and_every_row_has_one() {
    let mut store = store();
    let model = add_techniques(
        &mut store,
        cat(),
        &ids(&[
            "T1566.001",
            "T1059.001",
            "T1059.003",
            "T1078",
            "T1053.005",
            "T1098.999",
        ]),
    )
    .unwrap();
    let names: Vec<(&str, &str)> = model
        .techniques
        .iter()
        .map(|t| (t.technique_id.as_str(), t.name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("T1566.001", "Phishing: Spearphishing Attachment"),
            ("T1059.001", "Command and Scripting Interpreter: PowerShell"),
            (
                "T1059.003",
                "Command and Scripting Interpreter: Windows Command Shell"
            ),
            ("T1078", "Valid Accounts"),
            ("T1053.005", "Scheduled Task/Job: Scheduled Task"),
            // One ATT&CK does not name still reads as something.
            ("T1098.999", "Account Manipulation: sub-technique 999"),
        ]
    );
    let cov = coverage(store.conn(), cat()).unwrap();
    assert!(cov
        .techniques
        .iter()
        .zip(&model.techniques)
        .all(|(c, t)| c.name == t.name));
}

#[test]
fn recommendations_say_how_often_the_activity_is_placed_and_group_reasons_by_technique() {
    let mut store = store();
    add_techniques(&mut store, cat(), &ids(&["T1133", "T1098.004", "T1611"])).unwrap();
    let before = recommendations(store.conn(), cat(), None).unwrap();
    let rec = before.iter().find(|r| r.activity_id == "EAC0018").unwrap();
    assert_eq!(
        (rec.on_storyboard, rec.first_event_id.as_deref()),
        (0, None)
    );
    // One line per technique, holding all its vulnerabilities; together the same pairs.
    assert_eq!(rec.by_technique.len(), rec.technique_count as usize);
    let pairs: Vec<(String, String)> = rec
        .by_technique
        .iter()
        .flat_map(|t| {
            t.vulnerabilities
                .iter()
                .map(|v| (t.technique_id.clone(), v.id.clone()))
        })
        .collect();
    let flat: Vec<(String, String)> = rec
        .reasons
        .iter()
        .map(|r| (r.technique_id.clone(), r.vulnerability_id.clone()))
        .collect();
    assert_eq!(pairs, flat);

    let late = place_recommendation(&mut store, cat(), &at("EAC0018", 3, 600)).unwrap();
    let early = place_recommendation(&mut store, cat(), &at("EAC0018", 1, 600)).unwrap();
    place_recommendation(&mut store, cat(), &at("EAC0018", 2, 600)).unwrap();
    let after = recommendations(store.conn(), cat(), None).unwrap();
    let rec = after.iter().find(|r| r.activity_id == "EAC0018").unwrap();
    assert_eq!(rec.on_storyboard, 3);
    // The jump goes to the earliest in time, not the first placed.
    assert_eq!(rec.first_event_id.as_ref(), Some(&early.events[0].id));
    assert_ne!(rec.first_event_id.as_ref(), Some(&late.events[0].id));
}

#[test]
fn the_matrix_puts_each_technique_under_its_tactics_in_attack_order_with_its_coverage() {
    let mut store = store();
    // T1078 Valid Accounts has four tactics; T1133 two; T1611 one.
    add_techniques(
        &mut store,
        cat(),
        &ids(&["T1611", "T1078", "T1133", "T1566.001"]),
    )
    .unwrap();
    place_recommendation(&mut store, cat(), &at("EAC0018", 0, 540)).unwrap();
    storyboard::add_event(
        &mut store,
        NewEvent {
            activity_id: "SAC0004".into(),
            technique_ids: Some(ids(&["T1133"])),
            ..Default::default()
        },
    )
    .unwrap();
    let m = matrix(store.conn(), cat()).unwrap();
    let tactics: Vec<&str> = m.columns.iter().map(|c| c.tactic.as_str()).collect();
    assert_eq!(tactics, ATTACK_TACTICS);
    let column = |name: &str| -> Vec<(&str, CoverageState)> {
        m.columns
            .iter()
            .find(|c| c.tactic == name)
            .unwrap()
            .techniques
            .iter()
            .map(|t| (t.technique_id.as_str(), t.state))
            .collect()
    };
    assert_eq!(
        column("Initial Access"),
        [
            ("T1078", CoverageState::NotEngaged),
            ("T1133", CoverageState::PlanningOnly),
            ("T1566.001", CoverageState::NotEngaged),
        ]
    );
    assert_eq!(
        column("Privilege Escalation"),
        [
            ("T1078", CoverageState::NotEngaged),
            ("T1611", CoverageState::Engaged)
        ]
    );
    assert_eq!(
        column("Persistence"),
        [
            ("T1078", CoverageState::NotEngaged),
            ("T1133", CoverageState::PlanningOnly)
        ]
    );
    assert!(column("Exfiltration").is_empty());
    let cell = &m.columns[2].techniques[2];
    assert_eq!(cell.name, "Phishing: Spearphishing Attachment");
}

#[test]
fn a_disabled_entry_in_each_of_two_layers_is_reported_once_per_layer() {
    let mut store = store();
    let one: Value = serde_json::from_slice(&layer(json!([
        {"techniqueID": "T1133"},
        {"techniqueID": "T1610", "enabled": false},
    ])))
    .unwrap();
    let mut two = one.clone();
    two["name"] = json!("APT two");
    two["techniques"] = json!([
        {"techniqueID": "T1611"},
        {"techniqueID": "T1610", "enabled": false},
        {"techniqueID": "T1610", "enabled": false},
    ]);
    let bytes = serde_json::to_vec(&json!([one, two])).unwrap();
    let report = import_layer(&mut store, cat(), &bytes).unwrap();
    assert_eq!(report.layers, ["APT test", "APT two"]);
    assert_eq!(report.disabled, ["T1610", "T1610"]);
    assert_eq!(report.disabled_by_layer, [1, 1]);
}
