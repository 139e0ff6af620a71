//! The storyboard at a 1280 px window, on the sample operation: a one-hour event reads as more
//! than its first letters at the Days and Weeks zooms, no block draws its title over what it says
//! beside it (every zoom is photographed, also scrolled so a block starts under the lane labels),
//! and the list view fits the window with no sideways scroll.

use feint_core::document::Document;
use serde_json::json;

use crate::harness::{App, Launch, Sandbox};

/// How much of an event's title its block shows: (characters shown, characters in the title),
/// the shown ones estimated from the title's drawn width against its full width.
async fn title_shown(app: &App, id: &str) -> Option<(f64, f64)> {
    app.driver()
        .execute(
            "const ev = [...document.querySelectorAll(\"[data-testid='timeline-event']\")]
               .find((e) => e.dataset.eventId === arguments[0]);
             const t = ev && ev.querySelector(\"[data-testid='event-title']\");
             if (!t) return null;
             const chars = t.textContent.length;
             return [chars * Math.min(1, t.clientWidth / Math.max(1, t.scrollWidth)), chars];",
            vec![json!(id)],
        )
        .await
        .expect("read the block")
        .convert::<Option<(f64, f64)>>()
        .expect("two numbers")
}

/// Blocks whose title box overlaps the box of the duration or the activity name beside it, as
/// "title / beside" pairs: the two must never be drawn over each other, also when the title
/// slides to stay in sight beside the lane labels.
async fn labels_overlapping(app: &App) -> Vec<String> {
    app.driver()
        .execute(
            "const out = [];
             for (const ev of document.querySelectorAll(\"[data-testid='timeline-event']\")) {
               const t = ev.querySelector(\"[data-testid='event-title']\");
               const b = ev.querySelector(\"[data-testid='event-duration'], [data-testid='event-activity']\");
               if (!t || !b) continue;
               const tr = t.getBoundingClientRect();
               const br = b.getBoundingClientRect();
               const across = Math.min(tr.right, br.right) - Math.max(tr.left, br.left);
               const down = Math.min(tr.bottom, br.bottom) - Math.max(tr.top, br.top);
               if (across > 0.5 && down > 0.5) out.push(t.textContent + ' / ' + b.textContent);
             }
             return out;",
            vec![],
        )
        .await
        .expect("measure the blocks")
        .convert::<Vec<String>>()
        .expect("a list of strings")
}

/// Scrolls the timeline so the block starts `under` px left of the lane labels' edge, where its
/// title slides to stay in sight; where the block then starts against that edge. Only blocks
/// near the view are drawn, so the timeline goes from the plan's start until the block is.
async fn scroll_block_under_labels(app: &App, id: &str, under: f64) -> f64 {
    app.driver()
        .execute(
            "document.querySelector(\"[data-testid='timeline']\").scrollLeft = 0;",
            vec![],
        )
        .await
        .expect("scroll to the plan's start");
    app.wait_until(
        "the block drawn and scrolled under the lane labels",
        || async {
            app.driver()
                .execute(
                    "const s = document.querySelector(\"[data-testid='timeline']\");
                 const ev = [...s.querySelectorAll(\"[data-testid='timeline-event']\")]
                   .find((e) => e.dataset.eventId === arguments[0]);
                 if (!ev) { s.scrollLeft += s.clientWidth / 2; return null; }
                 const edge = s.querySelector(\"[data-testid='timeline-lane'] .lane-label\")
                   .getBoundingClientRect().right;
                 s.scrollLeft += ev.getBoundingClientRect().left - edge + arguments[1];
                 return ev.getBoundingClientRect().left - edge;",
                    vec![json!(id), json!(under)],
                )
                .await
                .expect("scroll the timeline")
                .convert::<Option<f64>>()
                .expect("a number or null")
        },
    )
    .await
}

/// Where a block's title starts against the lane labels' edge.
async fn title_left_of_edge(app: &App, id: &str) -> f64 {
    app.driver()
        .execute(
            "const s = document.querySelector(\"[data-testid='timeline']\");
             const ev = [...s.querySelectorAll(\"[data-testid='timeline-event']\")]
               .find((e) => e.dataset.eventId === arguments[0]);
             const edge = s.querySelector(\"[data-testid='timeline-lane'] .lane-label\")
               .getBoundingClientRect().right;
             return ev.querySelector(\"[data-testid='event-title']\").getBoundingClientRect().left - edge;",
            vec![json!(id)],
        )
        .await
        .expect("measure the title")
        .convert::<f64>()
        .expect("a number")
}

async fn zoom_label(app: &App) -> String {
    app.text_of("zoom-level").await
}

/// Clicks a zoom button when it is enabled; false at the end of the scale.
async fn step_zoom(app: &App, testid: &str) -> bool {
    let before = zoom_label(app).await;
    let button = app.wait_for(testid).await;
    // Clicked by script: a WebDriver click on a zoom button can wait forever for the frame the
    // zoom's scroll adjustment starts.
    let clicked = app
        .driver()
        .execute(
            "if (arguments[0].disabled) return false; arguments[0].click(); return true;",
            vec![button.to_json().expect("element as JSON")],
        )
        .await
        .expect("click the zoom button")
        .convert::<bool>()
        .expect("a boolean");
    if !clicked {
        return false;
    }
    app.wait_until("the zoom to change", || async {
        (zoom_label(app).await != before).then_some(())
    })
    .await;
    true
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_events_are_readable_at_every_zoom_and_the_list_fits_1280_px() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("fit.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");
    let events = Document::open(&file)
        .expect("open the file")
        .storyboard()
        .expect("storyboard")
        .events;
    let hour = events
        .iter()
        .find(|e| e.duration_min == 60 && e.title.chars().count() > 20)
        .expect("the sample has a one-hour event with a long title");
    let hour_and_half = events
        .iter()
        .find(|e| e.duration_min == 90 && e.title.chars().count() > 20)
        .expect("the sample has a 1h30 event with a long title");
    let longest = events
        .iter()
        .max_by_key(|e| e.duration_min)
        .expect("the sample has events");

    let app = App::start(&sandbox, "storyboard-fit", Launch::File(&file)).await;
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    let width = app
        .driver()
        .execute("return window.innerWidth;", vec![])
        .await
        .expect("window width")
        .convert::<i64>()
        .expect("a number");
    assert_eq!(width, 1280, "the window is 1280 px wide");

    // From the widest zoom in, one screenshot each; at Weeks and Days a one-hour event (2 and
    // 4 px long) still shows a dozen characters of its title, or all of a shorter one.
    while step_zoom(&app, "zoom-out").await {}
    let mut seen = Vec::new();
    loop {
        let label = zoom_label(&app).await;
        app.screenshot(&format!(
            "storyboard-fit-zoom-{}",
            label.to_lowercase().replace(' ', "-")
        ))
        .await;
        if label == "Weeks" || label == "Days" {
            let (shown, chars) = app
                .wait_until("the one-hour event drawn", || title_shown(&app, &hour.id))
                .await;
            assert!(
                shown >= chars.min(12.0),
                "at {label} zoom the one-hour event {:?} shows only {shown:.1} of {chars} characters",
                hour.title
            );
        }
        let overlapping = labels_overlapping(&app).await;
        assert!(
            overlapping.is_empty(),
            "at {label} zoom titles are drawn over what their blocks say beside them: {overlapping:?}"
        );
        // The 1h30 block starting 20 px under the lane labels: its title slides into sight.
        let left = scroll_block_under_labels(&app, &hour_and_half.id, 20.0).await;
        app.screenshot(&format!(
            "storyboard-fit-zoom-{}-scrolled",
            label.to_lowercase().replace(' ', "-")
        ))
        .await;
        let overlapping = labels_overlapping(&app).await;
        assert!(
            overlapping.is_empty(),
            "at {label} zoom, scrolled so {:?} starts at {left} px, titles are drawn over what \
             their blocks say beside them: {overlapping:?}",
            hour_and_half.title
        );
        // The longest event, started 200 px under the lane labels, keeps its title in sight.
        scroll_block_under_labels(&app, &longest.id, 200.0).await;
        let title_left = title_left_of_edge(&app, &longest.id).await;
        assert!(
            title_left >= 0.0,
            "at {label} zoom the title of {:?} is hidden under the lane labels ({title_left} px)",
            longest.title
        );
        let overlapping = labels_overlapping(&app).await;
        assert!(
            overlapping.is_empty(),
            "at {label} zoom, with {:?} under the lane labels, titles are drawn over what their \
             blocks say beside them: {overlapping:?}",
            longest.title
        );
        seen.push(label);
        if !step_zoom(&app, "zoom-in").await {
            break;
        }
    }
    assert_eq!(seen, ["Weeks", "Days", "Quarter days", "Hours"]);

    // The list view: every column in the window, personas as chips that stay in their cell.
    app.click("view-list").await;
    app.wait_for("event-list").await;
    app.wait_for("list-row").await;
    let (scroll_width, client_width, chips_overflowing, rows_with_people) = app
        .driver()
        .execute(
            "const s = document.querySelector(\"[data-testid='list-scroll']\");
             const cells = [...s.querySelectorAll('td.people')];
             const over = cells.filter((c) => c.scrollWidth > c.clientWidth).length;
             const withPeople = cells.filter((c) => c.querySelector('.person')).length;
             return [s.scrollWidth, s.clientWidth, over, withPeople];",
            vec![],
        )
        .await
        .expect("measure the list")
        .convert::<(i64, i64, i64, i64)>()
        .expect("four numbers");
    app.screenshot("storyboard-list-1280").await;
    assert!(
        scroll_width <= client_width,
        "the list scrolls sideways at 1280 px: {scroll_width} > {client_width}"
    );
    assert!(rows_with_people > 0, "some sample events have personas");
    assert_eq!(
        chips_overflowing, 0,
        "persona chips stay inside their cells"
    );
    app.quit().await;
}
