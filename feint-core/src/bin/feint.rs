//! `feint`: the command-line face of the core, for scripting and tests.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use feint_core::document::Document;
use feint_core::operation::Operation;
use feint_core::{json, sample, storyboard, FeintError};

const USAGE: &str = "usage:
  feint demo <path.feint>                  write the sample operation
  feint info <path.feint>                  print a summary of an operation
  feint export <op.feint> --json <out.json>
  feint import <in.json> <new.feint>
  feint layer-import <op.feint> <layer.json>   add an ATT&CK Navigator layer's techniques
  feint layer-export <op.feint> <out.json>     write the storyboard's coverage as a layer
  feint bench <dir>                        time storyboard edits on a 1,000-event operation";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["demo", path] => sample::write_sample(&PathBuf::from(path)).map(|doc| {
            println!("wrote the sample operation to {}", doc.path().display());
        }),
        ["info", path] => info(path),
        ["export", op, "--json", out] => Document::open(&PathBuf::from(op))
            .and_then(|doc| json::export_to_file(&doc, &PathBuf::from(out))),
        ["import", input, dest] => json::import_file(&PathBuf::from(input), &PathBuf::from(dest))
            .map(|doc| {
                println!("imported into {}", doc.path().display());
            }),
        ["layer-import", op, layer] => layer_import(op, layer),
        ["layer-export", op, out] => {
            Document::open(&PathBuf::from(op)).and_then(|doc| doc.export_layer(&PathBuf::from(out)))
        }
        ["bench", dir] => bench(&PathBuf::from(dir)),
        ["--help" | "-h" | "help"] => {
            println!("{USAGE}");
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

fn info(path: &str) -> feint_core::Result<()> {
    let doc = Document::open(&PathBuf::from(path))?;
    let op = doc.operation()?;
    let or_dash = |s: &str| {
        if s.is_empty() {
            "-".to_string()
        } else {
            s.to_string()
        }
    };
    println!("Operation:  {}", op.name);
    println!("Codename:   {}", or_dash(&op.codename));
    println!("Marking:    {}", or_dash(&op.handling_marking));
    println!("Goals:      {}", or_dash(&op.goals.join(", ")));
    println!(
        "Dates:      {} to {} ({})",
        op.start_date.as_deref().unwrap_or("-"),
        op.end_date.as_deref().unwrap_or("-"),
        op.timezone
    );
    println!("Version:    {}", or_dash(&op.document.version));
    println!("Catalog:    Engage {}", op.catalog_version);
    let coverage = doc.coverage()?;
    println!(
        "Adversary:  {} ({} technique(s), {} engaged)",
        or_dash(&doc.threat_model()?.adversary.name),
        coverage.total,
        coverage.engaged
    );
    println!("Modified:   {}", op.modified_at);
    Ok(())
}

fn layer_import(op: &str, layer: &str) -> feint_core::Result<()> {
    let mut doc = Document::open(&PathBuf::from(op))?;
    let report = doc.import_layer(&PathBuf::from(layer))?;
    println!(
        "added {} technique(s), {} already present, {} disabled entr(ies) skipped",
        report.added.len(),
        report.already_present.len(),
        report.disabled.len()
    );
    for p in &report.problems {
        println!(
            "  not imported: {} {:?}: {}",
            p.position, p.technique_id, p.reason
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
    println!(
        "feint bench: {EVENTS}-event operation at {}",
        path.display()
    );
    if cfg!(debug_assertions) {
        println!("  (debug build: run `cargo run --release -p feint-core --bin feint -- bench <dir>` for representative figures)");
    }
    println!(
        "  commit one event move ({MOVES} runs): median {:.0} µs, p99 {:.0} µs",
        micros(percentile(&moves, 50.0)),
        micros(percentile(&moves, 99.0))
    );
    println!(
        "  open file + load storyboard ({OPENS} runs): median {:.1} ms",
        micros(percentile(&opens, 50.0)) / 1000.0
    );
    Ok(())
}

/// The nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
