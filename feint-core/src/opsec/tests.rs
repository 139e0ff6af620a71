use std::path::{Path, PathBuf};

use super::*;
use crate::journal::NewEntry;
use crate::order::OrderEdit;
use crate::persona::{NewAccount, NewPersona, SecretKind};
use crate::storyboard::NewEvent;

#[path = "../../tests/support/opsec_operation.rs"]
mod fixture;
use fixture::operation;

fn paths(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    names.iter().map(|n| dir.join(n)).collect()
}

#[test]
fn two_operations_sharing_a_username_and_a_mac_are_found() {
    let dir = tempfile::tempdir().unwrap();
    operation(
        &dir.path().join("a.feint"),
        "Alex Carter",
        "jsmith",
        SecretKind::Password,
        "Tr0ub4dor&3",
        "Lure VM NIC aa:bb:cc:dd:ee:01, see v1.2.3.4",
    );
    operation(
        &dir.path().join("b.feint"),
        "Mara Lind",
        "JSmith",
        SecretKind::Password,
        "correct horse",
        "Reused the spare NIC AA-BB-CC-DD-EE-01 from the last run",
    );
    let report = scan(&paths(dir.path(), &["a.feint", "b.feint"]));
    assert_eq!(report.compared, ["a.feint", "b.feint"]);
    assert!(report.skipped.is_empty());
    let kinds: Vec<(LinkKind, Option<&str>)> = report
        .findings
        .iter()
        .map(|f| (f.kind, f.value.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            (LinkKind::Username, Some("jsmith")),
            (LinkKind::Mac, Some("aa:bb:cc:dd:ee:01")),
            // Both accounts are on "build-01 (ssh)": no host name is in that field as text,
            // so nothing else is shared.
        ]
    );
    let username = &report.findings[0];
    assert_eq!(
        username.uses,
        [
            Use {
                file: "a.feint".into(),
                places: vec!["persona \u{201c}Alex Carter\u{201d}, account 1".into()],
            },
            Use {
                file: "b.feint".into(),
                places: vec!["persona \u{201c}Mara Lind\u{201d}, account 1".into()],
            },
        ]
    );
    assert_eq!(
        report.findings[1].sentence(),
        "MAC address \u{201c}aa:bb:cc:dd:ee:01\u{201d} is reused: \
         a.feint: event \u{201c}Seed the lure\u{201d}, notes | \
         b.feint: event \u{201c}Seed the lure\u{201d}, notes"
    );
}

#[test]
fn two_operations_sharing_nothing_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    operation(
        &dir.path().join("a.feint"),
        "Alex Carter",
        "jsmith",
        SecretKind::Password,
        "Tr0ub4dor&3",
        "NIC aa:bb:cc:dd:ee:01 at 10.1.2.3",
    );
    operation(
        &dir.path().join("b.feint"),
        "Mara Lind",
        "mlind",
        SecretKind::Password,
        "correct horse",
        "NIC aa:bb:cc:dd:ee:02 at 10.1.2.4",
    );
    let report = scan(&paths(dir.path(), &["a.feint", "b.feint"]));
    assert_eq!(report.compared.len(), 2);
    assert_eq!(report.findings, []);
}

#[test]
fn a_shared_secret_is_found_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "Tr0ub4dor&3";
    operation(
        &dir.path().join("a.feint"),
        "Alex",
        "alex",
        SecretKind::Password,
        secret,
        "",
    );
    operation(
        &dir.path().join("b.feint"),
        "Mara",
        "mara",
        SecretKind::Password,
        secret,
        "",
    );
    let report = scan(&paths(dir.path(), &["a.feint", "b.feint"]));
    assert_eq!(report.findings.len(), 1);
    let finding = &report.findings[0];
    assert_eq!(
        (finding.kind, finding.value.as_deref()),
        (LinkKind::Secret, None)
    );
    let sentence = finding.sentence();
    assert!(sentence.starts_with("A secret (password or honeytoken) is reused: a.feint: the password of persona \u{201c}Alex\u{201d}, account 1"), "{sentence}");
    let json = serde_json::to_string(&report).unwrap();
    assert!(!json.contains(secret) && !sentence.contains(secret));
    // A secret differing only in case is another secret.
    operation(
        &dir.path().join("c.feint"),
        "Cleo",
        "cleo",
        SecretKind::Password,
        "tr0ub4dor&3",
        "",
    );
    let report = scan(&paths(dir.path(), &["a.feint", "c.feint"]));
    assert_eq!(report.findings, []);
}

#[test]
fn a_digest_holds_no_value_round_trips_and_scans_against_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "Tr0ub4dor&3";
    operation(
        &dir.path().join("a.feint"),
        "Alex Carter",
        "jsmith",
        SecretKind::Password,
        secret,
        "NIC aa:bb:cc:dd:ee:01",
    );
    operation(
        &dir.path().join("b.feint"),
        "Mara Lind",
        "jsmith",
        SecretKind::Password,
        secret,
        "NIC aa:bb:cc:dd:ee:01",
    );
    let b = Document::open(&dir.path().join("b.feint")).unwrap();
    let digest = b.opsec_digest().unwrap();
    let out = dir.path().join(format!("b.{DIGEST_EXTENSION}"));
    digest.write(&out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    for value in [
        "jsmith",
        "Mara",
        "aa:bb",
        secret,
        "Seed the lure",
        "build-01",
    ] {
        assert!(!text.contains(value), "{value} is in the digest");
    }
    assert_eq!(Digest::read(&out).unwrap(), digest);
    // A second digest of the same file has another salt, so no hash repeats between them.
    let again = b.opsec_digest().unwrap();
    assert_ne!(again.salt, digest.salt);
    assert!(again.entries.iter().all(|e| !digest.entries.contains(e)));
    drop(b);
    std::fs::remove_file(dir.path().join("b.feint")).unwrap();

    let report = scan(&scannable_in(dir.path()).unwrap());
    assert_eq!(report.compared, ["a.feint", "b.opsec-digest"]);
    let found: Vec<(LinkKind, Vec<Use>)> = report
        .findings
        .iter()
        .map(|f| (f.kind, f.uses.clone()))
        .collect();
    let digest_use = Use {
        file: "b.opsec-digest".into(),
        places: vec![],
    };
    let kinds: Vec<LinkKind> = found.iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, [LinkKind::Username, LinkKind::Secret, LinkKind::Mac]);
    assert!(found.iter().all(|(_, uses)| uses[1] == digest_use));
    assert!(report.findings[0]
        .sentence()
        .ends_with("b.opsec-digest (a digest)"));
}

#[test]
fn refused_and_encrypted_files_are_said_and_the_scan_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    operation(
        &dir.path().join("a.feint"),
        "Alex",
        "jsmith",
        SecretKind::Password,
        "x",
        "",
    );
    operation(
        &dir.path().join("c.feint"),
        "Cleo",
        "jsmith",
        SecretKind::Password,
        "y",
        "",
    );
    std::fs::write(dir.path().join("b.feint"), b"not an operation at all").unwrap();
    Document::create_protected(
        &dir.path().join("d.feint"),
        "Locked",
        Some("a long passphrase 1"),
    )
    .unwrap();
    std::fs::write(dir.path().join(format!("e.{DIGEST_EXTENSION}")), b"{}").unwrap();
    let report = scan(&scannable_in(dir.path()).unwrap());
    assert_eq!(report.compared, ["a.feint", "c.feint"]);
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.file.as_str()).collect();
    assert_eq!(skipped, ["b.feint", "d.feint", "e.opsec-digest"]);
    assert!(report.skipped[1].reason.starts_with("it is encrypted"));
    assert!(report.skipped[0].reason.ends_with(
        "b.feint is not a Feint operation file (it is not an SQLite database); it was not changed"
    ));
    assert!(report.skipped[2]
        .reason
        .contains("e.opsec-digest is not an OPSEC digest Feint can read"));
    assert_eq!(report.findings.len(), 1);
}

#[test]
fn host_names_match_domains_found_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut a = Document::create(&dir.path().join("a.feint"), "A").unwrap();
    a.edit_order(OrderEdit::AddHost {
        hostname: Some("Build.Harbor-Logistics.example".into()),
    })
    .unwrap();
    operation(
        &dir.path().join("b.feint"),
        "Mara",
        "mara",
        SecretKind::Password,
        "pw",
        "Point the lure at build.harbor-logistics.example.",
    );
    drop(a);
    let report = scan(&paths(dir.path(), &["a.feint", "b.feint"]));
    assert_eq!(report.findings.len(), 1, "{:?}", report.findings);
    assert_eq!(
        report.findings[0].value.as_deref(),
        Some("build.harbor-logistics.example")
    );
    assert_eq!(
        report.findings[0].uses[0].places,
        [
            "environment host \u{201c}Build.Harbor-Logistics.example\u{201d}",
            "order hosts, Build.Harbor-Logistics.example, hostname"
        ]
    );
}

#[test]
fn the_recent_check_names_the_field_and_the_other_file() {
    let dir = tempfile::tempdir().unwrap();
    operation(
        &dir.path().join("a.feint"),
        "Alex Carter",
        "jsmith",
        SecretKind::Password,
        "s1",
        "",
    );
    operation(
        &dir.path().join("b.feint"),
        "Mara Lind",
        "jsmith",
        SecretKind::Password,
        "s2",
        "",
    );
    let mut ws = crate::workspace::Workspace::new(Some(dir.path().join("cfg")));
    ws.open(&dir.path().join("b.feint")).unwrap();
    ws.open(&dir.path().join("a.feint")).unwrap();
    let check = ws.recent_check().unwrap();
    assert_eq!(check.compared, ["b.feint"]);
    assert_eq!(
        check.reuse,
        [Reuse {
            message: "The username \u{201c}jsmith\u{201d} (persona \u{201c}Alex Carter\u{201d}, account 1) is also in b.feint".into(),
            target: Target::Persona {
                id: ws.doc().unwrap().personas().unwrap()[0].id().into()
            },
        }]
    );
    let checks = ws.readiness().unwrap();
    let last = checks.last().unwrap();
    assert_eq!(last.id, crate::order::readiness::CheckId::NoReuseWithRecent);
    assert!(last.open());
    assert_eq!(
        last.title,
        "No reuse with recent operations (1 compared: b.feint)"
    );
    // Changing the username clears it.
    let doc = ws.doc_mut().unwrap();
    let persona = doc.personas().unwrap().remove(0);
    doc.update_account(
        persona.id(),
        &persona.accounts[0].id,
        crate::persona::AccountPatch {
            username: Some("acarter".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(ws.readiness().unwrap().last().unwrap().passed);
}

#[test]
fn the_recent_check_does_not_apply_with_no_other_file_and_says_why_when_locked() {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = crate::workspace::Workspace::new(Some(dir.path().join("cfg")));
    ws.new_operation_with(
        &dir.path().join("d.feint"),
        "Locked",
        Some("a long passphrase 1"),
    )
    .unwrap();
    ws.new_operation(&dir.path().join("a.feint"), "Open")
        .unwrap();
    let checks = ws.readiness().unwrap();
    let last = checks.last().unwrap();
    assert!(!last.applicable);
    assert!(last.items[0].message.starts_with(
        "No recent operation could be compared. d.feint was not compared: it is encrypted"
    ));
}

#[test]
fn new_from_copies_the_plan_with_fresh_ids_and_no_secret_or_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.feint");
    operation(
        &path,
        "Alex Carter",
        "jsmith",
        SecretKind::Password,
        "Tr0ub4dor&3",
        "notes",
    );
    let mut doc = Document::open(&path).unwrap();
    doc.edit_order(OrderEdit::AddHost {
        hostname: Some("build-01".into()),
    })
    .unwrap();
    doc.add_journal_entry(NewEntry {
        text: "The lure drew a scan within an hour".into(),
        ..Default::default()
    })
    .unwrap();
    let lessons = vec!["Stage the lure a day earlier".to_string()];
    let copy = doc
        .new_from(&dir.path().join("again.feint"), &lessons)
        .unwrap();

    let ids = |d: &Document| {
        let mut ids = std::collections::HashMap::new();
        crate::sample::renew(
            &mut serde_json::from_str(&crate::json::export(d).unwrap()).unwrap(),
            "",
            &mut ids,
        );
        ids.into_keys().collect::<std::collections::HashSet<_>>()
    };
    let (old, new) = (ids(&doc), ids(&copy));
    assert!(old.is_disjoint(&new), "an ID was kept");
    assert_eq!(
        new.len(),
        old.len(),
        "one new ID per row, and the lesson note"
    );

    let personas = copy.personas().unwrap();
    assert_eq!(personas[0].profile.name, "Alex Carter");
    assert_eq!(personas[0].accounts[0].username, "jsmith");
    assert_eq!(personas[0].accounts[0].secret, "");
    assert!(!copy.has_secrets().unwrap());
    assert_eq!(copy.storyboard().unwrap().events.len(), 1);
    assert_eq!(copy.order().unwrap().hosts[0].hostname, "build-01");
    let run = copy.run_data().unwrap();
    let texts: Vec<&str> = run.journal.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        ["Lesson from \u{201c}Op\u{201d}: Stage the lure a day earlier"]
    );
    assert_eq!(run.phase, crate::journal::RunPhase::Planning);
    // The lessons are the after-action review's, not the journal's notes.
    assert!(doc.lessons().unwrap().is_empty());
    let executed = crate::sample::write_executed(&dir.path().join("ran.feint")).unwrap();
    let lessons = executed.lessons().unwrap();
    assert_eq!(lessons.len(), 6, "{lessons:?}");
    assert!(lessons[0].starts_with("Sustain: ") && lessons[5].starts_with("Improve: "));
    // The copy is private to the user and refuses to overwrite.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(copy.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(doc.new_from(&dir.path().join("again.feint"), &[]).is_err());
}
