//! The operation file the OPSEC scan is tested on, both by its unit tests (src/opsec/tests.rs)
//! and by the command line's (tests/opsec_cli.rs). Each includes this file by path; one is inside
//! the crate and one outside, so the names come from the including module.

use std::path::Path;

use super::{Document, NewAccount, NewEvent, NewPersona, SecretKind};

/// An operation file with one persona holding one account on "build-01 (ssh)", with `secret` of
/// `kind`, and one event whose notes say `event_notes`.
pub fn operation(
    path: &Path,
    persona: &str,
    username: &str,
    kind: SecretKind,
    secret: &str,
    event_notes: &str,
) {
    let mut doc = Document::create(path, "Op").unwrap();
    let p = doc
        .create_persona(NewPersona {
            name: persona.into(),
            ..Default::default()
        })
        .unwrap();
    doc.add_account(
        p.id(),
        NewAccount {
            system: Some("build-01 (ssh)".into()),
            username: Some(username.into()),
            secret_kind: Some(kind),
            secret: Some(secret.into()),
            ..Default::default()
        },
    )
    .unwrap();
    doc.add_event(NewEvent {
        activity_id: "EAC0018".into(),
        day: 1,
        minute: 600,
        title: Some("Seed the lure".into()),
        notes: Some(event_notes.into()),
        ..Default::default()
    })
    .unwrap();
}
