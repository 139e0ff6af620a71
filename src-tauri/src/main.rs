//! `feint-app`: the Tauri desktop shell. It holds one `Workspace` from the core and exposes it
//! through the commands declared in `commands.rs`; no rule lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod clipboard;
#[macro_use]
mod commands;
mod handlers;
#[cfg(target_os = "linux")]
mod webview;

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use feint_core::workspace::Workspace;
use feint_core::{ErrorCode, FeintError};
use handlers::command_handler;
use tauri::Manager;

pub struct Shell {
    pub workspace: Mutex<Workspace>,
    /// Why the file named on the command line could not be opened, shown once by the UI.
    pub startup_error: Mutex<Option<FeintError>>,
    /// The file named on the command line when it is encrypted: the UI asks for its passphrase.
    pub locked_startup_file: Mutex<Option<String>>,
    /// How long a copied secret stays on the clipboard (see `clipboard.rs`).
    pub clipboard_clear_after: Duration,
}

fn main() {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == "--version")
    {
        println!("{}", feint_core::about::version_line());
        return;
    }
    #[cfg(target_os = "linux")]
    webview::prepare_environment();
    let file_arg = file_from_args();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            // The window is created hidden (tauri.conf.json): on Linux it is shown once its
            // page has loaded (see webview.rs), elsewhere at once.
            #[cfg(target_os = "linux")]
            if let Some(window) = app.get_webview_window("main") {
                webview::tune(&window);
            }
            #[cfg(not(target_os = "linux"))]
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.show();
            }
            // FEINT_CONFIG_DIR lets tests (and careful users) keep the recent list elsewhere.
            let config_dir = std::env::var_os("FEINT_CONFIG_DIR")
                .map(PathBuf::from)
                .or_else(|| app.path().app_config_dir().ok());
            let mut workspace = Workspace::new(config_dir);
            let startup_error = file_arg
                .as_ref()
                .and_then(|path| workspace.open(path).err());
            let locked_startup_file = file_arg
                .filter(|_| {
                    startup_error
                        .as_ref()
                        .is_some_and(|e| e.code == ErrorCode::PassphraseRequired)
                })
                .map(|path| path.to_string_lossy().into_owned());
            if let (Some(window), Ok(state)) = (app.get_webview_window("main"), workspace.state()) {
                handlers::set_title(&window, &state);
            }
            app.manage(Shell {
                workspace: Mutex::new(workspace),
                startup_error: Mutex::new(startup_error),
                locked_startup_file: Mutex::new(locked_startup_file),
                clipboard_clear_after: clipboard::clear_after_from_env(),
            });
            Ok(())
        })
        .invoke_handler(with_commands!(command_handler))
        .build(tauri::generate_context!())
        .expect("error while building Feint")
        .run(|app, event| {
            // The file holds every edit already (rollback journal); closing it on every exit
            // path (close button, Ctrl+Q, last window gone) still releases it cleanly.
            if let tauri::RunEvent::Exit = event {
                if let Ok(mut workspace) = app.state::<Shell>().workspace.lock() {
                    workspace.close();
                }
            }
        });
}

/// The operation a file manager (or a user) asked to open: the first argument, as a path or a
/// `file://` URI. Every launch is its own process and window, so a second file opened from the
/// file manager gets a window of its own.
fn file_from_args() -> Option<PathBuf> {
    std::env::args_os()
        .nth(1)
        .map(|arg| feint_core::launch::path_from_arg(&arg))
}
