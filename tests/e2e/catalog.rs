//! The Engage catalog page on the sample operation: the matrix, the search, an activity's details.

use std::collections::BTreeSet;

use crate::harness::{testid_css, App, Launch, Sandbox};

/// Engage v1.0: 31 activities, shown 51 times because many sit under several approaches.
const ACTIVITIES: usize = 31;
const CARDS: usize = 51;

/// The data-activity-id of every visible card (one per card, repeats included).
async fn card_ids(app: &App) -> Vec<String> {
    app.visible_attrs(&testid_css("activity-card"), "data-activity-id")
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_search_and_details() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("sample.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");

    let app = App::start(&sandbox, "catalog", Launch::File(&file)).await;
    app.click("nav-catalog").await;

    // --- The matrix -------------------------------------------------------------------------
    // The matrix is rendered in one pass from one command, so any card means all cards.
    let cards = app
        .wait_until("the matrix", || async {
            let ids = card_ids(&app).await;
            (!ids.is_empty()).then_some(ids)
        })
        .await;
    let ids: BTreeSet<String> = cards.iter().cloned().collect();
    assert_eq!(cards.len(), CARDS, "activity cards in the matrix");
    assert_eq!(ids.len(), ACTIVITIES, "distinct activities: {ids:?}");

    // --- Search -----------------------------------------------------------------------------
    app.type_into("catalog-search", "lure").await;
    let shown = app
        .wait_until("the search to filter the matrix down to Lures", || async {
            let ids: BTreeSet<String> = card_ids(&app).await.into_iter().collect();
            (ids.len() < ACTIVITIES && ids.contains("EAC0005")).then_some(ids)
        })
        .await;
    let lures = format!(
        "{}[data-activity-id='EAC0005']",
        testid_css("activity-card")
    );
    let expected = match shown.len() {
        1 => "1 activity".to_string(),
        n => format!("{n} activities"),
    };
    app.wait_for_text("match-count", &expected, |t| t == expected)
        .await;

    // --- Details ----------------------------------------------------------------------------
    app.wait_for_css(&lures).await.click().await.unwrap();
    let details = app
        .wait_for_text("activity-details", "Lures", |t| t.contains("Lures"))
        .await;
    assert!(details.contains("EAC0005"), "details: {details:?}");
    let row = app
        .wait_for_css(&format!(
            "{} {}[data-technique-id='T1018']",
            testid_css("activity-details"),
            testid_css("technique-row")
        ))
        .await;
    let text = app.text(&row).await;
    assert!(
        text.contains("T1018") && text.contains("Remote System Discovery"),
        "the T1018 row should show its ID and name: {text:?}"
    );
    // Show the row in the screenshot.
    app.driver()
        .execute(
            "arguments[0].scrollIntoView({ block: 'center' });",
            vec![row.to_json().unwrap()],
        )
        .await
        .unwrap();
    app.screenshot("catalog-lures").await;
    app.quit().await;
}
