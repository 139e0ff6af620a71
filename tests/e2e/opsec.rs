//! Repeat, safely (issue 14 item 8) in the real window. Two operations share a username; with
//! one opened after the other, the Order page's readiness shows the OPSEC check failing with the
//! field and the other file named, and the Operation page's OPSEC card lists the same finding.
//! "New from this" then writes a new operation and opens it: the persona's account is there
//! with its username, without its password, and the file on disk holds no secret and, of the
//! first journal, only the after-action review's lesson.

use feint_core::document::Document;
use feint_core::journal::{AfterActionEdit, LessonKind, NewEntry};
use feint_core::persona::{NewAccount, NewPersona, SecretKind};

use crate::harness::{App, Launch, Sandbox};

const SECRET: &str = "Tr0ub4dor&3-not-for-reuse";

fn operation_with(path: &std::path::Path, name: &str, persona: &str, username: &str) {
    let mut doc = Document::create(path, name).expect("create");
    let p = doc
        .create_persona(NewPersona {
            name: persona.into(),
            ..Default::default()
        })
        .expect("persona");
    doc.add_account(
        p.id(),
        NewAccount {
            system: Some("build-01".into()),
            username: Some(username.into()),
            secret_kind: Some(SecretKind::Password),
            secret: Some(SECRET.into()),
            ..Default::default()
        },
    )
    .expect("account");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_username_is_found_and_new_from_leaves_the_password_behind() {
    let sandbox = Sandbox::new();
    let first = sandbox.path("first.feint");
    let second = sandbox.path("second.feint");
    operation_with(&first, "Operation Kestrel", "Mara Lind", "jsmith");
    operation_with(&second, "Operation Osprey", "Alex Carter", "JSmith");
    // A journal note stays behind; the after-action review's lesson goes along.
    let mut osprey = Document::open(&second).unwrap();
    osprey
        .add_journal_entry(NewEntry {
            text: "Probing looks deliberate".into(),
            ..Default::default()
        })
        .unwrap();
    osprey
        .edit_after_action(AfterActionEdit::AddLesson {
            kind: LessonKind::Improve,
            text: "Stage the lure a day earlier".into(),
        })
        .unwrap();
    drop(osprey);

    // The first file becomes a recent one; then the second is opened.
    let app = App::start(&sandbox, "opsec-1", Launch::File(&first)).await;
    app.wait_for_text("file-name", "first.feint", |t| t == "first.feint")
        .await;
    app.click("file-open").await;
    app.type_into("path-input", &second.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for_text("file-name", "second.feint", |t| t == "second.feint")
        .await;

    app.click("nav-operation").await;
    // Both accounts hold the same password: that is a reused value too, named but not shown.
    let summary = app
        .wait_for_text("opsec-summary", "two reused values", |t| {
            t.contains("2 reused values")
        })
        .await;
    assert!(summary.contains("first.feint"), "{summary}");
    let mut findings = Vec::new();
    for el in app.all("opsec-finding").await {
        findings.push(app.text(&el).await);
    }
    let finding = "The username \u{201c}jsmith\u{201d} (persona \u{201c}Alex Carter\u{201d}, account 1) is also in first.feint".to_string();
    assert_eq!(
        findings,
        [
            finding.clone(),
            "A secret (the password of persona \u{201c}Alex Carter\u{201d}, account 1) is also in first.feint".to_string(),
        ]
    );
    let card = app.wait_for("opsec").await;
    app.driver()
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![card.to_json().unwrap()],
        )
        .await
        .unwrap();
    app.screenshot("opsec-card").await;

    app.click("nav-order").await;
    let check = app
        .wait_for_css("[data-testid=readiness-check][data-check-id=no_reuse_with_recent]")
        .await;
    assert_eq!(
        check.attr("data-passed").await.unwrap().as_deref(),
        Some("false")
    );
    let items = app.all("readiness-item").await;
    let mut texts = Vec::new();
    for item in &items {
        texts.push(app.text(item).await);
    }
    assert!(
        texts.iter().any(|t| t == &finding),
        "the readiness items {texts:?} do not include the finding"
    );
    assert!(texts.iter().all(|t| !t.contains(SECRET)));
    app.driver()
        .execute(
            "arguments[0].scrollIntoView({block: 'center'});",
            vec![check.to_json().unwrap()],
        )
        .await
        .unwrap();
    app.screenshot("opsec-readiness").await;

    let copy = sandbox.path("third.feint");
    app.click("file-new-from").await;
    app.type_into("path-input", &copy.to_string_lossy()).await;
    app.click("path-confirm").await;
    app.wait_for_text("file-name", "third.feint", |t| t == "third.feint")
        .await;
    app.click("nav-personas").await;
    app.wait_until("the copied account's username", || async {
        (app.value_of("account-username").await == "JSmith").then_some(())
    })
    .await;
    assert!(
        app.find_visible("[data-testid=account-secret]")
            .await
            .is_none(),
        "the copy shows a hidden secret: it should have none"
    );
    let copy_button = app.wait_for("account-copy").await;
    assert!(!copy_button.is_enabled().await.unwrap(), "nothing to copy");
    app.screenshot("opsec-new-from-personas").await;
    app.quit().await;

    let doc = Document::open(&copy).unwrap();
    assert!(!doc.has_secrets().unwrap());
    let journal: Vec<String> = doc
        .run_data()
        .unwrap()
        .journal
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert_eq!(
        journal,
        ["Lesson from \u{201c}Operation Osprey\u{201d}: Improve: Stage the lure a day earlier"]
    );
    let bytes = std::fs::read(&copy).unwrap();
    assert!(!bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()));
}
