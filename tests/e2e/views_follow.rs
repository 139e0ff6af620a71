//! Views follow edits made on other pages, with no reload when a page is shown: a
//! recommendation placed on the Threat page is on the already loaded Storyboard at once, its
//! count matches the file, its readiness link opens it in the inspector, the Undo button reads
//! the file's top of stack ("Undo Add …") and undoing it removes that event only; a persona
//! added on the Personas page is a lane of the Storyboard grouped by persona at once.

use std::collections::BTreeSet;

use feint_core::document::Document;
use feint_core::operation::OperationPatch;
use feint_core::storyboard::NewEvent;

use crate::harness::{testid_css, App, Launch, Sandbox};

const SECURITY_CONTROLS: &str = "EAC0018";

async fn event_ids(app: &App) -> BTreeSet<String> {
    app.visible_attrs(&testid_css("timeline-event"), "data-event-id")
        .await
        .into_iter()
        .collect()
}

fn stored_event_ids(file: &std::path::Path) -> BTreeSet<String> {
    let doc = Document::open(file).expect("read the file while the app runs");
    doc.storyboard()
        .unwrap()
        .events
        .into_iter()
        .map(|e| e.id)
        .collect()
}

/// What the file says Undo would undo now.
fn stored_undo_label(file: &std::path::Path) -> String {
    let doc = Document::open(file).expect("read the file while the app runs");
    doc.storyboard().unwrap().undo_label.unwrap_or_default()
}

async fn undo_title(app: &App) -> String {
    app.visible_attrs(&testid_css("sb-undo"), "title")
        .await
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// An operation starting on a Monday with three events and an adversary using two techniques
/// that Security Controls answers.
fn seeded(sandbox: &Sandbox) -> std::path::PathBuf {
    let file = sandbox.path("follow.feint");
    let mut doc = Document::create(&file, "Follow the edits").expect("create the operation");
    doc.update_operation(OperationPatch {
        start_date: Some("2026-12-07".into()),
        ..Default::default()
    })
    .unwrap();
    for (activity, day, minute) in [
        ("EAC0005", 1, 600),
        ("EAC0014", 1, 780),
        ("EAC0005", 2, 540),
    ] {
        doc.add_event(NewEvent {
            activity_id: activity.into(),
            day,
            minute,
            ..Default::default()
        })
        .unwrap();
    }
    doc.add_techniques(&["T1611".into(), "T1098.004".into()])
        .unwrap();
    file
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn placed_recommendation_is_on_the_storyboard_with_its_undo() {
    let sandbox = Sandbox::new();
    let file = seeded(&sandbox);
    let before = stored_event_ids(&file);
    assert_eq!(before.len(), 3);

    let app = App::start(&sandbox, "follow-1", Launch::File(&file)).await;
    // The storyboard is loaded first, so a stale copy of it would show below.
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    app.wait_until("the three events on the timeline", || async {
        (event_ids(&app).await == before).then_some(())
    })
    .await;

    app.click("nav-threat").await;
    app.wait_for("threat-page").await;
    let place = format!(
        "{}[data-activity-id='{SECURITY_CONTROLS}'] {}",
        testid_css("recommendation"),
        testid_css("rec-place")
    );
    app.wait_for_css(&place)
        .await
        .click()
        .await
        .expect("click Place on storyboard");
    app.wait_for_text("rec-placed", "the placement", |t| {
        t.contains(SECURITY_CONTROLS)
    })
    .await;

    let stored = stored_event_ids(&file);
    assert_eq!(stored.len(), 4, "the file holds the placed event");
    let placed: Vec<String> = stored.difference(&before).cloned().collect();
    assert_eq!(placed.len(), 1);

    // The readiness link to the placed (still unmarked) event opens it in the inspector: the
    // storyboard, loaded before the placement, already holds it.
    app.click("nav-order").await;
    app.wait_for("order-page").await;
    let name = feint_core::catalog::builtin()
        .activities
        .iter()
        .find(|a| a.id == SECURITY_CONTROLS)
        .expect("Security Controls is in the catalog")
        .name
        .clone();
    let items = format!(
        "{}[data-check-id='unmarked_events'] {}",
        testid_css("readiness-check"),
        testid_css("readiness-item")
    );
    let item = app
        .wait_until("the placed event's readiness item", || async {
            for el in app.all_visible(&items).await {
                if app.text(&el).await.contains(&name) {
                    return Some(el);
                }
            }
            None
        })
        .await;
    item.click().await.expect("jump to the placed event");
    let inspector = app.wait_for("event-inspector").await;
    assert_eq!(
        inspector.attr("data-event-id").await.unwrap().as_deref(),
        Some(placed[0].as_str()),
        "the inspector shows the placed event"
    );

    // The storyboard shows it at once (no reload on show), and offers to undo exactly it.
    app.click("nav-storyboard").await;
    app.wait_until("the placed event on the timeline", || async {
        (event_ids(&app).await == stored).then_some(())
    })
    .await;
    // The button itself reads the step it undoes; its tooltip holds the same words whole.
    let label = stored_undo_label(&file);
    assert!(
        label.starts_with("Add “"),
        "the file's top of stack: {label:?}"
    );
    let undo = app
        .wait_for_text("sb-undo", "the placement's name", |t| {
            t.starts_with("Undo Add")
        })
        .await;
    assert_eq!(
        undo,
        format!("Undo {label}"),
        "the button names the placement"
    );
    assert_eq!(undo_title(&app).await, format!("Undo {label} (Ctrl+Z)"));
    app.screenshot("follow-placed").await;

    app.click("sb-undo").await;
    app.wait_until("the placed event gone, the others kept", || async {
        (event_ids(&app).await == before).then_some(())
    })
    .await;
    assert_eq!(
        stored_event_ids(&file),
        before,
        "undo removed exactly that event"
    );
    // Now the placement is what Redo offers, and Undo names the step before it.
    let redo = app
        .wait_for_text("sb-redo", "the undone placement", |t| {
            t.starts_with("Redo Add")
        })
        .await;
    assert_eq!(redo, format!("Redo {label}"));
    let before_label = stored_undo_label(&file);
    let undo = app.text_of("sb-undo").await;
    assert_eq!(
        undo,
        format!("Undo {before_label}"),
        "Undo names the step before"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persona_added_elsewhere_is_a_storyboard_lane() {
    let sandbox = Sandbox::new();
    let file = seeded(&sandbox);
    let app = App::start(&sandbox, "follow-2", Launch::File(&file)).await;
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    app.choose(&testid_css("lane-grouping"), "persona").await;
    app.wait_until("the No persona lane alone", || async {
        let lanes = app
            .visible_attrs(&testid_css("timeline-lane"), "data-lane")
            .await;
        (lanes == [""]).then_some(())
    })
    .await;

    app.click("nav-personas").await;
    app.wait_for("personas-page").await;
    app.type_into("persona-new-name", "Kira Adler").await;
    app.click("persona-create").await;
    app.wait_for_css(&testid_css("persona-item")).await;
    let id = Document::open(&file).unwrap().personas().unwrap()[0]
        .id()
        .to_string();

    app.click("nav-storyboard").await;
    app.wait_until("the new persona's lane", || async {
        let lanes = app
            .visible_attrs(&testid_css("timeline-lane"), "data-lane")
            .await;
        (lanes.contains(&id)).then_some(())
    })
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_added_on_the_order_page_is_a_storyboard_lane() {
    let sandbox = Sandbox::new();
    let file = seeded(&sandbox);
    let app = App::start(&sandbox, "follow-3", Launch::File(&file)).await;
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    app.choose(&testid_css("lane-grouping"), "host").await;
    app.wait_until("the No host lane alone", || async {
        let lanes = app
            .visible_attrs(&testid_css("timeline-lane"), "data-lane")
            .await;
        (lanes == [""]).then_some(())
    })
    .await;

    app.click("nav-order").await;
    app.wait_for("order-page").await;
    app.click("host-add").await;
    app.type_into("host-name", "web-07").await;
    app.wait_for_text("save-status", "\"Saved\"", |t| t == "Saved")
        .await;
    app.wait_until("the host in the file", || async {
        let order = Document::open(&file).unwrap().order().unwrap();
        (order.hosts.iter().any(|h| h.hostname == "web-07")).then_some(())
    })
    .await;

    app.click("nav-storyboard").await;
    app.wait_until("the host's lane", || async {
        let lanes = app
            .visible_attrs(&testid_css("timeline-lane"), "data-lane")
            .await;
        (lanes == ["web-07", ""]).then_some(())
    })
    .await;
    app.quit().await;
}
