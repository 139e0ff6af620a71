//! The storyboard timeline on the sample operation: drag an activity from the palette onto a
//! lane with pointer actions, find the event where it was dropped, restart, move it with the
//! keyboard and by dragging it to another day and lane, mark it in the inspector, find it in the
//! quad chart and drag it to another quadrant, and undo the markings with Ctrl+Z.

use std::collections::BTreeSet;

use feint_core::document::Document;
use feint_core::storyboard::{Truth, Visibility};
use serde_json::json;
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

/// Day zoom: 4 px per hour, a 60-minute grid.
const PX_PER_HOUR: f64 = 4.0;
const EXPOSE: &str = "EGO0001";
const AFFECT: &str = "EGO0002";
const LURES: &str = "EAC0005";
/// Where the drop aims: D+2 at 10:00.
const DAY: i64 = 2;
const MINUTE: i64 = 600;
/** Shown as text, never as markup. */
const SUPPORTING: &str = "Badge photo of <b>K. Adler</b> on the intranet";

async fn event_ids(app: &App) -> BTreeSet<String> {
    app.visible_attrs(&testid_css("timeline-event"), "data-event-id")
        .await
        .into_iter()
        .collect()
}

fn event_css(id: &str) -> String {
    format!("{}[data-event-id='{id}']", testid_css("timeline-event"))
}

/// An attribute of the event, read in the page in one go (a re-render between finding the
/// element and reading it cannot leave a stale element).
async fn attr(app: &App, id: &str, name: &str) -> String {
    app.wait_until(&format!("event {id} to read its {name}"), || async {
        app.visible_attrs(&event_css(id), name)
            .await
            .into_iter()
            .next()
    })
    .await
}

async fn wait_attr(app: &App, id: &str, name: &str, want: &str) {
    app.wait_until(&format!("{name}={want:?} on the event"), || async {
        (attr(app, id, name).await == want).then_some(())
    })
    .await;
}

async fn open_storyboard(app: &App) {
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    app.wait_until("the sample's events on the timeline", || async {
        (!event_ids(app).await.is_empty()).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storyboard_drag_keyboard_mark_undo() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("sample.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");

    let app = App::start(&sandbox, "storyboard-1", Launch::File(&file)).await;
    open_storyboard(&app).await;
    let before = event_ids(&app).await;

    // --- Drag Lures from the palette onto the Expose lane at D+2 10:00 -----------------------
    app.type_into("palette-search", "lure").await;
    app.wait_until("the palette to show only Lures", || async {
        let ids = app
            .visible_attrs(&testid_css("palette-item"), "data-activity-id")
            .await;
        (!ids.is_empty() && ids.iter().all(|i| i == LURES)).then_some(())
    })
    .await;
    let item = app
        .wait_for_css(&format!(
            "{}[data-activity-id='{LURES}']",
            testid_css("palette-item")
        ))
        .await;
    // The drop point, from the D+2 tick of the axis and the middle of the Expose lane; the
    // pointer starts at the item's in-view centre (as WebDriver computes it).
    let points = app
        .driver()
        .execute(
            "const item = arguments[0].getBoundingClientRect();\n\
             const tick = document.querySelector(`[data-testid='axis-day'][data-day='${arguments[1]}']`)\n\
               .getBoundingClientRect();\n\
             const lane = document.querySelector(`[data-lane-track='${arguments[2]}']`)\n\
               .getBoundingClientRect();\n\
             return [Math.floor((item.left + item.right) / 2), Math.floor((item.top + item.bottom) / 2),\n\
                     tick.left, lane.top + lane.height / 2];",
            vec![item.to_json().unwrap(), json!(DAY), json!(EXPOSE)],
        )
        .await
        .expect("measure the drag")
        .convert::<Vec<f64>>()
        .expect("four numbers");
    let [from_x, from_y, tick_x, lane_y] = points[..] else {
        panic!("measurements: {points:?}")
    };
    let to_x = tick_x + MINUTE as f64 / 60.0 * PX_PER_HOUR;
    app.driver()
        .action_chain()
        .move_to_element_center(&item)
        .click_and_hold()
        .move_by_offset(
            ((to_x - from_x) / 2.0).round() as i64,
            ((lane_y - from_y) / 2.0).round() as i64,
        )
        .move_by_offset(
            (to_x - from_x).round() as i64 - ((to_x - from_x) / 2.0).round() as i64,
            (lane_y - from_y).round() as i64 - ((lane_y - from_y) / 2.0).round() as i64,
        )
        .release()
        .perform()
        .await
        .expect("drag the activity onto the lane");

    let id = app
        .wait_until("the dropped event", || async {
            let now = event_ids(&app).await;
            let added: Vec<String> = now.difference(&before).cloned().collect();
            (added.len() == 1).then(|| added[0].clone())
        })
        .await;
    assert_eq!(attr(&app, &id, "data-day").await, DAY.to_string());
    assert_eq!(attr(&app, &id, "data-minute").await, MINUTE.to_string());
    assert_eq!(attr(&app, &id, "data-lane").await, EXPOSE);
    assert_eq!(
        attr(&app, &id, "data-visibility").await,
        "",
        "a new event starts unmarked"
    );
    app.quit().await;

    // --- Restart: still there -------------------------------------------------------------
    let app = App::start(&sandbox, "storyboard-2", Launch::File(&file)).await;
    open_storyboard(&app).await;

    // --- Supporting information waits unmarked in the quad chart's tray ----------------------
    app.click("view-quad").await;
    app.type_into("supporting-text", SUPPORTING).await;
    app.click("supporting-add").await;
    let tray_items = format!(
        "{} {}[data-kind='supporting']",
        testid_css("quad-tray"),
        testid_css("quad-item")
    );
    app.wait_until("the supporting item in the tray", || async {
        for el in app.all_visible(&tray_items).await {
            if app.text(&el).await.contains(SUPPORTING) {
                return Some(());
            }
        }
        None
    })
    .await;
    app.click("view-timeline").await;

    let event = app.wait_for_css(&event_css(&id)).await;
    assert_eq!(attr(&app, &id, "data-day").await, DAY.to_string());
    assert_eq!(attr(&app, &id, "data-minute").await, MINUTE.to_string());
    assert_eq!(attr(&app, &id, "data-lane").await, EXPOSE);

    // --- Keyboard: → moves one grid step (1 h at day zoom) ------------------------------------
    event.send_keys(Key::Right).await.expect("press →");
    wait_attr(&app, &id, "data-minute", &(MINUTE + 60).to_string()).await;
    assert_eq!(attr(&app, &id, "data-day").await, DAY.to_string());

    // --- Drag its right edge two hours (8 px at day zoom) longer ------------------------------
    let handle = app
        .wait_for_css(&format!(
            "{} {}",
            event_css(&id),
            testid_css("event-resize")
        ))
        .await;
    let event = app.wait_for_css(&event_css(&id)).await;
    app.driver()
        .execute(
            "arguments[0].scrollIntoView({ block: 'center', inline: 'center' });",
            vec![event.to_json().unwrap()],
        )
        .await
        .expect("scroll the event into view");
    app.driver()
        .action_chain()
        .move_to_element_center(&handle)
        .click_and_hold()
        .move_by_offset(4, 0)
        .move_by_offset(4, 0)
        .release()
        .perform()
        .await
        .expect("resize the event");
    wait_attr(&app, &id, "data-duration", "180").await;

    // --- Drag the event one day later and into the Affect lane --------------------------------
    let event = app.wait_for_css(&event_css(&id)).await;
    let dy = app
        .driver()
        .execute(
            "arguments[0].scrollIntoView({ block: 'center', inline: 'center' });\n\
             const ev = arguments[0].getBoundingClientRect();\n\
             const lane = document.querySelector(`[data-lane-track='${arguments[1]}']`)\n\
               .getBoundingClientRect();\n\
             return Math.round(lane.top + lane.height / 2 - Math.floor((ev.top + ev.bottom) / 2));",
            vec![event.to_json().unwrap(), json!(AFFECT)],
        )
        .await
        .expect("measure the lane")
        .convert::<i64>()
        .expect("a number");
    let day_px = (24.0 * PX_PER_HOUR) as i64;
    app.driver()
        .action_chain()
        .move_to_element_center(&event)
        .click_and_hold()
        .move_by_offset(day_px / 2, dy / 2)
        .move_by_offset(day_px - day_px / 2, dy - dy / 2)
        .release()
        .perform()
        .await
        .expect("drag the event");
    wait_attr(&app, &id, "data-lane", AFFECT).await;
    assert_eq!(attr(&app, &id, "data-day").await, (DAY + 1).to_string());
    assert_eq!(
        attr(&app, &id, "data-minute").await,
        (MINUTE + 60).to_string()
    );

    // --- Inspector: concealed + fact ---------------------------------------------------------
    let event = app.wait_for_css(&event_css(&id)).await;
    event.send_keys(Key::Enter).await.expect("press Enter");
    let inspector = format!("{}[data-event-id='{id}']", testid_css("event-inspector"));
    app.wait_for_css(&inspector).await;
    app.wait_for_css(&format!(
        "{} [data-value='concealed']",
        testid_css("inspector-visibility")
    ))
    .await
    .click()
    .await
    .expect("click Concealed");
    wait_attr(&app, &id, "data-visibility", "concealed").await;
    app.wait_for_css(&format!(
        "{} [data-value='fact']",
        testid_css("inspector-truth")
    ))
    .await
    .click()
    .await
    .expect("click Fact");
    wait_attr(&app, &id, "data-truth", "fact").await;
    app.wait_for_css(&format!(
        "{} [data-value='fact'][aria-pressed='true']",
        testid_css("inspector-truth")
    ))
    .await;
    app.screenshot("storyboard").await;

    // --- Quad chart: found in concealed fact; dragged to revealed fact ------------------------
    app.click("view-quad").await;
    let quadrant = |vis: &str, truth: &str| {
        format!(
            "{}[data-visibility='{vis}'][data-truth='{truth}']",
            testid_css("quadrant")
        )
    };
    let item_in = |vis: &str, truth: &str| {
        format!(
            "{} {}[data-item-id='{id}']",
            quadrant(vis, truth),
            testid_css("quad-item")
        )
    };
    let item = app.wait_for_css(&item_in("concealed", "fact")).await;
    let target = app.wait_for_css(&quadrant("revealed", "fact")).await;
    let offset = app
        .driver()
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });\n\
             const a = arguments[0].getBoundingClientRect();\n\
             const b = arguments[1].getBoundingClientRect();\n\
             return [Math.floor((b.left + b.right) / 2) - Math.floor((a.left + a.right) / 2),\n\
                     Math.floor((b.top + b.bottom) / 2) - Math.floor((a.top + a.bottom) / 2)];",
            vec![item.to_json().unwrap(), target.to_json().unwrap()],
        )
        .await
        .expect("measure the quad drag")
        .convert::<Vec<i64>>()
        .expect("two numbers");
    let (dx, dy) = (offset[0], offset[1]);
    app.driver()
        .action_chain()
        .move_to_element_center(&item)
        .click_and_hold()
        .move_by_offset(dx / 2, dy / 2)
        .move_by_offset(dx - dx / 2, dy - dy / 2)
        .release()
        .perform()
        .await
        .expect("drag the item to revealed fact");
    app.wait_for_css(&item_in("revealed", "fact")).await;
    app.screenshot("quad-chart").await;
    app.click("view-timeline").await;
    wait_attr(&app, &id, "data-visibility", "revealed").await;
    assert_eq!(attr(&app, &id, "data-truth").await, "fact");

    // --- Ctrl+Z brings the old marking back, one edit at a time --------------------------------
    let event = app.wait_for_css(&event_css(&id)).await;
    event.send_keys(Key::Control + "z").await.expect("Ctrl+Z");
    wait_attr(&app, &id, "data-visibility", "concealed").await;
    assert_eq!(attr(&app, &id, "data-truth").await, "fact");
    let event = app.wait_for_css(&event_css(&id)).await;
    event.send_keys(Key::Control + "z").await.expect("Ctrl+Z");
    wait_attr(&app, &id, "data-truth", "").await;
    assert_eq!(attr(&app, &id, "data-visibility").await, "concealed");
    let event = app.wait_for_css(&event_css(&id)).await;
    event.send_keys(Key::Control + "z").await.expect("Ctrl+Z");
    wait_attr(&app, &id, "data-visibility", "").await;
    // The position stays where the keyboard put it.
    assert_eq!(
        attr(&app, &id, "data-minute").await,
        (MINUTE + 60).to_string()
    );
    app.quit().await;

    // --- The file agrees ----------------------------------------------------------------------
    let doc = Document::open(&file).expect("open the file");
    let board = doc.storyboard().expect("storyboard");
    let stored = board
        .events
        .iter()
        .find(|e| e.id == id)
        .expect("the event is in the file");
    assert_eq!(
        (
            stored.activity_id.as_str(),
            stored.day,
            stored.minute,
            stored.duration_min
        ),
        (LURES, DAY as i32 + 1, MINUTE as i32 + 60, 180)
    );
    assert!(
        ["EAP0004", "EAP0005"].contains(&stored.approach_id.as_str()),
        "an approach of Affect: {}",
        stored.approach_id
    );
    assert_eq!(stored.visibility, None::<Visibility>);
    assert_eq!(stored.truth, None::<Truth>);
    assert!(board.can_redo, "the undone marking can be redone");
    let item = board
        .supporting
        .iter()
        .find(|s| s.text == SUPPORTING)
        .expect("the supporting item is in the file");
    assert_eq!((item.visibility, item.truth), (None, None));
}

/// 1,000 events: the timeline draws only what is in view, and a drag stays smooth. Frame times
/// during the drag (requestAnimationFrame deltas) are printed, not asserted: this is a
/// measurement, not a timed test.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn storyboard_thousand_events_drag_frames() {
    const EVENTS: usize = 1000;
    let sandbox = Sandbox::new();
    let file = sandbox.path("thousand.feint");
    let mut op = feint_core::operation::Operation::new(
        "Scale: 1,000 events",
        &feint_core::catalog::builtin().version,
    )
    .expect("operation");
    op.start_date = Some("2026-12-07".into());
    op.end_date = Some("2026-12-20".into());
    op.timezone = "Europe/Berlin".into();
    drop(
        Document::create_from(&file, &op, &feint_core::storyboard::synthetic(EVENTS))
            .expect("write 1,000 events"),
    );

    let app = App::start(&sandbox, "storyboard-1000", Launch::File(&file)).await;
    open_storyboard(&app).await;
    app.wait_for_text("event-count", "1000 events", |t| t == "1000 events")
        .await;
    // Zoomed in to hours, only a slice of the operation is drawn.
    app.click("zoom-in").await;
    app.click("zoom-in").await;
    app.wait_for_text("zoom-level", "Hours", |t| t == "Hours")
        .await;
    let drawn = app
        .wait_until("fewer events drawn than stored", || async {
            let n = app.all("timeline-event").await.len();
            (n > 0 && n < EVENTS / 4).then_some(n)
        })
        .await;

    // Record frame timestamps while dragging an event in 40 steps.
    app.driver()
        .execute(
            "window.__frames = []; window.__recording = true;\n\
             const tick = (t) => { window.__frames.push(t); if (window.__recording) requestAnimationFrame(tick); };\n\
             requestAnimationFrame(tick);",
            vec![],
        )
        .await
        .expect("start recording frames");
    // An event wholly inside the visible part of the timeline.
    let event = app
        .driver()
        .execute(
            "const view = document.querySelector(`[data-testid='timeline']`).getBoundingClientRect();\n\
             return [...document.querySelectorAll(`[data-testid='timeline-event']`)].find((e) => {\n\
               const r = e.getBoundingClientRect();\n\
               return r.left > view.left + 140 && r.right < view.right - 200\n\
                 && r.top > view.top + 50 && r.bottom < view.bottom - 20;\n\
             });",
            vec![],
        )
        .await
        .expect("find an event in view")
        .element()
        .expect("an event in view");
    let id = event.attr("data-event-id").await.unwrap().unwrap();
    let minute_before: i64 = attr(&app, &id, "data-minute").await.parse().unwrap();
    let mut chain = app
        .driver()
        .action_chain()
        .move_to_element_center(&event)
        .click_and_hold();
    for _ in 0..40 {
        chain = chain.move_by_offset(3, 0);
    }
    chain
        .release()
        .perform()
        .await
        .expect("drag an event among 1,000");
    // 120 px at 60 px per hour: two hours later (across midnight the day changes instead).
    app.wait_until("the dragged event to move", || async {
        let minute: i64 = attr(&app, &id, "data-minute").await.parse().ok()?;
        (minute != minute_before).then_some(())
    })
    .await;
    let frames = app
        .driver()
        .execute(
            "window.__recording = false; return window.__frames;",
            vec![],
        )
        .await
        .expect("frames")
        .convert::<Vec<f64>>()
        .expect("timestamps");
    let mut deltas: Vec<f64> = frames.windows(2).map(|w| w[1] - w[0]).collect();
    deltas.sort_by(f64::total_cmp);
    let pct = |p: f64| deltas[((deltas.len() - 1) as f64 * p).round() as usize];
    assert!(
        deltas.len() >= 5,
        "too few frames recorded: {}",
        deltas.len()
    );
    eprintln!(
        "1,000 events: {drawn} drawn at hour zoom; drag frame times over {} frames: p50 {:.1} ms, p95 {:.1} ms",
        deltas.len(),
        pct(0.5),
        pct(0.95)
    );
    app.screenshot("storyboard-1000").await;

    // Lanes by host: the synthetic events sit on twelve hosts.
    // Options are never "visible" to checkVisibility(); WebDriver's click selects one.
    app.driver()
        .find(By::Css(format!(
            "{} option[value='host']",
            testid_css("lane-grouping")
        )))
        .await
        .expect("the host option")
        .click()
        .await
        .expect("choose lanes by host");
    let lanes = app
        .wait_until("lanes by host", || async {
            let keys = app
                .visible_attrs(&testid_css("timeline-lane"), "data-lane")
                .await;
            keys.iter().any(|k| k == "host-00").then_some(keys)
        })
        .await;
    assert!(lanes.len() >= 12, "host lanes: {lanes:?}");
    app.quit().await;
}
