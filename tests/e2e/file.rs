//! The file alone holds the work: edit in the real window, copy the `.feint` by itself while the
//! app still runs and read the copy with the `feint` CLI; then close the window the way a
//! window manager's close button does (WM_DELETE_WINDOW) and find no side file next to it; the
//! same after SIGTERM.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

use crate::harness::{App, Launch, Sandbox, APP};

const EDITED: &str = "Edited in the window, copied alone";

/// The `feint` CLI beside the app binary (built by the core's tests, which CI runs first).
pub(crate) fn feint_cli() -> PathBuf {
    let cli = Path::new(APP.as_str()).with_file_name("feint");
    assert!(
        cli.exists(),
        "{} is missing: build it first (cargo build -p feint-core --bin feint)",
        cli.display()
    );
    cli
}

/// Renames the operation on the Operation page and waits until the page says it is saved.
async fn rename_and_wait_saved(app: &App, name: &str) {
    app.click("nav-operation").await;
    app.type_into("op-name", name).await;
    app.wait_for("op-name")
        .await
        .send_keys(Key::Tab)
        .await
        .expect("leave the field");
    app.wait_for_text("save-status", "\"Saved\"", |t| t.trim() == "Saved")
        .await;
}

/// Waits for the app process to end by itself, then ends the session its browser left.
async fn wait_gone_and_end(mut app: App, after: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !app.app_pids().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the app did not exit after {after}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    if let Some(driver) = app.driver.take() {
        let _ = driver.quit().await;
    }
    app.quit().await;
}

fn side_files(file: &Path) -> Vec<String> {
    let dir = file.parent().unwrap();
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.ends_with("-journal")
                || n.ends_with("-wal")
                || n.ends_with("-shm")
                || n.contains(".feint-tmp-")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_file_alone_holds_the_edit_and_a_window_close_leaves_no_side_file() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("carried.feint");
    drop(feint_core::sample::write_sample(&file).expect("write the sample"));
    let cli = feint_cli();

    let app = App::start(&sandbox, "file-alone", Launch::File(&file)).await;
    rename_and_wait_saved(&app, EDITED).await;

    // --- The app still runs: copy the file alone and read the copy with the CLI --------------
    assert!(
        side_files(&file).is_empty(),
        "side files while open: {:?}",
        side_files(&file)
    );
    let elsewhere = sandbox.path("stick");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let copy = elsewhere.join("copy.feint");
    std::fs::copy(&file, &copy).expect("copy the file alone");
    let info = Command::new(&cli).arg("info").arg(&copy).output().unwrap();
    let shown = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.status.success(),
        "feint info refused the copy: {}",
        String::from_utf8_lossy(&info.stderr)
    );
    assert!(
        shown.contains(&format!("Operation:  {EDITED}")),
        "the copy of the file alone lacks the saved edit:\n{shown}"
    );
    app.screenshot("file-edited-before-close").await;

    // --- Close the window as a window manager does -------------------------------------------
    let pids = app.app_pids();
    assert_eq!(pids.len(), 1, "one app process: {pids:?}");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e/tools/wm_close.py");
    // Debian's python3-xlib (installed by .ci/setup) lives beside the system interpreter; a
    // python3 earlier on PATH (pyenv, venv) would not see it.
    let closed = Command::new("/usr/bin/python3")
        .arg(&script)
        .arg(pids[0].to_string())
        .output()
        .unwrap();
    assert!(
        closed.status.success(),
        "no window of the app accepted WM_DELETE_WINDOW: {}{}",
        String::from_utf8_lossy(&closed.stdout),
        String::from_utf8_lossy(&closed.stderr)
    );
    wait_gone_and_end(app, "its window was closed").await;

    assert!(
        side_files(&file).is_empty(),
        "side files after the window closed: {:?}",
        side_files(&file)
    );
    let info = Command::new(&cli).arg("info").arg(&file).output().unwrap();
    assert!(info.status.success());
    assert!(String::from_utf8_lossy(&info.stdout).contains(EDITED));
    assert!(
        side_files(&file).is_empty(),
        "the CLI left side files: {:?}",
        side_files(&file)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_after_an_edit_leaves_the_edit_in_the_file_and_no_side_file() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("terminated.feint");
    drop(feint_core::sample::write_sample(&file).expect("write the sample"));
    let app = App::start(&sandbox, "file-sigterm", Launch::File(&file)).await;
    rename_and_wait_saved(&app, "Saved before SIGTERM").await;

    let pids = app.app_pids();
    assert_eq!(pids.len(), 1, "one app process: {pids:?}");
    let killed = Command::new("kill")
        .arg("-TERM")
        .arg(pids[0].to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    wait_gone_and_end(app, "SIGTERM").await;

    assert!(
        side_files(&file).is_empty(),
        "side files after SIGTERM: {:?}",
        side_files(&file)
    );
    let info = Command::new(feint_cli())
        .arg("info")
        .arg(&file)
        .output()
        .unwrap();
    assert!(info.status.success());
    assert!(String::from_utf8_lossy(&info.stdout).contains("Operation:  Saved before SIGTERM"));
}
