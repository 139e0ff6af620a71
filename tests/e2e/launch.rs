//! Opening the file a file manager hands the app: a path or a `file://` URI, with spaces and
//! non-ASCII letters. (The window title is checked from outside by `.ci/package-test`.)

use feint_core::sample;

use crate::harness::{App, Launch, Sandbox};

/// A name a planner might give: spaces, accents and CJK.
const AWKWARD: &str = "Op Été 日本 draft.feint";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opens_a_path_with_spaces_and_non_ascii() {
    let sandbox = Sandbox::new();
    let file = sandbox.path(AWKWARD);
    sample::write_sample(&file).expect("write the sample");
    let app = App::start(&sandbox, "open-awkward-path", Launch::File(&file)).await;
    assert_eq!(app.text_of("file-name").await, AWKWARD);
    assert!(app.all("error-banner").await.is_empty(), "no refusal");
    // (WebDriver sees the page's <title>, not the window's; .ci/package-test checks that one.)
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opens_a_percent_encoded_file_uri() {
    let sandbox = Sandbox::new();
    let file = sandbox.path(AWKWARD);
    sample::write_sample(&file).expect("write the sample");
    let uri = file_uri(&file.to_string_lossy());
    assert!(uri.contains("%20") && uri.contains("%C3%89"), "{uri}");
    let app = App::start(
        &sandbox,
        "open-file-uri",
        Launch::File(std::path::Path::new(&uri)),
    )
    .await;
    assert_eq!(app.text_of("file-name").await, AWKWARD);
    assert!(app.all("error-banner").await.is_empty(), "no refusal");
    app.quit().await;
}

/// `file://` + the path with every byte outside the URI's unreserved set percent-encoded, as
/// file managers send it.
fn file_uri(path: &str) -> String {
    let mut uri = String::from("file://");
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}
