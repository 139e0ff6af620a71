//! Gate decisions (issue 14 item 4) and actual bars: the sample approved and started, a journal
//! entry typed, a gate decision "pause" recorded with that entry as evidence; the pause shown
//! as a banner on the Storyboard, Personas, Threat and Order pages; resumed from the banner;
//! after a restart the decision is still listed, read from the file alone. An event's actual
//! start and end recorded in the inspector draw an actual bar under its planned one.

use feint_core::document::Document;
use feint_core::journal::{Decision, RunPhase};

use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};
use crate::running::{approve_by_name, badge, open_actuals, start};

const ENTRY: &str = "Scanner read /proc/1/cgroup on build-01";
const NOTE: &str = "Probing looks deliberate";
const BUILT: &str = "Build build-01 and the decoy registry";

/// The words of an element's text, one space apart (cells and chips may wrap).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gate_decision_pauses_the_operation_on_every_page_until_resumed() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("gates.feint");
    drop(feint_core::sample::write_sample(&file).expect("write the sample"));
    let doc = Document::open(&file).unwrap();
    let gate = doc.order().unwrap().gating[1].clone();
    let built = doc
        .storyboard()
        .unwrap()
        .events
        .into_iter()
        .find(|e| e.title == BUILT)
        .expect("the sample's event")
        .id;
    drop(doc);

    let app = App::start(&sandbox, "gates-1", Launch::File(&file)).await;
    badge(&app, "Planning").await;
    app.click("nav-journal").await;
    approve_by_name(&app, "Dr. Anke Vos").await;
    start(&app).await;
    assert!(
        app.find_visible(&testid_css("halt-banner")).await.is_none(),
        "no banner while running"
    );

    // --- A journal entry, then the gate decision with it as evidence --------------------------
    app.type_into("entry-text", &format!("adv: {ENTRY}")).await;
    app.click("entry-save").await;
    app.wait_for_text("journal-count", "1 of 1 entries", |t| t == "1 of 1 entries")
        .await;
    let entry = app
        .wait_file("the entry in the file", &file, |doc| {
            doc.journal().ok()?.first().map(|l| l.entry.id.clone())
        })
        .await;
    app.wait_for("gate-form").await;
    app.choose(&testid_css("gate-criterion"), &gate.id).await;
    // The criterion fills in its own action and decider.
    app.wait_until("the criterion's decider filled in", || async {
        (app.value_of("gate-who").await == gate.decided_by).then_some(())
    })
    .await;
    app.choose(&testid_css("gate-decision"), "pause").await;
    app.type_into("gate-at", "D+1 10:30").await;
    app.type_into("gate-note", NOTE).await;
    app.wait_for_css(&format!(
        "{}[data-entry-id='{entry}'] input",
        testid_css("gate-evidence")
    ))
    .await
    .click()
    .await
    .expect("tick the evidence");
    app.click("gate-record").await;
    badge(&app, "Paused").await;
    let listed = words(
        &app.text(
            &app.wait_for_css(&format!(
                "{}[data-decision='pause']",
                testid_css("gate-entry")
            ))
            .await,
        )
        .await,
    );
    assert!(listed.contains("Pause at gate 2"), "{listed}");
    assert!(listed.contains(&gate.decided_by), "{listed}");
    assert!(listed.contains(NOTE) && listed.contains(ENTRY), "{listed}");
    let recorded = app
        .wait_file("the decision in the file", &file, |doc| {
            let state = doc.run_state().ok()?;
            let d = doc.gate_decisions().ok()?.pop()?;
            (state.phase == RunPhase::Paused).then_some((state, d))
        })
        .await;
    assert_eq!(recorded.1.decision.decision, Decision::Pause);
    assert_eq!(recorded.1.decision.evidence_ids, vec![entry.clone()]);
    assert_eq!(recorded.1.decision.gating_id, gate.id);
    assert_eq!(recorded.1.when.local, "2026-12-08 10:30 CET");
    assert_eq!(
        recorded.0.halted_by.as_deref(),
        Some(recorded.1.decision.id.as_str())
    );
    app.screenshot("gates-journal").await;

    // --- The pause shows on every page --------------------------------------------------------
    let want = format!("Paused at gate 2 by {}", gate.decided_by);
    for page in ["storyboard", "personas", "threat", "order"] {
        app.click(&format!("nav-{page}")).await;
        app.wait_for(&format!("{page}-page")).await;
        app.wait_for_text("halt-text", &want, |t| t.starts_with(&want))
            .await;
        badge(&app, "Paused").await;
        if page == "storyboard" || page == "order" {
            app.screenshot(&format!("gates-paused-{page}")).await;
        }
    }

    // --- Resume from the banner ---------------------------------------------------------------
    app.click("halt-resume").await;
    badge(&app, "Running").await;
    app.wait_until("the banner gone", || async {
        app.find_visible(&testid_css("halt-banner"))
            .await
            .is_none()
            .then_some(())
    })
    .await;
    app.wait_file("running again in the file", &file, |doc| {
        let s = doc.run_state().ok()?;
        (s.phase == RunPhase::Running && s.halted_by.is_none()).then_some(())
    })
    .await;

    // --- Record an actual, then see it as a bar under the planned one -------------------------
    app.click("nav-storyboard").await;
    open_actuals(&app, &built).await;
    for (field, value) in [("actual-start", "D-1 11:00"), ("actual-end", "D-1 21:00")] {
        let el = app.wait_for(field).await;
        el.click().await.expect("focus");
        el.send_keys(value).await.expect("type");
        el.send_keys(Key::Tab).await.expect("leave the field");
    }
    app.wait_file("the actual in the file", &file, |doc| {
        let a = doc.actuals().ok()?;
        let a = a.iter().find(|a| a.actual.event_id == built)?;
        (a.end.is_some() && a.start.is_some()).then_some(())
    })
    .await;
    app.click("inspector-close").await;
    app.click("view-timeline").await;
    app.click("zoom-fit").await;
    assert!(
        app.find_visible(&testid_css("actual-bar")).await.is_none(),
        "no actual bar until asked for"
    );
    app.click("show-actuals").await;
    let bar = app
        .wait_for_css(&format!(
            "{}[data-event-id='{built}']",
            testid_css("actual-bar")
        ))
        .await;
    // D-1 11:00 to 21:00: two hours after the planned 09:00 start, ten hours long.
    let (start, end) = (
        bar.attr("data-start").await.unwrap().unwrap(),
        bar.attr("data-end").await.unwrap().unwrap(),
    );
    let planned = app
        .wait_for_css(&format!(
            "{}[data-event-id='{built}']",
            testid_css("timeline-event")
        ))
        .await;
    let first_day: i64 = -6;
    let want_start = (-1 - first_day) * 1440 + 11 * 60;
    assert_eq!(start.parse::<i64>().unwrap(), want_start);
    assert_eq!(end.parse::<i64>().unwrap(), want_start + 600);
    let bar_rect = bar.rect().await.unwrap();
    let plan_rect = planned.rect().await.unwrap();
    assert!(
        bar_rect.x > plan_rect.x && bar_rect.y > plan_rect.y,
        "the actual bar starts later, under the planned one: {bar_rect:?} {plan_rect:?}"
    );
    app.wait_for("legend-actual").await;
    // Closer, so the planned and actual bars read side by side.
    // (Two steps from "Fit plan": a third would scroll the event out of the drawn range.)
    for _ in 0..2 {
        app.click("zoom-in").await;
    }
    let bar = app
        .wait_for_css(&format!(
            "{}[data-event-id='{built}']",
            testid_css("actual-bar")
        ))
        .await;
    app.driver()
        .execute(
            "arguments[0].scrollIntoView({block: 'center', inline: 'center'});",
            vec![bar.to_json().expect("element as JSON")],
        )
        .await
        .expect("scroll the actual bar into view");
    app.screenshot("gates-actual-bars").await;
    app.quit().await;

    // --- Restart: the decision is still there, read from the file -----------------------------
    let app = App::start(&sandbox, "gates-2", Launch::File(&file)).await;
    badge(&app, "Running").await;
    app.click("nav-journal").await;
    let listed = words(
        &app.text(
            &app.wait_for_css(&format!(
                "{}[data-decision='pause']",
                testid_css("gate-entry")
            ))
            .await,
        )
        .await,
    );
    assert!(listed.contains("Pause at gate 2"), "{listed}");
    assert!(listed.contains(NOTE), "{listed}");
    app.screenshot("gates-after-restart").await;
    app.quit().await;
}
