//! Create an operation from an empty app, rename it with a hostile name, quit, check the file on
//! disk, restart on that file and see the name again, as text.

use feint_core::document::Document;
use thirtyfour::prelude::*;

use crate::harness::{App, Launch, Sandbox};

/// Markup, a combining-free accented letter, an emoji outside the BMP and right-to-left text.
const HOSTILE: &str = "Op <b>Ñame</b> 🐳 שלום";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_edit_restart() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("dry run.feint");

    // --- First run: no file; New -----------------------------------------------------------
    let app = App::start(&sandbox, "create-edit-restart-1", Launch::Empty).await;
    assert_eq!(
        app.app_pids().len(),
        1,
        "exactly one app process should carry this test's FEINT_CONFIG_DIR"
    );
    app.click("file-new").await;
    app.type_into("path-input", &file.to_string_lossy()).await;
    app.type_into("new-name", "First draft").await;
    app.click("path-confirm").await;
    app.click("nav-operation").await;
    app.wait_until("op-name to show the new operation", || async {
        (app.value_of("op-name").await == "First draft").then_some(())
    })
    .await;
    assert!(file.exists(), "New should have created {}", file.display());
    assert_eq!(app.text_of("file-name").await, "dry run.feint");

    // --- Rename it --------------------------------------------------------------------------
    app.type_into("op-name", HOSTILE).await;
    app.wait_for("op-name")
        .await
        .send_keys(Key::Tab)
        .await
        .expect("leave the field");
    assert_eq!(app.value_of("op-name").await, HOSTILE, "typed as given");
    app.wait_for_text("save-status", "\"Saved\"", |t| t.trim() == "Saved")
        .await;
    app.quit().await;

    // --- The file on disk has it ------------------------------------------------------------
    let doc = Document::open(&file).expect("the saved file opens");
    assert_eq!(doc.operation().unwrap().name, HOSTILE);
    drop(doc);
    let recent = std::fs::read_to_string(sandbox.config_dir().join("recent.json"))
        .expect("the app kept its recent list in FEINT_CONFIG_DIR");
    assert!(
        recent.contains("dry run.feint"),
        "recent list should name the new file: {recent}"
    );

    // --- Second run: the file as argument ---------------------------------------------------
    let app = App::start(&sandbox, "create-edit-restart-2", Launch::File(&file)).await;
    app.click("nav-operation").await;
    app.wait_until("op-name to show the saved name", || async {
        (app.value_of("op-name").await == HOSTILE).then_some(())
    })
    .await;
    // Shown as text: no <b> element was made from the name anywhere in the page.
    let bold = app
        .driver()
        .find_all(By::XPath("//b[contains(., 'Ñame')]"))
        .await
        .unwrap();
    assert!(bold.is_empty(), "the name was rendered as HTML somewhere");
    let body = app.text_of("operation-page").await;
    assert!(
        !body.contains("Op Ñame"),
        "markup in the name vanished somewhere (rendered as HTML?): {body}"
    );
    app.screenshot("operation-reopened").await;
    app.quit().await;
}
