//! The after-action review of the executed sample: its assessment cleared in the core, then a
//! criterion assessed, a note typed, evidence ticked and sustain/improve items added on the
//! Journal page, the after-action report exported from the app and read back with pdftotext
//! (headings, the assessment, the lessons), its pages rendered to look at, and the assessment
//! found again after a restart, read from the file alone.

use std::path::Path;
use std::process::Command;

use feint_core::journal::{AfterActionEdit, Rating};

use thirtyfour::prelude::*;

use crate::harness::{screenshot_dir, testid_css, App, Launch, Sandbox};

const NOTE: &str = "Seen twice in the registry log <b>not</b> HTML";
const SUSTAIN: &str = "Keep the honeytoken alert paging the analyst on duty";
const IMPROVE: &str = "Image the sandbox before the loader can delete itself";

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (poppler-utils)");
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

fn render_pages(pdf: &Path, name: &str, pages: u32) {
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).expect("screenshot dir");
    let status = Command::new("pdftoppm")
        .args(["-r", "60", "-png", "-f", "1", "-l"])
        .arg(pages.to_string())
        .arg(pdf)
        .arg(dir.join(name))
        .status()
        .expect("pdftoppm must be installed (poppler-utils)");
    assert!(status.success());
}

/// Types into the visible element matching `css` as a user does (focus, select all, type).
async fn type_css(app: &App, css: &str, text: &str) {
    let el = app.wait_for_css(css).await;
    el.click().await.expect("focus");
    el.send_keys(Key::Control + "a").await.expect("select all");
    el.send_keys(text).await.expect("type");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assess_the_executed_sample_and_export_the_after_action_report() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("run.feint");
    let mut doc = feint_core::sample::write_executed(&file).expect("write the executed sample");
    // The second criterion starts unassessed, so the page has something to do.
    let criteria = doc.after_action().unwrap().criteria;
    let criterion = criteria[1].criterion.clone();
    doc.edit_after_action(AfterActionEdit::Assess {
        criterion_id: criterion.id.clone(),
        rating: Some(Rating::NotAssessed),
        note: Some(String::new()),
        evidence: Some(Vec::new()),
    })
    .unwrap();
    let journal = doc.journal().unwrap();
    let cited = journal
        .iter()
        .position(|l| l.entry.text.contains("as svc-backup"))
        .expect("the entry naming the credentials' use");
    let cited_id = journal[cited].entry.id.clone();
    drop(doc);

    let app = App::start(&sandbox, "after-action-1", Launch::File(&file)).await;
    app.click("nav-journal").await;
    app.wait_for("after-action").await;
    let row = format!(
        "{}[data-criterion-id='{}']",
        testid_css("aar-criterion"),
        criterion.id
    );
    app.wait_for_css(&format!("{row}[data-rating='not_assessed']"))
        .await;

    // --- Assess: rating, note, one evidence entry ----------------------------------------------
    app.choose(&format!("{row} {}", testid_css("aar-rating")), "met")
        .await;
    type_css(&app, &format!("{row} {}", testid_css("aar-note")), NOTE).await;
    app.wait_for_css(&format!("{row} {} summary", testid_css("aar-evidence")))
        .await
        .click()
        .await
        .expect("open the evidence");
    let boxes = app
        .all_visible(&format!("{row} {}", testid_css("aar-evidence-entry")))
        .await;
    assert_eq!(boxes.len(), journal.len());
    boxes[cited].click().await.expect("tick the entry");

    // --- Sustain and improve: Enter adds ------------------------------------------------------
    type_css(&app, &testid_css("aar-sustain-new"), SUSTAIN).await;
    app.driver()
        .active_element()
        .await
        .unwrap()
        .send_keys(Key::Enter)
        .await
        .unwrap();
    type_css(&app, &testid_css("aar-improve-new"), IMPROVE).await;
    app.click("aar-improve-add").await;

    app.wait_file("the assessment and lessons in the file", &file, |doc| {
        let review = doc.after_action().ok()?;
        let a = &review
            .criteria
            .iter()
            .find(|c| c.criterion.id == criterion.id)?
            .assessment;
        let ok = a.rating == Rating::Met
            && a.note == NOTE
            && a.evidence == vec![cited_id.clone()]
            && review.sustain.last()?.text == SUSTAIN
            && review.improve.last()?.text == IMPROVE;
        ok.then_some(())
    })
    .await;
    let want = format!("Evidence: J{}", cited + 1);
    app.wait_until("the evidence named by its journal number", || async {
        let css = format!("{row} {} summary", testid_css("aar-evidence"));
        let el = app.find_visible(&css).await?;
        (app.text(&el).await == want).then_some(())
    })
    .await;
    app.screenshot("after-action").await;

    // --- Export the after-action report from the app -----------------------------------------
    let pdf = sandbox.path("review.pdf");
    app.click("aar-export").await;
    app.type_into("path-input", &pdf.to_string_lossy()).await;
    app.click("path-confirm").await;
    let done = app.wait_for("aar-exported").await;
    let pages: u32 = done
        .attr("data-pages")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pages >= 4, "{pages} pages");
    // Words as read, whatever the layout's spacing ("1  Summary" reads "1 Summary").
    let text = pdftotext(&pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for heading in [
        "After-action report",
        "1 Summary",
        "2 Planned against actual",
        "3 Gate decisions",
        "4 Observed techniques and indicators",
        "5 Success criteria",
        "6 Lessons",
        "Annex A Execution journal",
        "Annex B Timeline, planned and actual",
        "TLP:AMBER+STRICT",
    ] {
        assert!(text.contains(heading), "no \"{heading}\" in the report");
    }
    for shown in ["Seen twice", "Partly met", SUSTAIN, IMPROVE] {
        assert!(text.contains(shown), "no \"{shown}\" in the report");
    }
    // Observed techniques from the journal, and the changed and skipped events.
    for shown in ["T1059.004", "T1053.003", "Skipped", "Changed"] {
        assert!(text.contains(shown), "no \"{shown}\" in the report");
    }
    render_pages(&pdf, "after-action-report", pages.min(6));
    app.quit().await;

    // --- The file alone holds it: restart and find the assessment -----------------------------
    let app = App::start(&sandbox, "after-action-2", Launch::File(&file)).await;
    app.click("nav-journal").await;
    app.wait_for_css(&format!("{row}[data-rating='met']")).await;
    let note = app
        .wait_for_css(&format!("{row} {}", testid_css("aar-note")))
        .await;
    let value = note.prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(value, NOTE);
    let lessons = app.all_visible(&testid_css("aar-lesson-text")).await;
    let mut texts = Vec::new();
    for l in lessons {
        texts.push(l.prop("value").await.unwrap().unwrap_or_default());
    }
    assert!(texts.contains(&SUSTAIN.to_string()) && texts.contains(&IMPROVE.to_string()));
    app.screenshot("after-action-after-restart").await;
    app.quit().await;
}
