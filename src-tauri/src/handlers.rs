//! The shell's commands, made from the one list in `commands.rs`: each locks the workspace,
//! calls the core and returns its result. Errors cross as the core's `{code, message}`.

use std::path::PathBuf;

use feint_core::about::About;
use feint_core::catalog::{
    self, ActivityDetails, CatalogVersion, Matrix, ReleaseImport, Technique,
};
use feint_core::document::Document;
use feint_core::intel::{
    Evidence, IndicatorView, Intelligence, LayerCounts, NewEvidence, NewIndicator,
    ObservedTechnique,
};
use feint_core::journal::{
    ActualPatch, ActualView, AfterActionEdit, AfterActionView, Correction, GateDecisionView,
    JournalLine, NewEntry, NewGateDecision, PhaseChange, PlanChange, RunState,
};
use feint_core::operation::{Operation, OperationPatch};
use feint_core::opsec::RecentCheck;
use feint_core::order::build::ExportOptions;
use feint_core::order::export::PdfExport;
use feint_core::order::readiness::ReadinessCheck;
use feint_core::order::{Order, OrderEdit};
use feint_core::persona::{
    self, AccountPatch, NewAccount, NewPersona, PersonaPatch, PersonaTemplate, PersonaView,
    PersonaWarning,
};
use feint_core::storyboard::placement::Placement;
use feint_core::storyboard::{
    Event, EventPatch, LaneGrouping, LaneTarget, LaneView, MarkingPatch, NewEvent,
    NewSupportingItem, QuadChart, Storyboard, StoryboardChange,
};
use feint_core::threat::{
    AdversaryPatch, Coverage, LayerImportReport, Recommendation, TechniquePatch, ThreatMatrix,
    ThreatModel,
};
use feint_core::workspace::{AppState, Workspace};
use feint_core::{ErrorCode, FeintError, Result};
use serde::Deserialize;
use tauri::{State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

use crate::{clipboard, Shell};

/// Which kind of file a native picker offers (its filter, and its name in the dialog).
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Operation,
    Layer,
    Release,
    Json,
    Pdf,
    Csv,
    /// Any file (evidence).
    Any,
}

/// Whether the picker opens an existing file or folder, or names a file to write.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PickMode {
    Open,
    Folder,
    Save,
}

impl FileKind {
    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            FileKind::Operation => ("Feint operation", &["feint"]),
            FileKind::Layer => ("ATT&CK Navigator layer", &["json"]),
            FileKind::Release => ("Engage release (zip)", &["zip"]),
            FileKind::Json => ("JSON", &["json"]),
            FileKind::Pdf => ("PDF", &["pdf"]),
            FileKind::Csv => ("CSV", &["csv"]),
            FileKind::Any => ("Any file", &[]),
        }
    }
}

fn pick(
    window: &WebviewWindow,
    kind: FileKind,
    mode: PickMode,
    suggested: String,
) -> Option<String> {
    let (label, extensions) = kind.filter();
    let dialog = window.dialog().file();
    // No filter for "any file": GTK would read an empty list as matching nothing.
    let dialog = if extensions.is_empty() {
        dialog
    } else {
        dialog.add_filter(label, extensions)
    };
    let picked = match mode {
        PickMode::Open => dialog.blocking_pick_file(),
        PickMode::Folder => dialog.blocking_pick_folder(),
        PickMode::Save => dialog.set_file_name(suggested).blocking_save_file(),
    };
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

fn with_ws<T>(shell: &Shell, f: impl FnOnce(&mut Workspace) -> Result<T>) -> Result<T> {
    let mut ws = shell
        .workspace
        .lock()
        .map_err(|_| FeintError::new(ErrorCode::Io, "the workspace is unavailable"))?;
    f(&mut ws)
}

/// Runs a read of the open operation file (an error when none is open).
fn with_doc<T>(shell: &Shell, f: impl FnOnce(&Document) -> Result<T>) -> Result<T> {
    with_ws(shell, |ws| f(ws.doc()?))
}

/// Runs an edit of the open operation file (an error when none is open).
fn with_doc_mut<T>(shell: &Shell, f: impl FnOnce(&mut Document) -> Result<T>) -> Result<T> {
    with_ws(shell, |ws| f(ws.doc_mut()?))
}

pub fn set_title(window: &WebviewWindow, state: &AppState) {
    let title = match &state.file {
        Some(file) => format!("{} — Feint", file.file_name),
        None => "Feint".to_string(),
    };
    let _ = window.set_title(&title);
}

/// File-level actions change which operation is open, so they also retitle the window.
fn titled(window: &WebviewWindow, state: Result<AppState>) -> Result<AppState> {
    if let Ok(state) = &state {
        set_title(window, state);
    }
    state
}

/// Turns the list into `#[tauri::command]` functions. Every command receives the shell state
/// and the window under the names its entry gives (an underscore marks one it does not use).
macro_rules! define_commands {
    (
        sync { $(
            fn $name:ident [$shell:ident, $window:ident]
                ($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty [$($part:ident),*] $body:block
        )* }
        dialog { $(
            fn $dname:ident [$dshell:ident, $dwindow:ident]
                ($($darg:ident : $dty:ty),* $(,)?) -> $dret:ty [$($dpart:ident),*] $dbody:block
        )* }
    ) => {
        $(
            #[tauri::command]
            pub fn $name($shell: State<'_, Shell>, $window: WebviewWindow, $($arg: $ty),*)
                -> Result<$ret> $body
        )*
        $(
            #[tauri::command]
            pub async fn $dname($dshell: State<'_, Shell>, $dwindow: WebviewWindow, $($darg: $dty),*)
                -> Result<$dret> $dbody
        )*
    };
}

with_commands!(define_commands);

/// `tauri::generate_handler!` over every command of the list.
macro_rules! command_handler {
    (
        sync { $(
            fn $name:ident [$shell:ident, $window:ident]
                ($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty [$($part:ident),*] $body:block
        )* }
        dialog { $(
            fn $dname:ident [$dshell:ident, $dwindow:ident]
                ($($darg:ident : $dty:ty),* $(,)?) -> $dret:ty [$($dpart:ident),*] $dbody:block
        )* }
    ) => {
        tauri::generate_handler![$($crate::handlers::$name,)* $($crate::handlers::$dname),*]
    };
}
pub(crate) use command_handler;

#[cfg(test)]
mod tests {
    //! The generated files: `ui/src/lib/commands.ts` (a typed wrapper per command) and the
    //! capability file (one permission per command). `cargo test --features custom-protocol
    //! --bin feint-app` fails when either is stale; `FEINT_BLESS=1` rewrites them.

    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    use ts_rs::{Config, TS};

    use super::*;

    /// One command as the page sees it.
    struct Signature {
        name: &'static str,
        args: Vec<(&'static str, String)>,
        ret: String,
        parts: Vec<&'static str>,
    }

    macro_rules! signatures {
        (
            sync { $(
                fn $name:ident [$shell:ident, $window:ident]
                    ($($arg:ident : $ty:ty),* $(,)?) -> $ret:ty [$($part:ident),*] $body:block
            )* }
            dialog { $(
                fn $dname:ident [$dshell:ident, $dwindow:ident]
                    ($($darg:ident : $dty:ty),* $(,)?) -> $dret:ty [$($dpart:ident),*] $dbody:block
            )* }
        ) => {
            |cfg: &Config| vec![
                $(Signature {
                    name: stringify!($name),
                    args: vec![$((stringify!($arg), <$ty as TS>::name(cfg))),*],
                    ret: <$ret as TS>::name(cfg),
                    parts: vec![$(stringify!($part)),*],
                },)*
                $(Signature {
                    name: stringify!($dname),
                    args: vec![$((stringify!($darg), <$dty as TS>::name(cfg))),*],
                    ret: <$dret as TS>::name(cfg),
                    parts: vec![$(stringify!($dpart)),*],
                },)*
            ]
        };
    }

    const PARTS: [&str; 9] = [
        "operation",
        "catalog",
        "storyboard",
        "personas",
        "threat",
        "order",
        "run",
        "intel",
        "file",
    ];

    fn signatures() -> Vec<Signature> {
        let cfg = Config::default();
        let list = with_commands!(signatures);
        list(&cfg)
    }

    fn camel(snake: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in snake.chars() {
            match c {
                '_' => upper = true,
                c if upper => {
                    out.extend(c.to_uppercase());
                    upper = false;
                }
                c => out.push(c),
            }
        }
        out
    }

    /// The names from `bindings.ts` a set of TypeScript type expressions use.
    fn imported_types<'a>(types: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
        let local = ["Array", "FileKind", "PickMode", "Record", "Partial"];
        types
            .flat_map(|t| t.split(|c: char| !c.is_ascii_alphanumeric() && c != '_'))
            .filter(|word| word.starts_with(|c: char| c.is_ascii_uppercase()))
            .filter(|word| !local.contains(word))
            .map(str::to_string)
            .collect()
    }

    fn wrapper(sig: &Signature) -> String {
        let params: Vec<String> = sig
            .args
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", camel(name)))
            .collect();
        let keys: Vec<String> = sig.args.iter().map(|(name, _)| camel(name)).collect();
        let parts: Vec<String> = sig.parts.iter().map(|p| format!("'{p}'")).collect();
        format!(
            "  {}: ({}) =>\n    call<{}>('{}', {{{}}}, [{}]),\n",
            camel(sig.name),
            params.join(", "),
            sig.ret,
            sig.name,
            if keys.is_empty() {
                String::new()
            } else {
                format!(" {} ", keys.join(", "))
            },
            parts.join(", ")
        )
    }

    fn generate_wrapper() -> String {
        let cfg = Config::default();
        let sigs = signatures();
        let types = sigs
            .iter()
            .flat_map(|s| s.args.iter().map(|(_, t)| t).chain([&s.ret]));
        let imports: Vec<String> = imported_types(types).into_iter().collect();
        let parts: Vec<String> = PARTS.iter().map(|p| format!("'{p}'")).collect();
        let mut out = String::from(
            "// Generated from src-tauri/src/commands.rs by src-tauri/src/handlers.rs. Do not edit.\n",
        );
        out += &format!(
            "import type {{ {} }} from './bindings';\n",
            imports.join(", ")
        );
        out += "import { call } from './invoke';\n\n";
        out += "/** The parts of the open operation a command can change (see commands.rs). */\n";
        out += &format!("export type Part = {};\n\n", parts.join(" | "));
        out += &format!("export {}\n\n", FileKind::decl(&cfg));
        out += &format!("export {}\n\n", PickMode::decl(&cfg));
        out += "export const commands = {\n";
        for sig in &sigs {
            out += &wrapper(sig);
        }
        out += "};\n";
        out
    }

    fn generate_capability() -> String {
        let permissions: Vec<String> = signatures()
            .iter()
            .map(|s| format!("    \"allow-{}\"", s.name.replace('_', "-")))
            .collect();
        format!(
            r#"{{
  "identifier": "default",
  "description": "Generated from src-tauri/src/commands.rs. The main window may call Feint's own commands and nothing else: no shell, no HTTP, no file-system plugin. Native dialogs are opened by Rust, not by the page.",
  "windows": [
    "main"
  ],
  "permissions": [
{}
  ]
}}
"#,
            permissions.join(",\n")
        )
    }

    fn check_fresh(path: &Path, generated: &str) {
        if std::env::var_os("FEINT_BLESS").is_some() {
            std::fs::write(path, generated).unwrap();
            return;
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `FEINT_BLESS=1 cargo test --features custom-protocol --bin feint-app`",
            path.display()
        );
    }

    fn repo() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn command_wrapper_is_fresh() {
        check_fresh(&repo().join("ui/src/lib/commands.ts"), &generate_wrapper());
    }

    #[test]
    fn capability_is_fresh() {
        check_fresh(
            &repo().join("src-tauri/capabilities/default.json"),
            &generate_capability(),
        );
    }

    #[test]
    fn every_changed_part_is_known_and_names_are_unique() {
        let sigs = signatures();
        let names: BTreeSet<_> = sigs.iter().map(|s| s.name).collect();
        assert_eq!(names.len(), sigs.len(), "a command is declared twice");
        for sig in &sigs {
            for part in &sig.parts {
                assert!(PARTS.contains(part), "{}: unknown part {part}", sig.name);
            }
        }
    }
}
