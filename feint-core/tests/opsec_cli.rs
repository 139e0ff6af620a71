//! `feint opsec-scan`, `opsec-digest` and `new-from` as a script would run them: exit codes,
//! what is printed (the fields and files named, a secret never), and files written.

use std::process::{Command, Output};

use feint_core::document::Document;
use feint_core::persona::{NewAccount, NewPersona, SecretKind};
use feint_core::storyboard::NewEvent;

const FEINT: &str = env!("CARGO_BIN_EXE_feint");
const SECRET: &str = "Tr0ub4dor&3";

#[path = "support/opsec_operation.rs"]
mod fixture;
use fixture::operation;

fn feint(args: &[&str]) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(FEINT).args(args).output().unwrap();
    (
        status.code().unwrap(),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

#[test]
fn scan_exits_1_on_reuse_naming_fields_and_files_and_0_when_clean() {
    let dir = tempfile::tempdir().unwrap();
    let found = dir.path().join("found");
    std::fs::create_dir(&found).unwrap();
    operation(
        &found.join("a.feint"),
        "Alex",
        "jsmith",
        SecretKind::Honeytoken,
        SECRET,
        "NIC 00:16:3e:aa:bb:01",
    );
    operation(
        &found.join("b.feint"),
        "Mara",
        "jsmith",
        SecretKind::Honeytoken,
        SECRET,
        "NIC 00-16-3E-AA-BB-01",
    );
    let (code, out, _) = feint(&["opsec-scan", found.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(
        "Username \u{201c}jsmith\u{201d} is reused: a.feint: persona \u{201c}Alex\u{201d}, account 1 | b.feint: persona \u{201c}Mara\u{201d}, account 1"
    ), "{out}");
    assert!(
        out.contains("MAC address \u{201c}00:16:3e:aa:bb:01\u{201d} is reused"),
        "{out}"
    );
    assert!(out.contains("A secret (password or honeytoken) is reused: a.feint: the honeytoken of persona \u{201c}Alex\u{201d}, account 1"), "{out}");
    assert!(!out.contains(SECRET));
    assert!(out.contains("2 operation(s) compared, 3 reused value(s), 0 not compared."));

    let clean = dir.path().join("clean");
    std::fs::create_dir(&clean).unwrap();
    operation(
        &clean.join("a.feint"),
        "Alex",
        "alex",
        SecretKind::Honeytoken,
        SECRET,
        "NIC 00:16:3e:aa:bb:01",
    );
    let c = clean.join("c.feint");
    Document::create(&c, "Nothing shared").unwrap();
    let (code, out, _) = feint(&["opsec-scan", clean.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("2 operation(s) compared, 0 reused value(s)"));

    let (code, _, err) = feint(&["opsec-scan", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn a_digest_written_here_is_scanned_there() {
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path().join("here");
    let there = dir.path().join("there");
    std::fs::create_dir(&here).unwrap();
    std::fs::create_dir(&there).unwrap();
    operation(
        &here.join("b.feint"),
        "Mara",
        "jsmith",
        SecretKind::Honeytoken,
        SECRET,
        "",
    );
    let (code, out, err) = feint(&["opsec-digest", here.join("b.feint").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("wrote "), "{out}");
    let digest = here.join("b.opsec-digest");
    let text = std::fs::read_to_string(&digest).unwrap();
    assert!(!text.contains("jsmith") && !text.contains("Mara") && !text.contains(SECRET));
    std::fs::copy(&digest, there.join("b.opsec-digest")).unwrap();
    operation(
        &there.join("a.feint"),
        "Alex",
        "JSMITH",
        SecretKind::Honeytoken,
        SECRET,
        "",
    );
    let (code, out, _) = feint(&["opsec-scan", there.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Username \u{201c}jsmith\u{201d} is reused: a.feint: persona \u{201c}Alex\u{201d}, account 1 | b.opsec-digest (a digest)"), "{out}");
}

#[test]
fn new_from_writes_the_plan_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.feint");
    operation(&a, "Alex", "jsmith", SecretKind::Honeytoken, SECRET, "");
    let b = dir.path().join("b.feint");
    let (code, _, err) = feint(&["new-from", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let copy = Document::open(&b).unwrap();
    assert_eq!(copy.personas().unwrap()[0].accounts[0].username, "jsmith");
    assert!(!copy.has_secrets().unwrap());
    let (code, _, err) = feint(&["new-from", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code, 1, "an existing file is not overwritten: {err}");
}
