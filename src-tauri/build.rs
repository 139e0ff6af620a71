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
        "pick_layer_path",
        "pick_release_path",
        "pick_layer_save_path",
        "catalog_techniques",
        "catalog_versions",
        "import_release",
        "threat_model",
        "update_adversary",
        "add_techniques",
        "update_technique",
        "remove_technique",
        "import_layer",
        "recommendations",
        "place_recommendation",
        "coverage",
        "export_layer",
    ]);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(manifest)
            .capabilities_path_pattern("./src-tauri/capabilities/**/*"),
    )
    .expect("tauri build script failed");
}
