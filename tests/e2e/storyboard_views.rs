//! The storyboard's other ways in, on the sample operation: the list view (filter, sort, inline
//! edit), the inspector (activity, ATT&CK picker with the mapped techniques first, day and
//! time), custom lanes (add, reorder, rename), lanes by persona, and panning the timeline by
//! dragging it. Every edit is checked in the file itself.

use std::time::Duration;

use feint_core::catalog;
use feint_core::document::Document;
use feint_core::storyboard::{Event, LaneGrouping, Visibility};
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

/// Markup, right-to-left text and accents: shown and stored as text.
const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)> Décor שלום";

fn events(file: &std::path::Path) -> Vec<Event> {
    Document::open(file)
        .expect("open the file")
        .storyboard()
        .expect("storyboard")
        .events
}

fn row_css(id: &str) -> String {
    format!("{}[data-event-id='{id}']", testid_css("list-row"))
}

async fn list_count(app: &App, want: &str) {
    app.wait_for_text("list-count", want, |t| t == want).await;
}

/// Types into an element the way a user does, then leaves it with Tab (which saves it).
async fn type_and_leave(el: &WebElement, text: &str) {
    el.click().await.expect("focus");
    el.send_keys(Key::Control + "a").await.expect("select all");
    el.send_keys(text).await.expect("type");
    el.send_keys(Key::Tab).await.expect("leave the field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_view_inspector_custom_lanes_persona_lanes_and_pan() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("views.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");
    let start = events(&file);
    let n = start.len();
    let mut times: Vec<(i32, i32)> = start.iter().map(|e| (e.day, e.minute)).collect();
    times.dedup();
    assert_eq!(
        times.len(),
        n,
        "the sample's events start at distinct times"
    );

    let app = App::start(&sandbox, "views-1", Launch::File(&file)).await;
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;

    // --- List view: every event, in time order ------------------------------------------------
    app.click("view-list").await;
    app.wait_for("event-list").await;
    list_count(&app, &format!("{n} of {n}")).await;
    let rows = app
        .visible_attrs(&testid_css("list-row"), "data-event-id")
        .await;
    let in_time: Vec<String> = start.iter().map(|e| e.id.clone()).collect();
    assert_eq!(rows, in_time, "time order");

    // Filter: concealed only.
    let concealed: Vec<String> = start
        .iter()
        .filter(|e| e.visibility == Some(Visibility::Concealed))
        .map(|e| e.id.clone())
        .collect();
    assert!(!concealed.is_empty() && concealed.len() < n);
    app.choose(&testid_css("list-filter-marking"), "concealed")
        .await;
    list_count(&app, &format!("{} of {n}", concealed.len())).await;
    assert_eq!(
        app.visible_attrs(&testid_css("list-row"), "data-event-id")
            .await,
        concealed
    );
    app.choose(&testid_css("list-filter-marking"), "").await;
    list_count(&app, &format!("{n} of {n}")).await;

    // Sort: "When" (already the order) once more is latest first.
    let when = format!("{}[data-key='time']", testid_css("list-sort"));
    app.wait_for_css(&when).await.click().await.expect("sort");
    let reversed: Vec<String> = in_time.iter().rev().cloned().collect();
    app.wait_until("the rows latest first", || async {
        (app.visible_attrs(&testid_css("list-row"), "data-event-id")
            .await
            == reversed)
            .then_some(())
    })
    .await;

    // Inline edit: the title of the first event, hostile text and all.
    let target = start[0].id.clone();
    let title = app
        .wait_for_css(&format!(
            "{} {}",
            row_css(&target),
            testid_css("list-title")
        ))
        .await;
    type_and_leave(&title, HOSTILE_TITLE).await;
    app.wait_file("the new title in the file", &file, |doc| {
        let e = doc.storyboard().ok()?.events;
        e.iter()
            .any(|e| e.id == target && e.title == HOSTILE_TITLE)
            .then_some(())
    })
    .await;
    assert_eq!(
        app.driver()
            .execute(
                "return document.querySelectorAll('img[src=\"x\"]').length;",
                vec![]
            )
            .await
            .expect("count images")
            .convert::<i64>()
            .expect("a number"),
        0,
        "markup in a title is never rendered"
    );
    app.screenshot("storyboard-list").await;

    // --- Inspector from the list: activity, techniques, day and time ------------------------
    app.wait_for_css(&format!("{} {}", row_css(&target), testid_css("list-open")))
        .await
        .click()
        .await
        .expect("open the event");
    app.wait_for_css(&format!(
        "{}[data-event-id='{target}']",
        testid_css("event-inspector")
    ))
    .await;
    app.choose(&testid_css("inspector-activity"), "EAC0018")
        .await;
    app.wait_file("the activity changed to EAC0018", &file, |doc| {
        let e = doc.storyboard().ok()?.events;
        e.iter()
            .any(|e| e.id == target && e.activity_id == "EAC0018")
            .then_some(())
    })
    .await;

    // The picker offers the techniques mapped to Security Controls first.
    let mapped: Vec<String> = catalog::builtin()
        .activity_details("EAC0018")
        .expect("EAC0018")
        .techniques
        .iter()
        .map(|t| t.id.clone())
        .collect();
    let chosen: Vec<String> = events(&file)
        .into_iter()
        .find(|e| e.id == target)
        .expect("the event")
        .technique_ids;
    let input = app.wait_for("technique-input").await;
    input.click().await.expect("focus the picker");
    let offered = app
        .wait_until("the mapped techniques offered", || async {
            let ids = app
                .visible_attrs(&testid_css("technique-option"), "data-technique-id")
                .await;
            (!ids.is_empty()).then_some(ids)
        })
        .await;
    let flags = app
        .visible_attrs(&testid_css("technique-option"), "data-mapped")
        .await;
    assert!(
        flags.iter().all(|f| f == "true"),
        "empty query: mapped only"
    );
    for id in &offered {
        assert!(mapped.contains(id), "{id} is mapped to EAC0018");
        assert!(!chosen.contains(id), "{id} is already chosen");
    }
    // Any technique is accepted: a sub-technique typed by ID.
    input.send_keys("T1098.004").await.expect("type an ID");
    input.send_keys(Key::Enter).await.expect("Enter");
    app.wait_for_css(&format!(
        "{}[data-technique-id='T1098.004']",
        testid_css("technique-chip")
    ))
    .await;
    app.wait_file("T1098.004 on the event", &file, |doc| {
        let e = doc.storyboard().ok()?.events;
        e.iter()
            .any(|e| e.id == target && e.technique_ids.iter().any(|t| t == "T1098.004"))
            .then_some(())
    })
    .await;

    type_and_leave(&app.wait_for("inspector-day").await, "6").await;
    type_and_leave(&app.wait_for("inspector-time").await, "03:00").await;
    app.wait_file("the event at D+6 03:00", &file, |doc| {
        let e = doc.storyboard().ok()?.events;
        e.iter()
            .any(|e| e.id == target && e.day == 6 && e.minute == 180)
            .then_some(())
    })
    .await;
    app.screenshot("storyboard-inspector").await;
    app.click("inspector-close").await;

    // --- Custom lanes: add one, move it up, rename it ------------------------------------------
    app.click("view-timeline").await;
    app.choose(&testid_css("lane-grouping"), "custom").await;
    app.click("manage-lanes").await;
    app.wait_for("lane-manager").await;
    app.type_into("lane-new-name", "Night shift").await;
    app.click("lane-add").await;
    let night = app
        .wait_file("the new lane in the file", &file, |doc| {
            let lanes = doc.storyboard().ok()?.lanes;
            lanes
                .iter()
                .find(|l| l.name == "Night shift")
                .map(|l| (l.id.clone(), lanes.len()))
        })
        .await;
    let (night_id, count) = night;
    assert_eq!(count, 3, "the sample's two lanes and the new one");
    app.wait_for_css(&format!(
        "{}[data-lane-id='{night_id}'] {}",
        testid_css("lane-row"),
        testid_css("lane-up")
    ))
    .await
    .click()
    .await
    .expect("move the lane up");
    app.wait_file("the new lane second", &file, |doc| {
        let lanes = doc.storyboard().ok()?.lanes;
        (lanes.get(1).map(|l| l.id.as_str()) == Some(night_id.as_str())).then_some(())
    })
    .await;
    let rename = app
        .wait_for_css(&format!(
            "{}[data-lane-id='{night_id}'] {}",
            testid_css("lane-row"),
            testid_css("lane-rename")
        ))
        .await;
    type_and_leave(&rename, "Night watch").await;
    let order = app
        .wait_file("the lane renamed", &file, |doc| {
            let lanes = doc.storyboard().ok()?.lanes;
            lanes
                .iter()
                .any(|l| l.id == night_id && l.name == "Night watch")
                .then(|| lanes.iter().map(|l| l.id.clone()).collect::<Vec<_>>())
        })
        .await;
    let mut want: Vec<String> = order.clone();
    want.push(String::new());
    app.wait_until("the timeline's lanes in the new order", || async {
        (app.visible_attrs(&testid_css("timeline-lane"), "data-lane")
            .await
            == want)
            .then_some(())
    })
    .await;
    app.screenshot("storyboard-lanes").await;
    app.click("lane-manager-close").await;

    // --- Lanes by persona -------------------------------------------------------------------
    app.choose(&testid_css("lane-grouping"), "persona").await;
    let doc = Document::open(&file).expect("open");
    let view = doc.lane_view(LaneGrouping::Persona).expect("persona lanes");
    let keys: Vec<String> = view.lanes.iter().map(|l| l.key.clone()).collect();
    assert_eq!(keys.len(), 3, "two personas and No persona");
    app.wait_until("lanes by persona", || async {
        (app.visible_attrs(&testid_css("timeline-lane"), "data-lane")
            .await
            == keys)
            .then_some(())
    })
    .await;
    for (id, lane) in &view.event_lanes {
        let css = format!("{}[data-event-id='{id}']", testid_css("timeline-event"));
        let shown = app.visible_attrs(&css, "data-lane").await;
        if let Some(shown) = shown.first() {
            assert_eq!(shown, lane, "event {id} in its persona's lane");
        }
    }
    app.screenshot("storyboard-personas").await;

    // --- Pan: drag the empty timeline 300 px to the left ------------------------------------
    app.click("zoom-in").await;
    app.wait_for_text("zoom-level", "Quarter days", |t| t == "Quarter days")
        .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let spot = app
        .driver()
        .execute(
            "const s = document.querySelector(\"[data-testid='timeline']\");\n\
             const r = s.getBoundingClientRect();\n\
             for (let y = r.bottom - 8; y > r.top + 40; y -= 6) {\n\
               for (let x = r.left + 300; x < r.right - 20; x += 10) {\n\
                 const el = document.elementFromPoint(x, y);\n\
                 if (el && el.closest('[data-lane-track]') && !el.closest('[data-event-id]')) {\n\
                   const t = el.closest('[data-lane-track]');\n\
                   const b = t.getBoundingClientRect();\n\
                   return [t.dataset.laneTrack, Math.round(x - (b.left + b.width / 2)),\n\
                           Math.round(y - (b.top + b.height / 2)), s.scrollLeft];\n\
                 }\n\
               }\n\
             }\n\
             return null;",
            vec![],
        )
        .await
        .expect("find an empty spot")
        .convert::<Option<(String, i64, i64, f64)>>()
        .expect("spot")
        .expect("an empty spot on the timeline");
    let (lane, dx, dy, before) = spot;
    let track = app
        .wait_for_css(&format!("[data-lane-track='{lane}']"))
        .await;
    app.driver()
        .action_chain()
        .move_to_element_with_offset(&track, dx, dy)
        .click_and_hold()
        .move_by_offset(-150, 0)
        .move_by_offset(-150, 0)
        .release()
        .perform()
        .await
        .expect("pan the timeline");
    let after = app
        .driver()
        .execute(
            "return document.querySelector(\"[data-testid='timeline']\").scrollLeft;",
            vec![],
        )
        .await
        .expect("scrollLeft")
        .convert::<f64>()
        .expect("a number");
    assert!(
        (after - before - 300.0).abs() <= 2.0,
        "dragging 300 px left pans 300 px: {before} → {after}"
    );
    app.quit().await;
}
