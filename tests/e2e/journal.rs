//! Running the sample operation: approved by name, started, two journal entries typed with the
//! keyboard only (one naming a technique and linked to an event), one corrected (the earlier
//! text stays on the entry), an event's outcome set to "skipped" with a reason in the inspector,
//! the phase shown in the header on another page, the list filtered by outcome, a title edited
//! after approval listed as changed since approval, and everything found again after a
//! restart, read from the file alone.

use feint_core::document::Document;
use feint_core::journal::{EntryKind, Outcome, RunPhase};

use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};
use crate::running::{approve_by_name, badge, open_actuals, start};

const EVENT: &str = "Open the Docker API to the internet";
const FIRST: &str = "Token used from 198.51.100.7 against the daemon";
const SECOND: &str = "Paused the nightly builds for an hour";
const CORRECTED: &str = "Paused the nightly builds for two hours";
const REASON: &str = "Registry maintenance window <b>moved</b>";
const RENAMED: &str = "Open the Docker API a day late";

/// Sends keys to whatever has the focus, as a user typing does.
async fn keys(app: &App, text: impl Into<TypingData>) {
    app.driver()
        .active_element()
        .await
        .expect("a focused element")
        .send_keys(text)
        .await
        .expect("type");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_the_sample_keep_a_journal_and_record_actuals() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("run.feint");
    drop(feint_core::sample::write_sample(&file).expect("write the sample"));
    let event_id = Document::open(&file)
        .unwrap()
        .storyboard()
        .unwrap()
        .events
        .into_iter()
        .find(|e| e.title == EVENT)
        .expect("the sample's event")
        .id;
    let n = Document::open(&file)
        .unwrap()
        .storyboard()
        .unwrap()
        .events
        .len();

    let app = App::start(&sandbox, "journal-1", Launch::File(&file)).await;
    badge(&app, "Planning").await;
    app.click("nav-journal").await;
    app.wait_for("journal-page").await;

    // --- Approve by name (Enter), then start --------------------------------------------------
    approve_by_name(&app, "Dr. Anke Vos").await;
    app.wait_for_text("journal-approval", "Approved by Dr. Anke Vos", |t| {
        t.starts_with("Approved by Dr. Anke Vos")
    })
    .await;
    start(&app).await;

    // --- Two entries, keyboard only: the entry line has the focus once the operation runs ----
    app.wait_until("the entry line has the focus", || async {
        let el = app.driver().active_element().await.ok()?;
        (el.attr("data-testid").await.ok()?? == "entry-text").then_some(())
    })
    .await;
    keys(&app, format!("adv: {FIRST} #T1078")).await;
    keys(&app, Key::Tab + "Docker API").await;
    keys(&app, Key::Enter).await;
    app.wait_for_text("journal-count", "1 of 1 entries", |t| t == "1 of 1 entries")
        .await;
    keys(&app, format!("our: {SECOND}")).await;
    keys(&app, Key::Enter).await;
    app.wait_for_text("journal-count", "2 of 2 entries", |t| t == "2 of 2 entries")
        .await;
    let journal = app
        .wait_file("two entries in the file", &file, |doc| {
            let j = doc.journal().ok()?;
            (j.len() == 2).then_some(j)
        })
        .await;
    let first = journal
        .iter()
        .find(|l| l.entry.text.starts_with("Token"))
        .unwrap();
    assert_eq!(first.entry.text, format!("{FIRST} T1078"));
    assert_eq!(first.entry.kind, EntryKind::AdversaryAction);
    assert_eq!(first.entry.technique_ids, vec!["T1078".to_string()]);
    assert_eq!(first.entry.event_ids, vec![event_id.clone()]);
    let second = journal.iter().find(|l| l.entry.text == SECOND).unwrap();
    assert_eq!(second.entry.kind, EntryKind::OurAction);

    // --- Correct the second entry; its earlier text stays on it -------------------------------
    let row = format!(
        "{}[data-entry-id='{}']",
        testid_css("journal-entry"),
        second.entry.id
    );
    app.wait_for_css(&format!("{row} {}", testid_css("entry-correct")))
        .await
        .click()
        .await
        .expect("correct");
    keys(&app, Key::Control + "a").await;
    keys(&app, CORRECTED).await;
    keys(&app, Key::Enter).await;
    app.wait_for_css(&format!("{row} {}", testid_css("entry-history")))
        .await;
    let shown = app
        .text(
            &app.wait_for_css(&format!("{row} {}", testid_css("entry-text-shown")))
                .await,
        )
        .await;
    assert_eq!(shown, CORRECTED);
    app.wait_file("the correction in the file", &file, |doc| {
        let j = doc.journal().ok()?;
        let e = &j.iter().find(|l| l.entry.id == second.entry.id)?.entry;
        (e.text == CORRECTED && e.history.len() == 1 && e.history[0].text == SECOND).then_some(())
    })
    .await;

    // --- Filter the journal by technique and by kind ------------------------------------------
    app.type_into("journal-filter-technique", "T1078").await;
    app.wait_for_text("journal-count", "1 of 2", |t| t == "1 of 2 entries")
        .await;
    app.type_into("journal-filter-technique", "").await;
    app.choose(&testid_css("journal-filter-kind"), "our_action")
        .await;
    app.wait_for_text("journal-count", "1 of 2", |t| t == "1 of 2 entries")
        .await;
    app.choose(&testid_css("journal-filter-kind"), "").await;
    app.wait_for_text("journal-count", "2 of 2", |t| t == "2 of 2 entries")
        .await;
    app.screenshot("journal").await;

    // --- Actuals: skip an event with a reason, in the storyboard's inspector -------------------
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    badge(&app, "Running").await;
    open_actuals(&app, &event_id).await;
    app.choose(&testid_css("actual-outcome"), "skipped").await;
    let reason = app.wait_for("actual-reason").await;
    reason.click().await.expect("focus");
    reason.send_keys(REASON).await.expect("type");
    reason.send_keys(Key::Tab).await.expect("leave the field");
    app.wait_file("the outcome and reason in the file", &file, |doc| {
        let a = doc.actuals().ok()?;
        let a = &a.iter().find(|a| a.actual.event_id == event_id)?.actual;
        (a.outcome == Some(Outcome::Skipped) && a.reason == REASON).then_some(())
    })
    .await;
    // A plan edit after approval: the title changes in the plan, not in the baseline.
    let title = app.wait_for("inspector-title").await;
    title.click().await.expect("focus");
    title
        .send_keys(Key::Control + "a")
        .await
        .expect("select all");
    title.send_keys(RENAMED).await.expect("type");
    title.send_keys(Key::Tab).await.expect("leave the field");
    app.wait_file("the new title in the file", &file, |doc| {
        let events = doc.storyboard().ok()?.events;
        events.iter().any(|e| e.title == RENAMED).then_some(())
    })
    .await;
    let actuals = app.wait_for("inspector-actuals").await;
    app.driver()
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![actuals.to_json().expect("element as JSON")],
        )
        .await
        .expect("scroll the actuals into view");
    app.screenshot("journal-actuals").await;
    app.click("inspector-close").await;
    app.choose(&testid_css("list-filter-outcome"), "skipped")
        .await;
    let want = format!("1 of {n}");
    app.wait_for_text("list-count", &want, |t| t == want).await;
    let rows = app
        .visible_attrs(&testid_css("list-row"), "data-event-id")
        .await;
    assert_eq!(rows, vec![event_id.clone()]);
    app.choose(&testid_css("list-filter-outcome"), "none").await;
    let want = format!("{} of {n}", n - 1);
    app.wait_for_text("list-count", &want, |t| t == want).await;
    app.screenshot("journal-outcome-filter").await;

    // --- The Journal page lists the renamed event as changed since approval -------------------
    app.click("nav-journal").await;
    let change = format!("{}[data-kind='changed']", testid_css("plan-change"));
    let text = app.text(&app.wait_for_css(&change).await).await;
    assert!(text.contains(RENAMED) && text.contains("title"), "{text}");
    app.wait_for_text("plan-changes", "one change", |t| {
        t.starts_with("Changed since approval: 1")
    })
    .await;
    app.quit().await;

    // --- The file alone holds it: restart and find everything ---------------------------------
    let doc = Document::open(&file).unwrap();
    assert_eq!(doc.run_state().unwrap().phase, RunPhase::Running);
    assert_eq!(doc.run_state().unwrap().approved_by, "Dr. Anke Vos");
    drop(doc);
    let app = App::start(&sandbox, "journal-2", Launch::File(&file)).await;
    badge(&app, "Running").await;
    app.click("nav-journal").await;
    app.wait_for_text("journal-count", "2 of 2", |t| t == "2 of 2 entries")
        .await;
    let texts = {
        let mut out = Vec::new();
        for el in app.all("entry-text-shown").await {
            out.push(app.text(&el).await);
        }
        out
    };
    assert!(texts.contains(&CORRECTED.to_string()), "{texts:?}");
    assert!(texts.contains(&format!("{FIRST} T1078")), "{texts:?}");
    assert!(
        app.find_visible(&testid_css("entry-revision"))
            .await
            .is_none(),
        "the history is folded until opened"
    );
    app.wait_for("entry-history")
        .await
        .click()
        .await
        .expect("open the history");
    let was = app.text_of("entry-revision").await;
    assert!(was.contains(SECOND), "{was}");
    // The link follows the event: it shows the event's title as it is now.
    let links = app.text_of("entry-event-link").await;
    assert_eq!(links, RENAMED);
    app.screenshot("journal-after-restart").await;
    app.quit().await;
}
