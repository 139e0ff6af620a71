//! Encrypted operations in the real window: create an operation, encrypt it from the Operation
//! page, close the app, start it again on the file, enter a wrong passphrase (the unlock dialog
//! shows the error and stays open), then the right one (the operation's name shows). The file's
//! bytes never hold the codename once it is encrypted.

use thirtyfour::prelude::*;

use crate::harness::{App, Launch, Sandbox};

const NAME: &str = "Operation Heron";
const CODENAME: &str = "REEDBEDWATCH";
const PASSPHRASE: &str = "ferry at first light";

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

async fn leave_field(app: &App, testid: &str) {
    app.wait_for(testid)
        .await
        .send_keys(Key::Tab)
        .await
        .expect("leave the field");
    app.wait_for_text("save-status", "\"Saved\"", |t| t.trim() == "Saved")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_restart_unlock_with_a_wrong_then_the_right_passphrase() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("heron.feint");

    let app = App::start(&sandbox, "protect-1", Launch::Empty).await;
    app.click("file-new").await;
    app.type_into("path-input", &file.to_string_lossy()).await;
    app.type_into("new-name", NAME).await;
    app.click("path-confirm").await;
    app.click("nav-operation").await;
    app.wait_until("the new operation on the Operation page", || async {
        (app.value_of("op-name").await == NAME).then_some(())
    })
    .await;
    app.type_into("op-codename", CODENAME).await;
    leave_field(&app, "op-codename").await;
    assert!(
        holds(&std::fs::read(&file).unwrap(), CODENAME),
        "the plain file should hold the codename (else the check below means nothing)"
    );

    app.wait_for_text("protection-status", "not encrypted", |t| {
        t.contains("Not encrypted")
    })
    .await;
    app.type_into("protect-passphrase", PASSPHRASE).await;
    app.type_into("protect-passphrase-again", PASSPHRASE).await;
    app.click("protect-apply").await;
    app.wait_for_text("protection-status", "encrypted", |t| {
        t.contains("Encrypted with a passphrase")
    })
    .await;
    app.screenshot("protect-encrypted").await;
    app.quit().await;

    let sealed = std::fs::read(&file).unwrap();
    assert!(
        !holds(&sealed, CODENAME),
        "the encrypted file holds the codename"
    );
    assert!(!holds(&sealed, NAME), "the encrypted file holds the name");

    let app = App::start(&sandbox, "protect-2", Launch::File(&file)).await;
    app.wait_for("unlock-dialog").await;
    assert_eq!(app.text_of("unlock-file").await, "heron.feint");
    app.type_into("unlock-passphrase", "not the passphrase")
        .await;
    app.click("unlock-confirm").await;
    let error = app
        .wait_for_text("unlock-error", "a wrong-passphrase error", |t| {
            t.contains("Wrong passphrase")
        })
        .await;
    assert!(error.contains("heron.feint"), "{error}");
    assert!(
        app.find_visible("[data-testid='unlock-dialog']")
            .await
            .is_some(),
        "the unlock dialog closed after a wrong passphrase"
    );
    app.screenshot("protect-unlock-wrong").await;
    assert_eq!(
        std::fs::read(&file).unwrap(),
        sealed,
        "a wrong passphrase changed the file"
    );

    app.type_into("unlock-passphrase", PASSPHRASE).await;
    app.click("unlock-confirm").await;
    app.click("nav-operation").await;
    app.wait_until("the unlocked operation's name", || async {
        (app.value_of("op-name").await == NAME).then_some(())
    })
    .await;
    assert_eq!(app.value_of("op-codename").await, CODENAME);
    assert!(
        app.find_visible("[data-testid='unlock-dialog']")
            .await
            .is_none(),
        "the unlock dialog stayed open after the right passphrase"
    );
    app.wait_for_text("protection-status", "encrypted", |t| {
        t.contains("Encrypted with a passphrase")
    })
    .await;
    app.quit().await;
    assert!(!holds(&std::fs::read(&file).unwrap(), CODENAME));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_operation_can_be_encrypted_from_the_new_dialog() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("sealed at birth.feint");
    let app = App::start(&sandbox, "protect-new", Launch::Empty).await;
    app.click("file-new").await;
    app.type_into("path-input", &file.to_string_lossy()).await;
    app.type_into("new-name", NAME).await;
    app.type_into("path-passphrase", PASSPHRASE).await;
    app.type_into("path-passphrase-again", "ferry at last light")
        .await;
    app.click("path-confirm").await;
    app.wait_for_text("path-passphrase-error", "passphrases differ", |t| {
        t.contains("differ")
    })
    .await;
    app.screenshot("protect-new-dialog-mismatch").await;
    assert!(!file.exists(), "a refused New wrote a file");

    app.type_into("path-passphrase-again", PASSPHRASE).await;
    app.click("path-confirm").await;
    app.click("nav-operation").await;
    app.wait_until("the new operation on the Operation page", || async {
        (app.value_of("op-name").await == NAME).then_some(())
    })
    .await;
    app.wait_for_text("protection-status", "encrypted", |t| {
        t.contains("Encrypted with a passphrase")
    })
    .await;
    app.screenshot("protect-new-encrypted").await;
    app.quit().await;
    assert!(!holds(&std::fs::read(&file).unwrap(), NAME));
    let err = feint_core::document::Document::open(&file).err().unwrap();
    assert_eq!(err.code, feint_core::ErrorCode::PassphraseRequired);
    feint_core::document::Document::open_with(&file, Some(PASSPHRASE)).unwrap();
}
