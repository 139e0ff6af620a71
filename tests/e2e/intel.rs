//! Intelligence out and fed back, on the running sample whose journal names a technique the
//! threat model lacks (T1496): an indicator typed in is shown defanged, an evidence file shows
//! the SHA-256 Feint computed, the STIX export writes a bundle holding the indicator, and the
//! offer of the observed technique adds it to the threat model, which the Threat page lists.

use feint_core::document::Document;
use feint_core::journal::{EntryKind, NewEntry};
use serde_json::Value;

use crate::harness::{testid_css, App, Launch, Sandbox};
use crate::running::running_sample;

/// The sample, approved and running, with one entry naming T1610 (in the model) and T1496
/// (not); answers the entry's ID.
fn running_sample_with_entry(file: &std::path::Path) -> String {
    running_sample(file, "Dana Roth")
        .add_journal_entry(NewEntry {
            at: Some("D+1 11:00".into()),
            kind: Some(EntryKind::AdversaryAction),
            text: "Second container started, a miner inside".into(),
            technique_ids: Some(vec!["T1610".into(), "T1496".into()]),
            ..Default::default()
        })
        .unwrap()
        .entry
        .id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indicators_evidence_stix_and_the_feed_back() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("intel.feint");
    let entry_id = running_sample_with_entry(&file);
    let evidence = sandbox.path("capture.pcap");
    std::fs::write(&evidence, b"abc").unwrap();

    let app = App::start(&sandbox, "intel-1", Launch::File(&file)).await;
    app.click("nav-intel").await;
    app.wait_for("intel-page").await;

    // --- An indicator, typed as seen, shown defanged ----------------------------------------
    app.type_into("indicator-value", "203.0.113.41").await;
    // The kind follows the value: an IPv4 address.
    app.wait_until("the kind is guessed", || async {
        let el = app.wait_for("indicator-kind").await;
        (el.value().await.ok()?? == "ip").then_some(())
    })
    .await;
    app.choose(&testid_css("indicator-entry"), &entry_id).await;
    app.type_into("indicator-note", "Source of the <b>miner</b> pull")
        .await;
    app.click("indicator-add").await;
    let shown = app
        .wait_for_text("indicator-shown", "203.0.113[.]41", |t| {
            t == "203.0.113[.]41"
        })
        .await;
    assert_eq!(shown, "203.0.113[.]41");
    let row = app.text_of("indicator").await;
    assert!(row.contains("IPv4"), "{row}");
    assert!(
        row.contains("2026-12-08 11:00 CET"),
        "first seen from the entry: {row}"
    );
    assert!(
        row.contains("Source of the <b>miner</b> pull"),
        "note as text: {row}"
    );

    // A value the kind refuses is a sentence, and the form keeps it.
    app.choose(&testid_css("indicator-kind"), "domain").await;
    app.type_into("indicator-value", "not a domain").await;
    app.click("indicator-add").await;
    let refused = app
        .wait_for_text("intel-error", "a refusal", |t| {
            t.contains("not a valid domain")
        })
        .await;
    assert!(!refused.to_lowercase().contains("sql"), "{refused}");
    assert_eq!(app.value_of("indicator-value").await, "not a domain");

    // --- Evidence from a file: its SHA-256 --------------------------------------------------
    app.type_into("evidence-path", &evidence.to_string_lossy())
        .await;
    app.click("evidence-add").await;
    let sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    app.wait_for_text("evidence-sha256", sha, |t| t == sha)
        .await;
    assert!(app.text_of("evidence").await.contains("capture.pcap"));

    // --- The feed back on this page ---------------------------------------------------------
    let offered = app.text_of("observed-missing").await;
    assert!(offered.contains("T1496"), "{offered}");
    app.screenshot("intel").await;

    // --- STIX export through the path prompt ------------------------------------------------
    app.click("intel-export-stix").await;
    let out = sandbox.path("intel-stix.json");
    app.type_into("path-input", &out.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for("intel-exported").await;
    let bundle: Value = serde_json::from_slice(&std::fs::read(&out).expect("the bundle")).unwrap();
    assert_eq!(bundle["type"], "bundle");
    let objects = bundle["objects"].as_array().unwrap();
    assert!(
        objects
            .iter()
            .any(|o| o["type"] == "indicator"
                && o["pattern"] == "[ipv4-addr:value = '203.0.113.41']"),
        "no indicator for the address in {bundle}"
    );
    assert!(objects
        .iter()
        .any(|o| o["type"] == "attack-pattern"
            && o["external_references"][0]["external_id"] == "T1496"));

    // --- Add the observed technique from the Threat page ------------------------------------
    app.click("nav-threat").await;
    app.wait_for("threat-page").await;
    let offer = app
        .wait_for_text("observed-offer", "the offer", |t| t.contains("T1496"))
        .await;
    assert!(
        offer.contains("Observed but not in the threat model"),
        "{offer}"
    );
    app.screenshot("intel-feedback").await;
    app.click("observed-add").await;
    app.wait_until("T1496 is listed in the threat model", || async {
        app.find_visible(&format!(
            "{}[data-technique-id='T1496']",
            testid_css("threat-technique")
        ))
        .await
    })
    .await;
    // The offer is gone once the model holds every observed technique.
    app.wait_until("the offer disappears", || async {
        app.find_visible(&testid_css("observed-offer"))
            .await
            .is_none()
            .then_some(())
    })
    .await;
    app.screenshot("intel-feedback-added").await;
    app.quit().await;

    // The file alone holds it all.
    let doc = Document::open(&file).unwrap();
    let model = doc.threat_model().unwrap();
    let added = model
        .techniques
        .iter()
        .find(|t| t.technique_id == "T1496")
        .expect("T1496 in the model");
    assert!(added
        .note
        .starts_with("Observed in the journal on 2026-12-08 11:00 CET"));
    let page = doc.intelligence().unwrap();
    assert_eq!(page.indicators[0].indicator.value, "203.0.113.41");
    assert_eq!(page.indicators[0].indicator.entry_ids, [entry_id]);
    assert_eq!(page.evidence[0].sha256, sha);
    assert!(!page.evidence[0].kept_copy);
}
