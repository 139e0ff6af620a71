//! The storyboard at a 1280 px window, on the sample operation: a one-hour event reads as more
//! than its first letters at the Days and Weeks zooms (every zoom is photographed), and the list
//! view fits the window with no sideways scroll.

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
