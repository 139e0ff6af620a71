fn main() {
    // Declaring the app's commands makes each one need an explicit permission, so the
    // capability file is the complete list of what the page may call.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "get_state",
        "startup_error",
        "new_operation",
        "open_operation",
        "save_as",
        "update_operation",
        "pick_open_path",
        "pick_save_path",
        "catalog_matrix",
        "catalog_search",
        "activity_details",
        "storyboard",
        "lane_view",
        "quad_chart",
        "add_event",
        "update_event",
        "move_events",
        "resize_event",
        "delete_events",
        "duplicate_events",
        "set_marking",
        "add_supporting",
        "delete_supporting",
        "undo",
        "redo",
        "catalog_techniques",
        "add_lane",
        "rename_lane",
        "reorder_lanes",
        "delete_lane",
        "set_event_personas",
        "personas",
        "persona_templates",
        "create_persona",
        "update_persona",
        "duplicate_persona",
        "delete_persona",
        "add_account",
        "update_account",
        "delete_account",
        "persona_events",
        "persona_warnings",
        "export_persona",
        "import_persona",
        "pick_json_path",
    ]);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(manifest)
            .capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri build script failed");
}
