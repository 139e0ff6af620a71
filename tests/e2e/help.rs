//! The Help dialog: About (the app's and the catalog's versions) and the user guide, bundled
//! into the app.

use feint_core::sample;

use crate::harness::{App, Launch, Sandbox};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_shows_versions_and_the_guide() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("sample.feint");
    sample::write_sample(&file).expect("write the sample");
    let app = App::start(&sandbox, "help-guide", Launch::File(&file)).await;

    app.click("help-open").await;
    let version = app
        .wait_for_text("about-version", "the app version", |t| !t.is_empty())
        .await;
    assert_eq!(version, format!("Feint {}", env!("CARGO_PKG_VERSION")));
    let catalog = app.text_of("about-catalog").await;
    assert!(
        catalog.contains("MITRE Engage catalog v1.0 built in"),
        "About should name the built-in catalog; it says {catalog:?}"
    );

    let mut headings = Vec::new();
    for el in app.all("guide-heading").await {
        headings.push(app.text(&el).await);
    }
    for wanted in [
        "Start an operation",
        "Write and export the order",
        "Keyboard shortcuts",
        "The file format's promises",
        "Limits of one operation",
    ] {
        assert!(
            headings.iter().any(|h| h == wanted),
            "the guide should have a section {wanted:?}; it has {headings:?}"
        );
    }
    // Markdown is shown as text: no literal markup characters in the headings.
    assert!(headings
        .iter()
        .all(|h| !h.contains('#') && !h.contains('`')));
    // Every screenshot the guide names is bundled and decodes (a missing one has no <img>).
    let wanted = include_str!("../../docs/guide.md")
        .matches("](screenshots/")
        .count();
    let images: Vec<bool> = app
        .wait_until("the guide's screenshots to load", || async {
            let ret = app
                .driver()
                .execute(
                    "return [...document.querySelectorAll('[data-testid=guide-image]')]\
                     .map(i => i.complete && i.naturalWidth > 0);",
                    vec![],
                )
                .await
                .ok()?;
            let loaded: Vec<bool> = ret.convert().ok()?;
            loaded.iter().all(|&ok| ok).then_some(loaded)
        })
        .await;
    assert!(wanted > 0, "the guide shows screenshots");
    assert_eq!(
        images.len(),
        wanted,
        "one decoded image per screenshot the guide names"
    );
    app.screenshot("help-guide").await;

    app.click("help-close").await;
    app.wait_until("the Help dialog to close", || async {
        app.all("help-dialog").await.is_empty().then_some(())
    })
    .await;
    app.quit().await;
}
