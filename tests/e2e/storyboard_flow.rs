//! The storyboard as a planner meets it, on the sample operation: a click opens the inspector;
//! a drag shows where and when the event would land ("D+3 09:00") in the lane it would land in;
//! dropping over the inspector or pressing Esc leaves the event where it was, and a drop lands
//! exactly where the preview showed; the inspector's Duplicate and Delete buttons; every zoom,
//! "Fit plan" included, with axis labels that never overlap. Every edit is checked in the file.

use feint_core::document::Document;
use feint_core::storyboard::Event;
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

/// Day zoom: 4 px per hour, so a day is 96 px.
const DAY_PX: i64 = 96;

fn stored(file: &std::path::Path, id: &str) -> Option<Event> {
    Document::open(file)
        .ok()?
        .storyboard()
        .ok()?
        .events
        .into_iter()
        .find(|e| e.id == id)
}

fn event_css(id: &str) -> String {
    format!("{}[data-event-id='{id}']", testid_css("timeline-event"))
}

async fn attrs_of(app: &App, id: &str) -> (String, String, String) {
    let read = |name: &'static str| async move {
        app.wait_until(&format!("event {id} to read its {name}"), || async {
            app.visible_attrs(&event_css(id), name)
                .await
                .into_iter()
                .next()
        })
        .await
    };
    (
        read("data-day").await,
        read("data-minute").await,
        read("data-lane").await,
    )
}

async fn open_storyboard(app: &App) {
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    app.wait_until("the sample's events on the timeline", || async {
        (!app.all("timeline-event").await.is_empty()).then_some(())
    })
    .await;
}

/// An event of the sample wholly in view (at least 200 px from the right edge, so a day's drag
/// stays on the timeline), scrolled to the middle.
async fn event_in_view(app: &App) -> WebElement {
    app.driver()
        .execute(
            "const view = document.querySelector(`[data-testid='timeline']`);\n\
             const ev = [...view.querySelectorAll(`[data-testid='timeline-event']`)]\n\
               .sort((a, b) => Number(a.dataset.day) - Number(b.dataset.day))[0];\n\
             ev.scrollIntoView({ block: 'center', inline: 'center' });\n\
             return ev;",
            vec![],
        )
        .await
        .expect("find an event")
        .element()
        .expect("an event element")
}

fn d_label(day: i64) -> String {
    if day < 0 {
        format!("D{day}")
    } else {
        format!("D+{day}")
    }
}

fn clock(minute: i64) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn click_opens_the_inspector_and_a_drag_previews_its_drop() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("flow.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");
    let app = App::start(&sandbox, "storyboard-flow", Launch::File(&file)).await;
    open_storyboard(&app).await;

    // --- From the palette: the preview and its time show over a lane; Esc drops nothing ------
    let count_before = app.text_of("event-count").await;
    app.type_into("palette-search", "lure").await;
    app.wait_until("the palette to show only Lures", || async {
        let ids = app
            .visible_attrs(&testid_css("palette-item"), "data-activity-id")
            .await;
        (!ids.is_empty() && ids.iter().all(|i| i == "EAC0005")).then_some(())
    })
    .await;
    let item = app
        .wait_for_css(&format!(
            "{}[data-activity-id='EAC0005']",
            testid_css("palette-item")
        ))
        .await;
    let way = app
        .driver()
        .execute(
            "const item = arguments[0].getBoundingClientRect();\n\
             const view = document.querySelector(`[data-testid='timeline']`).getBoundingClientRect();\n\
             const lane = document.querySelector(`[data-lane-track='EGO0001']`).getBoundingClientRect();\n\
             return [Math.round(view.left + 320 - (item.left + item.width / 2)),\n\
                     Math.round(lane.top + lane.height / 2 - (item.top + item.height / 2))];",
            vec![item.to_json().unwrap()],
        )
        .await
        .expect("measure the way to the Expose lane")
        .convert::<Vec<i64>>()
        .expect("two numbers");
    app.driver()
        .action_chain()
        .move_to_element_center(&item)
        .click_and_hold()
        .move_by_offset(way[0] / 2, way[1] / 2)
        .move_by_offset(way[0] - way[0] / 2, way[1] - way[1] / 2)
        .perform()
        .await
        .expect("drag Lures over the Expose lane");
    let shown = app
        .wait_for_text("drop-readout", "a time readout", |t| {
            t.starts_with('D') && t.len() >= 8
        })
        .await;
    assert_eq!(
        app.wait_for("drop-preview")
            .await
            .attr("data-lane")
            .await
            .unwrap()
            .as_deref(),
        Some("EGO0001"),
        "previewed in the Expose lane ({shown})"
    );
    app.screenshot("storyboard-drop-preview-palette").await;
    app.driver()
        .action_chain()
        .send_keys(Key::Escape)
        .release()
        .perform()
        .await
        .expect("Esc, then release");
    assert!(app
        .find_visible(&testid_css("drop-preview"))
        .await
        .is_none());
    assert_eq!(
        app.text_of("event-count").await,
        count_before,
        "Esc placed nothing"
    );

    // --- One click opens the event in the inspector --------------------------------------------
    let event = event_in_view(&app).await;
    let id = event.attr("data-event-id").await.unwrap().unwrap();
    event.click().await.expect("click the event");
    let inspector = format!("{}[data-event-id='{id}']", testid_css("event-inspector"));
    app.wait_for_css(&inspector).await;
    let legend = app.text_of("storyboard-legend").await;
    assert!(
        legend.contains("Click an event to open it"),
        "the legend says what a click does: {legend}"
    );
    let (day, minute, lane) = attrs_of(&app, &id).await;
    let (day, minute): (i64, i64) = (day.parse().unwrap(), minute.parse().unwrap());

    // --- Mid-drag: a preview one day later in the same lane, with its time --------------------
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
        .move_to_element_center(&event)
        .click_and_hold()
        .move_by_offset(DAY_PX / 2, 0)
        .move_by_offset(DAY_PX - DAY_PX / 2, 0)
        .perform()
        .await
        .expect("press and drag one day");
    let want = format!("{} {}", d_label(day + 1), clock(minute));
    let readout = app
        .wait_for_text("drop-readout", &want, |t| t == want)
        .await;
    assert_eq!(readout, want);
    let preview = app.wait_for("drop-preview").await;
    assert_eq!(
        preview.attr("data-lane").await.unwrap().as_deref(),
        Some(lane.as_str())
    );
    assert_eq!(
        preview.attr("data-day").await.unwrap(),
        Some((day + 1).to_string())
    );
    let highlighted = app
        .visible_attrs(
            &format!("{}.drop", testid_css("lane-track")),
            "data-lane-track",
        )
        .await;
    assert_eq!(
        highlighted,
        std::slice::from_ref(&lane),
        "only the target lane is lit"
    );
    app.screenshot("storyboard-drop-preview").await;

    // --- Released over the inspector: nothing moves ---------------------------------------------
    let over = app
        .driver()
        .execute(
            "const p = document.querySelector(`[data-testid='drop-preview']`).getBoundingClientRect();\n\
             const i = document.querySelector(`[data-testid='event-inspector']`).getBoundingClientRect();\n\
             return [Math.round(i.left + i.width / 2 - p.left), Math.round(i.top + i.height / 2 - (p.top + p.height / 2))];",
            vec![],
        )
        .await
        .expect("measure the way to the inspector")
        .convert::<Vec<i64>>()
        .expect("two numbers");
    app.driver()
        .action_chain()
        .move_by_offset(over[0], over[1])
        .release()
        .perform()
        .await
        .expect("release over the inspector");
    assert!(
        app.find_visible(&testid_css("drop-preview"))
            .await
            .is_none(),
        "no preview after the drop"
    );
    let (d, m, l) = attrs_of(&app, &id).await;
    assert_eq!(
        (d, m, l),
        (day.to_string(), minute.to_string(), lane.clone())
    );
    let in_file = stored(&file, &id).expect("the event is in the file");
    assert_eq!(
        (in_file.day as i64, in_file.minute as i64),
        (day, minute),
        "dropping over the inspector leaves the event in place"
    );

    // --- Esc mid-drag: nothing moves either ---------------------------------------------------
    let event = app.wait_for_css(&event_css(&id)).await;
    app.driver()
        .action_chain()
        .move_to_element_center(&event)
        .click_and_hold()
        .move_by_offset(DAY_PX, 0)
        .perform()
        .await
        .expect("drag one day");
    app.wait_for("drop-preview").await;
    app.driver()
        .action_chain()
        .send_keys(Key::Escape)
        .release()
        .perform()
        .await
        .expect("Esc, then release");
    assert!(app
        .find_visible(&testid_css("drop-preview"))
        .await
        .is_none());
    let (d, m, _) = attrs_of(&app, &id).await;
    assert_eq!((d, m), (day.to_string(), minute.to_string()), "Esc cancels");

    // --- A drop in the lane lands where the preview said ----------------------------------------
    let event = app.wait_for_css(&event_css(&id)).await;
    app.driver()
        .action_chain()
        .move_to_element_center(&event)
        .click_and_hold()
        .move_by_offset(DAY_PX / 2, 0)
        .move_by_offset(DAY_PX - DAY_PX / 2, 0)
        .perform()
        .await
        .expect("drag one day");
    app.wait_for_text("drop-readout", &want, |t| t == want)
        .await;
    app.driver()
        .action_chain()
        .release()
        .perform()
        .await
        .expect("drop");
    app.wait_until("the event one day later in the file", || async {
        let e = stored(&file, &id)?;
        (e.day as i64 == day + 1 && e.minute as i64 == minute).then_some(())
    })
    .await;

    // --- The inspector's Duplicate and Delete ---------------------------------------------------
    app.wait_for_css(&inspector).await;
    let count = |n: usize| format!("{n} events");
    let before = app.text_of("event-count").await;
    let n: usize = before.split(' ').next().unwrap().parse().unwrap();
    app.click("inspector-duplicate").await;
    app.wait_for_text("event-count", &count(n + 1), |t| t == count(n + 1))
        .await;
    let copy = app
        .wait_until("the copy in the inspector", || async {
            let shown = app
                .visible_attrs(&testid_css("event-inspector"), "data-event-id")
                .await;
            shown.into_iter().find(|s| s != &id)
        })
        .await;
    let original = stored(&file, &id).expect("the original");
    let duplicate = stored(&file, &copy).expect("the copy is in the file");
    assert_eq!(duplicate.activity_id, original.activity_id);
    app.click("inspector-delete").await;
    app.wait_for_text("event-count", &count(n), |t| t == count(n))
        .await;
    assert!(
        app.find_visible(&testid_css("event-inspector"))
            .await
            .is_none(),
        "the inspector closes with its event"
    );
    assert!(
        stored(&file, &copy).is_none(),
        "the copy is gone from the file"
    );
    assert!(stored(&file, &id).is_some(), "the original stays");
    // --- Another activity renames an event still called after the old one, in one undo -------
    let name_of = |id: &str| {
        feint_core::catalog::builtin()
            .activity(id)
            .expect("a catalog activity")
            .name
            .clone()
    };
    app.driver()
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({ block: 'center', inline: 'center' });",
            vec![serde_json::json!(event_css(&id))],
        )
        .await
        .expect("scroll to the event");
    app.wait_for_css(&event_css(&id))
        .await
        .click()
        .await
        .expect("open the event again");
    app.wait_for_css(&inspector).await;
    let old = stored(&file, &id).expect("the event");
    let old_name = name_of(&old.activity_id);
    let title = app.wait_for("inspector-title").await;
    title.click().await.expect("focus the title");
    title
        .send_keys(Key::Control + "a")
        .await
        .expect("select all");
    title.send_keys(old_name.as_str()).await.expect("type");
    title.send_keys(Key::Tab).await.expect("leave");
    app.wait_until("the default title in the file", || async {
        (stored(&file, &id)?.title == old_name).then_some(())
    })
    .await;
    let other = if old.activity_id == "SAC0001" {
        "SAC0002"
    } else {
        "SAC0001"
    };
    app.choose(&testid_css("inspector-activity"), other).await;
    let new_name = name_of(other);
    app.wait_until("the new activity's name as the title", || async {
        let e = stored(&file, &id)?;
        (e.activity_id == other && e.title == new_name).then_some(())
    })
    .await;
    app.wait_until("the inspector showing the new title", || async {
        (app.value_of("inspector-title").await == new_name).then_some(())
    })
    .await;
    app.click("sb-undo").await;
    app.wait_until("one undo restoring both", || async {
        let e = stored(&file, &id)?;
        (e.activity_id == old.activity_id && e.title == old_name).then_some(())
    })
    .await;

    app.quit().await;
}

/// The boxes of the axis labels that are drawn, left to right; none may overlap the next.
async fn axis_overlaps(app: &App) -> Vec<String> {
    app.driver()
        .execute(
            "const boxes = [...document.querySelectorAll(`[data-testid='axis-day'] span, .hour-tick`)]\n\
               .map((e) => [e.getBoundingClientRect(), e.textContent])\n\
               .filter(([r]) => r.width > 0);\n\
             const out = [];\n\
             const rows = {};\n\
             for (const [r, t] of boxes) (rows[Math.round(r.top)] ??= []).push([r, t]);\n\
             for (const row of Object.values(rows)) {\n\
               row.sort((a, b) => a[0].left - b[0].left);\n\
               for (let i = 1; i < row.length; i++)\n\
                 if (row[i][0].left < row[i - 1][0].right - 0.5) out.push(`${row[i - 1][1]} / ${row[i][1]}`);\n\
             }\n\
             return out;",
            vec![],
        )
        .await
        .expect("measure the axis labels")
        .convert::<Vec<String>>()
        .expect("a list")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_zoom_reads_cleanly_and_fit_shows_the_whole_plan() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("zoom.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");
    let app = App::start(&sandbox, "storyboard-zoom", Launch::File(&file)).await;
    open_storyboard(&app).await;

    app.click("zoom-out").await;
    app.wait_for_text("zoom-level", "Weeks", |t| t == "Weeks")
        .await;
    for (label, shot) in [
        ("Weeks", "storyboard-zoom-weeks"),
        ("Days", "storyboard-zoom-days"),
        ("Quarter days", "storyboard-zoom-quarter-days"),
        ("Hours", "storyboard-zoom-hours"),
    ] {
        if label != "Weeks" {
            app.click("zoom-in").await;
        }
        app.wait_for_text("zoom-level", label, |t| t == label).await;
        let overlaps = axis_overlaps(&app).await;
        assert!(
            overlaps.is_empty(),
            "{label}: axis labels overlap: {overlaps:?}"
        );
        app.screenshot(shot).await;
    }

    // --- Fit plan: the first and the last day in view, no horizontal scrolling --------------------
    app.click("zoom-fit").await;
    app.wait_for_text("zoom-level", "Fit plan", |t| t == "Fit plan")
        .await;
    app.wait_until("the plan to fit the width", || async {
        app.driver()
            .execute(
                "const s = document.querySelector(`[data-testid='timeline']`);\n\
                     return s.scrollWidth <= s.clientWidth + 1 && s.scrollLeft === 0;",
                vec![],
            )
            .await
            .ok()?
            .convert::<bool>()
            .ok()?
            .then_some(())
    })
    .await;
    let overlaps = axis_overlaps(&app).await;
    assert!(
        overlaps.is_empty(),
        "Fit: axis labels overlap: {overlaps:?}"
    );
    // Every event is drawn inside the view.
    let outside = app
        .driver()
        .execute(
            "const v = document.querySelector(`[data-testid='timeline']`).getBoundingClientRect();\n\
             return [...document.querySelectorAll(`[data-testid='timeline-event']`)]\n\
               .filter((e) => { const r = e.getBoundingClientRect(); return r.left < v.left || r.left > v.right; })\n\
               .length;",
            vec![],
        )
        .await
        .expect("events in view")
        .convert::<i64>()
        .expect("a count");
    assert_eq!(outside, 0, "every event starts inside the fitted view");
    app.screenshot("storyboard-zoom-fit").await;
    // From Fit, + goes to the next fixed zoom in.
    app.click("zoom-in").await;
    app.wait_until("a fixed zoom again", || async {
        let label = app.text_of("zoom-level").await;
        (label != "Fit plan").then_some(())
    })
    .await;
    app.quit().await;
}
