//! A copied secret leaves the X clipboard after the delay (shortened here through
//! `FEINT_CLIPBOARD_CLEAR_SECS`), and stays gone; but when something else was copied before the
//! delay ended, that stays. The clipboard is read and set from outside the app with `xclip`.

use std::io::Read;
use std::process::{Child, Command, Stdio};

use feint_core::document::Document;

use crate::harness::{testid_css, App, Launch, Sandbox};

const DELAY_SECS: &str = "6";
const OTHER: &str = "minutes of the Tuesday meeting";

/// What the CLIPBOARD holds as text, or `None` when nothing owns it.
fn clipboard() -> Option<String> {
    let out = Command::new("xclip")
        .args(["-o", "-selection", "clipboard"])
        .stderr(Stdio::null())
        .output()
        .expect("run xclip (apt package xclip, installed by .ci/setup)");
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Another program copying `text`: xclip owns the CLIPBOARD until killed and, being verbose,
/// logs each paste request it answers, so the test can see the app look at the clipboard.
struct OtherCopy {
    child: Child,
    log: std::path::PathBuf,
}

impl OtherCopy {
    fn start(text: &str, log: std::path::PathBuf) -> OtherCopy {
        let mut child = Command::new("xclip")
            .args(["-i", "-selection", "clipboard", "-verbose"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("xclip log"))
            .spawn()
            .expect("run xclip");
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("xclip stdin");
        stdin
            .write_all(text.as_bytes())
            .expect("give xclip the text");
        drop(stdin);
        OtherCopy { child, log }
    }

    /// How many paste requests xclip has answered so far.
    fn answered(&self) -> usize {
        let mut log = String::new();
        std::fs::File::open(&self.log)
            .and_then(|mut f| f.read_to_string(&mut log))
            .expect("xclip log");
        log.matches("Waiting for selection request number")
            .count()
            .saturating_sub(1)
    }
}

impl Drop for OtherCopy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copied_secret_is_cleared_unless_something_else_was_copied() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("clipboard.feint");
    feint_core::sample::write_sample(&file).expect("write the sample");

    let app = App::start_with_env(
        &sandbox,
        "clipboard",
        Launch::File(&file),
        &[("FEINT_CLIPBOARD_CLEAR_SECS", DELAY_SECS)],
    )
    .await;
    app.click("nav-personas").await;
    app.wait_for("personas-page").await;
    let account_id = app
        .wait_until("an account of the selected persona", || async {
            app.visible_attrs(&testid_css("account-row"), "data-account-id")
                .await
                .into_iter()
                .next()
        })
        .await;
    let secret = Document::open(&file)
        .expect("open")
        .personas()
        .expect("personas")
        .into_iter()
        .flat_map(|p| p.accounts)
        .find(|a| a.id == account_id)
        .expect("the account shown is in the file")
        .secret;
    assert!(!secret.is_empty());

    // --- Copied, then cleared after the delay ------------------------------------------------
    app.click("account-copy").await;
    app.wait_until("the secret on the clipboard", || async {
        (clipboard().as_deref() == Some(secret.as_str())).then_some(())
    })
    .await;
    assert_eq!(
        app.text_of("account-copied").await,
        format!("Copied; cleared from the clipboard in {DELAY_SECS} s")
    );
    assert!(
        !app.text_of("account-secret").await.contains(&secret),
        "copying does not reveal the secret"
    );
    app.driver()
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView({block: 'center'});",
            vec![serde_json::json!(testid_css("account-copied"))],
        )
        .await
        .expect("scroll to the notice");
    app.screenshot("clipboard-copied").await;
    app.wait_until("the secret gone from the clipboard", || async {
        clipboard().is_none_or(|text| text.is_empty()).then_some(())
    })
    .await;

    // --- Copied, then something else copied before the delay ends: that stays --------------
    app.click("account-copy").await;
    app.wait_until("the secret on the clipboard again", || async {
        (clipboard().as_deref() == Some(secret.as_str())).then_some(())
    })
    .await;
    let other = OtherCopy::start(OTHER, sandbox.path("xclip.log"));
    app.wait_until("the other text on the clipboard", || async {
        (clipboard().as_deref() == Some(OTHER)).then_some(())
    })
    .await;
    // Only the read that saw the other text reached xclip (earlier ones reached the app).
    let own_reads = 1;
    // Every request xclip answered beyond the test's own reads is the app looking when its
    // delay ended; after that look the other text must still be there.
    app.wait_until("the app to look at the clipboard", || async {
        (other.answered() > own_reads).then_some(())
    })
    .await;
    assert_eq!(
        clipboard().as_deref(),
        Some(OTHER),
        "the app cleared a text another program copied"
    );
    drop(other);
    app.quit().await;
}
