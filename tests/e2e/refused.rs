//! A file that is not ours, or is from a newer Feint, is refused at start-up with a clear message
//! in the error banner, nothing is opened, and the file is left byte for byte as it was.

use std::path::Path;

use feint_core::store::Store;

use crate::harness::{App, Launch, Sandbox};

/// Starts the app on `file`, expects the banner with error `code` and a message containing
/// `phrase` and the file's name, no open operation, and the file unchanged after the app quits.
async fn expect_refusal(sandbox: &Sandbox, name: &str, file: &Path, code: &str, phrase: &str) {
    let before = std::fs::read(file).expect("read the file before");
    let app = App::start(sandbox, name, Launch::File(file)).await;

    let message = app
        .wait_for_text("error-message", "the refusal", |t| !t.is_empty())
        .await;
    assert!(
        message.to_lowercase().contains(phrase),
        "the banner should say {phrase:?}; it says {message:?}"
    );
    let file_name = file.file_name().unwrap().to_string_lossy();
    assert!(
        message.contains(file_name.as_ref()),
        "the banner should name the file {file_name}; it says {message:?}"
    );
    let banner = app.wait_for("error-banner").await;
    assert_eq!(
        banner.attr("data-code").await.unwrap().as_deref(),
        Some(code)
    );
    // Nothing was opened: the start screen is shown and no file is named in the top bar.
    app.wait_for("start-screen").await;
    assert!(app.all("file-name").await.is_empty(), "no file is open");

    app.screenshot(name).await;
    app.quit().await;
    assert!(
        std::fs::read(file).expect("read the file after") == before,
        "a refused file must not be changed"
    );
    for suffix in ["-wal", "-shm"] {
        let mut companion = file.as_os_str().to_owned();
        companion.push(suffix);
        assert!(
            !Path::new(&companion).exists(),
            "refusing {file_name} left {suffix} beside it"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn junk_file_is_refused_and_unchanged() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("junk.feint");
    // Not whole 512-byte pages: plainly foreign. (Whole pages of unknown bytes could be an
    // encrypted operation: those open the unlock dialog, see protect.rs.)
    let bytes: Vec<u8> = (0..4000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&file, &bytes).unwrap();
    expect_refusal(
        &sandbox,
        "refused-junk",
        &file,
        "not_an_operation",
        "not a feint operation",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newer_file_is_refused_and_unchanged() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("future.feint");
    {
        let store = Store::create(&file).unwrap();
        store
            .conn()
            .pragma_update(None, "user_version", 99)
            .unwrap();
        // Fold the WAL into the file, as a newer Feint closing it would: the file stays in WAL
        // mode, which is what the app meets in real life.
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    expect_refusal(
        &sandbox,
        "refused-newer",
        &file,
        "newer_version",
        "newer version",
    )
    .await;
}
