//! The persona designer on the sample operation: create a persona with a hostile name, paint
//! its working hours on the weekly grid, give it an account whose password stays masked, take
//! it into an event at 03:00 on a Sunday and see the out-of-hours warning on the event and on
//! the persona; paint that hour and see the warnings clear; restart and find all of it again.

use feint_core::document::Document;
use feint_core::persona::{Persona, WarningCode};
use thirtyfour::prelude::*;

use crate::harness::{testid_css, App, Launch, Sandbox};

const NAME: &str = "Mara Olsen <script>alert(1)</script> مرحبا 🚀";
const USERNAME: &str = "m.olsen";
const SECRET: &str = "Winter-2026!harbor";

fn persona(file: &std::path::Path, id: &str) -> Option<Persona> {
    Document::open(file).ok()?.persona(id).ok()
}

fn cell(day: usize, hour: usize) -> String {
    format!(
        "{}[data-day='{day}'][data-hour='{hour}']",
        testid_css("schedule-cell")
    )
}

async fn type_and_leave(el: &WebElement, text: &str) {
    el.click().await.expect("focus");
    el.send_keys(Key::Control + "a").await.expect("select all");
    el.send_keys(text).await.expect("type");
    el.send_keys(Key::Tab).await.expect("leave the field");
}

/// The out-of-hours warnings about `persona` shown in the page, as (code, event) pairs.
async fn shown_warnings(app: &App, css: &str) -> Vec<String> {
    app.visible_attrs(css, "data-code").await
}

async fn page_text(app: &App) -> String {
    app.driver()
        .execute("return document.body.innerText;", vec![])
        .await
        .expect("page text")
        .convert::<String>()
        .expect("text")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn persona_schedule_warning_account_and_restart() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("personas.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");
    let doc = Document::open(&file).expect("open");
    let op = doc.operation().expect("operation");
    assert_eq!(op.start_date.as_deref(), Some("2026-12-07"), "a Monday");
    let event = doc.storyboard().expect("storyboard").events[0].clone();
    drop(doc);

    let app = App::start(&sandbox, "personas-1", Launch::File(&file)).await;
    app.click("nav-personas").await;
    app.wait_for("personas-page").await;
    let before = app
        .wait_until("the sample's two personas", || async {
            let ids = app
                .visible_attrs(&testid_css("persona-item"), "data-persona-id")
                .await;
            (ids.len() == 2).then_some(ids)
        })
        .await;

    // --- Create: the name is text, never markup ----------------------------------------------
    app.type_into("persona-new-name", NAME).await;
    app.click("persona-create").await;
    let id = app
        .wait_until("the new persona", || async {
            let ids = app
                .visible_attrs(&testid_css("persona-detail"), "data-persona-id")
                .await;
            ids.into_iter().find(|i| !before.contains(i))
        })
        .await;
    assert_eq!(app.value_of("persona-name").await, NAME);
    let stored = persona(&file, &id).expect("the persona in the file");
    assert_eq!(stored.profile.name, NAME);
    assert_eq!(
        stored.profile.schedule[6],
        "0".repeat(24),
        "a new persona does not work on Sundays"
    );

    // --- Weekly grid: drag Saturday 10:00–14:00 on --------------------------------------------
    let from = app.wait_for_css(&cell(5, 10)).await;
    let to = app.wait_for_css(&cell(5, 14)).await;
    app.driver()
        .action_chain()
        .move_to_element_center(&from)
        .click_and_hold()
        .move_to_element_center(&to)
        .release()
        .perform()
        .await
        .expect("paint Saturday");
    app.wait_until("Saturday 10–15 in the file", || async {
        let p = persona(&file, &id)?;
        (p.profile.schedule[5] == format!("{}{}{}", "0".repeat(10), "1".repeat(5), "0".repeat(9)))
            .then_some(())
    })
    .await;
    app.wait_until("Saturday 12:00 shown as working", || async {
        (app.visible_attrs(&cell(5, 12), "data-on").await == ["true"]).then_some(())
    })
    .await;

    // --- An account: the password is masked until revealed -------------------------------------
    app.click("account-add").await;
    let username = app.wait_for("account-username").await;
    type_and_leave(&username, USERNAME).await;
    app.click("account-reveal").await;
    let secret = app.wait_for("account-secret-input").await;
    type_and_leave(&secret, SECRET).await;
    app.wait_until("the account in the file", || async {
        let p = persona(&file, &id)?;
        let a = p.accounts.first()?;
        (a.username == USERNAME && a.secret == SECRET).then_some(())
    })
    .await;
    app.click("account-reveal").await;
    let masked = app.text_of("account-secret").await;
    assert!(masked.starts_with('•') && !masked.contains(SECRET));
    assert!(
        !page_text(&app).await.contains(SECRET),
        "the password is not on screen once hidden"
    );
    app.screenshot("persona-page").await;

    // --- Into an event at 03:00 on Sunday (D+6) -----------------------------------------------
    app.click("nav-storyboard").await;
    app.wait_for("storyboard-page").await;
    app.click("view-list").await;
    app.wait_for_css(&format!(
        "{}[data-event-id='{}'] {}",
        testid_css("list-row"),
        event.id,
        testid_css("list-open")
    ))
    .await
    .click()
    .await
    .expect("open the event");
    type_and_leave(&app.wait_for("inspector-day").await, "6").await;
    type_and_leave(&app.wait_for("inspector-time").await, "03:00").await;
    app.wait_for_css(&format!(
        "{}[data-persona-id='{id}']",
        testid_css("inspector-persona")
    ))
    .await
    .click()
    .await
    .expect("take the persona into the event");
    let event_warning = format!("{}[data-persona-id='{id}']", testid_css("event-warning"));
    app.wait_until("the out-of-hours warning on the event", || async {
        shown_warnings(&app, &event_warning)
            .await
            .contains(&"out_of_hours".to_string())
            .then_some(())
    })
    .await;
    let text = app.text(&app.wait_for_css(&event_warning).await).await;
    assert!(
        text.contains("working hours") && text.contains("Mara Olsen"),
        "{text}"
    );
    app.screenshot("event-warning").await;
    app.click("inspector-close").await;
    app.wait_for_css(&format!(
        "{}[data-event-id='{}'] {}",
        testid_css("list-row"),
        event.id,
        testid_css("list-warning")
    ))
    .await;
    let doc = Document::open(&file).expect("open");
    let warnings = doc.persona_warnings().expect("warnings");
    assert!(warnings.iter().any(|w| w.persona_id == id
        && w.code == WarningCode::OutOfHours
        && w.event_id.as_deref() == Some(event.id.as_str())));
    drop(doc);

    // --- On the persona too; painting Sunday 03:00 clears it ----------------------------------
    app.click("nav-personas").await;
    app.wait_for_css(&format!(
        "{}[data-persona-id='{id}']",
        testid_css("persona-item")
    ))
    .await
    .click()
    .await
    .expect("select the persona");
    let persona_warning = format!(
        "{}[data-event-id='{}']",
        testid_css("persona-warning"),
        event.id
    );
    app.wait_until("the out-of-hours warning on the persona", || async {
        shown_warnings(&app, &persona_warning)
            .await
            .contains(&"out_of_hours".to_string())
            .then_some(())
    })
    .await;
    app.wait_for_css(&format!(
        "{}[data-event-id='{}'][data-warning='true']",
        testid_css("persona-event"),
        event.id
    ))
    .await;
    app.screenshot("persona-warning").await;
    // The event runs from 03:00 for its duration: paint every hour it touches.
    let last_hour = (180 + event.duration_min as usize - 1) / 60;
    let from = app.wait_for_css(&cell(6, 3)).await;
    let to = app.wait_for_css(&cell(6, last_hour)).await;
    app.driver()
        .action_chain()
        .move_to_element_center(&from)
        .click_and_hold()
        .move_to_element_center(&to)
        .release()
        .perform()
        .await
        .expect("work Sunday from 03:00");
    app.wait_until("the persona's warning to clear", || async {
        shown_warnings(&app, &persona_warning)
            .await
            .is_empty()
            .then_some(())
    })
    .await;
    app.click("nav-storyboard").await;
    let row_warning = format!(
        "{}[data-event-id='{}'] {}",
        testid_css("list-row"),
        event.id,
        testid_css("list-warning")
    );
    app.wait_until("the event's warning to clear in the list", || async {
        app.find_visible(&row_warning).await.is_none().then_some(())
    })
    .await;
    app.wait_for_css(&format!(
        "{}[data-event-id='{}'] {}",
        testid_css("list-row"),
        event.id,
        testid_css("list-open")
    ))
    .await
    .click()
    .await
    .expect("open the event again");
    app.wait_for_css(&format!(
        "{}[data-persona-id='{id}']:checked",
        testid_css("inspector-persona")
    ))
    .await;
    assert!(
        shown_warnings(&app, &event_warning).await.is_empty(),
        "no warning about the persona on the event"
    );
    let doc = Document::open(&file).expect("open");
    assert!(!doc
        .persona_warnings()
        .expect("warnings")
        .iter()
        .any(|w| w.persona_id == id && w.code == WarningCode::OutOfHours));
    drop(doc);
    app.quit().await;

    // --- Restart: all of it is still there -------------------------------------------------
    let app = App::start(&sandbox, "personas-2", Launch::File(&file)).await;
    app.click("nav-personas").await;
    app.wait_for_css(&format!(
        "{}[data-persona-id='{id}']",
        testid_css("persona-item")
    ))
    .await
    .click()
    .await
    .expect("select the persona");
    app.wait_for_css(&format!(
        "{}[data-persona-id='{id}']",
        testid_css("persona-detail")
    ))
    .await;
    assert_eq!(app.value_of("persona-name").await, NAME);
    for (day, hour) in [(5, 12), (6, 3)] {
        assert_eq!(
            app.visible_attrs(&cell(day, hour), "data-on").await,
            vec!["true".to_string()],
            "day {day} hour {hour}"
        );
    }
    assert!(!app.text_of("account-secret").await.contains(SECRET));
    assert!(!page_text(&app).await.contains(SECRET));
    app.wait_for_css(&format!(
        "{}[data-event-id='{}'][data-warning='false']",
        testid_css("persona-event"),
        event.id
    ))
    .await;
    app.click("account-reveal").await;
    assert_eq!(app.value_of("account-secret-input").await, SECRET);
    app.screenshot("persona-reopened").await;

    // --- Export to JSON (private, the secret under "password"), import it back -------------
    let json_path = sandbox.path("mara.json");
    app.click("persona-export").await;
    app.wait_for("path-dialog").await;
    app.type_into("path-input", &json_path.to_string_lossy())
        .await;
    app.click("path-confirm").await;
    app.wait_until("the persona file", || async {
        json_path.exists().then_some(())
    })
    .await;
    app.wait_until("the export prompt to close", || async {
        app.find_visible(&testid_css("path-dialog"))
            .await
            .is_none()
            .then_some(())
    })
    .await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&json_path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "readable by the owner only");
    }
    let exported: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).unwrap()).unwrap();
    assert!(
        exported
            .to_string()
            .contains(&format!("\"password\":\"{SECRET}\"")),
        "the secret is stored under \"password\""
    );
    app.click("persona-import").await;
    app.wait_for("path-dialog").await;
    app.type_into("path-input", &json_path.to_string_lossy())
        .await;
    app.click("path-confirm").await;
    let copy = app
        .wait_until("the imported persona", || async {
            let ids = app
                .visible_attrs(&testid_css("persona-detail"), "data-persona-id")
                .await;
            ids.into_iter().find(|i| *i != id && !before.contains(i))
        })
        .await;
    assert_eq!(app.value_of("persona-name").await, NAME);
    // Same username as the original: both are warned.
    app.wait_until("the shared-username warning", || async {
        app.visible_attrs(&testid_css("persona-warning"), "data-code")
            .await
            .contains(&"shared_username".to_string())
            .then_some(())
    })
    .await;

    // --- A template pre-fills a plausible pattern of life; Duplicate copies ------------------
    let clerk = feint_core::persona::templates()
        .into_iter()
        .find(|t| t.key == "finance_clerk")
        .expect("the finance clerk template");
    app.type_into("persona-new-name", "Ines Kraft").await;
    app.choose(&testid_css("persona-new-template"), "finance_clerk")
        .await;
    app.click("persona-create").await;
    app.wait_until("the clerk's role", || async {
        let role = app.value_of("persona-role").await;
        (role == clerk.role).then_some(())
    })
    .await;
    assert_eq!(
        app.visible_attrs(&cell(0, 8), "data-on").await,
        vec!["true".to_string()],
        "the clerk starts at 08:00"
    );
    app.click("persona-duplicate").await;
    app.wait_until("the copy", || async {
        let names: Vec<String> = Document::open(&file)
            .ok()?
            .personas()
            .ok()?
            .into_iter()
            .map(|p| p.profile.name)
            .collect();
        names
            .contains(&"Ines Kraft (copy)".to_string())
            .then_some(names)
    })
    .await;
    // The file holds the copy before the page has its answer: wait for the list to show it.
    app.wait_until(
        "six personas listed: two sample personas, Mara, her import, Ines and her copy",
        || async {
            let listed = app
                .visible_attrs(&testid_css("persona-item"), "data-persona-id")
                .await;
            (listed.len() == 6).then_some(())
        },
    )
    .await;
    assert!(persona(&file, &copy).is_some());
    app.screenshot("personas-more").await;
    app.quit().await;
}
