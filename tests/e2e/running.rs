//! Running the sample operation, set up the same way for the tests of the run (journal, gate
//! decisions, intelligence, accessibility): in the core before the app starts, or in the app
//! as a planner does it.

use std::path::Path;

use feint_core::document::Document;
use feint_core::journal::PhaseChange;

use thirtyfour::prelude::*;

use crate::harness::{testid_css, App};

/// Writes the sample to `file`, approved by `approver` and started, for a test to add to.
pub fn running_sample(file: &Path, approver: &str) -> Document {
    let mut doc = feint_core::sample::write_sample(file).expect("write the sample");
    doc.change_phase(PhaseChange::Approve {
        approved_by: approver.into(),
    })
    .expect("approve");
    doc.change_phase(PhaseChange::Start).expect("start");
    doc
}

/// Waits until the header's phase badge says `want`.
pub async fn badge(app: &App, want: &str) {
    app.wait_for_text("phase-badge", want, |t| t == want).await;
}

/// On the Journal page: types the approver's name and approves with Enter.
pub async fn approve_by_name(app: &App, approver: &str) {
    let name = app.wait_for("approve-name").await;
    name.click().await.expect("focus");
    name.send_keys(approver).await.expect("type");
    name.send_keys(Key::Enter).await.expect("Enter approves");
    badge(app, "Approved").await;
}

/// On the Journal page of an approved operation: starts it.
pub async fn start(app: &App) {
    app.click("phase-start").await;
    badge(app, "Running").await;
}

/// On the Storyboard page: opens the event in the inspector from the list view, at its actuals.
pub async fn open_actuals(app: &App, event_id: &str) {
    app.click("view-list").await;
    app.wait_for_css(&format!(
        "{}[data-event-id='{event_id}'] {}",
        testid_css("list-row"),
        testid_css("list-open")
    ))
    .await
    .click()
    .await
    .expect("open the event");
    app.wait_for("inspector-actuals").await;
}
