//! `feint`: the command-line face of the core, for scripting and tests.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use feint_core::document::Document;
use feint_core::error::ErrorCode;
use feint_core::operation::Operation;
use feint_core::order::build::ExportOptions;
use feint_core::order::content::Audience;
use feint_core::{json, opsec, rules, sample, storyboard, FeintError};

/// Prints a line to stdout, ignoring a closed pipe (`feint info x | head -1` must not panic).
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

const USAGE: &str = "usage:
  feint demo <path.feint>                  write the sample operation
  feint demo --executed <path.feint>       the sample after it ran: journal, actuals, after-action review
  feint info <path.feint>                  print a summary of an operation
  feint export <op.feint> --json <out.json>
  feint export <op.feint> --csv <out.csv>      the storyboard as a timeline table
  feint export <op.feint> --stix <out.json>    the run's intelligence as a STIX 2.1 bundle
  feint export <op.feint> --observed-layer <out.json>    observed techniques (Navigator layer)
  feint export <op.feint> --comparison-layer <out.json>  expected against observed (layer)
  feint export <op.feint> --pdf <out.pdf> [--audience order|briefing|after-action] [--timeline-lanes goal|persona|host]
  feint import <in.json> <new.feint>
  feint copy <op.feint> <new.feint>            a whole copy of an operation (Save As)
  feint new-from <op.feint> <new.feint>        a new operation from this one's plan: fresh IDs,
                                               no secrets, no journal, its lessons as notes
  feint opsec-scan <dir | files…>              find values two operations share (persona names,
                                               usernames, secrets, hosts, domains, IPs, MACs);
                                               exit 1 on reuse, 0 when clean, 2 on error
  feint opsec-digest <op.feint> [out]          salted hashes only, for opsec-scan on another laptop
                                               (default out: <op>.opsec-digest)
  feint bench-opsec <dir>                      time opsec-scan on 100 operations
  feint add-events <op.feint> <count>          add numbered events, one committed edit each
  feint layer-import <op.feint> <layer.json>   add an ATT&CK Navigator layer's techniques
  feint layer-export <op.feint> <out.json>     write the storyboard's coverage as a layer
  feint bench <dir>                        time storyboard edits on a 1,000-event operation
  feint bench-pdf <dir>                    time PDF exports of a 300-event operation
  feint bench-operation <path.feint>       write that 300-event operation (bench/pdf-vs-chromium.sh)
  feint export <op.feint> --html-for-bench <out.html>  the order as HTML, only to time Chromium on it
  feint bench-commit <dir>                 time committing one edit to disk (median, p99)
  feint bench-limits <dir>                 time import, open and PDF export at the limits
  feint bench-open <dir>                   time opening an encrypted operation and a plain one
  feint protect <op.feint>                 encrypt with a passphrase, or change it
  feint protect <op.feint> --remove        store the operation unencrypted again
  feint --version                          the version of Feint and of its Engage catalog

An encrypted operation's passphrase comes from --passphrase-file PATH (its first line), the
FEINT_PASSPHRASE environment variable, or a prompt on the terminal; never from the command line.
`protect` takes the new passphrase from --new-passphrase-file PATH, FEINT_NEW_PASSPHRASE or a
prompt (asked twice).";

/// Where passphrases come from: files named by options, the environment, or the terminal.
#[derive(Default)]
struct Passphrases {
    file: Option<PathBuf>,
    new_file: Option<PathBuf>,
}

static PASSPHRASES: std::sync::OnceLock<Passphrases> = std::sync::OnceLock::new();

/// Takes the passphrase options out of the arguments (they may stand anywhere); refuses a
/// passphrase given as a value, which other users could read in the process list.
fn take_passphrase_options(args: Vec<String>) -> Result<(Vec<String>, Passphrases), String> {
    let mut rest = Vec::new();
    let mut found = Passphrases::default();
    let mut iter = args.into_iter();
    while let Some(arg) = iter.next() {
        let slot = match arg.as_str() {
            "--passphrase-file" => &mut found.file,
            "--new-passphrase-file" => &mut found.new_file,
            "--passphrase" | "--new-passphrase" => {
                return Err(format!(
                    "{arg} is not accepted: a passphrase on the command line is visible to other users; use {arg}-file PATH, the environment or the prompt"
                ))
            }
            _ => {
                rest.push(arg);
                continue;
            }
        };
        match iter.next() {
            Some(path) => *slot = Some(PathBuf::from(path)),
            None => return Err(format!("{arg} needs a file name")),
        }
    }
    Ok((rest, found))
}

fn main() -> ExitCode {
    let (args, passphrases) = match take_passphrase_options(std::env::args().skip(1).collect()) {
        Ok(taken) => taken,
        Err(message) => {
            eprintln!("feint: {message}");
            return ExitCode::from(2);
        }
    };
    let _ = PASSPHRASES.set(passphrases);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["demo", "--executed", path] => sample::write_executed(&PathBuf::from(path)).map(|doc| {
            out!(
                "wrote the executed sample operation to {}",
                doc.path().display()
            );
        }),
        ["demo", path] => sample::write_sample(&PathBuf::from(path)).map(|doc| {
            out!("wrote the sample operation to {}", doc.path().display());
        }),
        ["info", path] => info(path),
        ["export", op, "--json", out] => {
            open_doc(op).and_then(|doc| json::export_to_file(&doc, &PathBuf::from(out)))
        }
        ["export", op, "--csv", out] => {
            open_doc(op).and_then(|doc| doc.export_csv(&PathBuf::from(out)))
        }
        ["export", op, "--stix", out] => {
            open_doc(op).and_then(|doc| doc.export_stix(&PathBuf::from(out)))
        }
        ["export", op, "--observed-layer", out] => {
            open_doc(op).and_then(|doc| doc.export_observed_layer(&PathBuf::from(out)))
        }
        ["export", op, "--comparison-layer", out] => open_doc(op)
            .and_then(|doc| doc.export_comparison_layer(&PathBuf::from(out)))
            .map(|c| {
                out!(
                    "{} expected only, {} observed only, {} both",
                    c.expected_only,
                    c.observed_only,
                    c.both
                );
            }),
        ["export", op, "--html-for-bench", out] => html_for_bench(op, out),
        ["bench-operation", path] => write_bench_operation(&PathBuf::from(path)).map(|doc| {
            out!("wrote the benchmark operation to {}", doc.path().display());
        }),
        ["export", op, "--pdf", out, rest @ ..] => match pdf_options(rest) {
            Some(options) => export_pdf(op, out, options),
            None => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["import", input, dest] => json::import_file(&PathBuf::from(input), &PathBuf::from(dest))
            .map(|doc| {
                out!("imported into {}", doc.path().display());
            }),
        ["layer-import", op, layer] => layer_import(op, layer),
        ["opsec-scan", targets @ ..] if !targets.is_empty() => return opsec_scan(targets),
        ["opsec-digest", op] => opsec_digest(op, None),
        ["opsec-digest", op, out] => opsec_digest(op, Some(out)),
        ["new-from", op, dest] => new_from(op, dest),
        ["bench-opsec", dir] => bench_opsec(&PathBuf::from(dir)),
        ["copy", op, dest] => open_doc(op)
            .and_then(|doc| doc.save_as(&PathBuf::from(dest)))
            .map(|doc| {
                out!("copied to {}", doc.path().display());
            }),
        ["add-events", op, count] => match count.parse::<usize>() {
            Ok(count) => add_events(op, count),
            Err(_) => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        },
        ["layer-export", op, out] => {
            open_doc(op).and_then(|doc| doc.export_layer(&PathBuf::from(out)))
        }
        ["bench", dir] => bench(&PathBuf::from(dir)),
        ["bench-pdf", dir] => bench_pdf(&PathBuf::from(dir)),
        ["bench-commit", dir] => bench_commit(&PathBuf::from(dir)),
        ["bench-limits", dir] => bench_limits(&PathBuf::from(dir)),
        ["bench-open", dir] => bench_open(&PathBuf::from(dir)),
        ["protect", op] => protect(op, false),
        ["protect", op, "--remove"] => protect(op, true),
        ["--version" | "-V"] => {
            out!("{}", feint_core::about::version_line());
            Ok(())
        }
        ["--help" | "-h" | "help"] => {
            out!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(FeintError { message, .. }) => {
            eprintln!("feint: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Opens an operation, asking for its passphrase only when the file turns out to need one.
fn open_doc(path: &str) -> feint_core::Result<Document> {
    with_passphrase(&PathBuf::from(path), |path, passphrase| {
        Document::open_with(path, passphrase)
    })
}

/// `open(path, None)`, then, if the file turns out to need a passphrase, `open(path, Some(…))`
/// with the one given.
fn with_passphrase<T>(
    path: &Path,
    open: impl Fn(&Path, Option<&str>) -> feint_core::Result<T>,
) -> feint_core::Result<T> {
    match open(path, None) {
        Err(err) if err.code == ErrorCode::PassphraseRequired => {
            let options = PASSPHRASES.get_or_init(Passphrases::default);
            let Some(passphrase) = passphrase_from(
                options.file.as_deref(),
                "FEINT_PASSPHRASE",
                &format!("Passphrase for {}: ", path.display()),
            )?
            else {
                return Err(err);
            };
            open(path, Some(&passphrase))
        }
        opened => opened,
    }
}

/// A passphrase from `file` (its first line, exactly as written), else the environment
/// variable `var`, else a no-echo prompt when a person is at the terminal; `None` if there is
/// no source.
fn passphrase_from(
    file: Option<&Path>,
    var: &str,
    prompt: &str,
) -> feint_core::Result<Option<String>> {
    use std::io::IsTerminal;
    if let Some(file) = file {
        return read_passphrase_file(file).map(Some);
    }
    if let Some(value) = std::env::var_os(var) {
        return value
            .into_string()
            .map(Some)
            .map_err(|_| FeintError::invalid(format!("{var} is not valid UTF-8")));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let typed = rpassword::prompt_password(prompt)
        .map_err(|e| FeintError::io("cannot read the passphrase from the terminal", e))?;
    Ok((!typed.is_empty()).then_some(typed))
}

/// The first line of a passphrase file without its line ending; nothing else is trimmed.
fn read_passphrase_file(file: &Path) -> feint_core::Result<String> {
    let text = feint_core::input::read_text(file, 1024 * 1024, "passphrase file")?;
    let line = text.split('\n').next().unwrap_or("");
    Ok(line.strip_suffix('\r').unwrap_or(line).to_string())
}

/// `feint protect`: adds or changes the passphrase of an operation, or removes it.
fn protect(path: &str, remove: bool) -> feint_core::Result<()> {
    let mut doc = open_doc(path)?;
    if remove {
        doc.set_passphrase(None)?;
        out!("{} is no longer encrypted", doc.path().display());
        return Ok(());
    }
    let options = PASSPHRASES.get_or_init(Passphrases::default);
    let prompt = format!("New passphrase for {}: ", doc.path().display());
    let Some(new) = passphrase_from(options.new_file.as_deref(), "FEINT_NEW_PASSPHRASE", &prompt)?
    else {
        return Err(FeintError::invalid(
            "no new passphrase: give --new-passphrase-file PATH or FEINT_NEW_PASSPHRASE, or run feint on a terminal",
        ));
    };
    if options.new_file.is_none() && std::env::var_os("FEINT_NEW_PASSPHRASE").is_none() {
        let again = rpassword::prompt_password("Repeat the new passphrase: ")
            .map_err(|e| FeintError::io("cannot read the passphrase from the terminal", e))?;
        if again != new {
            return Err(FeintError::invalid(
                "the two passphrases differ; nothing was changed",
            ));
        }
    }
    doc.set_passphrase(Some(&new))?;
    out!(
        "{} is encrypted with the new passphrase",
        doc.path().display()
    );
    Ok(())
}

fn info(path: &str) -> feint_core::Result<()> {
    let doc = open_doc(path)?;
    let op = doc.operation()?;
    let or_dash = |s: &str| {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.to_string()
        }
    };
    out!("Operation:  {}", op.name);
    out!("Codename:   {}", or_dash(&op.codename));
    out!("Marking:    {}", or_dash(&op.handling_marking));
    out!("Goals:      {}", or_dash(&op.goals.join(", ")));
    out!(
        "Dates:      {} to {} ({})",
        op.start_date.as_deref().unwrap_or("-"),
        op.end_date.as_deref().unwrap_or("-"),
        op.timezone
    );
    out!("Version:    {}", or_dash(&op.document.version));
    out!("Catalog:    Engage {}", op.catalog_version);
    let coverage = doc.coverage()?;
    out!(
        "Adversary:  {} ({} technique(s), {} engaged)",
        or_dash(&doc.threat_model()?.adversary.name),
        coverage.total,
        coverage.engaged
    );
    let checks = doc.readiness()?;
    let (blockers, warnings) = feint_core::order::readiness::open_counts(&checks);
    out!(
        "Readiness:  {} of {} checks pass ({blockers} blocker(s), {warnings} warning(s) open, {} not applicable)",
        checks.iter().filter(|c| c.passed).count(),
        checks.len(),
        checks.iter().filter(|c| !c.applicable).count()
    );
    out!("Modified:   {}", op.modified_at);
    out!(
        "Protection: {}",
        if doc.is_protected() {
            "encrypted with a passphrase"
        } else {
            "none (not encrypted)"
        }
    );
    Ok(())
}

fn pdf_options(rest: &[&str]) -> Option<ExportOptions> {
    let mut options = ExportOptions::default();
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--audience" => {
                options.audience = match *args.next()? {
                    "order" => Audience::Order,
                    "briefing" => Audience::Briefing,
                    "after-action" => Audience::AfterAction,
                    _ => return None,
                }
            }
            "--timeline-lanes" => {
                options.lanes = match *args.next()? {
                    "goal" => storyboard::LaneGrouping::Goal,
                    "persona" => storyboard::LaneGrouping::Persona,
                    "host" => storyboard::LaneGrouping::Host,
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    Some(options)
}

/// The order as HTML, for timing headless Chromium on the same content as `--pdf`.
fn html_for_bench(op: &str, out: &str) -> feint_core::Result<()> {
    let doc = Document::open(&PathBuf::from(op))?;
    let content = doc.order_content(ExportOptions::default())?;
    let html = feint_core::order::bench_html::render(&content);
    std::fs::write(out, html)
        .map_err(|e| FeintError::invalid(format!("cannot write {out}: {e}")))?;
    out!("wrote {out}");
    Ok(())
}

fn export_pdf(op: &str, out: &str, options: ExportOptions) -> feint_core::Result<()> {
    // The file's checks run beside the layout; nothing is written unless they pass.
    let out_path = PathBuf::from(out);
    let (doc, rendered) = with_passphrase(&PathBuf::from(op), |path, passphrase| {
        Document::open_and_export_pdf(path, passphrase, &out_path, options)
    })?;
    out!(
        "wrote {out}: {} page(s), {} bytes",
        rendered.pages,
        rendered.bytes.len()
    );
    if options.audience == Audience::Order && doc.has_secrets()? {
        out!("note: this operation order contains account passwords and honeytokens");
    }
    if !rendered.missing_glyphs.is_empty() {
        eprintln!(
            "warning: no font has {} character(s), drawn as a stand-in:",
            rendered.missing_glyphs.len()
        );
        for line in rendered.missing_report() {
            eprintln!("  {line}");
        }
    }
    Ok(())
}

/// Writes the PDF benchmark operation: 300 events, 20 personas with accounts, 100 adversary
/// techniques and a filled-in order.
fn write_bench_operation(path: &Path) -> feint_core::Result<Document> {
    use feint_core::order::{GatingAction, OrderEdit, Role, TextField};
    use feint_core::persona::{NewAccount, NewPersona, PersonaPatch};
    feint_core::store::remove_operation_file(path);
    let catalog = feint_core::catalog::builtin();
    let mut op = Operation::new("Benchmark: 300 events", &catalog.version)?;
    op.codename = "BENCH GLASS".into();
    op.handling_marking = "TLP:AMBER // EXERCISE".into();
    op.start_date = Some("2026-12-07".into());
    op.end_date = Some("2026-12-20".into());
    op.timezone = "Europe/Berlin".into();
    op.narrative = "A synthetic operation for timing the export. ".repeat(40);
    let mut doc = Document::create_from(path, &op, &storyboard::synthetic(300))?;
    let templates = ["sysadmin", "finance_clerk", "developer"];
    let mut persona_ids = Vec::new();
    for i in 0..20 {
        let p = doc.create_persona(NewPersona {
            name: format!("Persona {i:02} Müller-Ωmega"),
            template: Some(templates[i % 3].into()),
        })?;
        doc.update_persona(
            p.id(),
            PersonaPatch {
                background: Some("Lived-in background text for the persona. ".repeat(10)),
                ..Default::default()
            },
        )?;
        for a in 0..2 {
            doc.add_account(
                p.id(),
                NewAccount {
                    system: Some(format!("host-{i:02}")),
                    username: Some(format!("user{i:02}{a}")),
                    secret: Some(format!("Secret-{i:02}-{a}!")),
                    ..Default::default()
                },
            )?;
        }
        persona_ids.push(p.id().to_string());
    }
    let events = doc.storyboard()?.events;
    for (i, e) in events.iter().enumerate().step_by(3) {
        doc.set_event_personas(&e.id, &[persona_ids[i % 20].clone()])?;
    }
    let techniques: Vec<String> = catalog
        .techniques
        .iter()
        .take(100)
        .map(|t| t.id.clone())
        .collect();
    doc.add_techniques(&techniques)?;
    for field in [
        TextField::RulesOfEngagement,
        TextField::Opsec,
        TextField::Sustainment,
    ] {
        doc.edit_order(OrderEdit::SetText {
            field,
            value: "A rule the team follows throughout the operation. ".repeat(12),
        })?;
    }
    for i in 0..10 {
        doc.edit_order(OrderEdit::AddGating {
            action: Some(GatingAction::Pause),
            condition: Some(format!(
                "Condition {i}: the adversary does something unexpected"
            )),
        })?;
    }
    for role in Role::ALL {
        doc.edit_order(OrderEdit::SetRole {
            role,
            needed: None,
            contact: Some(format!("{} contact", role.label())),
            details: None,
            notes: None,
        })?;
    }
    doc.clear_history()?;
    Ok(doc)
}

/// The PDF benchmark (a measurement, not a test): times building and laying out the order of
/// a 300-event operation, and reports the file size.
fn bench_pdf(dir: &Path) -> feint_core::Result<()> {
    const RUNS: usize = 10;
    let path = dir.join("feint-bench-pdf.feint");
    let doc = write_bench_operation(&path)?;
    let out = dir.join("feint-bench.pdf");
    let mut times = Vec::with_capacity(RUNS);
    let mut last = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        let rendered = doc.export_pdf(&out, ExportOptions::default())?;
        times.push(started.elapsed());
        last = Some(rendered);
    }
    times.sort();
    let rendered = last.expect("at least one run");
    // Where the time goes: building the document model (reads, readiness, coverage) and laying
    // it out.
    let mut builds = Vec::with_capacity(RUNS);
    let mut layouts = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let content = doc.order_content(ExportOptions::default())?;
        builds.push(started.elapsed());
        let started = Instant::now();
        feint_core::order::pdf::render(&content)?;
        layouts.push(started.elapsed());
    }
    builds.sort();
    layouts.sort();
    // What a whole-process export pays before building: opening the file with every check.
    // The file checks (header, integrity, schema) alone, then with the re-read of every row.
    let mut file_checks = Vec::with_capacity(RUNS);
    let mut opens = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        drop(feint_core::store::Store::open(&path)?);
        file_checks.push(started.elapsed());
        let started = Instant::now();
        drop(Document::open(&path)?);
        opens.push(started.elapsed());
    }
    file_checks.sort();
    opens.sort();
    out!("feint bench-pdf: operation at {}", path.display());
    if cfg!(debug_assertions) {
        out!("  (debug build: run `cargo run --release -p feint-core --bin feint -- bench-pdf <dir>` for representative figures)");
    }
    out!(
        "  export --pdf ({RUNS} runs): median {:.1} ms, max {:.1} ms; {} pages, {} bytes ({})",
        percentile(&times, 50.0).as_secs_f64() * 1e3,
        percentile(&times, 100.0).as_secs_f64() * 1e3,
        rendered.pages,
        rendered.bytes.len(),
        out.display()
    );
    out!(
        "  of which: build the order {:.1} ms, lay out the PDF {:.1} ms (medians)",
        percentile(&builds, 50.0).as_secs_f64() * 1e3,
        percentile(&layouts, 50.0).as_secs_f64() * 1e3
    );
    let phases: Vec<String> = rendered
        .phases
        .iter()
        .map(|(name, took)| format!("{name} {:.1} ms", took.as_secs_f64() * 1e3))
        .collect();
    out!("  the last render's phases: {}", phases.join(", "));
    out!(
        "  open with every check {:.1} ms, of which the file checks {:.1} ms (medians)",
        percentile(&opens, 50.0).as_secs_f64() * 1e3,
        percentile(&file_checks, 50.0).as_secs_f64() * 1e3
    );
    out!(
        "  whole process: time `feint export {} --pdf <out.pdf>`",
        path.display()
    );
    Ok(())
}

/// Adds `count` events titled "Event N", printing "saved N" once each is committed, so a script
/// (or the crash test) knows exactly which edits were acknowledged.
fn add_events(op: &str, count: usize) -> feint_core::Result<()> {
    let mut doc = open_doc(op)?;
    let activity = feint_core::catalog::builtin()
        .activities
        .first()
        .map(|a| a.id.clone())
        .ok_or_else(|| FeintError::invalid("the catalog has no activity"))?;
    for n in 1..=count {
        doc.add_event(storyboard::NewEvent {
            activity_id: activity.clone(),
            day: (n % 10) as i32,
            minute: 60 * (n % 20) as i32,
            title: Some(format!("Event {n}")),
            ..Default::default()
        })?;
        out!("saved {n}");
    }
    Ok(())
}

fn layer_import(op: &str, layer: &str) -> feint_core::Result<()> {
    let mut doc = open_doc(op)?;
    let report = doc.import_layer(&PathBuf::from(layer))?;
    out!(
        "added {} technique(s), {} already present, {} disabled entr(ies) skipped",
        report.added.len(),
        report.already_present.len(),
        report.disabled.len()
    );
    for p in &report.problems {
        out!(
            "  not imported: {} {:?}: {}",
            p.position,
            p.technique_id,
            p.reason
        );
    }
    Ok(())
}

/// The storyboard benchmark (a measurement, not a test): builds a 1,000-event operation in
/// `dir`, then times (a) committing one event move, the edit a drag ends with, and (b) opening
/// the file and loading its storyboard, what the timeline does when it opens.
fn bench(dir: &Path) -> feint_core::Result<()> {
    const EVENTS: usize = 1000;
    const MOVES: usize = 200;
    const OPENS: usize = 20;
    let path = dir.join("feint-bench.feint");
    // Only our own earlier result is replaced; a file of another name is never touched.
    feint_core::store::remove_operation_file(&path);
    let mut op = Operation::new(
        "Benchmark: 1,000 events",
        &feint_core::catalog::builtin().version,
    )?;
    op.start_date = Some("2026-12-07".into());
    op.end_date = Some("2026-12-20".into());
    op.timezone = "Europe/Berlin".into();
    let mut doc = Document::create_from(&path, &op, &storyboard::synthetic(EVENTS))?;
    let board = doc.storyboard()?;
    let id = board.events[EVENTS / 2].id.clone();

    let mut moves = Vec::with_capacity(MOVES);
    for i in 0..MOVES {
        let delta = if i % 2 == 0 { 15 } else { -15 };
        let ids = [id.clone()];
        let started = Instant::now();
        doc.move_events(&ids, delta, None)?;
        moves.push(started.elapsed());
    }
    drop(doc);

    let mut opens = Vec::with_capacity(OPENS);
    for _ in 0..OPENS {
        let started = Instant::now();
        let doc = Document::open(&path)?;
        let board = doc.storyboard()?;
        opens.push(started.elapsed());
        if board.events.len() != EVENTS {
            return Err(FeintError::invalid(format!(
                "the benchmark file holds {} events, not {EVENTS}",
                board.events.len()
            )));
        }
    }

    moves.sort();
    opens.sort();
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    out!(
        "feint bench: {EVENTS}-event operation at {}",
        path.display()
    );
    if cfg!(debug_assertions) {
        out!("  (debug build: run `cargo run --release -p feint-core --bin feint -- bench <dir>` for representative figures)");
    }
    out!(
        "  commit one event move ({MOVES} runs): median {:.0} µs, p99 {:.0} µs",
        micros(percentile(&moves, 50.0)),
        micros(percentile(&moves, 99.0))
    );
    out!(
        "  open file + load storyboard ({OPENS} runs): median {:.1} ms",
        micros(percentile(&opens, 50.0)) / 1000.0
    );
    Ok(())
}

/// The commit benchmark (a measurement, not a test): the core's cost of making one small edit
/// durable in the file itself (the operation's narrative, one row), 500 times; then checks
/// that the file alone holds the last edit and no side file is left.
fn bench_commit(dir: &Path) -> feint_core::Result<()> {
    use feint_core::operation::OperationPatch;
    const COMMITS: usize = 500;
    let path = dir.join("feint-bench-commit.feint");
    feint_core::store::remove_operation_file(&path);
    let mut doc = Document::create_from(
        &path,
        &Operation::new("Benchmark: commits", "1.0")?,
        &storyboard::synthetic(100),
    )?;
    let mut times = Vec::with_capacity(COMMITS);
    for i in 0..COMMITS {
        let patch = OperationPatch {
            narrative: Some(format!("Edit number {i}")),
            ..Default::default()
        };
        let started = Instant::now();
        doc.update_operation(patch)?;
        times.push(started.elapsed());
    }
    let mut side_files: Vec<String> = feint_core::store::files::companion_paths(&path)
        .iter()
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    drop(doc);
    side_files.extend(
        feint_core::store::files::companion_paths(&path)
            .iter()
            .filter(|p| p.exists())
            .map(|p| format!("{} (after close)", p.display())),
    );
    times.sort();
    let millis = |d: Duration| d.as_secs_f64() * 1e3;
    out!(
        "feint bench-commit: {COMMITS} one-row edits of {}",
        path.display()
    );
    out!(
        "  commit one edit: median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        millis(percentile(&times, 50.0)),
        millis(percentile(&times, 99.0)),
        millis(percentile(&times, 100.0))
    );
    if side_files.is_empty() {
        out!("  side files while open and after close: none");
    } else {
        out!("  side files left: {}", side_files.join(", "));
    }
    Ok(())
}

/// The nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// An operation at every documented limit of one operation (README), built as a JSON export from
/// the sample's entries and imported, then timed: import, open (with its checks) and PDF export.
/// The encryption benchmark (a measurement, not a test): opens a 1,000-event operation stored
/// plain and the same operation encrypted, each time checking the whole file and loading the
/// storyboard, as the app does; prints the medians. The difference is mostly the passphrase's
/// key derivation (SQLCipher's PBKDF2), paid once per connection.
fn bench_open(dir: &Path) -> feint_core::Result<()> {
    const EVENTS: usize = 1000;
    const OPENS: usize = 10;
    const PASSPHRASE: &str = "bench passphrase, not a secret";
    let plain = dir.join("feint-bench-plain.feint");
    let locked = dir.join("feint-bench-encrypted.feint");
    for path in [&plain, &locked] {
        feint_core::store::remove_operation_file(path);
    }
    let op = Operation::new("Benchmark: open", &feint_core::catalog::builtin().version)?;
    let doc = Document::create_from(&plain, &op, &storyboard::synthetic(EVENTS))?;
    drop(doc.save_as_with(&locked, Some(PASSPHRASE))?);
    drop(doc);
    let time_opens = |path: &Path, key: Option<&str>| -> feint_core::Result<Vec<Duration>> {
        let mut times = Vec::with_capacity(OPENS);
        for _ in 0..OPENS {
            let started = Instant::now();
            let doc = Document::open_with(path, key)?;
            let events = doc.storyboard()?.events.len();
            times.push(started.elapsed());
            if events != EVENTS {
                return Err(FeintError::invalid(format!(
                    "{} holds {events} events, not {EVENTS}",
                    path.display()
                )));
            }
        }
        times.sort();
        Ok(times)
    };
    let plain_times = time_opens(&plain, None)?;
    let locked_times = time_opens(&locked, Some(PASSPHRASE))?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    out!(
        "feint bench-open: {EVENTS}-event operation, {OPENS} opens each (check + load storyboard)"
    );
    if cfg!(debug_assertions) {
        out!("  (debug build: run `cargo run --release -p feint-core --bin feint -- bench-open <dir>` for representative figures)");
    }
    out!(
        "  plain:     median {:.1} ms, max {:.1} ms",
        ms(percentile(&plain_times, 50.0)),
        ms(plain_times[OPENS - 1])
    );
    out!(
        "  encrypted: median {:.1} ms, max {:.1} ms",
        ms(percentile(&locked_times, 50.0)),
        ms(locked_times[OPENS - 1])
    );
    Ok(())
}

fn bench_limits(dir: &Path) -> feint_core::Result<()> {
    let seed = dir.join("feint-bench-limits-seed.feint");
    feint_core::store::remove_operation_file(&seed);
    let sample = json::export(&sample::write_sample(&seed)?)?;
    feint_core::store::remove_operation_file(&seed);
    let mut data: serde_json::Value = serde_json::from_str(&sample)?;
    fill_to_limits(&mut data);
    let input = dir.join("feint-bench-limits.json");
    std::fs::write(&input, serde_json::to_vec(&data)?)
        .map_err(|e| FeintError::io(&format!("cannot write {}", input.display()), e))?;

    let path = dir.join("feint-bench-limits.feint");
    feint_core::store::remove_operation_file(&path);
    let started = Instant::now();
    drop(json::import_file(&input, &path)?);
    let import = started.elapsed();
    let mut opens = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        drop(Document::open(&path)?);
        opens.push(started.elapsed());
    }
    opens.sort();
    let doc = Document::open(&path)?;
    let out = dir.join("feint-bench-limits.pdf");
    let started = Instant::now();
    let rendered = doc.export_pdf(&out, ExportOptions::default())?;
    let export = started.elapsed();

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let file_bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    out!("feint bench-limits: {}", path.display());
    if cfg!(debug_assertions) {
        out!("  (debug build: run `cargo run --release -p feint-core --bin feint -- bench-limits <dir>` for representative figures)");
    }
    out!(
        "  contents: {} events, {} lanes, {} supporting items, {} personas, {} accounts, {} threat techniques, {} entries in each order list",
        rules::MAX_EVENTS,
        rules::MAX_LANES,
        rules::MAX_SUPPORTING,
        rules::MAX_PERSONAS,
        rules::MAX_ACCOUNTS,
        rules::MAX_TECHNIQUES,
        rules::MAX_ORDER_ITEMS
    );
    out!(
        "  import {:.0} ms ({} byte JSON, {file_bytes} byte file)",
        ms(import),
        std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0)
    );
    out!(
        "  open (checks included, 5 runs): median {:.0} ms, max {:.0} ms",
        ms(percentile(&opens, 50.0)),
        ms(percentile(&opens, 100.0))
    );
    out!(
        "  export --pdf: {:.0} ms, {} pages, {} bytes ({})",
        ms(export),
        rendered.pages,
        rendered.bytes.len(),
        out.display()
    );
    Ok(())
}

/// Grows every collection of a JSON export to its limit, each new entry a copy of an existing
/// one with a fresh ID (and a distinct name where names must differ).
fn fill_to_limits(data: &mut serde_json::Value) {
    use serde_json::{json, Value};
    let fresh = || Value::String(uuid::Uuid::new_v4().to_string());
    let grow = |list: &mut Value, target: usize, make: &mut dyn FnMut(&Value, usize) -> Value| {
        let list = list.as_array_mut().expect("a list");
        let templates = list.clone();
        list.clear();
        for i in 0..target {
            list.push(make(&templates[i % templates.len()], i));
        }
    };
    let story = &mut data["storyboard"];
    grow(
        &mut story["lanes"],
        rules::MAX_LANES,
        &mut |_, i| json!({ "id": fresh(), "name": format!("Lane {i}"), "position": i }),
    );
    let lane_ids: Vec<Value> = story["lanes"]
        .as_array()
        .expect("lanes")
        .iter()
        .map(|l| l["id"].clone())
        .collect();
    grow(&mut story["events"], rules::MAX_EVENTS, &mut |t, i| {
        let mut e = t.clone();
        e["id"] = fresh();
        e["title"] = Value::String(format!("{} ({i})", t["title"].as_str().unwrap_or("")));
        e["day"] = json!((i % 20) as i64 - 6);
        e["minute"] = json!((i * 7) % 1380);
        e["lane_id"] = lane_ids[i % lane_ids.len()].clone();
        e
    });
    grow(
        &mut story["supporting"],
        rules::MAX_SUPPORTING,
        &mut |t, i| {
            let mut s = t.clone();
            s["id"] = fresh();
            s["position"] = json!(i);
            s
        },
    );
    let event_ids: Vec<Value> = story["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["id"].clone())
        .collect();
    grow(&mut data["personas"], rules::MAX_PERSONAS, &mut |t, i| {
        let mut p = t.clone();
        p["id"] = fresh();
        p["name"] = Value::String(format!("{} {i}", t["name"].as_str().unwrap_or("")));
        p["event_ids"] = json!([event_ids[i % event_ids.len()]]);
        // The first personas hold the most one may; the rest share what the operation allows.
        let full = rules::MAX_ACCOUNTS_PER_PERSONA;
        let full_personas = 5;
        let (left, others) = (
            rules::MAX_ACCOUNTS - full * full_personas,
            rules::MAX_PERSONAS - full_personas,
        );
        let count = if i < full_personas {
            full
        } else {
            left / others + usize::from(i - full_personas < left % others)
        };
        grow(&mut p["accounts"], count, &mut |a, j| {
            let mut a = a.clone();
            a["id"] = fresh();
            // Every tenth username is shared across personas, the case the warnings look for.
            let user = if j % 10 == 0 {
                format!("shared{j}")
            } else {
                format!("u{i}-{j}")
            };
            a["username"] = Value::String(user);
            if a["password"].as_str().is_some_and(|p| !p.is_empty()) {
                a["password"] = Value::String(format!("Secret-{i}-{j}!"));
            }
            a
        });
        p
    });
    let catalog = feint_core::catalog::builtin();
    let techniques: Vec<String> = catalog
        .techniques
        .iter()
        .flat_map(|t| (1..=20).map(move |n| format!("{}.{n:03}", t.id)))
        .take(rules::MAX_TECHNIQUES)
        .collect();
    grow(
        &mut data["threat_model"]["techniques"],
        techniques.len(),
        &mut |t, i| {
            let mut entry = t.clone();
            entry["technique_id"] = Value::String(techniques[i].clone());
            entry
        },
    );
    for list in ["gating", "success", "hosts"] {
        grow(
            &mut data["order"][list],
            rules::MAX_ORDER_ITEMS,
            &mut |t, _| {
                let mut item = t.clone();
                item["id"] = fresh();
                if item.get("account_ids").is_some() {
                    item["account_ids"] = json!([]);
                }
                item
            },
        );
    }
}

/// `feint opsec-scan`: the folder's operation files and digests (or the files named), compared
/// with each other. Exit 1 when something is reused, 0 when clean, 2 when nothing could be read.
fn opsec_scan(targets: &[&str]) -> ExitCode {
    let paths = match targets {
        [dir] if Path::new(dir).is_dir() => match opsec::scannable_in(Path::new(dir)) {
            Ok(paths) => paths,
            Err(err) => {
                eprintln!("feint: {}", err.message);
                return ExitCode::from(2);
            }
        },
        files => files.iter().map(PathBuf::from).collect(),
    };
    let report = opsec::scan(&paths);
    print_scan(&report);
    if report.compared.len() < 2 {
        eprintln!(
            "feint: fewer than two operations could be compared ({} of {})",
            report.compared.len(),
            paths.len()
        );
        return ExitCode::from(2);
    }
    if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_scan(report: &opsec::ScanReport) {
    for finding in &report.findings {
        out!("{}", finding.sentence());
    }
    for skipped in &report.skipped {
        out!("{} was not compared: {}", skipped.file, skipped.reason);
    }
    out!(
        "{} operation(s) compared, {} reused value(s), {} not compared. {}",
        report.compared.len(),
        report.findings.len(),
        report.skipped.len(),
        opsec::NOT_COMPARED
    );
}

/// `feint opsec-digest`: writes the salted hashes of an operation's linkable values.
fn opsec_digest(op: &str, out: Option<&str>) -> feint_core::Result<()> {
    let doc = open_doc(op)?;
    let out = match out {
        Some(out) => PathBuf::from(out),
        None => doc.path().with_extension(opsec::DIGEST_EXTENSION),
    };
    let digest = doc.opsec_digest()?;
    digest.write(&out)?;
    out!(
        "wrote {} salted hashes (no values) to {}",
        digest.entries.len(),
        out.display()
    );
    Ok(())
}

/// `feint new-from`: a new operation from this one's plan.
fn new_from(op: &str, dest: &str) -> feint_core::Result<()> {
    let doc = open_doc(op)?;
    let copy = doc.new_from(&PathBuf::from(dest), &doc.lessons()?)?;
    out!(
        "wrote a new operation from {} to {} (secrets blanked, no journal)",
        doc.path().display(),
        copy.path().display()
    );
    Ok(())
}

/// `feint bench-opsec`: 100 operations (the sample, each made new from the last, so they share
/// personas and hosts as repeated operations do), scanned together.
fn bench_opsec(dir: &Path) -> feint_core::Result<()> {
    const OPERATIONS: usize = 100;
    const RUNS: usize = 3;
    let dir = dir.join("feint-bench-opsec");
    if dir.exists() {
        for path in opsec::scannable_in(&dir)? {
            feint_core::store::remove_operation_file(&path);
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| FeintError::io("cannot create the folder", e))?;
    let made = Instant::now();
    let mut last = sample::write_sample(&dir.join("op-000.feint"))?;
    for i in 1..OPERATIONS {
        last = last.new_from(&dir.join(format!("op-{i:03}.feint")), &[])?;
    }
    drop(last);
    let made = made.elapsed();
    let paths = opsec::scannable_in(&dir)?;
    let mut times = Vec::with_capacity(RUNS);
    let mut report = None;
    for _ in 0..RUNS {
        let started = Instant::now();
        report = Some(opsec::scan(&paths));
        times.push(started.elapsed());
    }
    times.sort();
    let report = report.expect("at least one run");
    let marks: usize = {
        let doc = Document::open(&paths[0])?;
        doc.opsec_marks()?.len()
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    out!(
        "feint bench-opsec: {OPERATIONS} operations ({marks} linkable values each) written in {:.1} s",
        made.as_secs_f64()
    );
    if cfg!(debug_assertions) {
        out!("  (debug build: run `cargo run --release -p feint-core --bin feint -- bench-opsec <dir>` for representative figures)");
    }
    out!(
        "  scan (open and check each file, compare): median {:.0} ms, max {:.0} ms over {RUNS} runs; {} compared, {} reused values",
        ms(percentile(&times, 50.0)),
        ms(times[RUNS - 1]),
        report.compared.len(),
        report.findings.len()
    );
    Ok(())
}
