// Every command the page may call, declared once.
//
// Each entry names the command, the values the page sends (with their Rust types), the value it
// gets back, the parts of the operation a success changes, and the body. `with_commands!` hands
// this list to another macro: `handlers.rs` turns it into the `#[tauri::command]` functions and
// the handler registration, `build.rs` into the permission list, and the tests in `handlers.rs`
// into the typed TypeScript wrapper (`ui/src/lib/commands.ts`) and the capability file, both
// checked for freshness. A new command is written here and nowhere else in the shell.
//
// This file holds only the macro: `build.rs` includes it, so it names no item outside the macro.
//
// Changed parts (what the page reloads after a success): `operation` (the operation's fields),
// `catalog` (the release in use), `storyboard` (events, lanes, links, undo and redo), `personas`,
// `threat` (adversary and techniques), `order` (the order's fields and hosts), `run` (phase,
// journal and actuals) and `file` (another file is open: everything). Coverage and readiness are read from these, so they follow them.
//
// `sync` commands run one at a time in call order; `dialog` commands run off the main thread so
// a native dialog can block without freezing the window.

macro_rules! with_commands {
    ($then:ident) => {
        $then! {
        sync {
            fn get_state[shell, _window]() -> AppState [] {
                with_ws(&shell, |ws| ws.state())
            }
            fn startup_error[shell, _window]() -> Option<FeintError> [] {
                Ok(shell.startup_error.lock().ok().and_then(|mut e| e.take()))
            }
            fn new_operation[shell, window](path: PathBuf, name: String) -> AppState [file] {
                titled(&window, with_ws(&shell, |ws| ws.new_operation(&path, &name)))
            }
            fn open_operation[shell, window](path: PathBuf) -> AppState [file] {
                titled(&window, with_ws(&shell, |ws| ws.open(&path)))
            }
            fn save_as[shell, window](path: PathBuf) -> AppState [file] {
                titled(&window, with_ws(&shell, |ws| ws.save_as(&path)))
            }
            fn update_operation[shell, _window](patch: OperationPatch) -> Operation [operation] {
                with_ws(&shell, |ws| ws.update_operation(patch))
            }

            fn catalog_matrix[shell, _window]() -> Matrix [] {
                with_ws(&shell, |ws| ws.catalog_matrix())
            }
            fn catalog_search[shell, _window](query: String) -> Vec<String> [] {
                with_ws(&shell, |ws| ws.catalog_search(&query))
            }
            fn activity_details[shell, _window](id: String) -> ActivityDetails [] {
                with_ws(&shell, |ws| ws.activity_details(&id))
            }
            fn search_techniques[shell, _window](query: String) -> Vec<Technique> [] {
                with_ws(&shell, |ws| ws.search_techniques(&query))
            }
            fn catalog_techniques[_shell, _window]() -> Vec<Technique> [] {
                Ok(catalog::builtin().techniques.clone())
            }
            fn catalog_versions[shell, _window]() -> Vec<CatalogVersion> [] {
                with_ws(&shell, |ws| Ok(ws.catalog_versions()))
            }
            fn about[shell, _window]() -> About [] {
                with_ws(&shell, |ws| Ok(About::new(ws.catalog_versions())))
            }
            fn import_release[shell, _window](path: PathBuf) -> ReleaseImport [catalog] {
                with_ws(&shell, |ws| ws.import_release(&path))
            }

            fn threat_model[shell, _window]() -> ThreatModel [] {
                with_ws(&shell, |ws| ws.threat_model())
            }
            fn update_adversary[shell, _window](patch: AdversaryPatch) -> ThreatModel [threat] {
                with_ws(&shell, |ws| ws.update_adversary(patch))
            }
            fn add_techniques[shell, _window](ids: Vec<String>) -> ThreatModel [threat] {
                with_ws(&shell, |ws| ws.add_techniques(&ids))
            }
            fn update_technique[shell, _window](id: String, patch: TechniquePatch) -> ThreatModel [threat] {
                with_ws(&shell, |ws| ws.update_technique(&id, patch))
            }
            fn remove_technique[shell, _window](id: String) -> ThreatModel [threat] {
                with_ws(&shell, |ws| ws.remove_technique(&id))
            }
            fn import_layer[shell, _window](path: PathBuf) -> LayerImportReport [threat] {
                with_ws(&shell, |ws| ws.import_layer(&path))
            }
            fn recommendations[shell, _window](goal: Option<String>) -> Vec<Recommendation> [] {
                with_ws(&shell, |ws| ws.recommendations(goal.as_deref()))
            }
            fn place_recommendation[shell, _window](
                activity_id: String,
                day: i32,
                minute: i32,
                lane: Option<LaneTarget>
            ) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.place_recommendation(&activity_id, day, minute, lane))
            }
            fn coverage[shell, _window]() -> Coverage [] {
                with_ws(&shell, |ws| ws.coverage())
            }
            fn export_layer[shell, _window](path: PathBuf) -> () [] {
                with_ws(&shell, |ws| ws.export_layer(&path))
            }

            fn storyboard[shell, _window]() -> Storyboard [] {
                with_ws(&shell, |ws| ws.storyboard())
            }
            fn lane_view[shell, _window](grouping: LaneGrouping) -> LaneView [] {
                with_ws(&shell, |ws| ws.lane_view(grouping))
            }
            fn quad_chart[shell, _window]() -> QuadChart [] {
                with_ws(&shell, |ws| ws.quad_chart())
            }
            fn add_event[shell, _window](event: NewEvent) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.add_event(event))
            }
            fn update_event[shell, _window](id: String, patch: EventPatch) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.update_event(&id, patch))
            }
            fn move_events[shell, _window](
                ids: Vec<String>,
                delta_minutes: i32,
                target: Option<LaneTarget>
            ) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.move_events(&ids, delta_minutes, target))
            }
            fn resize_event[shell, _window](id: String, duration_min: i32) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.resize_event(&id, duration_min))
            }
            fn delete_events[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.delete_events(&ids))
            }
            fn duplicate_events[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.duplicate_events(&ids))
            }
            fn set_marking[shell, _window](ids: Vec<String>, marking: MarkingPatch) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.set_marking(&ids, marking))
            }
            fn add_supporting[shell, _window](item: NewSupportingItem) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.add_supporting(item))
            }
            fn delete_supporting[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.delete_supporting(&ids))
            }
            // An undone step may be a persona link, so the personas' event lists follow too.
            fn undo[shell, _window]() -> Option<StoryboardChange> [storyboard, personas] {
                with_ws(&shell, |ws| ws.undo())
            }
            fn redo[shell, _window]() -> Option<StoryboardChange> [storyboard, personas] {
                with_ws(&shell, |ws| ws.redo())
            }
            fn add_lane[shell, _window](name: String) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.add_lane(&name))
            }
            fn rename_lane[shell, _window](id: String, name: String) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.rename_lane(&id, &name))
            }
            fn reorder_lanes[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.reorder_lanes(&ids))
            }
            fn delete_lane[shell, _window](id: String) -> StoryboardChange [storyboard] {
                with_ws(&shell, |ws| ws.delete_lane(&id))
            }
            fn set_event_personas[shell, _window](
                event_id: String,
                persona_ids: Vec<String>
            ) -> StoryboardChange [storyboard, personas] {
                with_ws(&shell, |ws| ws.set_event_personas(&event_id, &persona_ids))
            }

            fn personas[shell, _window]() -> Vec<PersonaView> [] {
                with_ws(&shell, |ws| ws.personas()).map(|ps| ps.into_iter().map(Into::into).collect())
            }
            fn persona_templates[_shell, _window]() -> Vec<PersonaTemplate> [] {
                Ok(persona::templates())
            }
            fn create_persona[shell, _window](persona: NewPersona) -> PersonaView [personas] {
                with_ws(&shell, |ws| ws.create_persona(persona)).map(Into::into)
            }
            fn update_persona[shell, _window](id: String, patch: PersonaPatch) -> PersonaView [personas] {
                with_ws(&shell, |ws| ws.update_persona(&id, patch)).map(Into::into)
            }
            fn duplicate_persona[shell, _window](id: String) -> PersonaView [personas] {
                with_ws(&shell, |ws| ws.duplicate_persona(&id)).map(Into::into)
            }
            // Deleting a persona also drops its links to events.
            fn delete_persona[shell, _window](id: String) -> () [personas, storyboard] {
                with_ws(&shell, |ws| ws.delete_persona(&id))
            }
            fn add_account[shell, _window](persona_id: String, account: NewAccount) -> PersonaView [personas] {
                with_ws(&shell, |ws| ws.add_account(&persona_id, account)).map(Into::into)
            }
            fn update_account[shell, _window](
                persona_id: String,
                account_id: String,
                patch: AccountPatch
            ) -> PersonaView [personas] {
                with_ws(&shell, |ws| ws.update_account(&persona_id, &account_id, patch)).map(Into::into)
            }
            fn delete_account[shell, _window](persona_id: String, account_id: String) -> PersonaView [personas] {
                with_ws(&shell, |ws| ws.delete_account(&persona_id, &account_id)).map(Into::into)
            }
            fn persona_events[shell, _window](persona_id: String) -> Vec<Event> [] {
                with_ws(&shell, |ws| ws.persona_events(&persona_id))
            }
            fn persona_warnings[shell, _window]() -> Vec<PersonaWarning> [] {
                with_ws(&shell, |ws| ws.persona_warnings())
            }
            fn export_persona[shell, _window](id: String, path: PathBuf) -> () [] {
                with_ws(&shell, |ws| ws.export_persona(&id, &path))
            }
            fn import_persona[shell, _window](path: PathBuf) -> PersonaView [personas] {
                with_ws(&shell, |ws| ws.import_persona(&path)).map(Into::into)
            }
            // Puts an account's secret on the clipboard and clears it there after a delay unless
            // something else was copied since; answers the delay in seconds.
            fn copy_secret[shell, window](text: String) -> u32 [] {
                clipboard::copy_secret(&window, text, shell.clipboard_clear_after)
            }

            fn order[shell, _window]() -> Order [] {
                with_ws(&shell, |ws| ws.order())
            }
            fn edit_order[shell, _window](edit: OrderEdit) -> Order [order] {
                with_ws(&shell, |ws| ws.edit_order(edit))
            }
            fn readiness[shell, _window]() -> Vec<ReadinessCheck> [] {
                with_ws(&shell, |ws| ws.readiness())
            }
            fn export_pdf[shell, _window](path: PathBuf, options: ExportOptions) -> PdfExport [] {
                with_ws(&shell, |ws| ws.export_pdf(&path, options))
            }
            fn export_csv[shell, _window](path: PathBuf) -> String [] {
                with_ws(&shell, |ws| ws.export_csv(&path))
            }

            fn run_state[shell, _window]() -> RunState [] {
                with_ws(&shell, |ws| ws.doc()?.run_state())
            }
            fn change_phase[shell, _window](change: PhaseChange) -> RunState [run] {
                with_ws(&shell, |ws| ws.doc_mut()?.change_phase(change))
            }
            fn plan_changes[shell, _window]() -> Vec<PlanChange> [] {
                with_ws(&shell, |ws| ws.doc()?.plan_changes())
            }
            fn journal[shell, _window]() -> Vec<JournalLine> [] {
                with_ws(&shell, |ws| ws.doc()?.journal())
            }
            fn add_journal_entry[shell, _window](entry: NewEntry) -> JournalLine [run] {
                with_ws(&shell, |ws| ws.doc_mut()?.add_journal_entry(entry))
            }
            fn correct_journal_entry[shell, _window](id: String, correction: Correction) -> JournalLine [run] {
                with_ws(&shell, |ws| ws.doc_mut()?.correct_journal_entry(&id, correction))
            }
            fn actuals[shell, _window]() -> Vec<ActualView> [] {
                with_ws(&shell, |ws| ws.doc()?.actuals())
            }
            fn set_actual[shell, _window](event_id: String, patch: ActualPatch) -> ActualView [run] {
                with_ws(&shell, |ws| ws.doc_mut()?.set_actual(&event_id, patch))
            }
        }
        dialog {
            // The one native file picker: `None` when the planner cancels.
            fn pick_path[_shell, window](kind: FileKind, mode: PickMode, suggested: String) -> Option<String> [] {
                Ok(pick(&window, kind, mode, suggested))
            }
        }
        }
    };
}
