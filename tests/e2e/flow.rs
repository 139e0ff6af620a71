//! The planner's flow from the threat model to the storyboard (issue 12): every way of placing
//! an activity puts it in its own goal's lane on a free slot, whatever the storyboard has in
//! focus; recommendations say what is placed already; the matrix lays the adversary out by
//! ATT&CK tactic; sub-techniques read by their own names; the Catalog finds activities by a
//! technique's name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use feint_core::document::Document;
use feint_core::operation::OperationPatch;
use feint_core::storyboard::event::goal_of_approach;
use feint_core::storyboard::NewEvent;
use serde_json::json;
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

const EXPOSE: &str = "EGO0001";
const AFFECT: &str = "EGO0002";
const API_MONITORING: &str = "EAC0001";
const NETWORK_MANIPULATION: &str = "EAC0016";
const SECURITY_CONTROLS: &str = "EAC0018";
const LURES: &str = "EAC0005";

async fn event_ids(app: &App) -> BTreeSet<String> {
    app.visible_attrs(&testid_css("timeline-event"), "data-event-id")
        .await
        .into_iter()
        .collect()
}

fn event_css(id: &str) -> String {
    format!("{}[data-event-id='{id}']", testid_css("timeline-event"))
}

async fn event_attr(app: &App, id: &str, name: &str) -> String {
    app.wait_until(&format!("event {id} to read its {name}"), || async {
        app.visible_attrs(&event_css(id), name)
            .await
            .into_iter()
            .next()
    })
    .await
}

/// Focuses an element the way Tab would (no pointer press, so no drag starts).
async fn focus(app: &App, css: &str) -> WebElement {
    let el = app.wait_for_css(css).await;
    app.driver()
        .execute("arguments[0].focus();", vec![el.to_json().unwrap()])
        .await
        .expect("focus the element");
    el
}

fn rec_css(activity: &str, inner: &str) -> String {
    format!(
        "{}[data-activity-id='{activity}'] {}",
        testid_css("recommendation"),
        testid_css(inner)
    )
}

/// The goal lane of every event in the file, by event ID.
fn stored_goals(file: &Path) -> Vec<(String, String, i32, i32)> {
    Document::open(file)
        .unwrap()
        .storyboard()
        .unwrap()
        .events
        .into_iter()
        .map(|e| {
            (
                e.activity_id.clone(),
                goal_of_approach(&e.approach_id).unwrap_or("").to_string(),
                e.day,
                e.minute,
            )
        })
        .collect()
}

fn operation_with(sandbox: &Sandbox, name: &str, techniques: &[&str]) -> PathBuf {
    let file = sandbox.path(&format!("{name}.feint"));
    let mut doc = Document::create(&file, name).expect("create the operation");
    doc.update_operation(OperationPatch {
        start_date: Some("2026-12-07".into()),
        goals: Some(vec![EXPOSE.into()]),
        ..Default::default()
    })
    .unwrap();
    if !techniques.is_empty() {
        let ids: Vec<String> = techniques.iter().map(|t| t.to_string()).collect();
        doc.add_techniques(&ids).unwrap();
    }
    file
}

/// Network Manipulation, chosen under the Affect filter while an Expose event is focused on the
/// storyboard, goes to the Affect lane at the focused time; the answer shows beside the button
/// with a link that opens the new event in the inspector.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_recommendation_goes_to_its_own_goal_lane_while_another_is_focused() {
    let sandbox = Sandbox::new();
    let file = operation_with(&sandbox, "own-lane", &["T1021", "T1071"]);
    let mut doc = Document::open(&file).unwrap();
    let expose_event = doc
        .add_event(NewEvent {
            activity_id: API_MONITORING.into(),
            day: 1,
            minute: 600,
            ..Default::default()
        })
        .unwrap()
        .events[0]
        .id
        .clone();
    drop(doc);

    let app = App::start(&sandbox, "flow-own-lane", Launch::File(&file)).await;
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    focus(&app, &event_css(&expose_event)).await;
    assert_eq!(event_attr(&app, &expose_event, "data-lane").await, EXPOSE);

    app.click("nav-threat").await;
    app.wait_for("threat-page").await;
    app.wait_for_css(&format!("{}[data-goal='{AFFECT}']", testid_css("rec-goal")))
        .await
        .click()
        .await
        .expect("filter by Affect");
    app.wait_for_css(&rec_css(NETWORK_MANIPULATION, "rec-place"))
        .await
        .click()
        .await
        .expect("click Place on storyboard");
    // The answer sits inside the recommendation that was clicked, not at the top of the page.
    let answer = app
        .wait_until("the answer beside the button", || async {
            let el = app
                .find_visible(&rec_css(NETWORK_MANIPULATION, "rec-placed"))
                .await?;
            let text = app.text(&el).await;
            text.contains("Placed").then_some(text)
        })
        .await;
    assert!(
        answer.contains("D+1 10:00") && answer.contains(NETWORK_MANIPULATION),
        "placed at the focused time: {answer:?}"
    );
    assert!(
        app.find_visible(&testid_css("threat-error"))
            .await
            .is_none(),
        "nothing refused"
    );
    app.screenshot("flow-recommendation-placed").await;

    let events = stored_goals(&file);
    assert_eq!(events.len(), 2, "{events:?}");
    let placed = events
        .iter()
        .find(|e| e.0 == NETWORK_MANIPULATION)
        .expect("the placed event is in the file");
    assert_eq!(
        placed.1, AFFECT,
        "in its own goal's lane, not the focused Expose lane"
    );
    assert_eq!((placed.2, placed.3), (1, 600));

    // The link opens the new event in the storyboard's inspector.
    app.wait_for_css(&rec_css(NETWORK_MANIPULATION, "rec-placed-open"))
        .await
        .click()
        .await
        .expect("open the placed event");
    let inspector = app.wait_for("event-inspector").await;
    let inspected = inspector.attr("data-event-id").await.unwrap().unwrap();
    assert_ne!(inspected, expose_event);
    assert_eq!(event_attr(&app, &inspected, "data-lane").await, AFFECT);
    app.quit().await;
}

/// On a new operation with one Affect event, a keyboard user places API Monitoring (Expose)
/// from the palette: it lands in the Expose lane at the window start (D+0 09:00), and a second
/// one goes after it rather than on top of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_keyboard_places_an_expose_activity_in_expose_on_a_free_slot() {
    let sandbox = Sandbox::new();
    let file = operation_with(&sandbox, "keyboard", &[]);
    let mut doc = Document::open(&file).unwrap();
    let affect_event = doc
        .add_event(NewEvent {
            activity_id: SECURITY_CONTROLS.into(),
            day: 0,
            minute: 540,
            ..Default::default()
        })
        .unwrap()
        .events[0]
        .id
        .clone();
    drop(doc);

    let app = App::start(&sandbox, "flow-keyboard", Launch::File(&file)).await;
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    focus(&app, &event_css(&affect_event)).await;
    let before = event_ids(&app).await;

    app.type_into("palette-search", "API Monitoring").await;
    let item_css = format!(
        "{}[data-activity-id='{API_MONITORING}']",
        testid_css("palette-item")
    );
    let mut placed = Vec::new();
    for round in 0..2 {
        let item = focus(&app, &item_css).await;
        item.send_keys(Key::Enter).await.expect("press Enter");
        let id = app
            .wait_until(&format!("placement {round}"), || async {
                let now = event_ids(&app).await;
                let added: Vec<String> = now
                    .difference(&before)
                    .filter(|id| !placed.contains(*id))
                    .cloned()
                    .collect();
                (added.len() == 1).then(|| added[0].clone())
            })
            .await;
        assert_eq!(event_attr(&app, &id, "data-lane").await, EXPOSE);
        placed.push(id);
    }
    let times = |id: &str| {
        let id = id.to_string();
        let app = &app;
        async move {
            (
                event_attr(app, &id, "data-day").await,
                event_attr(app, &id, "data-minute").await,
            )
        }
    };
    assert_eq!(
        times(&placed[0]).await,
        ("0".to_string(), "540".to_string())
    );
    assert_eq!(
        times(&placed[1]).await,
        ("0".to_string(), "600".to_string())
    );
    app.screenshot("flow-keyboard-placement").await;
    app.quit().await;

    let mut stored = stored_goals(&file);
    stored.sort();
    assert_eq!(
        stored,
        [
            (API_MONITORING.into(), EXPOSE.into(), 0, 540),
            (API_MONITORING.into(), EXPOSE.into(), 0, 600),
            (SECURITY_CONTROLS.into(), AFFECT.into(), 0, 540),
        ]
    );
}

/// A two-layer Navigator file: the matrix shows its techniques in their ATT&CK tactic columns,
/// sub-techniques read by their own names, the report counts a disabled entry in each layer,
/// and the layer's name is offered as the adversary's. Lures, already placed three times, says
/// so in the recommendations.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_matrix_shows_the_layer_by_tactic_with_names_and_marks() {
    let sandbox = Sandbox::new();
    let file = operation_with(&sandbox, "matrix", &[]);
    let mut doc = Document::open(&file).unwrap();
    let mut lures = Vec::new();
    for day in [2, 1, 3] {
        let change = doc
            .add_event(NewEvent {
                activity_id: LURES.into(),
                day,
                minute: 600,
                technique_ids: Some(vec!["T1078".into()]),
                ..Default::default()
            })
            .unwrap();
        lures.push(change.events[0].id.clone());
    }
    drop(doc);
    let layer = sandbox.path("two-layers.json");
    let one = json!({
        "name": "Harbor Crew",
        "versions": {"attack": "14", "navigator": "4.9.1", "layer": "4.5"},
        "domain": "enterprise-attack",
        "techniques": [
            {"techniqueID": "T1566.001", "tactic": "initial-access"},
            {"techniqueID": "T1078", "tactic": "persistence"},
            {"techniqueID": "T1059.001", "tactic": "execution"},
            {"techniqueID": "T1610", "enabled": false}
        ]
    });
    let two = json!({
        "name": "Harbor Crew (2025)",
        "domain": "enterprise-attack",
        "techniques": [
            {"techniqueID": "T1059.003", "tactic": "execution"},
            {"techniqueID": "T1053.005", "tactic": "execution"},
            {"techniqueID": "T1611", "enabled": false}
        ]
    });
    std::fs::write(
        &layer,
        serde_json::to_vec_pretty(&json!([one, two])).unwrap(),
    )
    .unwrap();

    let app = App::start(&sandbox, "flow-matrix", Launch::File(&file)).await;
    app.click("nav-threat").await;
    app.wait_for("threat-page").await;
    app.click("layer-import").await;
    app.type_into("path-input", &layer.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for_text("report-added", "5 techniques added", |t| {
        t == "5 techniques added"
    })
    .await;
    let disabled = app.text_of("report-disabled").await;
    assert!(
        disabled.contains("2 disabled entries skipped")
            && disabled.contains("1 in Harbor Crew,")
            && disabled.contains("1 in Harbor Crew (2025)"),
        "{disabled:?}"
    );

    // Sub-techniques read by their own names in the list and in Coverage; none is nameless.
    let names = [
        ("T1566.001", "Phishing: Spearphishing Attachment"),
        ("T1059.001", "Command and Scripting Interpreter: PowerShell"),
        (
            "T1059.003",
            "Command and Scripting Interpreter: Windows Command Shell",
        ),
        ("T1078", "Valid Accounts"),
        ("T1053.005", "Scheduled Task/Job: Scheduled Task"),
    ];
    for (id, name) in names {
        let css = format!(
            "{}[data-technique-id='{id}'] .t-name",
            testid_css("coverage-item")
        );
        let el = app.wait_for_css(&css).await;
        assert_eq!(
            el.attr("title").await.unwrap().unwrap(),
            format!("{id} {name}")
        );
        let shown = app.text(&el).await;
        assert!(
            !shown.is_empty() && name.starts_with(shown.trim_end_matches('…')),
            "{id}: {shown:?}"
        );
    }

    // The layer's name is offered as the adversary's.
    app.wait_for_css(&testid_css("layer-name-offer")).await;
    let offers = app.all_visible(&testid_css("layer-name-offer")).await;
    assert_eq!(offers.len(), 2);
    offers[0]
        .click()
        .await
        .expect("take the first layer's name");
    app.wait_for_text("adv-title", "the layer's name", |t| t == "Harbor Crew")
        .await;

    // Lures is marked as placed three times, with a jump to the earliest.
    let mark = app.wait_for_css(&rec_css(LURES, "rec-on-storyboard")).await;
    assert_eq!(app.text(&mark).await, "On storyboard ×3");
    app.screenshot("flow-recommendation-marks").await;

    // --- The matrix ------------------------------------------------------------------------
    app.wait_for_css(&format!(
        "{}[data-view='matrix']",
        testid_css("coverage-view")
    ))
    .await
    .click()
    .await
    .expect("show the matrix");
    app.wait_for("threat-matrix").await;
    let tactics = app
        .visible_attrs(&testid_css("matrix-column"), "data-tactic")
        .await;
    assert_eq!(tactics, feint_core::threat::ATTACK_TACTICS);
    let column = |tactic: &'static str| {
        let app = &app;
        async move {
            app.visible_attrs(
                &format!(
                    "{}[data-tactic='{tactic}'] {}",
                    testid_css("matrix-column"),
                    testid_css("matrix-cell")
                ),
                "data-technique-id",
            )
            .await
        }
    };
    assert_eq!(column("Initial Access").await, ["T1078", "T1566.001"]);
    assert_eq!(
        column("Execution").await,
        ["T1053.005", "T1059.001", "T1059.003"]
    );
    assert_eq!(column("Persistence").await, ["T1053.005", "T1078"]);
    assert!(column("Exfiltration").await.is_empty());
    let states = app
        .visible_attrs(
            &format!(
                "{}[data-tactic='Initial Access'] {}",
                testid_css("matrix-column"),
                testid_css("matrix-cell")
            ),
            "data-state",
        )
        .await;
    assert_eq!(states, ["engaged", "not_engaged"]);
    let cell_text = app
        .text(
            &app.wait_for_css(&format!(
                "{}[data-technique-id='T1566.001']",
                testid_css("matrix-cell")
            ))
            .await,
        )
        .await;
    assert!(
        cell_text.contains("Spearphishing Attachment") && cell_text.contains("NOT ENGAGED"),
        "the state is written, not only coloured: {cell_text:?}"
    );
    app.screenshot("flow-threat-matrix").await;

    // Clicking an engaged technique lists its events; the link opens one in the storyboard.
    app.wait_for_css(&format!(
        "{}[data-technique-id='T1078']",
        testid_css("matrix-cell")
    ))
    .await
    .click()
    .await
    .expect("pick T1078");
    let links = app.all_visible(&testid_css("matrix-event")).await;
    assert_eq!(links.len(), 3, "the three Lures events engage T1078");
    // A technique nothing engages lists the activities that would.
    app.wait_for_css(&format!(
        "{}[data-technique-id='T1566.001']",
        testid_css("matrix-cell")
    ))
    .await
    .click()
    .await
    .expect("pick T1566.001");
    let recs = app
        .wait_until("recommendations for T1566.001", || async {
            let ids = app
                .visible_attrs(&testid_css("matrix-rec"), "data-activity-id")
                .await;
            (!ids.is_empty()).then_some(ids)
        })
        .await;
    assert!(recs.iter().all(|r| r.starts_with("EAC")), "{recs:?}");
    app.screenshot("flow-threat-matrix-detail").await;

    // The mark jumps to the earliest Lures event (D+1), open in the storyboard's inspector.
    app.wait_for_css(&rec_css(LURES, "rec-on-storyboard"))
        .await
        .click()
        .await
        .expect("click the mark");
    let inspector = app.wait_for("event-inspector").await;
    assert_eq!(
        inspector.attr("data-event-id").await.unwrap().as_deref(),
        Some(lures[1].as_str())
    );
    app.quit().await;
}

/// The Catalog finds activities by the name of a technique they engage, and an activity's
/// details place it on the storyboard in its own goal's lane, with the answer beside the button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flow_catalog_finds_by_technique_name_and_places_from_details() {
    let sandbox = Sandbox::new();
    let file = operation_with(&sandbox, "catalog", &[]);
    let app = App::start(&sandbox, "flow-catalog", Launch::File(&file)).await;
    app.click("nav-catalog").await;
    app.type_into("catalog-search", "External Remote Services")
        .await;
    let want: BTreeSet<String> = feint_core::catalog::builtin()
        .search("T1133")
        .into_iter()
        .collect();
    assert!(!want.is_empty());
    let shown = app
        .wait_until(
            "the activities engaging External Remote Services",
            || async {
                let ids: BTreeSet<String> = app
                    .visible_attrs(&testid_css("activity-card"), "data-activity-id")
                    .await
                    .into_iter()
                    .collect();
                // The whole catalog shows until the search answers: wait for it to narrow.
                (ids.len() < 31 && want.is_subset(&ids)).then_some(ids)
            },
        )
        .await;
    assert!(!shown.contains("SAC0001"), "{shown:?}");
    app.screenshot("flow-catalog-technique-search").await;

    app.wait_for_css(&format!(
        "{}[data-activity-id='{LURES}']",
        testid_css("activity-card")
    ))
    .await
    .click()
    .await
    .expect("open Lures");
    app.click("details-place").await;
    let answer = app
        .wait_for_text("details-placed", "the answer beside the button", |t| {
            t.contains("Placed")
        })
        .await;
    assert!(answer.contains("D+0 09:00"), "{answer:?}");
    app.quit().await;
    let stored = stored_goals(&file);
    assert_eq!(stored, [(LURES.into(), EXPOSE.into(), 0, 540)]);
}
