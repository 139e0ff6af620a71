//! `feint`: the command-line face of the core, for scripting and tests.

use std::path::PathBuf;
use std::process::ExitCode;

use feint_core::document::Document;
use feint_core::{json, sample, FeintError};

const USAGE: &str = "usage:
  feint demo <path.feint>                  write the sample operation
  feint info <path.feint>                  print a summary of an operation
  feint export <op.feint> --json <out.json>
  feint import <in.json> <new.feint>";

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
    println!("Modified:   {}", op.modified_at);
    Ok(())
}
