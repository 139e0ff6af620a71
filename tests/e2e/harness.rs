//! A small harness around the real app: one `tauri-driver` (and its WebKitWebDriver) per app run,
//! one WebDriver session, an isolated config/data folder, and helpers that poll for state.
//!
//! Everything waits for a state with a deadline (`WAIT`); nothing sleeps a fixed time and then
//! asserts. Teardown stops tauri-driver with SIGTERM (never SIGKILL: a killed tauri-driver leaves
//! WebKitWebDriver holding the native port and the next run hangs).

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use serde_json::json;
use thirtyfour::error::WebDriverErrorInner;
use thirtyfour::prelude::*;
use thirtyfour::Capabilities;

/// The app binary cargo built for this test target (with the features the test was run with), or
/// the one `FEINT_E2E_APP` names: the same tests then walk a release build before it ships.
pub static APP: LazyLock<String> = LazyLock::new(|| {
    std::env::var("FEINT_E2E_APP").unwrap_or_else(|_| env!("CARGO_BIN_EXE_feint-app").to_string())
});

/// How long any wait for a state may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(15);
const POLL: Duration = Duration::from_millis(100);

/// Where screenshots and driver logs go: `target/e2e-screenshots`, `target/e2e-logs`.
fn target_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target>/tmp`; follows CARGO_TARGET_DIR when it is set.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .to_path_buf()
}

pub fn screenshot_dir() -> PathBuf {
    target_dir().join("e2e-screenshots")
}

/// A fresh temporary folder for one test: its files, the app's config folder (FEINT_CONFIG_DIR)
/// and the XDG folders the webview writes to, so tests share nothing with each other or the user.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("feint-e2e-")
            .tempdir()
            .expect("temp dir");
        Sandbox { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn config_dir(&self) -> PathBuf {
        self.path("config")
    }
}

/// Which file the app is started with.
pub enum Launch<'a> {
    Empty,
    File(&'a Path),
}

/// One running app under WebDriver.
pub struct App {
    pub driver: Option<WebDriver>,
    tauri_driver: Option<Child>,
    config_dir: PathBuf,
    log: PathBuf,
    port: u16,
    native_port: u16,
}

/// How many times a test asks for a session the driver leaves unanswered before it fails.
const SESSION_ATTEMPTS: u32 = 3;

/// A new-session request that got no WebDriver answer at all (the connection to tauri-driver
/// was refused or closed), as opposed to an answer refusing the session.
fn is_unanswered(e: &WebDriverError) -> bool {
    matches!(
        &**e,
        WebDriverErrorInner::HttpError(_) | WebDriverErrorInner::RequestFailed(_)
    )
}

impl App {
    /// Starts tauri-driver on free ports, then the app through a new session, and waits until
    /// the page is ready: the start screen, the operation page or the error banner is shown.
    pub async fn start(sandbox: &Sandbox, name: &str, launch: Launch<'_>) -> App {
        App::start_with_env(sandbox, name, launch, &[]).await
    }

    /// `start`, with extra environment variables for the app (such as a shortened delay).
    pub async fn start_with_env(
        sandbox: &Sandbox,
        name: &str,
        launch: Launch<'_>,
        env: &[(&str, &str)],
    ) -> App {
        if !cfg!(feature = "custom-protocol") {
            panic!(
                "build the e2e tests with `--features custom-protocol`: without it the app loads \
                 the dev server URL and shows a blank page"
            );
        }
        assert!(
            std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
            "no display: run the e2e tests under Xvfb, e.g. \
             xvfb-run -a -s \"-screen 0 1280x800x24\" cargo test --features custom-protocol \
             --test e2e -- --test-threads=1 (or bash .ci/test)"
        );
        let args: Vec<String> = match launch {
            Launch::Empty => vec![],
            Launch::File(path) => vec![path.to_string_lossy().into_owned()],
        };
        let mut attempt = 1;
        let app = loop {
            let mut app = App::spawn_driver(sandbox, name, env, attempt);
            match app.open_session(&args).await {
                Ok(()) => break app,
                // Only a session the driver never answered is tried again: the app is not
                // running yet, so nothing the test checks has happened. An answer that refuses
                // the session (the app did not start, say) fails the test at once.
                Err(e) if attempt < SESSION_ATTEMPTS && is_unanswered(&e) => {
                    eprintln!(
                        "[{name}] attempt {attempt}: no answer to the new-session request: {}",
                        app.session_report(&e)
                    );
                    app.abandon().await;
                    attempt += 1;
                }
                Err(e) => panic!(
                    "no WebDriver session after {attempt} attempt(s): {}",
                    app.session_report(&e)
                ),
            }
        };
        app.wait_for_css(
            "[data-testid='start-screen'], [data-testid='operation-page'], \
             [data-testid='error-banner']",
        )
        .await;
        app
    }

    /// Starts tauri-driver (and its WebKitWebDriver) on two free ports with the sandbox's
    /// environment, and waits until both listen.
    fn spawn_driver(sandbox: &Sandbox, name: &str, env: &[(&str, &str)], attempt: u32) -> App {
        let (port, native_port) = two_free_ports();
        let logs = target_dir().join("e2e-logs");
        std::fs::create_dir_all(&logs).expect("log dir");
        let log = logs.join(format!("{name}.log"));
        // A later attempt appends, keeping the log of the one that failed.
        let log_file = File::options()
            .create(true)
            .write(true)
            .truncate(attempt == 1)
            .append(attempt > 1)
            .open(&log)
            .expect("driver log");
        let home = sandbox.path("home");
        for sub in [".config", ".local/share", ".cache"] {
            std::fs::create_dir_all(home.join(sub)).expect("sandbox home");
        }
        let config_dir = sandbox.config_dir();

        // The env set here reaches the app: tauri-driver -> WebKitWebDriver -> app all inherit it.
        let child = Command::new(tauri_driver_bin())
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg(native_port.to_string())
            .env("FEINT_CONFIG_DIR", &config_dir)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("log"))
            .stderr(log_file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start tauri-driver ({}): {e}", tauri_driver_bin()));

        let mut app = App {
            driver: None,
            tauri_driver: Some(child),
            config_dir,
            log,
            port,
            native_port,
        };
        app.wait_listening(port);
        app.wait_listening(native_port);
        app
    }

    /// Asks tauri-driver for a session, which starts the app with `args`.
    async fn open_session(&mut self, args: &[String]) -> WebDriverResult<()> {
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry").unwrap();
        caps.set(
            "tauri:options",
            json!({ "application": APP.as_str(), "args": args }),
        )
        .unwrap();
        let driver = WebDriver::new(format!("http://127.0.0.1:{}", self.port), caps).await?;
        self.driver = Some(driver);
        Ok(())
    }

    /// What was running when a session was not made: the error, whether tauri-driver and its
    /// WebKitWebDriver were still there, whether an app had started, and the driver log.
    fn session_report(&mut self, e: &WebDriverError) -> String {
        let driver_state = match self.tauri_driver.as_mut().map(|c| c.try_wait()) {
            Some(Ok(None)) => "running".to_string(),
            Some(Ok(Some(status))) => format!("exited ({status})"),
            Some(Err(err)) => format!("unknown ({err})"),
            None => "not started".to_string(),
        };
        let listening = |port: u16| TcpStream::connect(("127.0.0.1", port)).is_ok();
        format!(
            "{e}\n  tauri-driver on {}: {driver_state}, listening: {}\n  WebKitWebDriver on {}: \
             listening: {}\n  app processes for this sandbox: {:?}\n  log {}:\n{}",
            self.port,
            listening(self.port),
            self.native_port,
            listening(self.native_port),
            self.app_pids(),
            self.log.display(),
            self.log_text()
        )
    }

    /// Gives up a driver whose session was not made: stops tauri-driver and any app it started.
    async fn abandon(mut self) {
        self.driver = None;
        self.stop_tauri_driver();
        for pid in self.app_pids() {
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(pid.to_string())
                .status();
        }
        let deadline = Instant::now() + WAIT;
        while !self.app_pids().is_empty() && Instant::now() < deadline {
            tokio::time::sleep(POLL).await;
        }
    }

    pub fn driver(&self) -> &WebDriver {
        self.driver.as_ref().expect("session is open")
    }

    fn wait_listening(&mut self, port: u16) {
        let deadline = Instant::now() + WAIT;
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            if let Some(status) = self
                .tauri_driver
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                panic!(
                    "tauri-driver exited ({status}) before listening on {port}; log:\n{}",
                    self.log_text()
                );
            }
            assert!(
                Instant::now() < deadline,
                "nothing listening on port {port} after {WAIT:?}; log:\n{}",
                self.log_text()
            );
            std::thread::sleep(POLL);
        }
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The app processes (not the webview helpers) started for this sandbox, found by the
    /// FEINT_CONFIG_DIR in their environment: proof that the app inherited the test's settings.
    pub fn app_pids(&self) -> Vec<u32> {
        app_pids_with_config(&self.config_dir)
    }

    /// Ends the session (WebKitWebDriver closes the app), waits for the app process to be gone,
    /// then stops tauri-driver with SIGTERM and waits for it.
    pub async fn quit(mut self) {
        if let Some(driver) = self.driver.take() {
            driver.quit().await.expect("quit the WebDriver session");
        }
        let deadline = Instant::now() + WAIT;
        while !self.app_pids().is_empty() {
            assert!(
                Instant::now() < deadline,
                "the app is still running {WAIT:?} after the session ended: {:?}",
                self.app_pids()
            );
            tokio::time::sleep(POLL).await;
        }
        self.stop_tauri_driver();
    }

    fn stop_tauri_driver(&mut self) {
        let Some(mut child) = self.tauri_driver.take() else {
            return;
        };
        if child.try_wait().ok().flatten().is_none() {
            // SIGTERM lets tauri-driver stop its WebKitWebDriver child first.
            let _ = Command::new("kill")
                .arg("-TERM")
                .arg(child.id().to_string())
                .status();
        }
        let deadline = Instant::now() + WAIT;
        loop {
            match child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) if Instant::now() > deadline => {
                    eprintln!(
                        "tauri-driver (pid {}) did not stop {WAIT:?} after SIGTERM",
                        child.id()
                    );
                    return;
                }
                Ok(None) => std::thread::sleep(POLL),
            }
        }
    }

    // ----- finding and waiting -------------------------------------------------------------
    //
    // Visibility and text are read in the page (`checkVisibility()`, `innerText`), not with
    // WebDriver's "is displayed" and "element text": WebKitWebDriver reports an element with its
    // own `overflow: hidden` (every ellipsised label) as not displayed and its text as "".

    /// The first visible element matching `css`, if any, in one round trip.
    pub async fn find_visible(&self, css: &str) -> Option<WebElement> {
        let ret =
            self.driver()
                .execute(
                    "return [...document.querySelectorAll(arguments[0])].find(isVisible) ?? null;\n"
                        .to_string() + IS_VISIBLE_JS,
                    vec![json!(css)],
                )
                .await
                .ok()?;
        ret.element().ok()
    }

    /// Every visible element matching `css`.
    pub async fn all_visible(&self, css: &str) -> Vec<WebElement> {
        let ret = self
            .driver()
            .execute(
                "return [...document.querySelectorAll(arguments[0])].filter(isVisible);\n"
                    .to_string()
                    + IS_VISIBLE_JS,
                vec![json!(css)],
            )
            .await;
        ret.and_then(|r| r.elements()).unwrap_or_default()
    }

    /// The first element matching `css` once it is present and visible.
    pub async fn wait_for_css(&self, css: &str) -> WebElement {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(el) = self.find_visible(css).await {
                return el;
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("timeout-{}", sanitize(css))).await;
                panic!("no visible element matches {css:?} after {WAIT:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first visible element with `data-testid="<testid>"`.
    pub async fn wait_for(&self, testid: &str) -> WebElement {
        self.wait_for_css(&testid_css(testid)).await
    }

    /// The text of an element as the user sees it (`innerText`, trimmed).
    pub async fn text(&self, el: &WebElement) -> String {
        self.driver()
            .execute(
                "return arguments[0].innerText;",
                vec![el.to_json().expect("element as JSON")],
            )
            .await
            .ok()
            .and_then(|r| r.convert::<String>().ok())
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// Waits until the text of the visible `testid` element satisfies `ok`, and returns it.
    pub async fn wait_for_text(
        &self,
        testid: &str,
        what: &str,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + WAIT;
        let mut last = None;
        loop {
            if let Some(el) = self.find_visible(&testid_css(testid)).await {
                let text = self.text(&el).await;
                if ok(&text) {
                    return text;
                }
                last = Some(text);
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("timeout-{testid}")).await;
                panic!(
                    "[data-testid={testid}] never showed {what} in {WAIT:?}; last text: {last:?}"
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until `check` returns Some, polling; for states that need several reads.
    pub async fn wait_until<T, F, Fut>(&self, what: &str, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(value) = check().await {
                return value;
            }
            if Instant::now() > deadline {
                self.screenshot(&format!("timeout-{}", sanitize(what)))
                    .await;
                panic!("timed out after {WAIT:?} waiting for {what}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the operation file satisfies `check`: the UI saves through the core as it
    /// goes, so what the user did is read back from the file itself.
    pub async fn wait_file<T>(
        &self,
        what: &str,
        file: &Path,
        check: impl Fn(&feint_core::document::Document) -> Option<T>,
    ) -> T {
        self.wait_until(what, || async {
            let doc = feint_core::document::Document::open(file).ok()?;
            check(&doc)
        })
        .await
    }

    /// Every visible element with `data-testid="<testid>"`.
    pub async fn all(&self, testid: &str) -> Vec<WebElement> {
        self.all_visible(&testid_css(testid)).await
    }

    /// The text of the visible `testid` element, once there is one.
    pub async fn text_of(&self, testid: &str) -> String {
        let el = self.wait_for(testid).await;
        self.text(&el).await
    }

    /// The current value of the visible input, textarea or select with this test ID, read in the
    /// page in one go (a re-render between finding and reading it cannot leave a stale element).
    pub async fn value_of(&self, testid: &str) -> String {
        let css = testid_css(testid);
        self.wait_until(&format!("a value in [data-testid={testid}]"), || async {
            self.driver()
                .execute(
                    "const e = [...document.querySelectorAll(arguments[0])].find(isVisible);\n\
                     return e ? e.value : null;\n"
                        .to_string()
                        + IS_VISIBLE_JS,
                    vec![json!(css)],
                )
                .await
                .ok()?
                .convert::<Option<String>>()
                .ok()?
        })
        .await
    }

    pub async fn click(&self, testid: &str) {
        self.wait_for(testid)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("click [data-testid={testid}]: {e}"));
    }

    /// Chooses an option of a `<select>` by value, as a click on the option does. (Options are
    /// never "visible" to checkVisibility(), so they are found directly.)
    pub async fn choose(&self, select_css: &str, value: &str) {
        self.wait_for_css(select_css).await;
        self.driver()
            .find(By::Css(format!("{select_css} option[value='{value}']")))
            .await
            .unwrap_or_else(|e| panic!("option {value:?} of {select_css}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("choose {value:?} in {select_css}: {e}"));
    }

    /// Replaces the content of an input the way a user does: focus, select all, type over it
    /// (so the field never passes through empty, which some fields refuse).
    ///
    /// WebKitWebDriver drops characters outside the Basic Multilingual Plane (emoji) from typed
    /// keys, so those are inserted as an input method or a paste would insert them
    /// (`execCommand('insertText')`, which fires the same `beforeinput`/`input` events).
    pub async fn type_into(&self, testid: &str, text: &str) {
        let el = self.wait_for(testid).await;
        el.click().await.expect("focus input");
        el.send_keys(Key::Control + "a").await.expect("select all");
        if text.is_empty() {
            el.send_keys(Key::Backspace).await.expect("clear");
            return;
        }
        let mut run = String::new();
        let mut runs = Vec::new();
        let mut astral = false;
        for c in text.chars() {
            let is_astral = c as u32 > 0xFFFF;
            if is_astral != astral && !run.is_empty() {
                runs.push((astral, std::mem::take(&mut run)));
            }
            astral = is_astral;
            run.push(c);
        }
        runs.push((astral, run));
        for (astral, run) in runs {
            if astral {
                self.driver()
                    .execute(
                        "arguments[0].focus(); \
                         if (!document.execCommand('insertText', false, arguments[1])) \
                           throw new Error('insertText refused');",
                        vec![el.to_json().expect("element as JSON"), json!(run)],
                    )
                    .await
                    .unwrap_or_else(|e| panic!("insert {run:?} into [data-testid={testid}]: {e}"));
            } else {
                el.send_keys(run.as_str())
                    .await
                    .unwrap_or_else(|e| panic!("type into [data-testid={testid}]: {e}"));
            }
        }
    }

    /// The values of `attr` on every visible element matching `css`, read in one go (so a
    /// re-render between reads cannot leave a stale element).
    pub async fn visible_attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.driver()
            .execute(
                "return [...document.querySelectorAll(arguments[0])].filter(isVisible)\n\
                   .map(e => e.getAttribute(arguments[1]));\n"
                    .to_string()
                    + IS_VISIBLE_JS,
                vec![json!(css), json!(attr)],
            )
            .await
            .ok()
            .and_then(|r| r.convert::<Vec<Option<String>>>().ok())
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect()
    }

    /// Saves a PNG of the window to `target/e2e-screenshots/<name>.png` and returns its path.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let path = dir.join(format!("{name}.png"));
        if let Some(driver) = &self.driver {
            // The snapshot shows the last painted frame: let the page paint what the DOM holds.
            let _ = driver
                .execute_async(
                    "const done = arguments[arguments.length - 1]; \
                     requestAnimationFrame(() => requestAnimationFrame(() => done()));",
                    vec![],
                )
                .await;
            // WebKit's snapshot waits for the page's next painted update. Without compositing
            // (the app's default) an idle page paints none, so a near-invisible outline on the
            // root element flips until the snapshot is taken.
            let _ = driver
                .execute(
                    "const s = document.documentElement.style; \
                     window.__feintShot = setInterval(() => { s.outline = \
                       s.outline.includes('0.01') ? '1px solid rgba(0,0,0,0.02)' \
                                                  : '1px solid rgba(0,0,0,0.01)'; }, 50);",
                    vec![],
                )
                .await;
            let shot = driver.screenshot(&path).await;
            let _ = driver
                .execute(
                    "clearInterval(window.__feintShot); document.documentElement.style.outline = '';",
                    vec![],
                )
                .await;
            if let Err(e) = shot {
                eprintln!("screenshot {name} failed: {e}");
            }
        }
        path
    }
}

impl Drop for App {
    /// On a failed test: end the session (thirtyfour's own drop does it synchronously), then stop
    /// tauri-driver with SIGTERM so no WebKitWebDriver is left behind.
    ///
    /// thirtyfour's synchronous drop reuses the session's HTTP client, whose connections belong
    /// to the test's runtime: on a current-thread runtime, blocked here, it hangs for the 120 s
    /// request timeout. Tests therefore run on a multi-thread runtime:
    /// `#[tokio::test(flavor = "multi_thread", worker_threads = 2)]`.
    fn drop(&mut self) {
        drop(self.driver.take());
        self.stop_tauri_driver();
        if std::thread::panicking() {
            eprintln!("driver log: {}", self.log.display());
        }
    }
}

/// `isVisible(el)` for scripts: rendered, not `display: none` or `visibility: hidden` anywhere up
/// the tree (what a user can see, scrolled into view or not).
const IS_VISIBLE_JS: &str = "function isVisible(e) {
  return e.checkVisibility
    ? e.checkVisibility({ visibilityProperty: true })
    : e.getClientRects().length > 0;
}";

pub fn testid_css(testid: &str) -> String {
    format!("[data-testid='{testid}']")
}

fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect()
}

fn tauri_driver_bin() -> String {
    if let Ok(path) = std::env::var("TAURI_DRIVER") {
        return path;
    }
    let in_cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|d| d.join("bin/tauri-driver"));
    match in_cargo_home {
        Some(path) if path.exists() => path.to_string_lossy().into_owned(),
        _ => "tauri-driver".to_string(),
    }
}

/// Two distinct free ports (both listeners are open at once, so they differ).
fn two_free_ports() -> (u16, u16) {
    let a = TcpListener::bind("127.0.0.1:0").expect("free port");
    let b = TcpListener::bind("127.0.0.1:0").expect("free port");
    (
        a.local_addr().unwrap().port(),
        b.local_addr().unwrap().port(),
    )
}

/// PIDs of running `feint-app` processes whose environment has FEINT_CONFIG_DIR=`config_dir`.
pub fn app_pids_with_config(config_dir: &Path) -> Vec<u32> {
    let app = std::fs::canonicalize(APP.as_str()).unwrap_or_else(|_| PathBuf::from(APP.as_str()));
    let mut wanted = b"FEINT_CONFIG_DIR=".to_vec();
    wanted.extend_from_slice(config_dir.as_os_str().as_encoded_bytes());
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return vec![];
    };
    entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
            exe.as_deref() == Some(app.as_path())
        })
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ"))
                .map(|env| env.split(|b| *b == 0).any(|var| var == wanted.as_slice()))
                .unwrap_or(false)
        })
        .collect()
}
