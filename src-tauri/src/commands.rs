//! Tauri commands: each one locks the workspace, calls the core, and returns its result.
//! Errors cross as the core's `{code, message}`.

use std::path::PathBuf;

use feint_core::catalog::{
    self, ActivityDetails, CatalogVersion, Matrix, ReleaseImport, Technique,
};
use feint_core::operation::{Operation, OperationPatch};
use feint_core::order::build::ExportOptions;
use feint_core::order::readiness::ReadinessCheck;
use feint_core::order::{Order, OrderEdit};
use feint_core::persona::{
    self, AccountPatch, NewAccount, NewPersona, PersonaPatch, PersonaTemplate, PersonaView,
    PersonaWarning,
};
use feint_core::storyboard::{
    Event, EventPatch, LaneGrouping, LaneTarget, LaneView, MarkingPatch, NewEvent,
    NewSupportingItem, QuadChart, Storyboard, StoryboardChange,
};
use feint_core::threat::{
    AdversaryPatch, Coverage, LayerImportReport, Recommendation, TechniquePatch, ThreatModel,
};
use feint_core::workspace::{AppState, PdfExport, Workspace};
use feint_core::{ErrorCode, FeintError, Result};
use tauri::{State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::Shell;

fn with_ws<T>(shell: &Shell, f: impl FnOnce(&mut Workspace) -> Result<T>) -> Result<T> {
    let mut ws = shell
        .workspace
        .lock()
        .map_err(|_| FeintError::new(ErrorCode::Io, "the workspace is unavailable"))?;
    f(&mut ws)
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

#[tauri::command]
pub fn get_state(shell: State<Shell>) -> Result<AppState> {
    with_ws(&shell, |ws| ws.state())
}

#[tauri::command]
pub fn startup_error(shell: State<Shell>) -> Option<FeintError> {
    shell.startup_error.lock().ok().and_then(|mut e| e.take())
}

#[tauri::command]
pub fn new_operation(
    shell: State<Shell>,
    window: WebviewWindow,
    path: PathBuf,
    name: String,
) -> Result<AppState> {
    titled(
        &window,
        with_ws(&shell, |ws| ws.new_operation(&path, &name)),
    )
}

#[tauri::command]
pub fn open_operation(
    shell: State<Shell>,
    window: WebviewWindow,
    path: PathBuf,
) -> Result<AppState> {
    titled(&window, with_ws(&shell, |ws| ws.open(&path)))
}

#[tauri::command]
pub fn save_as(shell: State<Shell>, window: WebviewWindow, path: PathBuf) -> Result<AppState> {
    titled(&window, with_ws(&shell, |ws| ws.save_as(&path)))
}

#[tauri::command]
pub fn update_operation(shell: State<Shell>, patch: OperationPatch) -> Result<Operation> {
    with_ws(&shell, |ws| ws.update_operation(patch))
}

#[tauri::command]
pub async fn pick_open_path(window: WebviewWindow) -> Option<String> {
    let picked = window
        .dialog()
        .file()
        .add_filter("Feint operation", &["feint"])
        .blocking_pick_file();
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

#[tauri::command]
pub async fn pick_save_path(window: WebviewWindow, suggested: String) -> Option<String> {
    let picked = window
        .dialog()
        .file()
        .add_filter("Feint operation", &["feint"])
        .set_file_name(suggested)
        .blocking_save_file();
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

/// A native picker for a file (with a filter) or a folder; `None` when cancelled.
fn pick(window: &WebviewWindow, filter: (&str, &[&str]), folder: bool) -> Option<String> {
    let dialog = window.dialog().file().add_filter(filter.0, filter.1);
    let picked = if folder {
        dialog.blocking_pick_folder()
    } else {
        dialog.blocking_pick_file()
    };
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

#[tauri::command]
pub async fn pick_layer_path(window: WebviewWindow) -> Option<String> {
    pick(&window, ("ATT&CK Navigator layer", &["json"]), false)
}

#[tauri::command]
pub async fn pick_release_path(window: WebviewWindow, folder: bool) -> Option<String> {
    pick(&window, ("Engage release (zip)", &["zip"]), folder)
}

#[tauri::command]
pub async fn pick_layer_save_path(window: WebviewWindow, suggested: String) -> Option<String> {
    let picked = window
        .dialog()
        .file()
        .add_filter("ATT&CK Navigator layer", &["json"])
        .set_file_name(suggested)
        .blocking_save_file();
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

// The catalog the open operation uses (an imported release brings official descriptions).

#[tauri::command]
pub fn catalog_matrix(shell: State<Shell>) -> Result<Matrix> {
    with_ws(&shell, |ws| ws.catalog_matrix())
}

#[tauri::command]
pub fn catalog_search(shell: State<Shell>, query: String) -> Result<Vec<String>> {
    with_ws(&shell, |ws| ws.catalog_search(&query))
}

#[tauri::command]
pub fn activity_details(shell: State<Shell>, id: String) -> Result<ActivityDetails> {
    with_ws(&shell, |ws| ws.activity_details(&id))
}

#[tauri::command]
pub fn search_techniques(shell: State<Shell>, query: String) -> Result<Vec<Technique>> {
    with_ws(&shell, |ws| ws.search_techniques(&query))
}

#[tauri::command]
pub fn catalog_versions(shell: State<Shell>) -> Result<Vec<CatalogVersion>> {
    with_ws(&shell, |ws| Ok(ws.catalog_versions()))
}

#[tauri::command]
pub fn import_release(shell: State<Shell>, path: PathBuf) -> Result<ReleaseImport> {
    with_ws(&shell, |ws| ws.import_release(&path))
}

// The threat model.

#[tauri::command]
pub fn threat_model(shell: State<Shell>) -> Result<ThreatModel> {
    with_ws(&shell, |ws| ws.threat_model())
}

#[tauri::command]
pub fn update_adversary(shell: State<Shell>, patch: AdversaryPatch) -> Result<ThreatModel> {
    with_ws(&shell, |ws| ws.update_adversary(patch))
}

#[tauri::command]
pub fn add_techniques(shell: State<Shell>, ids: Vec<String>) -> Result<ThreatModel> {
    with_ws(&shell, |ws| ws.add_techniques(&ids))
}

#[tauri::command]
pub fn update_technique(
    shell: State<Shell>,
    id: String,
    patch: TechniquePatch,
) -> Result<ThreatModel> {
    with_ws(&shell, |ws| ws.update_technique(&id, patch))
}

#[tauri::command]
pub fn remove_technique(shell: State<Shell>, id: String) -> Result<ThreatModel> {
    with_ws(&shell, |ws| ws.remove_technique(&id))
}

#[tauri::command]
pub fn import_layer(shell: State<Shell>, path: PathBuf) -> Result<LayerImportReport> {
    with_ws(&shell, |ws| ws.import_layer(&path))
}

#[tauri::command]
pub fn recommendations(shell: State<Shell>, goal: Option<String>) -> Result<Vec<Recommendation>> {
    with_ws(&shell, |ws| ws.recommendations(goal.as_deref()))
}

#[tauri::command]
pub fn place_recommendation(
    shell: State<Shell>,
    activity_id: String,
    day: i32,
    minute: i32,
    lane: Option<LaneTarget>,
) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| {
        ws.place_recommendation(&activity_id, day, minute, lane)
    })
}

#[tauri::command]
pub fn coverage(shell: State<Shell>) -> Result<Coverage> {
    with_ws(&shell, |ws| ws.coverage())
}

#[tauri::command]
pub fn export_layer(shell: State<Shell>, path: PathBuf) -> Result<()> {
    with_ws(&shell, |ws| ws.export_layer(&path))
}

// The storyboard: each edit returns only what it changed (see `StoryboardChange`).

#[tauri::command]
pub fn storyboard(shell: State<Shell>) -> Result<Storyboard> {
    with_ws(&shell, |ws| ws.storyboard())
}

#[tauri::command]
pub fn lane_view(shell: State<Shell>, grouping: LaneGrouping) -> Result<LaneView> {
    with_ws(&shell, |ws| ws.lane_view(grouping))
}

#[tauri::command]
pub fn quad_chart(shell: State<Shell>) -> Result<QuadChart> {
    with_ws(&shell, |ws| ws.quad_chart())
}

#[tauri::command]
pub fn add_event(shell: State<Shell>, event: NewEvent) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.add_event(event))
}

#[tauri::command]
pub fn update_event(
    shell: State<Shell>,
    id: String,
    patch: EventPatch,
) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.update_event(&id, patch))
}

#[tauri::command]
pub fn move_events(
    shell: State<Shell>,
    ids: Vec<String>,
    delta_minutes: i32,
    target: Option<LaneTarget>,
) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.move_events(&ids, delta_minutes, target))
}

#[tauri::command]
pub fn resize_event(
    shell: State<Shell>,
    id: String,
    duration_min: i32,
) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.resize_event(&id, duration_min))
}

#[tauri::command]
pub fn delete_events(shell: State<Shell>, ids: Vec<String>) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.delete_events(&ids))
}

#[tauri::command]
pub fn duplicate_events(shell: State<Shell>, ids: Vec<String>) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.duplicate_events(&ids))
}

#[tauri::command]
pub fn set_marking(
    shell: State<Shell>,
    ids: Vec<String>,
    marking: MarkingPatch,
) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.set_marking(&ids, marking))
}

#[tauri::command]
pub fn add_supporting(shell: State<Shell>, item: NewSupportingItem) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.add_supporting(item))
}

#[tauri::command]
pub fn delete_supporting(shell: State<Shell>, ids: Vec<String>) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.delete_supporting(&ids))
}

#[tauri::command]
pub fn undo(shell: State<Shell>) -> Result<Option<StoryboardChange>> {
    with_ws(&shell, |ws| ws.undo())
}

#[tauri::command]
pub fn redo(shell: State<Shell>) -> Result<Option<StoryboardChange>> {
    with_ws(&shell, |ws| ws.redo())
}

#[tauri::command]
pub fn catalog_techniques() -> Vec<Technique> {
    catalog::builtin().techniques.clone()
}

// Custom lanes, and the personas of an event: storyboard edits like the others.

#[tauri::command]
pub fn add_lane(shell: State<Shell>, name: String) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.add_lane(&name))
}

#[tauri::command]
pub fn rename_lane(shell: State<Shell>, id: String, name: String) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.rename_lane(&id, &name))
}

#[tauri::command]
pub fn reorder_lanes(shell: State<Shell>, ids: Vec<String>) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.reorder_lanes(&ids))
}

#[tauri::command]
pub fn delete_lane(shell: State<Shell>, id: String) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.delete_lane(&id))
}

#[tauri::command]
pub fn set_event_personas(
    shell: State<Shell>,
    event_id: String,
    persona_ids: Vec<String>,
) -> Result<StoryboardChange> {
    with_ws(&shell, |ws| ws.set_event_personas(&event_id, &persona_ids))
}

// Personas: each edit returns the persona as stored, with its avatar.

#[tauri::command]
pub fn personas(shell: State<Shell>) -> Result<Vec<PersonaView>> {
    with_ws(&shell, |ws| ws.personas()).map(|ps| ps.into_iter().map(Into::into).collect())
}

#[tauri::command]
pub fn persona_templates() -> Vec<PersonaTemplate> {
    persona::templates()
}

#[tauri::command]
pub fn create_persona(shell: State<Shell>, new: NewPersona) -> Result<PersonaView> {
    with_ws(&shell, |ws| ws.create_persona(new)).map(Into::into)
}

#[tauri::command]
pub fn update_persona(shell: State<Shell>, id: String, patch: PersonaPatch) -> Result<PersonaView> {
    with_ws(&shell, |ws| ws.update_persona(&id, patch)).map(Into::into)
}

#[tauri::command]
pub fn duplicate_persona(shell: State<Shell>, id: String) -> Result<PersonaView> {
    with_ws(&shell, |ws| ws.duplicate_persona(&id)).map(Into::into)
}

#[tauri::command]
pub fn delete_persona(shell: State<Shell>, id: String) -> Result<()> {
    with_ws(&shell, |ws| ws.delete_persona(&id))
}

#[tauri::command]
pub fn add_account(
    shell: State<Shell>,
    persona_id: String,
    new: NewAccount,
) -> Result<PersonaView> {
    with_ws(&shell, |ws| ws.add_account(&persona_id, new)).map(Into::into)
}

#[tauri::command]
pub fn update_account(
    shell: State<Shell>,
    persona_id: String,
    account_id: String,
    patch: AccountPatch,
) -> Result<PersonaView> {
    with_ws(&shell, |ws| {
        ws.update_account(&persona_id, &account_id, patch)
    })
    .map(Into::into)
}

#[tauri::command]
pub fn delete_account(
    shell: State<Shell>,
    persona_id: String,
    account_id: String,
) -> Result<PersonaView> {
    with_ws(&shell, |ws| ws.delete_account(&persona_id, &account_id)).map(Into::into)
}

#[tauri::command]
pub fn persona_events(shell: State<Shell>, persona_id: String) -> Result<Vec<Event>> {
    with_ws(&shell, |ws| ws.persona_events(&persona_id))
}

#[tauri::command]
pub fn persona_warnings(shell: State<Shell>) -> Result<Vec<PersonaWarning>> {
    with_ws(&shell, |ws| ws.persona_warnings())
}

#[tauri::command]
pub fn export_persona(shell: State<Shell>, id: String, path: PathBuf) -> Result<()> {
    with_ws(&shell, |ws| ws.export_persona(&id, &path))
}

#[tauri::command]
pub fn import_persona(shell: State<Shell>, path: PathBuf) -> Result<PersonaView> {
    with_ws(&shell, |ws| ws.import_persona(&path)).map(Into::into)
}

#[tauri::command]
pub async fn pick_json_path(
    window: WebviewWindow,
    save: bool,
    suggested: String,
) -> Option<String> {
    let dialog = window.dialog().file().add_filter("JSON", &["json"]);
    let picked = if save {
        dialog.set_file_name(suggested).blocking_save_file()
    } else {
        dialog.blocking_pick_file()
    };
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

// The operation order.

#[tauri::command]
pub fn order(shell: State<Shell>) -> Result<Order> {
    with_ws(&shell, |ws| ws.order())
}

#[tauri::command]
pub fn edit_order(shell: State<Shell>, edit: OrderEdit) -> Result<Order> {
    with_ws(&shell, |ws| ws.edit_order(edit))
}

#[tauri::command]
pub fn readiness(shell: State<Shell>) -> Result<Vec<ReadinessCheck>> {
    with_ws(&shell, |ws| ws.readiness())
}

#[tauri::command]
pub fn export_pdf(shell: State<Shell>, path: PathBuf, options: ExportOptions) -> Result<PdfExport> {
    with_ws(&shell, |ws| ws.export_pdf(&path, options))
}

#[tauri::command]
pub async fn pick_pdf_path(window: WebviewWindow, suggested: String) -> Option<String> {
    let picked = window
        .dialog()
        .file()
        .add_filter("PDF", &["pdf"])
        .set_file_name(suggested)
        .blocking_save_file();
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

#[tauri::command]
pub fn export_csv(shell: State<Shell>, path: PathBuf) -> Result<String> {
    with_ws(&shell, |ws| ws.export_csv(&path))
}

#[tauri::command]
pub async fn pick_csv_path(window: WebviewWindow, suggested: String) -> Option<String> {
    let picked = window
        .dialog()
        .file()
        .add_filter("CSV", &["csv"])
        .set_file_name(suggested)
        .blocking_save_file();
    picked
        .and_then(|p| p.into_path().ok())
        .map(|p| p.to_string_lossy().into_owned())
}

// About and Help.

#[tauri::command]
pub fn about(shell: State<Shell>) -> Result<feint_core::about::About> {
    with_ws(&shell, |ws| {
        Ok(feint_core::about::About::new(ws.catalog_versions()))
    })
}
