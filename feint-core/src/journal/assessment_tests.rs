//! The after-action review on real files: edits kept by the file, refused values named plainly,
//! export → import → export unchanged, and the after-action report built and drawn.

use super::*;
use crate::order::build::ExportOptions;
use crate::order::content::{Audience, Block};
use crate::ErrorCode;

fn executed(dir: &std::path::Path) -> Document {
    crate::sample::write_executed(&dir.join("run.feint")).unwrap()
}

fn criterion_ids(doc: &Document) -> Vec<String> {
    doc.order()
        .unwrap()
        .success
        .into_iter()
        .map(|c| c.id)
        .collect()
}

#[test]
fn an_assessment_and_lessons_are_kept_by_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = executed(dir.path());
    let ids = criterion_ids(&doc);
    let entries: Vec<String> = doc
        .journal()
        .unwrap()
        .into_iter()
        .map(|l| l.entry.id)
        .collect();
    doc.edit_after_action(AfterActionEdit::Assess {
        criterion_id: ids[1].clone(),
        rating: Some(Rating::NotMet),
        note: Some("Only a listing, <b>no</b> pull".into()),
        evidence: Some(vec![
            entries[3].clone(),
            entries[3].clone(),
            entries[0].clone(),
        ]),
    })
    .unwrap();
    let view = doc
        .edit_after_action(AfterActionEdit::AddLesson {
            kind: LessonKind::Improve,
            text: "  Rotate the honeytoken weekly ".into(),
        })
        .unwrap();
    let added = view.improve.last().unwrap().clone();
    assert_eq!(added.text, "Rotate the honeytoken weekly");
    doc.edit_after_action(AfterActionEdit::MoveLesson {
        id: added.id.clone(),
        to: 0,
    })
    .unwrap();
    let first_sustain = view.sustain[0].id.clone();
    doc.edit_after_action(AfterActionEdit::RemoveLesson { id: first_sustain })
        .unwrap();
    doc.edit_after_action(AfterActionEdit::SetHotwash {
        notes: "Short hotwash".into(),
    })
    .unwrap();
    drop(doc);

    let doc = Document::open(&dir.path().join("run.feint")).unwrap();
    let review = doc.after_action().unwrap();
    let a = &review.criteria[1].assessment;
    assert_eq!(a.rating, Rating::NotMet);
    assert_eq!(a.note, "Only a listing, <b>no</b> pull");
    assert_eq!(a.evidence, vec![entries[3].clone(), entries[0].clone()]);
    assert_eq!(review.improve[0].id, added.id);
    assert_eq!(review.sustain.len(), 2);
    assert_eq!(review.hotwash, "Short hotwash");

    // Cleared back to nothing, the criterion is "not assessed" with no row left.
    let mut doc = doc;
    doc.edit_after_action(AfterActionEdit::Assess {
        criterion_id: ids[1].clone(),
        rating: Some(Rating::NotAssessed),
        note: Some(String::new()),
        evidence: Some(Vec::new()),
    })
    .unwrap();
    let data = doc.after_action_data().unwrap();
    assert!(data.assessments.iter().all(|a| a.criterion_id != ids[1]));
}

#[test]
fn refused_edits_name_what_is_wrong_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = executed(dir.path());
    let ids = criterion_ids(&doc);
    let before = doc.after_action_data().unwrap();
    let err = doc
        .edit_after_action(AfterActionEdit::Assess {
            criterion_id: ids[0].clone(),
            rating: Some(Rating::Met),
            note: None,
            evidence: Some(vec!["no-such-entry".into()]),
        })
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("not in the journal"),
        "{}",
        err.message
    );
    let err = doc
        .edit_after_action(AfterActionEdit::Assess {
            criterion_id: "nope".into(),
            rating: Some(Rating::Met),
            note: None,
            evidence: None,
        })
        .unwrap_err();
    assert!(
        err.message.contains("no success criterion"),
        "{}",
        err.message
    );
    let err = doc
        .edit_after_action(AfterActionEdit::AddLesson {
            kind: LessonKind::Sustain,
            text: "   ".into(),
        })
        .unwrap_err();
    assert!(err.message.contains("needs a text"), "{}", err.message);
    let err = doc
        .edit_after_action(AfterActionEdit::SetHotwash {
            notes: "x".repeat(crate::rules::MAX_TEXT + 1),
        })
        .unwrap_err();
    assert!(err.message.contains("hotwash notes"), "{}", err.message);
    assert!(!err.message.contains("SQL"), "{}", err.message);
    assert_eq!(doc.after_action_data().unwrap(), before);
}

#[test]
fn the_review_survives_export_import_export_and_bad_imports_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let doc = executed(dir.path());
    let text = crate::json::export(&doc).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(value["schema_version"], 8);
    assert_eq!(
        value["run"]["after_action"]["assessments"][0]["rating"],
        "partly"
    );
    let again = crate::json::import_text(&text, &dir.path().join("b.feint")).unwrap();
    assert_eq!(crate::json::export(&again).unwrap(), text);

    // Evidence naming an entry the journal lacks, and a criterion assessed twice.
    let mut bad = value.clone();
    bad["run"]["after_action"]["assessments"][0]["evidence"][0] = "ghost".into();
    let err = crate::json::import_text(&bad.to_string(), &dir.path().join("c.feint"))
        .err()
        .unwrap();
    assert!(
        err.message.contains("assessment of success criterion 1")
            && err.message.contains("not in the journal"),
        "{}",
        err.message
    );
    assert!(!dir.path().join("c.feint").exists());
    let mut bad = value.clone();
    let first = bad["run"]["after_action"]["assessments"][0].clone();
    bad["run"]["after_action"]["assessments"][1] = first;
    let err = crate::json::import_text(&bad.to_string(), &dir.path().join("d.feint"))
        .err()
        .unwrap();
    assert!(err.message.contains("assessed twice"), "{}", err.message);
    let mut bad = value;
    bad["run"]["after_action"]["rating_typo"] = true.into();
    bad["run"]["after_action"]["sustain"][0]["text"] = "".into();
    let err = crate::json::import_text(&bad.to_string(), &dir.path().join("e.feint"))
        .err()
        .unwrap();
    assert!(
        err.message.contains("sustain lesson 1") && err.message.contains("needs a text"),
        "{}",
        err.message
    );
}

#[test]
fn a_schema_7_export_without_a_review_still_imports() {
    let dir = tempfile::tempdir().unwrap();
    let doc = crate::sample::write_sample(&dir.path().join("a.feint")).unwrap();
    let mut value: serde_json::Value =
        serde_json::from_str(&crate::json::export(&doc).unwrap()).unwrap();
    value["schema_version"] = 7.into();
    assert!(value["run"].get("after_action").is_none());
    let old = crate::json::import_text(&value.to_string(), &dir.path().join("b.feint")).unwrap();
    assert!(old.after_action_data().unwrap().is_empty());
    assert!(old
        .after_action()
        .unwrap()
        .criteria
        .iter()
        .all(|c| c.assessment.rating == Rating::NotAssessed));
}

#[test]
fn the_after_action_report_holds_the_run_the_assessment_and_the_lessons() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = executed(dir.path());
    // A secret pasted into a lesson is removed from the report.
    let secret = doc
        .personas()
        .unwrap()
        .iter()
        .flat_map(|p| p.accounts.iter().map(|a| a.secret.clone()))
        .find(|s| s.len() > 6)
        .expect("the sample has account secrets");
    doc.edit_after_action(AfterActionEdit::AddLesson {
        kind: LessonKind::Improve,
        text: format!("Never paste {secret} into the journal"),
    })
    .unwrap();
    let content = doc
        .order_content(ExportOptions {
            audience: Audience::AfterAction,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(content.kind, "After-action report");
    let titles: Vec<String> = content
        .sections
        .iter()
        .map(|s| format!("{} {}", s.number, s.title))
        .collect();
    assert_eq!(
        titles,
        [
            "1 Summary",
            "2 Planned against actual",
            "3 Gate decisions",
            "4 Observed techniques and indicators",
            "5 Success criteria",
            "6 Lessons",
            "A Execution journal",
            "B Timeline, planned and actual",
        ]
    );
    let all = serde_json::to_string(&content).unwrap();
    assert!(!all.contains(&secret), "a secret reached the report");
    assert!(all.contains("Partly met") && all.contains("Skipped") && all.contains("Changed"));
    // Planned against actual: one row per event.
    let Block::Table(table) = &content.sections[1].blocks[1] else {
        panic!("no table of events");
    };
    assert_eq!(table.rows.len(), doc.storyboard().unwrap().events.len());
    // Observed techniques: counted from the journal, first seen, new ones marked.
    let Block::Table(techniques) = &content.sections[3].blocks[1] else {
        panic!("no technique table");
    };
    let t1611 = techniques.rows.iter().find(|r| r[0] == "T1611").unwrap();
    assert_eq!(t1611[2], "2");
    assert_eq!(t1611[4], "Yes");
    let t1525 = techniques.rows.iter().find(|r| r[0] == "T1525").unwrap();
    assert_eq!(t1525[4], "No: new");
    // Success criteria cite their evidence by journal number.
    let Block::Table(criteria) = &content.sections[4].blocks[0] else {
        panic!("no criteria table");
    };
    assert!(
        criteria.rows[1][3].starts_with('J'),
        "{:?}",
        criteria.rows[1]
    );
    // The timeline annex draws an actual lane under each planned one; the skipped event has no
    // actual bar.
    let Block::Timeline(figure) = &content.sections[7].blocks[0] else {
        panic!("no timeline");
    };
    let planned: usize = figure.lanes.iter().step_by(2).map(|l| l.bars.len()).sum();
    let actual: usize = figure
        .lanes
        .iter()
        .skip(1)
        .step_by(2)
        .map(|l| l.bars.len())
        .sum();
    assert_eq!((planned, actual), (14, 13));

    let out = dir.path().join("review.pdf");
    let written = doc
        .export_pdf_as(
            &out,
            ExportOptions {
                audience: Audience::AfterAction,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(written.pages >= 4, "{} pages", written.pages);
    assert!(!written.contains_secrets);
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
}

#[test]
fn indicators_are_defanged_once() {
    use crate::order::after_action::defang;
    assert_eq!(defang("ipv4", "198.51.100.7"), "198[.]51[.]100[.]7");
    assert_eq!(
        defang("url", "http://evil.example/x"),
        "hxxp://evil[.]example/x"
    );
    assert_eq!(defang("email", "a@b.example"), "a[@]b[.]example");
    assert_eq!(defang("ipv4", "198[.]51[.]100[.]7"), "198[.]51[.]100[.]7");
    assert_eq!(defang("sha256", "ab.cd"), "ab.cd");
}
