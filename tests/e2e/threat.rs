//! The threat model from a Navigator layer to the storyboard: import a layer holding T1133,
//! T1610, T1098.004 and T1611 (plus a disabled entry and an unknown ID, which the report lists),
//! find Security Controls (EAC0018) among the top recommendations with its reasons, place it on
//! the storyboard, see the coverage of T1611 change to engaged, and export the coverage layer.

use feint_core::document::Document;
use feint_core::operation::OperationPatch;
use feint_core::storyboard::NewEvent;
use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

const SECURITY_CONTROLS: &str = "EAC0018";
/** Shown as text, never as markup. */
const ADVERSARY: &str = "Harbor <b>Crew</b> 🐳";

fn rec_css(activity: &str, inner: &str) -> String {
    format!(
        "{}[data-activity-id='{activity}'] {}",
        testid_css("recommendation"),
        testid_css(inner)
    )
}

fn coverage_css(technique: &str) -> String {
    format!(
        "{}[data-technique-id='{technique}']",
        testid_css("coverage-item")
    )
}

async fn engaged(app: &App, technique: &str) -> Option<String> {
    app.visible_attrs(&coverage_css(technique), "data-engaged")
        .await
        .into_iter()
        .next()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layer_to_recommendation_to_coverage() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("harbor.feint");
    let mut doc = Document::create(&file, "Harbor watch").expect("create the operation");
    doc.update_operation(OperationPatch {
        start_date: Some("2026-12-07".into()),
        ..Default::default()
    })
    .unwrap();
    drop(doc);
    let layer = sandbox.path("adversary-layer.json");
    std::fs::write(
        &layer,
        serde_json::to_vec_pretty(&json!({
            "name": "Harbor Crew",
            "versions": {"attack": "14", "navigator": "4.9.1", "layer": "4.5"},
            "domain": "enterprise-attack",
            "techniques": [
                {"techniqueID": "T1133", "tactic": "initial-access", "score": 1, "comment": "open daemon"},
                {"techniqueID": "T1610", "tactic": "execution", "enabled": true},
                {"techniqueID": "T1098.004", "tactic": "persistence", "comment": null, "metadata": null},
                {"techniqueID": "T1611", "tactic": "privilege-escalation"},
                {"techniqueID": "T1059", "enabled": false},
                {"techniqueID": "T9999"}
            ]
        }))
        .unwrap(),
    )
    .unwrap();

    let app = App::start(&sandbox, "threat-1", Launch::File(&file)).await;
    app.click("nav-threat").await;
    app.wait_for("threat-page").await;

    // --- Import the layer through the dialog ------------------------------------------------
    app.click("layer-import").await;
    app.type_into("path-input", &layer.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for_text("report-added", "4 techniques added", |t| {
        t == "4 techniques added"
    })
    .await;
    let problems = app
        .visible_attrs(&testid_css("report-problem"), "data-position")
        .await;
    assert_eq!(problems, ["techniques[5]"], "only T9999 is refused");
    let listed = app
        .visible_attrs(&testid_css("threat-technique"), "data-technique-id")
        .await;
    assert_eq!(listed, ["T1133", "T1610", "T1098.004", "T1611"]);
    app.wait_until("T1611 to show as not engaged", || async {
        (engaged(&app, "T1611").await.as_deref() == Some("false")).then_some(())
    })
    .await;

    // --- Security Controls is among the top recommendations, with its reasons ---------------
    let rank: usize = app
        .wait_until("EAC0018 among the recommendations", || async {
            app.visible_attrs(
                &format!(
                    "{}[data-activity-id='{SECURITY_CONTROLS}']",
                    testid_css("recommendation")
                ),
                "data-rank",
            )
            .await
            .into_iter()
            .next()
            .and_then(|r| r.parse().ok())
        })
        .await;
    assert!(rank <= 3, "Security Controls ranks {rank}");
    let reasons = app
        .visible_attrs(
            &rec_css(SECURITY_CONTROLS, "rec-reason"),
            "data-technique-id",
        )
        .await;
    assert!(
        reasons.contains(&"T1098".to_string()) && reasons.contains(&"T1611".to_string()),
        "reasons name the techniques it answers: {reasons:?}"
    );
    let reason_text = app
        .text(
            &app.wait_for_css(&rec_css(SECURITY_CONTROLS, "rec-reason"))
                .await,
        )
        .await;
    assert!(
        reason_text.contains("T1098.004") && reason_text.contains("EAV"),
        "a reason reads technique → vulnerability → activity: {reason_text:?}"
    );
    app.screenshot("threat-recommendations").await;

    // --- Place it on the storyboard: T1611 becomes engaged ----------------------------------
    app.wait_for_css(&rec_css(SECURITY_CONTROLS, "rec-place"))
        .await
        .click()
        .await
        .expect("click Place on storyboard");
    let placed = app
        .wait_for_text("rec-placed", "where the event went", |t| {
            t.contains("EAC0018")
        })
        .await;
    assert!(
        placed.contains("D+0 09:00") && placed.contains("T1098.004, T1611"),
        "placed at the operation's start, answering the adversary's techniques: {placed:?}"
    );
    app.wait_until("T1611 to show as engaged", || async {
        (engaged(&app, "T1611").await.as_deref() == Some("true")).then_some(())
    })
    .await;
    assert_eq!(engaged(&app, "T1133").await.as_deref(), Some("false"));
    app.wait_for_text("coverage-summary", "2 of 4 engaged", |t| {
        t == "2 of 4 engaged"
    })
    .await;
    app.screenshot("threat-coverage").await;

    // The storyboard shows the placed event.
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    app.wait_until("the placed event on the timeline", || async {
        let ids = app
            .visible_attrs(&testid_css("timeline-event"), "data-event-id")
            .await;
        (ids.len() == 1).then_some(())
    })
    .await;

    // --- Name the adversary and pick a sub-technique by its ID ------------------------------
    app.click("nav-threat").await;
    app.type_into("adv-name", ADVERSARY).await;
    app.wait_for("adv-name")
        .await
        .send_keys(Key::Tab)
        .await
        .expect("leave the field");
    app.wait_for_text("save-status", "\"Saved\"", |t| t == "Saved")
        .await;
    app.wait_for_text("adv-title", "the adversary's name as text", |t| {
        t == ADVERSARY
    })
    .await;
    app.type_into("technique-search", "t1059.004").await;
    // Pick once the list answers the whole query (the typed sub-technique, then its parent):
    // rows of an earlier, shorter query must not be what the click lands on.
    app.wait_until("the picker to answer t1059.004", || async {
        let picks = app
            .visible_attrs(&testid_css("technique-pick"), "data-technique-id")
            .await;
        (picks == ["T1059.004", "T1059"]).then_some(())
    })
    .await;
    app.wait_for_css(&format!(
        "{}[data-technique-id='T1059.004']",
        testid_css("technique-pick")
    ))
    .await
    .click()
    .await
    .expect("pick T1059.004");
    app.wait_for_text("technique-count", "5 techniques", |t| t == "5")
        .await;
    let listed = app
        .visible_attrs(&testid_css("threat-technique"), "data-technique-id")
        .await;
    assert_eq!(
        listed,
        ["T1133", "T1610", "T1098.004", "T1611", "T1059.004"],
        "one pick adds one technique"
    );
    app.wait_until("T1059.004 in the coverage, not engaged", || async {
        (engaged(&app, "T1059.004").await.as_deref() == Some("false")).then_some(())
    })
    .await;

    // --- Export the coverage as a Navigator layer -------------------------------------------
    app.click("layer-export").await;
    let out = sandbox.path("coverage-layer.json");
    app.type_into("path-input", &out.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for("layer-exported").await;
    app.quit().await;

    let exported: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(exported["versions"]["layer"], "4.5");
    assert_eq!(exported["domain"], "enterprise-attack");
    let t1611 = exported["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["techniqueID"] == "T1611")
        .expect("T1611 in the layer");
    assert_eq!(t1611["score"], 1);
    assert!(t1611["comment"]
        .as_str()
        .unwrap()
        .contains(SECURITY_CONTROLS));

    // --- The file holds the model and the placed event --------------------------------------
    let doc = Document::open(&file).unwrap();
    let model = doc.threat_model().unwrap();
    assert_eq!(model.adversary.name, ADVERSARY);
    assert_eq!(model.techniques.len(), 5);
    assert_eq!(model.techniques[4].technique_id, "T1059.004");
    let events = doc.storyboard().unwrap().events;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].activity_id, SECURITY_CONTROLS);
    assert_eq!(events[0].technique_ids, ["T1098.004", "T1611"]);
    assert_eq!(doc.coverage().unwrap().engaged, 2);
}

/// A planning event tagged with the adversary's techniques engages none of them: the Threat
/// page counts only engagement activities, as the core does for every other view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planning_events_do_not_count_as_engaging() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("planning.feint");
    let mut doc = Document::create(&file, "Planning only").expect("create the operation");
    doc.add_techniques(&["T1610".into(), "T1611".into()])
        .unwrap();
    for (activity, technique) in [("SAC0003", "T1610"), ("EAC0018", "T1611")] {
        doc.add_event(NewEvent {
            activity_id: activity.into(),
            technique_ids: Some(vec![technique.into()]),
            ..Default::default()
        })
        .unwrap();
    }
    drop(doc);

    let app = App::start(&sandbox, "threat-planning", Launch::File(&file)).await;
    app.click("nav-threat").await;
    app.wait_for("threat-page").await;
    app.wait_for_text("coverage-summary", "1 of 2 engaged", |t| {
        t == "1 of 2 engaged"
    })
    .await;
    assert_eq!(engaged(&app, "T1610").await.as_deref(), Some("false"));
    assert_eq!(engaged(&app, "T1611").await.as_deref(), Some("true"));
    app.quit().await;
}

/// The official Engage release, imported from the catalog page, brings its own descriptions to
/// the activity details; the release is kept in the app's config folder.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn threat_release_import_shows_official_descriptions() {
    let release = std::env::var_os("FEINT_ENGAGE_RELEASE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/engage-v1.0")
        });
    let official = feint_core::catalog::load_release(&release)
        .unwrap_or_else(|e| panic!("the Engage v1.0 release at {}: {e}", release.display()));
    let builtin = feint_core::catalog::builtin();
    let summary =
        |c: &feint_core::catalog::Catalog| c.activity(SECURITY_CONTROLS).unwrap().summary.clone();
    assert_ne!(summary(&official), summary(builtin));

    let sandbox = Sandbox::new();
    let file = sandbox.path("sample.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");
    let app = App::start(&sandbox, "threat-release", Launch::File(&file)).await;
    app.click("nav-catalog").await;
    let card = format!(
        "{}[data-activity-id='{SECURITY_CONTROLS}']",
        testid_css("activity-card")
    );
    app.wait_for_css(&card).await.click().await.unwrap();
    let ours = summary(builtin);
    app.wait_for_text("details-summary", "the built-in summary", |t| t == ours)
        .await;

    app.click("release-import").await;
    app.type_into("path-input", &release.to_string_lossy())
        .await;
    app.click("path-confirm").await;
    let status = app
        .wait_for_text("release-status", "the import", |t| t.contains("imported"))
        .await;
    assert!(status.contains("Engage 1.0"), "{status:?}");
    let theirs = summary(&official);
    app.wait_for_text("details-summary", "the official description", |t| {
        t == theirs
    })
    .await;
    app.screenshot("threat-release-import").await;

    // Importing it again changes nothing.
    app.click("release-import").await;
    app.type_into("path-input", &release.to_string_lossy())
        .await;
    app.click("path-confirm").await;
    app.wait_for_text("release-status", "nothing changed", |t| {
        t.contains("nothing changed")
    })
    .await;
    app.quit().await;
    assert!(sandbox
        .config_dir()
        .join("releases/engage-1.0.json")
        .is_file());
}
