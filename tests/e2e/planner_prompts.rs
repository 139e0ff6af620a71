//! The small things a planner types: a persona's dates as ISO text (typed, refused with a
//! plain sentence, read back from the file), a new account's password masked before Reveal,
//! export paths offered beside the operation file, an Open dialog that keeps a wrong path with
//! its error, and New/Open on a page with no operation open.

use feint_core::document::Document;
use feint_core::persona::Persona;
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

fn persona(file: &std::path::Path, id: &str) -> Option<Persona> {
    Document::open(file).ok()?.persona(id).ok()
}

async fn type_and_leave(el: &WebElement, text: &str) {
    el.click().await.expect("focus");
    el.send_keys(Key::Control + "a").await.expect("select all");
    if text.is_empty() {
        el.send_keys(Key::Backspace).await.expect("clear");
    } else {
        el.send_keys(text).await.expect("type");
    }
    el.send_keys(Key::Tab).await.expect("leave the field");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persona_dates_are_typed_and_prompts_start_beside_the_file() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("prompts.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");
    let app = App::start(&sandbox, "planner-prompts", Launch::File(&file)).await;

    // --- Personas: a date typed as text, a wrong one refused beside the field -----------------
    app.click("nav-personas").await;
    app.wait_for("personas-page").await;
    let id = app
        .wait_until("a persona open", || async {
            app.visible_attrs(&testid_css("persona-detail"), "data-persona-id")
                .await
                .into_iter()
                .next()
        })
        .await;
    let start = app.wait_for("persona-start-date").await;
    assert_eq!(
        start.attr("placeholder").await.unwrap().as_deref(),
        Some("YYYY-MM-DD")
    );
    assert_eq!(start.attr("type").await.unwrap().as_deref(), Some("text"));
    type_and_leave(&start, "2019-04-01").await;
    app.wait_until("the start date in the file", || async {
        (persona(&file, &id)?.profile.start_date.as_deref() == Some("2019-04-01")).then_some(())
    })
    .await;

    let start = app.wait_for("persona-start-date").await;
    type_and_leave(&start, "2019-13-01").await;
    let error = app
        .wait_for_text("field-error", "a refusal naming the field", |t| {
            t.contains("2019-13-01")
        })
        .await;
    assert!(
        error.starts_with("Not saved: The start date \"2019-13-01\" is not a date (YYYY-MM-DD)"),
        "a plain sentence: {error}"
    );
    assert_eq!(
        app.value_of("persona-start-date").await,
        "2019-13-01",
        "what was typed stays to be corrected"
    );
    assert_eq!(
        persona(&file, &id).unwrap().profile.start_date.as_deref(),
        Some("2019-04-01"),
        "the file keeps the last good date"
    );
    // Emptied: no date, and the placeholder shows rather than a date in grey.
    let start = app.wait_for("persona-start-date").await;
    type_and_leave(&start, "").await;
    app.wait_until("no start date in the file", || async {
        persona(&file, &id)?
            .profile
            .start_date
            .is_none()
            .then_some(())
    })
    .await;
    assert!(app.find_visible(&testid_css("field-error")).await.is_none());

    // Full detail shows the date of birth, typed the same way.
    app.wait_for_css(&format!(
        "{} [data-value='full']",
        testid_css("persona-detail-level")
    ))
    .await
    .click()
    .await
    .expect("full detail");
    let dob = app.wait_for("persona-dob").await;
    type_and_leave(&dob, "1988-02-29").await;
    app.wait_until("the date of birth in the file", || async {
        (persona(&file, &id)?.profile.date_of_birth.as_deref() == Some("1988-02-29")).then_some(())
    })
    .await;
    app.screenshot("persona-dates").await;

    // --- A new account's password: a masked field, never "(none)" -----------------------------
    app.click("account-add").await;
    app.wait_until("the new account's masked password field", || async {
        app.visible_attrs(&testid_css("account-secret-input"), "type")
            .await
            .contains(&"password".to_string())
            .then_some(())
    })
    .await;
    let text = app
        .driver()
        .execute("return document.body.innerText;", vec![])
        .await
        .unwrap()
        .convert::<String>()
        .unwrap();
    assert!(!text.contains("(none)"), "no \"(none)\" for a secret");

    // --- The CSV export is offered beside the operation file ------------------------------------
    app.click("nav-order").await;
    app.wait_for("order-page").await;
    app.click("export-csv").await;
    app.wait_for_css(&format!(
        "{}[data-mode='csv-export']",
        testid_css("path-dialog")
    ))
    .await;
    let offered = app.value_of("path-input").await;
    let folder = file.parent().unwrap().to_string_lossy().into_owned();
    assert!(
        offered.starts_with(&format!("{folder}/")) && offered.ends_with("-timeline.csv"),
        "offered {offered}"
    );
    app.click("path-confirm").await;
    app.wait_for("csv-exported").await;
    assert!(
        std::path::Path::new(&offered).is_file(),
        "written where offered"
    );

    // --- Open with a wrong path: the dialog stays, with the path and the reason ------------------
    app.click("file-open").await;
    app.wait_for_css(&format!("{}[data-mode='open']", testid_css("path-dialog")))
        .await;
    let wrong = format!("{folder}/no-such-operation.feint");
    app.type_into("path-input", &wrong).await;
    app.click("path-confirm").await;
    let error = app.wait_for("path-error").await;
    let said = app.text(&error).await;
    assert!(
        said.contains("no-such-operation.feint"),
        "names the file: {said}"
    );
    assert!(
        app.find_visible(&testid_css("path-dialog")).await.is_some(),
        "the dialog stays open"
    );
    assert_eq!(app.value_of("path-input").await, wrong, "the path as typed");
    assert!(app
        .find_visible(&testid_css("error-banner"))
        .await
        .is_none());
    app.screenshot("open-wrong-path").await;
    app.click("path-cancel").await;
    app.quit().await;

    // --- No operation open: the other pages offer New and Open ---------------------------------
    let app = App::start(&sandbox, "planner-empty", Launch::Empty).await;
    app.click("nav-storyboard").await;
    app.click("empty-open").await;
    app.wait_for_css(&format!("{}[data-mode='open']", testid_css("path-dialog")))
        .await;
    app.click("path-cancel").await;
    app.click("empty-new").await;
    app.wait_for_css(&format!("{}[data-mode='new']", testid_css("path-dialog")))
        .await;
    app.quit().await;
}
