//! The crash suite: the `feint` binary is killed with SIGKILL at random moments while it
//! imports, creates, copies, exports and edits operations. After each kill the target must be
//! the old state or the new one (never half a file), `PRAGMA integrity_check` must pass, every
//! edit the binary acknowledged must be in the file, a retry must succeed, and once a later run
//! has passed through the folder no temporary file may remain (none may keep a secret).
//!
//! The seed of the random moments is printed; `FEINT_CRASH_SEED=<n>` replays a run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use feint_core::document::Document;

const FEINT: &str = env!("CARGO_BIN_EXE_feint");
/// A password of the sample operation: it must never survive in a stray file.
const SECRET: &[u8] = b"Kranhaus-2019!";
const ROUNDS: usize = 120;
/// A kill lands before the run ends only as often as the machine's speed allows (a busy machine
/// makes runs slower or faster than the timing run measured), so the suite adds rounds until at
/// least this many kills landed, up to `MAX_ROUNDS`.
const MIN_KILLS: usize = 100;
const MAX_ROUNDS: usize = 600;
const EVENTS_PER_EDIT_RUN: usize = 30;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A moment inside the first 80% of a run of length `max`, so the kill lands mid-run.
    fn below(&mut self, max: Duration) -> Duration {
        let micros = (max.as_micros() * 4 / 5).max(1) as u64;
        Duration::from_micros(self.next() % micros)
    }
}

/// Runs `feint args` to completion and returns its stdout; panics with its stderr on failure.
fn feint(args: &[&Path]) -> String {
    let output = Command::new(FEINT).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "feint {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Starts `feint args`, kills it with SIGKILL after `delay` unless it ended first; returns
/// whether the kill landed and every stdout line it printed.
fn run_killed(args: &[&Path], delay: Duration) -> (bool, Vec<String>) {
    let mut child = Command::new(FEINT)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let reader = {
        let lines = Arc::clone(&lines);
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        })
    };
    std::thread::sleep(delay);
    let killed = match child.try_wait().unwrap() {
        Some(_) => false,
        None => {
            child.kill().unwrap();
            true
        }
    };
    child.wait().unwrap();
    reader.join().unwrap();
    let lines = lines.lock().unwrap().clone();
    (killed, lines)
}

fn timed(args: &[&Path]) -> Duration {
    let started = Instant::now();
    feint(args);
    started.elapsed()
}

fn event_count(path: &Path) -> usize {
    let doc = Document::open(path).unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok", "{}", path.display());
    doc.storyboard().unwrap().events.len()
}

/// After a run that completed in `dir`, nothing of ours is left but finished files: no
/// temporary file, no SQLite side file, and the secret only in files that are meant to hold it.
fn assert_clean(dir: &Path, allowed_with_secret: &[&Path]) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        assert!(
            !name.contains(".feint-tmp-"),
            "a temporary file was left behind: {name}"
        );
        assert!(
            !name.ends_with("-journal") && !name.ends_with("-wal") && !name.ends_with("-shm"),
            "a side file was left behind: {name}"
        );
        if allowed_with_secret.contains(&path.as_path()) {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            !bytes.windows(SECRET.len()).any(|w| w == SECRET),
            "{name} holds a secret"
        );
    }
}

#[derive(Default)]
struct Tally {
    runs: usize,
    kills: usize,
}

#[test]
fn killed_runs_leave_old_or_new_state() {
    let seed = std::env::var("FEINT_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("crash suite seed: {seed} (FEINT_CRASH_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let src = dir.join("seed.feint");
    let json = dir.join("seed.json");
    feint(&[Path::new("demo"), &src]);
    feint(&[Path::new("export"), &src, Path::new("--json"), &json]);
    let seed_events = event_count(&src);
    let edited = dir.join("edited.feint");
    feint(&[Path::new("copy"), &src, &edited]);

    // Each kind of run, timed once whole, so the kill falls anywhere inside it.
    let imp = dir.join("imported.feint");
    let import_args = [Path::new("import"), &json, &imp];
    let import_time = timed(&import_args);
    std::fs::remove_file(&imp).unwrap();
    let new_op = dir.join("new.feint");
    let new_args = [Path::new("demo"), &new_op];
    let new_time = timed(&new_args);
    std::fs::remove_file(&new_op).unwrap();
    let copy = dir.join("copy.feint");
    let copy_args = [Path::new("copy"), &src, &copy];
    let copy_time = timed(&copy_args);
    std::fs::remove_file(&copy).unwrap();
    let count = EVENTS_PER_EDIT_RUN.to_string();
    let edit_args = [Path::new("add-events"), &edited, Path::new(&count)];
    let edit_time = timed(&edit_args);

    let exports: Vec<(&str, PathBuf)> = vec![
        ("--json", dir.join("out.json")),
        ("--csv", dir.join("out.csv")),
        ("--pdf", dir.join("out.pdf")),
    ];
    let layer_out = dir.join("out-layer.json");
    let mut export_times = Vec::new();
    for (flag, out) in &exports {
        export_times.push(timed(&[Path::new("export"), &src, Path::new(flag), out]));
    }
    let layer_time = timed(&[Path::new("layer-export"), &src, &layer_out]);
    let finished: Vec<Vec<u8>> = exports
        .iter()
        .map(|(_, out)| std::fs::read(out).unwrap())
        .collect();
    let finished_layer = std::fs::read(&layer_out).unwrap();
    let with_secret: Vec<&Path> = vec![
        &src,
        &json,
        &edited,
        &imp,
        &new_op,
        &copy,
        &exports[0].1,
        &exports[2].1,
    ];

    let mut tally: [Tally; 5] = Default::default();
    let mut round = 0;
    while round < ROUNDS
        || (tally.iter().map(|t| t.kills).sum::<usize>() < MIN_KILLS && round < MAX_ROUNDS)
    {
        round += 1;
        match (round - 1) % 5 {
            0 => {
                let (killed, _) = run_killed(&import_args, rng.below(import_time));
                tally[0].runs += 1;
                tally[0].kills += killed as usize;
                if imp.exists() {
                    assert_eq!(event_count(&imp), seed_events, "a half import");
                    std::fs::remove_file(&imp).unwrap();
                }
                feint(&import_args);
                assert_eq!(event_count(&imp), seed_events);
                std::fs::remove_file(&imp).unwrap();
            }
            1 => {
                let (killed, _) = run_killed(&new_args, rng.below(new_time));
                tally[1].runs += 1;
                tally[1].kills += killed as usize;
                if new_op.exists() {
                    // The sample is written edit by edit: any prefix of them is a whole file.
                    event_count(&new_op);
                    std::fs::remove_file(&new_op).unwrap();
                }
                feint(&new_args);
                assert_eq!(event_count(&new_op), seed_events);
                std::fs::remove_file(&new_op).unwrap();
            }
            2 => {
                let (killed, _) = run_killed(&copy_args, rng.below(copy_time));
                tally[2].runs += 1;
                tally[2].kills += killed as usize;
                if copy.exists() {
                    assert_eq!(event_count(&copy), seed_events, "a half copy");
                    std::fs::remove_file(&copy).unwrap();
                }
                feint(&copy_args);
                assert_eq!(event_count(&copy), seed_events);
                std::fs::remove_file(&copy).unwrap();
            }
            3 => {
                let which = ((round - 1) / 5) % 4;
                let (args, out, time, whole): (Vec<&Path>, &Path, Duration, &[u8]) = if which < 3 {
                    let (flag, out) = &exports[which];
                    (
                        vec![Path::new("export"), &src, Path::new(flag), out],
                        out,
                        export_times[which],
                        &finished[which],
                    )
                } else {
                    (
                        vec![Path::new("layer-export"), &src, &layer_out],
                        &layer_out,
                        layer_time,
                        &finished_layer,
                    )
                };
                std::fs::write(out, b"the previous export").unwrap();
                let (killed, _) = run_killed(&args, rng.below(time));
                tally[3].runs += 1;
                tally[3].kills += killed as usize;
                let now = std::fs::read(out).unwrap();
                if now != b"the previous export" {
                    assert_whole_export(out, &now, whole);
                }
                feint(&args);
                assert_whole_export(out, &std::fs::read(out).unwrap(), whole);
            }
            _ => {
                let before = event_count(&edited);
                let (killed, lines) = run_killed(&edit_args, rng.below(edit_time));
                tally[4].runs += 1;
                tally[4].kills += killed as usize;
                let acknowledged = lines.iter().filter(|l| l.starts_with("saved ")).count();
                let after = event_count(&edited);
                assert!(
                    after >= before + acknowledged && after <= before + acknowledged + 1,
                    "{acknowledged} acknowledged edit(s), but the file went from {before} to {after} events"
                );
                feint(&[Path::new("info"), &edited]);
            }
        }
        assert_clean(dir, &with_secret);
    }
    let names = [
        "import",
        "new operation",
        "save as",
        "export",
        "storyboard edits",
    ];
    let total: usize = tally.iter().map(|t| t.kills).sum();
    for (name, t) in names.iter().zip(&tally) {
        println!(
            "crash suite: {name}: {} runs, {} killed mid-run",
            t.runs, t.kills
        );
    }
    println!("crash suite: {round} runs, {total} killed mid-run, 0 failures");
    assert!(
        total >= MIN_KILLS,
        "only {total} kills landed; the suite must kill at least 100 runs"
    );
}

/// A PDF, JSON, CSV or layer export as a completed run writes it (exports hold a time stamp
/// in places, so compare the shape, not every byte).
fn assert_whole_export(out: &Path, bytes: &[u8], whole: &[u8]) {
    let name = out.display();
    match out.extension().and_then(|e| e.to_str()) {
        Some("pdf") => {
            assert!(bytes.starts_with(b"%PDF"), "{name} is not a whole PDF");
            let tail = &bytes[bytes.len().saturating_sub(32)..];
            assert!(
                tail.windows(5).any(|w| w == b"%%EOF"),
                "{name} is a half-written PDF"
            );
        }
        Some("json") => {
            let value: serde_json::Value =
                serde_json::from_slice(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let expected: serde_json::Value = serde_json::from_slice(whole).unwrap();
            assert_eq!(
                value.as_object().map(|o| o.len()),
                expected.as_object().map(|o| o.len())
            );
        }
        _ => assert_eq!(bytes.len(), whole.len(), "{name} is a half-written CSV"),
    }
}

/// The state a killed `feint protect` left: the plain file or the encrypted one, whole.
#[derive(Debug, PartialEq)]
enum Protection {
    Plain,
    Encrypted,
}

/// Opens `path` plain or with `passphrase` (nothing else may open it), checks its integrity and
/// returns which it was and its event count.
fn protected_state(path: &Path, passphrase: &str) -> (Protection, usize) {
    match Document::open(path) {
        Ok(doc) => (Protection::Plain, doc.storyboard().unwrap().events.len()),
        Err(err) => {
            assert_eq!(
                err.code,
                feint_core::ErrorCode::PassphraseRequired,
                "{}: {}",
                path.display(),
                err.message
            );
            let doc = Document::open_with(path, Some(passphrase))
                .unwrap_or_else(|e| panic!("{}: {}", path.display(), e));
            let check: String = doc
                .store()
                .conn()
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(check, "ok", "{}", path.display());
            assert!(
                !std::fs::read(path)
                    .unwrap()
                    .windows(SECRET.len())
                    .any(|w| w == SECRET),
                "the encrypted file holds a secret"
            );
            (
                Protection::Encrypted,
                doc.storyboard().unwrap().events.len(),
            )
        }
    }
}

/// `feint protect` (adding a passphrase) and `feint protect --remove` killed at random moments:
/// the file is always the plain one or the encrypted one, whole, with every edit; a retry
/// succeeds; no temporary file is left once a later run passed through the folder.
#[test]
fn killed_passphrase_changes_leave_the_old_or_the_new_file() {
    const PROTECT_ROUNDS: usize = 20;
    let seed = std::env::var("FEINT_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("crash suite (passphrases) seed: {seed} (FEINT_CRASH_SEED={seed} replays it)");
    let mut rng = Rng(seed);
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let passphrase_file = dir.join("passphrase.txt");
    std::fs::write(&passphrase_file, "crash suite passphrase\n").unwrap();
    let plain = dir.join("plain-seed.feint");
    feint(&[Path::new("demo"), &plain]);
    let events = event_count(&plain);
    let sealed = dir.join("sealed-seed.feint");
    feint(&[Path::new("copy"), &plain, &sealed]);
    let key_args = [Path::new("--new-passphrase-file"), &passphrase_file];
    feint(&[&[Path::new("protect"), &sealed], &key_args[..]].concat());

    let target = dir.join("op.feint");
    let add_args: Vec<&Path> = [&[Path::new("protect"), &target], &key_args[..]].concat();
    let remove_args = [
        Path::new("protect"),
        &target,
        Path::new("--remove"),
        Path::new("--passphrase-file"),
        &passphrase_file,
    ];
    std::fs::copy(&plain, &target).unwrap();
    let add_time = timed(&add_args);
    let remove_time = timed(&remove_args);

    let mut kills = [0usize; 2];
    for round in 0..PROTECT_ROUNDS {
        let adding = round % 2 == 0;
        let (from, args, time, done) = if adding {
            (&plain, &add_args[..], add_time, Protection::Encrypted)
        } else {
            (&sealed, &remove_args[..], remove_time, Protection::Plain)
        };
        std::fs::copy(from, &target).unwrap();
        let (killed, _) = run_killed(args, rng.below(time));
        kills[round % 2] += killed as usize;
        let (state, count) = protected_state(&target, "crash suite passphrase");
        assert_eq!(count, events, "round {round}: an edit was lost");
        if state != done {
            feint(args);
        }
        assert_eq!(
            protected_state(&target, "crash suite passphrase"),
            (done, events)
        );
        // The runs' leftovers are swept by the next run in the folder.
        feint(&[Path::new("info"), &plain]);
        assert_clean(dir, &[&plain, &target]);
    }
    println!(
        "crash suite: add passphrase: {} runs, {} killed mid-run; remove passphrase: {} runs, {} killed mid-run",
        PROTECT_ROUNDS / 2,
        kills[0],
        PROTECT_ROUNDS / 2,
        kills[1]
    );
    assert!(
        kills.iter().all(|&k| k >= PROTECT_ROUNDS / 4),
        "too few kills landed mid-run: {kills:?}"
    );
}
