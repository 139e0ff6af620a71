//! Encrypted operation files, on real files: no byte of the plaintext in the file, its journal
//! or what the passphrase changes leave behind; a wrong passphrase changes nothing; adding,
//! changing and removing the passphrase keeps every edit.

use std::path::Path;

use feint_core::document::Document;
use feint_core::operation::OperationPatch;
use feint_core::ErrorCode;

const PASSPHRASE: &str = "glass onion at dawn";
const OTHER: &str = "a different passphrase";
/// A password of the sample operation.
const SECRET: &str = "Kranhaus-2019!";
const CODENAME: &str = "HERONWATCH";
const NARRATIVE: &str = "The heron leaves the reed bed before the ferry's first crossing.";

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// The sample operation (with its account passwords) plus a codename and narrative of ours.
fn sample_with_markers(path: &Path) -> Document {
    let mut doc = feint_core::sample::write_sample(path).unwrap();
    doc.update_operation(OperationPatch {
        codename: Some(CODENAME.into()),
        narrative: Some(NARRATIVE.into()),
        ..Default::default()
    })
    .unwrap();
    doc
}

fn assert_no_plaintext(what: &str, bytes: &[u8]) {
    for marker in [SECRET, CODENAME, NARRATIVE] {
        assert!(!contains(bytes, marker), "{what} holds {marker:?}");
    }
}

fn assert_only(dir: &Path, names: &[&str]) {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    expected.sort();
    assert_eq!(found, expected, "files in {}", dir.display());
}

#[test]
fn an_encrypted_file_holds_no_plaintext_and_opens_only_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op.feint");
    let mut doc = sample_with_markers(&path);
    let plain = std::fs::read(&path).unwrap();
    // The markers are really in a plain file, so their absence below means something.
    assert!(contains(&plain, SECRET) && contains(&plain, CODENAME) && contains(&plain, NARRATIVE));

    doc.set_passphrase(Some(PASSPHRASE)).unwrap();
    assert!(doc.is_protected());
    drop(doc);
    let sealed = std::fs::read(&path).unwrap();
    assert_no_plaintext("the encrypted file", &sealed);
    assert_only(dir.path(), &["op.feint"]);

    let err = Document::open(&path).err().unwrap();
    assert_eq!(err.code, ErrorCode::PassphraseRequired, "{}", err.message);
    assert!(err.message.contains("op.feint"), "{}", err.message);
    let err = Document::open_with(&path, Some(OTHER)).err().unwrap();
    assert_eq!(err.code, ErrorCode::WrongPassphrase, "{}", err.message);
    assert!(
        err.message.starts_with("wrong passphrase") && err.message.contains("op.feint"),
        "{}",
        err.message
    );
    // A passphrase is used exactly as typed: the one with a space around it is another one.
    let spaced = format!(" {PASSPHRASE} ");
    let err = Document::open_with(&path, Some(&spaced)).err().unwrap();
    assert_eq!(err.code, ErrorCode::WrongPassphrase);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        sealed,
        "a refusal changed the file"
    );
    assert_only(dir.path(), &["op.feint"]);

    let doc = Document::open_with(&path, Some(PASSPHRASE)).unwrap();
    let op = doc.operation().unwrap();
    assert_eq!(
        (op.codename.as_str(), op.narrative.as_str()),
        (CODENAME, NARRATIVE)
    );
}

#[test]
fn the_journal_of_a_write_to_an_encrypted_file_holds_no_plaintext() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op.feint");
    sample_with_markers(&path)
        .set_passphrase(Some(PASSPHRASE))
        .unwrap();
    // A write held open halfway: the journal holds the pages as they were (with the markers).
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "key", PASSPHRASE).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = DELETE; BEGIN IMMEDIATE;
         UPDATE operation SET codename = 'X', narrative = 'Y';
         UPDATE persona_account SET secret = 'Z';",
    )
    .unwrap();
    let journal = std::fs::read(dir.path().join("op.feint-journal")).unwrap();
    assert!(
        journal.len() > 4096,
        "the journal holds {} bytes",
        journal.len()
    );
    assert_no_plaintext("the journal", &journal);
    conn.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn changing_and_removing_the_passphrase_keeps_every_edit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op.feint");
    let mut doc = sample_with_markers(&path);
    let events = doc.storyboard().unwrap().events.len();
    let personas = doc.personas().unwrap();
    doc.set_passphrase(Some(PASSPHRASE)).unwrap();
    doc.update_operation(OperationPatch {
        objective: Some("Edited while encrypted".into()),
        ..Default::default()
    })
    .unwrap();
    doc.set_passphrase(Some(OTHER)).unwrap();
    assert_only(dir.path(), &["op.feint"]);
    assert_no_plaintext("the re-encrypted file", &std::fs::read(&path).unwrap());
    drop(doc);

    assert_eq!(
        Document::open_with(&path, Some(PASSPHRASE))
            .err()
            .unwrap()
            .code,
        ErrorCode::WrongPassphrase
    );
    let mut doc = Document::open_with(&path, Some(OTHER)).unwrap();
    assert_eq!(doc.operation().unwrap().objective, "Edited while encrypted");
    assert_eq!(doc.storyboard().unwrap().events.len(), events);
    assert_eq!(doc.personas().unwrap(), personas);

    doc.set_passphrase(None).unwrap();
    assert!(!doc.is_protected());
    drop(doc);
    assert_only(dir.path(), &["op.feint"]);
    assert!(contains(&std::fs::read(&path).unwrap(), CODENAME));
    let doc = Document::open(&path).unwrap();
    assert_eq!(doc.operation().unwrap().codename, CODENAME);
    assert_eq!(doc.personas().unwrap(), personas);
}

#[test]
fn new_operation_and_save_as_can_be_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.feint");
    let doc = Document::create_protected(&path, CODENAME, Some(PASSPHRASE)).unwrap();
    assert!(doc.is_protected());
    assert!(!contains(&std::fs::read(&path).unwrap(), CODENAME));
    drop(doc);
    assert_only(dir.path(), &["new.feint"]);

    let plain = sample_with_markers(&dir.path().join("plain.feint"));
    let copy = dir.path().join("copy.feint");
    let copied = plain.save_as_with(&copy, Some(OTHER)).unwrap();
    assert!(copied.is_protected());
    assert_no_plaintext("the encrypted copy", &std::fs::read(&copy).unwrap());
    // Save As without a new passphrase keeps the protection it has.
    let again = dir.path().join("again.feint");
    drop(copied.save_as(&again).unwrap());
    assert_no_plaintext(
        "a copy of the encrypted copy",
        &std::fs::read(&again).unwrap(),
    );
    assert_eq!(
        Document::open_with(&again, Some(OTHER))
            .unwrap()
            .operation()
            .unwrap()
            .codename,
        CODENAME
    );
}

#[test]
fn weak_passphrases_are_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op.feint");
    for weak in ["", "short", "       "] {
        let err = Document::create_protected(&path, "Op", Some(weak))
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{weak:?}");
        assert!(err.message.contains("passphrase"), "{}", err.message);
    }
    assert_only(dir.path(), &[]);
    // Eight spaces are eight characters: passphrases are not trimmed.
    Document::create_protected(&path, "Op", Some("        ")).unwrap();
}

#[test]
fn the_order_of_an_encrypted_operation_still_says_it_contains_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op.feint");
    sample_with_markers(&path)
        .set_passphrase(Some(PASSPHRASE))
        .unwrap();
    let mut ws = feint_core::workspace::Workspace::new(Some(dir.path().join("cfg")));
    let err = ws.open(&path).err().unwrap();
    assert_eq!(err.code, ErrorCode::PassphraseRequired);
    ws.open_with(&path, Some(PASSPHRASE)).unwrap();
    let pdf = ws
        .doc()
        .unwrap()
        .export_pdf_as(
            &dir.path().join("order.pdf"),
            feint_core::order::build::ExportOptions::default(),
        )
        .unwrap();
    assert!(pdf.contains_secrets);
    assert!(contains(
        &std::fs::read(dir.path().join("order.pdf")).unwrap(),
        "%PDF"
    ));
}

fn feint(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_feint"))
        .args(args)
        .env_remove("FEINT_PASSPHRASE")
        .env_remove("FEINT_NEW_PASSPHRASE")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

#[test]
fn the_cli_takes_the_passphrase_from_a_file_or_the_environment_never_from_argv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("op.feint");
    sample_with_markers(&path)
        .set_passphrase(Some(PASSPHRASE))
        .unwrap();
    let op = path.to_str().unwrap();
    let sealed = std::fs::read(&path).unwrap();

    let out = feint(&["info", op], &[]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty(), "info revealed something");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("is encrypted with a passphrase"), "{said}");

    let out = feint(&["info", op, "--passphrase", PASSPHRASE], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());

    let out = feint(&["info", op], &[("FEINT_PASSPHRASE", OTHER)]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrong passphrase"));
    assert_eq!(std::fs::read(&path).unwrap(), sealed);

    // The file's first line, its line ending dropped and nothing else.
    let file = dir.path().join("passphrase.txt");
    std::fs::write(&file, format!("{PASSPHRASE}\r\nsecond line\n")).unwrap();
    let out = feint(
        &["info", "--passphrase-file", file.to_str().unwrap(), op],
        &[],
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        shown.contains(CODENAME) && shown.contains("encrypted with a passphrase"),
        "{shown}"
    );

    let out = feint(
        &["protect", op],
        &[
            ("FEINT_PASSPHRASE", PASSPHRASE),
            ("FEINT_NEW_PASSPHRASE", "short"),
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("shorter than 8"));
    let out = feint(
        &["protect", op, "--remove"],
        &[("FEINT_PASSPHRASE", PASSPHRASE)],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = feint(&["info", op], &[]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Protection: none"));
}
