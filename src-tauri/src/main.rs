//! `feint-app`: the Tauri desktop shell. It holds one `Workspace` from the core and exposes it
//! through the thin commands in `commands.rs`; no rule lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use std::path::PathBuf;
use std::sync::Mutex;

use feint_core::workspace::Workspace;
use feint_core::FeintError;
use tauri::Manager;

pub struct Shell {
    pub workspace: Mutex<Workspace>,
    /// Why the file named on the command line could not be opened, shown once by the UI.
    pub startup_error: Mutex<Option<FeintError>>,
}

fn main() {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == "--version")
    {
        println!("{}", feint_core::about::version_line());
        return;
    }
    let file_arg = file_from_args();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            // FEINT_CONFIG_DIR lets tests (and careful users) keep the recent list elsewhere.
            let config_dir = std::env::var_os("FEINT_CONFIG_DIR")
                .map(PathBuf::from)
                .or_else(|| app.path().app_config_dir().ok());
            let mut workspace = Workspace::new(config_dir);
            let startup_error = file_arg.and_then(|path| workspace.open(&path).err());
            if let (Some(window), Ok(state)) = (app.get_webview_window("main"), workspace.state()) {
                commands::set_title(&window, &state);
            }
            app.manage(Shell {
                workspace: Mutex::new(workspace),
                startup_error: Mutex::new(startup_error),
            });
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::get_state,
            commands::startup_error,
            commands::new_operation,
            commands::open_operation,
            commands::save_as,
            commands::update_operation,
            commands::pick_open_path,
            commands::pick_save_path,
            commands::catalog_matrix,
            commands::catalog_search,
            commands::activity_details,
            commands::storyboard,
            commands::lane_view,
            commands::quad_chart,
            commands::add_event,
            commands::update_event,
            commands::move_events,
            commands::resize_event,
            commands::delete_events,
            commands::duplicate_events,
            commands::set_marking,
            commands::add_supporting,
            commands::delete_supporting,
            commands::undo,
            commands::redo,
            commands::pick_layer_path,
            commands::pick_release_path,
            commands::pick_layer_save_path,
            commands::search_techniques,
            commands::catalog_versions,
            commands::import_release,
            commands::threat_model,
            commands::update_adversary,
            commands::add_techniques,
            commands::update_technique,
            commands::remove_technique,
            commands::import_layer,
            commands::recommendations,
            commands::place_recommendation,
            commands::coverage,
            commands::export_layer,
            commands::catalog_techniques,
            commands::add_lane,
            commands::rename_lane,
            commands::reorder_lanes,
            commands::delete_lane,
            commands::set_event_personas,
            commands::personas,
            commands::persona_templates,
            commands::create_persona,
            commands::update_persona,
            commands::duplicate_persona,
            commands::delete_persona,
            commands::add_account,
            commands::update_account,
            commands::delete_account,
            commands::persona_events,
            commands::persona_warnings,
            commands::export_persona,
            commands::import_persona,
            commands::pick_json_path,
            commands::order,
            commands::edit_order,
            commands::readiness,
            commands::export_pdf,
            commands::pick_pdf_path,
            commands::export_csv,
            commands::pick_csv_path,
            commands::about,
        ])
        .run(tauri::generate_context!())
        .expect("error while running Feint");
}

/// The operation a file manager (or a user) asked to open: the first argument, as a path or a
/// `file://` URI. Every launch is its own process and window, so a second file opened from the
/// file manager gets a window of its own.
fn file_from_args() -> Option<PathBuf> {
    std::env::args_os()
        .nth(1)
        .map(|arg| feint_core::launch::path_from_arg(&arg))
}
