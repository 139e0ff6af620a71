//! No network at run time (#10): the app and the `feint` CLI run their main path inside a network
//! namespace with no interfaces (`unshare -n`: only a loopback that is down), under
//! `strace -f`, and the trace of every process they start (the webview's web and network
//! processes included) holds no `AF_INET`/`AF_INET6` socket.
//!
//! WebKitWebDriver reaches the browser it drives over TCP (WebKit's inspector server), so no
//! driver can reach an app with no interfaces, and a driver's own socket would void the proof.
//! The window is therefore driven from outside over X (whose file socket the namespace still
//! reaches): clicks on each side-bar page (XTEST), and screenshots that must show that page marked,
//! painted and settled (`target/e2e-screenshots/offline-*.png`). The edit before and the PDF
//! export after go through the CLI inside the same kind of namespace.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::file::feint_cli;
use crate::harness::{app_pids_with_config, screenshot_dir, Sandbox, APP};

/// Starting the webview under strace is slower than a plain start.
const WAIT: Duration = Duration::from_secs(30);
const POLL: Duration = Duration::from_millis(200);
/// How many shots in a row must be alike before a page counts as painted.
const SETTLED: usize = 5;

/// The lines of an strace log that create or connect an internet socket (IPv4 or IPv6).
fn inet_calls(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|line| line.contains("socket(AF_INET") || line.contains("sa_family=AF_INET"))
        .collect()
}

/// `unshare` with a new network namespace; an unprivileged run also needs a user namespace.
fn unshare_flag() -> &'static str {
    let uid = Command::new("id").arg("-u").output().expect("id -u");
    if String::from_utf8_lossy(&uid.stdout).trim() == "0" {
        "-n"
    } else {
        "-rn"
    }
}

/// `program args…` in a network namespace of its own, every process of it traced to `log`.
fn offline(sandbox: &Sandbox, log: &Path, program: &Path, args: &[&Path]) -> Command {
    let home = sandbox.path("home");
    for sub in [".config", ".local/share", ".cache"] {
        std::fs::create_dir_all(home.join(sub)).expect("sandbox home");
    }
    let mut cmd = Command::new("unshare");
    cmd.arg(unshare_flag())
        .arg("--")
        .arg("/usr/bin/strace")
        .args(["-f", "-qq", "-e", "trace=socket,connect,execve", "-o"])
        .arg(log)
        .arg(program)
        .args(args)
        .env("FEINT_CONFIG_DIR", sandbox.config_dir())
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .stdin(Stdio::null());
    cmd
}

fn run_offline(sandbox: &Sandbox, name: &str, program: &Path, args: &[&Path]) -> (Output, String) {
    let log = sandbox.path(&format!("{name}.strace"));
    let out = offline(sandbox, &log, program, args)
        .output()
        .unwrap_or_else(|e| panic!("cannot start unshare/strace for {name}: {e}"));
    assert!(
        out.status.success(),
        "{name} failed offline: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out, read_trace(&log, program))
}

/// The trace of `program`; it must show the program starting, or strace saw nothing and an
/// empty trace would prove nothing.
fn read_trace(log: &Path, program: &Path) -> String {
    let trace = std::fs::read_to_string(log).expect("strace log");
    assert!(
        trace.contains(&format!("execve(\"{}\", [", program.display())),
        "{} never shows {} starting: the trace is not working",
        log.display(),
        program.display()
    );
    trace
}

fn assert_no_inet(what: &str, trace: &str) {
    let calls = inet_calls(trace);
    assert!(
        calls.is_empty(),
        "{what} opened internet sockets:\n{}",
        calls.join("\n")
    );
}

/// The app under unshare + strace; ended on drop if the test fails before it closes.
struct OfflineApp {
    child: Child,
    config_dir: PathBuf,
}

impl OfflineApp {
    fn pid(&self) -> Option<u32> {
        app_pids_with_config(&self.config_dir).first().copied()
    }
}

impl Drop for OfflineApp {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            for pid in app_pids_with_config(&self.config_dir) {
                let _ = Command::new("kill")
                    .arg("-TERM")
                    .arg(pid.to_string())
                    .status();
            }
            let _ = self.child.wait();
        }
    }
}

/// A running app's window as seen over X.
struct Shot {
    title: String,
    /// A hash of the page area's pixels: another page looks different.
    page: String,
    /// The rows of the side bar's accent bar, which marks the current page.
    marked: Option<(i32, i32)>,
    /// Distinct colours in the page area: a blank or still loading page has a few dozen at most,
    /// a painted page hundreds.
    colours: usize,
}

fn tool(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/e2e/tools")
        .join(name)
}

fn window_shot(pid: u32, png: &Path) -> Option<Shot> {
    // Debian's python3-xlib lives beside the system interpreter (see file.rs).
    let out = Command::new("/usr/bin/python3")
        .arg(tool("window_shot.py"))
        .arg(pid.to_string())
        .arg(png)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut lines = text.lines();
    Some(Shot {
        title: lines.next()?.to_string(),
        page: lines.next()?.to_string(),
        marked: lines
            .next()?
            .split_once('-')
            .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?))),
        colours: lines.next()?.trim().parse().ok()?,
    })
}

/// Waits until the side bar marks the page whose button is at row `y` and that page is painted
/// and settled (`SETTLED` shots in a row alike: the storyboard paints its header first and its
/// lanes a moment later), and differs from every page in `seen`.
fn wait_page(pid: u32, name: &str, y: i32, seen: &mut Vec<String>) {
    std::fs::create_dir_all(screenshot_dir()).expect("screenshot dir");
    let png = screenshot_dir().join(format!("offline-{name}.png"));
    let mut last: Option<String> = None;
    let mut alike = 0;
    let shot = wait(&format!("the {name} page, painted and settled"), || {
        let shot = window_shot(pid, &png)?;
        alike = if last.replace(shot.page.clone()) == Some(shot.page.clone()) {
            alike + 1
        } else {
            1
        };
        let settled = alike >= SETTLED;
        let marked = shot
            .marked
            .is_some_and(|(top, bottom)| top <= y && y <= bottom);
        (settled
            && marked
            && shot.title == "offline.feint — Feint"
            && shot.colours > 100
            && !seen.contains(&shot.page))
        .then_some(shot)
    });
    eprintln!("{name}: {} colours, {}", shot.colours, png.display());
    seen.push(shot.page);
}

/// The side bar's page buttons, at their place in the 1280×800 window.
const PAGES: [(&str, i32, i32); 5] = [
    ("catalog", 37, 130),
    ("storyboard", 37, 182),
    ("personas", 37, 234),
    ("threat-model", 37, 290),
    ("order", 37, 350),
];

fn click(pid: u32, x: i32, y: i32) {
    let clicked = Command::new("/usr/bin/python3")
        .arg(tool("window_click.py"))
        .args([pid.to_string(), x.to_string(), y.to_string()])
        .status()
        .expect("window_click.py");
    assert!(
        clicked.success(),
        "cannot click the app's window at {x},{y}"
    );
}

fn wait<T>(what: &str, mut check: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        if let Some(value) = check() {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {WAIT:?} waiting for {what}"
        );
        std::thread::sleep(POLL);
    }
}

/// The network interfaces a process sees (`/proc/<pid>/net/dev`).
fn interfaces(pid: u32) -> Vec<String> {
    std::fs::read_to_string(format!("/proc/{pid}/net/dev"))
        .expect("net/dev")
        .lines()
        .skip(2)
        .filter_map(|line| Some(line.split(':').next()?.trim().to_string()))
        .collect()
}

#[test]
fn the_trace_check_flags_internet_sockets() {
    let trace = "\
101 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3
101 connect(3, {sa_family=AF_UNIX, sun_path=\"/tmp/.X11-unix/X99\"}, 20) = 0
102 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_TCP) = 7
103 socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 8
104 connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"1.2.3.4\")}, 16) = -1
105 socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE) = 4
";
    let calls = inet_calls(trace);
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert!(calls[0].starts_with("102 ") && calls[1].starts_with("103 "));
    assert!(calls[2].starts_with("104 "));
    assert!(inet_calls(&trace.lines().take(2).collect::<Vec<_>>().join("\n")).is_empty());
}

/// The same namespace and trace as the app's, around a program that does open internet sockets:
/// the check reads real strace output, not only the lines above.
#[test]
fn a_traced_internet_socket_in_the_namespace_is_flagged() {
    let sandbox = Sandbox::new();
    let log = sandbox.path("python.strace");
    let python = Path::new("/usr/bin/python3");
    let script = "import socket; socket.socket(socket.AF_INET); socket.socket(socket.AF_INET6)";
    let status = offline(
        &sandbox,
        &log,
        python,
        &[Path::new("-c"), Path::new(script)],
    )
    .status()
    .expect("run python3 under unshare and strace");
    assert!(status.success());
    let trace = read_trace(&log, python);
    let calls = inet_calls(&trace);
    assert_eq!(calls.len(), 2, "{calls:?}\n{trace}");
}

#[test]
fn the_app_and_cli_run_their_main_path_without_a_network_and_open_no_internet_socket() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no display: run the e2e tests under Xvfb (see tests/e2e/main.rs)"
    );
    let sandbox = Sandbox::new();
    let file = sandbox.path("offline.feint");
    drop(feint_core::sample::write_sample(&file).expect("write the sample"));
    let cli = feint_cli();

    // --- An edit with the CLI, offline ------------------------------------------------------
    let (_, trace) = run_offline(
        &sandbox,
        "cli-edit",
        &cli,
        &[Path::new("add-events"), &file, Path::new("2")],
    );
    assert_no_inet("feint add-events", &trace);

    // --- The app opens the operation in its window, offline ---------------------------------
    let log = sandbox.path("app.strace");
    let child = offline(&sandbox, &log, Path::new(APP.as_str()), &[&file])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the app under unshare and strace");
    let app = OfflineApp {
        child,
        config_dir: sandbox.config_dir(),
    };
    let pid = wait("the app process", || app.pid());
    let ns = |p: &str| std::fs::read_link(format!("/proc/{p}/ns/net")).expect("net namespace");
    assert_ne!(
        ns(&pid.to_string()),
        ns("self"),
        "the app shares the test's network"
    );
    assert_eq!(
        interfaces(pid),
        ["lo"],
        "the app's namespace has interfaces"
    );

    // --- Through every page, clicked as a user does --------------------------------------
    let mut seen = Vec::new();
    wait_page(pid, "operation", 78, &mut seen);
    for (page, x, y) in PAGES {
        click(pid, x, y);
        wait_page(pid, page, y, &mut seen);
    }

    // --- Close the window as a window manager does; the app ends by itself -----------------
    let closed = Command::new("/usr/bin/python3")
        .arg(tool("wm_close.py"))
        .arg(pid.to_string())
        .output()
        .unwrap();
    assert!(
        closed.status.success(),
        "no window of the app accepted WM_DELETE_WINDOW: {}",
        String::from_utf8_lossy(&closed.stderr)
    );
    let mut app = app;
    let status = wait("the app to exit after its window closed", || {
        app.child.try_wait().ok().flatten()
    });
    assert!(status.success(), "the app exited with {status}");

    let trace = read_trace(&log, Path::new(APP.as_str()));
    // The window talks to X over a unix socket: socket calls were traced.
    assert!(trace.contains("socket(AF_UNIX"), "no socket call traced");
    for process in [
        "webkit2gtk-4.1/WebKitWebProcess",
        "webkit2gtk-4.1/WebKitNetworkProcess",
    ] {
        assert!(
            trace.contains(&format!("{process}\", [")),
            "the trace never saw {process} start: strace did not follow every process"
        );
    }
    assert_no_inet("the app (or its webview processes)", &trace);

    // --- The PDF export, offline, holds the edit ---------------------------------------------
    let pdf = sandbox.path("offline.pdf");
    let (_, trace) = run_offline(
        &sandbox,
        "cli-export",
        &cli,
        &[Path::new("export"), &file, Path::new("--pdf"), &pdf],
    );
    assert_no_inet("feint export --pdf", &trace);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Dry Dock: exposed Docker daemon honeypot"));
    for event in ["Event 1", "Event 2"] {
        assert!(
            text.lines().any(|line| line.trim() == event),
            "the offline export lacks the offline edit {event:?}"
        );
    }
}
