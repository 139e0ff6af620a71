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
// journal, actuals and the after-action review), `intel` (indicators and evidence) and `file` (another file is open: everything). Coverage and readiness are read from these, so they follow them.
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
                with_doc_mut(&shell, |doc| doc.update_operation(patch))
            }

            fn catalog_matrix[shell, _window]() -> Matrix [] {
                with_ws(&shell, |ws| Ok(ws.catalog()?.matrix()))
            }
            fn catalog_search[shell, _window](query: String) -> Vec<String> [] {
                with_ws(&shell, |ws| Ok(ws.catalog()?.search(&query)))
            }
            fn activity_details[shell, _window](id: String) -> ActivityDetails [] {
                with_ws(&shell, |ws| ws.catalog()?.activity_details(&id))
            }
            fn search_techniques[shell, _window](query: String) -> Vec<Technique> [] {
                with_ws(&shell, |ws| Ok(ws.catalog()?.search_techniques(&query)))
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
                with_doc(&shell, |doc| doc.threat_model())
            }
            fn update_adversary[shell, _window](patch: AdversaryPatch) -> ThreatModel [threat] {
                with_doc_mut(&shell, |doc| doc.update_adversary(patch))
            }
            fn add_techniques[shell, _window](ids: Vec<String>) -> ThreatModel [threat] {
                with_doc_mut(&shell, |doc| doc.add_techniques(&ids))
            }
            fn update_technique[shell, _window](id: String, patch: TechniquePatch) -> ThreatModel [threat] {
                with_doc_mut(&shell, |doc| doc.update_technique(&id, patch))
            }
            fn remove_technique[shell, _window](id: String) -> ThreatModel [threat] {
                with_doc_mut(&shell, |doc| doc.remove_technique(&id))
            }
            fn import_layer[shell, _window](path: PathBuf) -> LayerImportReport [threat] {
                with_doc_mut(&shell, |doc| doc.import_layer(&path))
            }
            fn recommendations[shell, _window](goal: Option<String>) -> Vec<Recommendation> [] {
                with_doc(&shell, |doc| doc.recommendations(goal.as_deref()))
            }
            fn place_recommendation[shell, _window](placement: Placement) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.place_recommendation(&placement))
            }
            fn coverage[shell, _window]() -> Coverage [] {
                with_doc(&shell, |doc| doc.coverage())
            }
            fn export_layer[shell, _window](path: PathBuf) -> () [] {
                with_doc(&shell, |doc| doc.export_layer(&path))
            }

            fn storyboard[shell, _window]() -> Storyboard [] {
                with_doc(&shell, |doc| doc.storyboard())
            }
            fn lane_view[shell, _window](grouping: LaneGrouping) -> LaneView [] {
                with_doc(&shell, |doc| doc.lane_view(grouping))
            }
            fn quad_chart[shell, _window]() -> QuadChart [] {
                with_doc(&shell, |doc| doc.quad_chart())
            }
            fn add_event[shell, _window](event: NewEvent) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.add_event(event))
            }
            fn update_event[shell, _window](id: String, patch: EventPatch) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.update_event(&id, patch))
            }
            fn move_events[shell, _window](
                ids: Vec<String>,
                delta_minutes: i32,
                target: Option<LaneTarget>
            ) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.move_events(&ids, delta_minutes, target))
            }
            fn resize_event[shell, _window](id: String, duration_min: i32) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.resize_event(&id, duration_min))
            }
            fn delete_events[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.delete_events(&ids))
            }
            fn duplicate_events[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.duplicate_events(&ids))
            }
            fn set_marking[shell, _window](ids: Vec<String>, marking: MarkingPatch) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.set_marking(&ids, marking))
            }
            fn add_supporting[shell, _window](item: NewSupportingItem) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.add_supporting(item))
            }
            fn delete_supporting[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.delete_supporting(&ids))
            }
            // An undone step may be a persona link, so the personas' event lists follow too.
            fn undo[shell, _window]() -> Option<StoryboardChange> [storyboard, personas] {
                with_doc_mut(&shell, |doc| doc.undo())
            }
            fn redo[shell, _window]() -> Option<StoryboardChange> [storyboard, personas] {
                with_doc_mut(&shell, |doc| doc.redo())
            }
            fn add_lane[shell, _window](name: String) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.add_lane(&name))
            }
            fn rename_lane[shell, _window](id: String, name: String) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.rename_lane(&id, &name))
            }
            fn reorder_lanes[shell, _window](ids: Vec<String>) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.reorder_lanes(&ids))
            }
            fn delete_lane[shell, _window](id: String) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.delete_lane(&id))
            }
            fn set_event_personas[shell, _window](
                event_id: String,
                persona_ids: Vec<String>
            ) -> StoryboardChange [storyboard, personas] {
                with_doc_mut(&shell, |doc| doc.set_event_personas(&event_id, &persona_ids))
            }

            fn personas[shell, _window]() -> Vec<PersonaView> [] {
                with_doc(&shell, |doc| doc.personas()).map(|ps| ps.into_iter().map(Into::into).collect())
            }
            fn persona_templates[_shell, _window]() -> Vec<PersonaTemplate> [] {
                Ok(persona::templates())
            }
            fn create_persona[shell, _window](persona: NewPersona) -> PersonaView [personas] {
                with_doc_mut(&shell, |doc| doc.create_persona(persona)).map(Into::into)
            }
            fn update_persona[shell, _window](id: String, patch: PersonaPatch) -> PersonaView [personas] {
                with_doc_mut(&shell, |doc| doc.update_persona(&id, patch)).map(Into::into)
            }
            fn duplicate_persona[shell, _window](id: String) -> PersonaView [personas] {
                with_doc_mut(&shell, |doc| doc.duplicate_persona(&id)).map(Into::into)
            }
            // Deleting a persona also drops its links to events.
            fn delete_persona[shell, _window](id: String) -> () [personas, storyboard] {
                with_doc_mut(&shell, |doc| doc.delete_persona(&id))
            }
            fn add_account[shell, _window](persona_id: String, account: NewAccount) -> PersonaView [personas] {
                with_doc_mut(&shell, |doc| doc.add_account(&persona_id, account)).map(Into::into)
            }
            fn update_account[shell, _window](
                persona_id: String,
                account_id: String,
                patch: AccountPatch
            ) -> PersonaView [personas] {
                with_doc_mut(&shell, |doc| doc.update_account(&persona_id, &account_id, patch)).map(Into::into)
            }
            fn delete_account[shell, _window](persona_id: String, account_id: String) -> PersonaView [personas] {
                with_doc_mut(&shell, |doc| doc.delete_account(&persona_id, &account_id)).map(Into::into)
            }
            fn persona_events[shell, _window](persona_id: String) -> Vec<Event> [] {
                with_doc(&shell, |doc| doc.persona_events(&persona_id))
            }
            fn persona_warnings[shell, _window]() -> Vec<PersonaWarning> [] {
                with_doc(&shell, |doc| doc.persona_warnings())
            }
            fn export_persona[shell, _window](id: String, path: PathBuf) -> () [] {
                with_doc(&shell, |doc| doc.export_persona(&id, &path))
            }
            fn import_persona[shell, _window](path: PathBuf) -> PersonaView [personas] {
                with_doc_mut(&shell, |doc| doc.import_persona(&path)).map(Into::into)
            }
            // Puts an account's secret on the clipboard and clears it there after a delay unless
            // something else was copied since; answers the delay in seconds.
            fn copy_secret[shell, window](text: String) -> u32 [] {
                clipboard::copy_secret(&window, text, shell.clipboard_clear_after)
            }

            fn order[shell, _window]() -> Order [] {
                with_doc(&shell, |doc| doc.order())
            }
            fn edit_order[shell, _window](edit: OrderEdit) -> Order [order] {
                with_doc_mut(&shell, |doc| doc.edit_order(edit))
            }
            fn readiness[shell, _window]() -> Vec<ReadinessCheck> [] {
                with_ws(&shell, |ws| ws.readiness())
            }
            fn export_pdf[shell, _window](path: PathBuf, options: ExportOptions) -> PdfExport [] {
                with_doc(&shell, |doc| doc.export_pdf_as(&path, options))
            }
            fn export_csv[shell, _window](path: PathBuf) -> String [] {
                with_doc(&shell, |doc| doc.export_csv_as(&path))
            }

            // The placement rule from every page (issue 12) and the threat matrix.
            fn place_activity[shell, _window](placement: Placement) -> StoryboardChange [storyboard] {
                with_doc_mut(&shell, |doc| doc.place_activity(&placement))
            }
            fn threat_matrix[shell, _window]() -> ThreatMatrix [] {
                with_doc(&shell, |doc| doc.threat_matrix())
            }

            // Encrypted operation files. A passphrase that is `None` (or, for Save As, absent)
            // leaves the protection as it is; `set_passphrase(None)` removes it.
            fn open_protected[shell, window](path: PathBuf, passphrase: String) -> AppState [file] {
                titled(&window, with_ws(&shell, |ws| ws.open_with(&path, Some(&passphrase))))
            }
            fn new_protected_operation[shell, window](path: PathBuf, name: String, passphrase: Option<String>) -> AppState [file] {
                titled(&window, with_ws(&shell, |ws| ws.new_operation_with(&path, &name, passphrase.as_deref())))
            }
            fn save_as_protected[shell, window](path: PathBuf, passphrase: Option<String>) -> AppState [file] {
                titled(&window, with_ws(&shell, |ws| ws.save_as_with(&path, passphrase.as_deref())))
            }
            fn is_protected[shell, _window]() -> bool [] {
                with_ws(&shell, |ws| Ok(ws.doc()?.is_protected()))
            }
            fn set_passphrase[shell, _window](passphrase: Option<String>) -> bool [] {
                with_ws(&shell, |ws| {
                    let doc = ws.doc_mut()?;
                    doc.set_passphrase(passphrase.as_deref())?;
                    Ok(doc.is_protected())
                })
            }
            // The file named on the command line when it waits for its passphrase.
            fn locked_startup_file[shell, _window]() -> Option<String> [] {
                Ok(shell.locked_startup_file.lock().ok().and_then(|mut f| f.take()))
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
            fn gate_decisions[shell, _window]() -> Vec<GateDecisionView> [] {
                with_ws(&shell, |ws| ws.doc()?.gate_decisions())
            }
            fn record_gate_decision[shell, _window](decision: NewGateDecision) -> GateDecisionView [run] {
                with_ws(&shell, |ws| ws.doc_mut()?.record_gate_decision(decision))
            }

            // Intelligence out and the feed back into the threat model (issue 14, items 5–6).
            fn intelligence[shell, _window]() -> Intelligence [] {
                with_doc(&shell, |doc| doc.intelligence())
            }
            fn add_indicator[shell, _window](indicator: NewIndicator) -> IndicatorView [intel] {
                with_doc_mut(&shell, |doc| doc.add_indicator(indicator))
            }
            fn delete_indicator[shell, _window](id: String) -> () [intel] {
                with_doc_mut(&shell, |doc| doc.delete_indicator(&id))
            }
            fn add_evidence[shell, _window](evidence: NewEvidence) -> Evidence [intel] {
                with_doc_mut(&shell, |doc| doc.add_evidence(evidence))
            }
            fn delete_evidence[shell, _window](id: String) -> () [intel] {
                with_doc_mut(&shell, |doc| doc.delete_evidence(&id))
            }
            fn export_stix[shell, _window](path: PathBuf) -> () [] {
                with_doc(&shell, |doc| doc.export_stix(&path))
            }
            fn export_observed_layer[shell, _window](path: PathBuf) -> () [] {
                with_doc(&shell, |doc| doc.export_observed_layer(&path))
            }
            fn export_comparison_layer[shell, _window](path: PathBuf) -> LayerCounts [] {
                with_doc(&shell, |doc| doc.export_comparison_layer(&path))
            }
            fn observed_not_in_model[shell, _window]() -> Vec<ObservedTechnique> [] {
                with_doc(&shell, |doc| doc.observed_not_in_model())
            }
            fn add_observed_techniques[shell, _window](ids: Vec<String>) -> ThreatModel [threat] {
                with_doc_mut(&shell, |doc| doc.add_observed_techniques(&ids))
            }
            fn after_action[shell, _window]() -> AfterActionView [] {
                with_ws(&shell, |ws| ws.doc()?.after_action())
            }
            fn edit_after_action[shell, _window](edit: AfterActionEdit) -> AfterActionView [run] {
                with_ws(&shell, |ws| ws.doc_mut()?.edit_after_action(edit))
            }

            // Repeat, safely (issue 14 item 8): the plan again without secrets or journal, and
            // the OPSEC linkage check against the recent files.
            fn new_from[shell, window](path: PathBuf) -> AppState [file] {
                titled(&window, with_ws(&shell, |ws| ws.new_from(&path)))
            }
            fn opsec_check[shell, _window]() -> RecentCheck [] {
                with_ws(&shell, |ws| ws.recent_check())
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
