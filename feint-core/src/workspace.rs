//! What the desktop app has open: at most one operation, plus the recent-files list.
//! Every Tauri command is a thin call into this; the CLI and the tests drive it the same way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{
    ActivityDetails, Catalog, CatalogVersion, Matrix, ReleaseImport, Releases, Technique,
};
use crate::document::Document;
use crate::error::{ErrorCode, FeintError, Result};
use crate::operation::{Operation, OperationPatch};
use crate::order::build::ExportOptions;
use crate::order::content::Audience;
use crate::order::readiness::ReadinessCheck;
use crate::order::{Order, OrderEdit};
use crate::persona::{AccountPatch, NewAccount, NewPersona, Persona, PersonaPatch, PersonaWarning};
use crate::recent::{RecentFile, RecentFiles};
use crate::storyboard::{
    Event, EventPatch, LaneGrouping, LaneTarget, LaneView, MarkingPatch, NewEvent,
    NewSupportingItem, QuadChart, Span, Storyboard, StoryboardChange, SupportingPatch,
};
use crate::threat::{
    AdversaryPatch, Coverage, LayerImportReport, Recommendation, TechniquePatch, ThreatModel,
};

/// What a PDF export wrote, for the UI to report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PdfExport {
    pub path: String,
    pub audience: Audience,
    pub pages: u32,
    pub bytes: u64,
    /// Characters the embedded fonts lack, drawn as a stand-in; each once.
    pub missing_glyphs: Vec<String>,
    /// True when the file carries account passwords or honeytokens (an order, not a briefing).
    pub contains_secrets: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct OpenFile {
    pub path: String,
    pub file_name: String,
}

/// Everything the UI shows about the open file, sent after each file-level action.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AppState {
    pub file: Option<OpenFile>,
    pub operation: Option<Operation>,
    pub recent: Vec<RecentFile>,
}

pub struct Workspace {
    doc: Option<Document>,
    recent: RecentFiles,
    releases: Releases,
}

impl Workspace {
    pub fn new(config_dir: Option<PathBuf>) -> Workspace {
        Workspace {
            doc: None,
            recent: RecentFiles::load(config_dir.clone()),
            releases: Releases::load(config_dir),
        }
    }

    pub fn state(&self) -> Result<AppState> {
        Ok(AppState {
            file: self.doc.as_ref().map(|d| open_file(d.path())),
            operation: self.doc.as_ref().map(|d| d.operation()).transpose()?,
            recent: self.recent.list(),
        })
    }

    pub fn new_operation(&mut self, path: &Path, name: &str) -> Result<AppState> {
        self.new_operation_with(path, name, None)
    }

    /// A new operation, encrypted with `passphrase` when one is given.
    pub fn new_operation_with(
        &mut self,
        path: &Path,
        name: &str,
        passphrase: Option<&str>,
    ) -> Result<AppState> {
        let doc = Document::create_protected(&or_extension(path, "feint"), name, passphrase)?;
        self.switch_to(doc)
    }

    pub fn open(&mut self, path: &Path) -> Result<AppState> {
        self.open_with(path, None)
    }

    /// Opens a file that may be encrypted (`passphrase` is ignored for a plain one).
    pub fn open_with(&mut self, path: &Path, passphrase: Option<&str>) -> Result<AppState> {
        let doc = Document::open_with(path, passphrase)?;
        self.switch_to(doc)
    }

    /// Closes the open operation file, if any (the app's exit path).
    pub fn close(&mut self) {
        self.doc = None;
    }

    pub fn save_as(&mut self, path: &Path) -> Result<AppState> {
        self.save_as_with(path, None)
    }

    /// Save As, the copy encrypted with a new `passphrase` if one is given (else it keeps the
    /// open file's protection).
    pub fn save_as_with(&mut self, path: &Path, passphrase: Option<&str>) -> Result<AppState> {
        let doc = self
            .doc()?
            .save_as_with(&or_extension(path, "feint"), passphrase)?;
        self.switch_to(doc)
    }

    pub fn update_operation(&mut self, patch: OperationPatch) -> Result<Operation> {
        self.doc_mut()?.update_operation(patch)
    }

    // The storyboard of the open operation (see `storyboard` for what each edit does).

    pub fn storyboard(&self) -> Result<Storyboard> {
        self.doc()?.storyboard()
    }

    pub fn lane_view(&self, grouping: LaneGrouping) -> Result<LaneView> {
        self.doc()?.lane_view(grouping)
    }

    pub fn quad_chart(&self) -> Result<QuadChart> {
        self.doc()?.quad_chart()
    }

    pub fn event_spans(&self) -> Result<BTreeMap<String, Span>> {
        self.doc()?.event_spans()
    }

    pub fn add_event(&mut self, new: NewEvent) -> Result<StoryboardChange> {
        self.doc_mut()?.add_event(new)
    }

    pub fn update_event(&mut self, id: &str, patch: EventPatch) -> Result<StoryboardChange> {
        self.doc_mut()?.update_event(id, patch)
    }

    pub fn move_events(
        &mut self,
        ids: &[String],
        delta_minutes: i32,
        target: Option<LaneTarget>,
    ) -> Result<StoryboardChange> {
        self.doc_mut()?.move_events(ids, delta_minutes, target)
    }

    pub fn resize_event(&mut self, id: &str, duration_min: i32) -> Result<StoryboardChange> {
        self.doc_mut()?.resize_event(id, duration_min)
    }

    pub fn duplicate_events(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        self.doc_mut()?.duplicate_events(ids)
    }

    pub fn delete_events(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        self.doc_mut()?.delete_events(ids)
    }

    pub fn set_marking(
        &mut self,
        ids: &[String],
        marking: MarkingPatch,
    ) -> Result<StoryboardChange> {
        self.doc_mut()?.set_marking(ids, marking)
    }

    pub fn add_supporting(&mut self, new: NewSupportingItem) -> Result<StoryboardChange> {
        self.doc_mut()?.add_supporting(new)
    }

    pub fn update_supporting(
        &mut self,
        id: &str,
        patch: SupportingPatch,
    ) -> Result<StoryboardChange> {
        self.doc_mut()?.update_supporting(id, patch)
    }

    pub fn delete_supporting(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        self.doc_mut()?.delete_supporting(ids)
    }

    pub fn add_lane(&mut self, name: &str) -> Result<StoryboardChange> {
        self.doc_mut()?.add_lane(name)
    }

    pub fn rename_lane(&mut self, id: &str, name: &str) -> Result<StoryboardChange> {
        self.doc_mut()?.rename_lane(id, name)
    }

    pub fn reorder_lanes(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        self.doc_mut()?.reorder_lanes(ids)
    }

    pub fn delete_lane(&mut self, id: &str) -> Result<StoryboardChange> {
        self.doc_mut()?.delete_lane(id)
    }

    pub fn undo(&mut self) -> Result<Option<StoryboardChange>> {
        self.doc_mut()?.undo()
    }

    pub fn redo(&mut self) -> Result<Option<StoryboardChange>> {
        self.doc_mut()?.redo()
    }

    // Personas: thin wrappers over the open document.

    pub fn personas(&self) -> Result<Vec<Persona>> {
        self.doc()?.personas()
    }

    pub fn persona(&self, id: &str) -> Result<Persona> {
        self.doc()?.persona(id)
    }

    pub fn create_persona(&mut self, new: NewPersona) -> Result<Persona> {
        self.doc_mut()?.create_persona(new)
    }

    pub fn update_persona(&mut self, id: &str, patch: PersonaPatch) -> Result<Persona> {
        self.doc_mut()?.update_persona(id, patch)
    }

    pub fn duplicate_persona(&mut self, id: &str) -> Result<Persona> {
        self.doc_mut()?.duplicate_persona(id)
    }

    pub fn delete_persona(&mut self, id: &str) -> Result<()> {
        self.doc_mut()?.delete_persona(id)
    }

    pub fn add_account(&mut self, persona_id: &str, new: NewAccount) -> Result<Persona> {
        self.doc_mut()?.add_account(persona_id, new)
    }

    pub fn update_account(
        &mut self,
        persona_id: &str,
        account_id: &str,
        patch: AccountPatch,
    ) -> Result<Persona> {
        self.doc_mut()?
            .update_account(persona_id, account_id, patch)
    }

    pub fn delete_account(&mut self, persona_id: &str, account_id: &str) -> Result<Persona> {
        self.doc_mut()?.delete_account(persona_id, account_id)
    }

    pub fn set_event_personas(
        &mut self,
        event_id: &str,
        persona_ids: &[String],
    ) -> Result<StoryboardChange> {
        self.doc_mut()?.set_event_personas(event_id, persona_ids)
    }

    pub fn event_personas(&self) -> Result<BTreeMap<String, Vec<String>>> {
        self.doc()?.event_personas()
    }

    pub fn persona_events(&self, persona_id: &str) -> Result<Vec<Event>> {
        self.doc()?.persona_events(persona_id)
    }

    pub fn persona_warnings(&self) -> Result<Vec<PersonaWarning>> {
        self.doc()?.persona_warnings()
    }

    pub fn persona_to_json(&self, id: &str) -> Result<String> {
        self.doc()?.persona_to_json(id)
    }

    pub fn persona_from_json(&mut self, text: &str) -> Result<Persona> {
        self.doc_mut()?.persona_from_json(text)
    }

    // The Engage catalog: the open operation's (its document resolves it), else the built-in
    // version; an imported official release of that version brings its descriptions.

    pub fn catalog(&self) -> Result<&Catalog> {
        Ok(match &self.doc {
            Some(doc) => doc.catalog(),
            None => self.releases.resolve(&crate::catalog::builtin().version),
        })
    }

    pub fn catalog_matrix(&self) -> Result<Matrix> {
        Ok(self.catalog()?.matrix())
    }

    pub fn catalog_search(&self, query: &str) -> Result<Vec<String>> {
        Ok(self.catalog()?.search(query))
    }

    pub fn activity_details(&self, id: &str) -> Result<ActivityDetails> {
        self.catalog()?.activity_details(id)
    }

    pub fn search_techniques(&self, query: &str) -> Result<Vec<Technique>> {
        Ok(self.catalog()?.search_techniques(query))
    }

    pub fn catalog_versions(&self) -> Vec<CatalogVersion> {
        self.releases.versions()
    }

    /// Imports an official Engage release (folder or zip); see [`Releases::import`].
    pub fn import_release(&mut self, path: &Path) -> Result<ReleaseImport> {
        let imported = self.releases.import(path)?;
        if let Some(doc) = &mut self.doc {
            doc.use_catalog_from(&self.releases)?;
        }
        Ok(imported)
    }

    // The threat model, read and checked with the open document's catalog.

    pub fn threat_model(&self) -> Result<ThreatModel> {
        self.doc()?.threat_model()
    }

    pub fn update_adversary(&mut self, patch: AdversaryPatch) -> Result<ThreatModel> {
        self.doc_mut()?.update_adversary(patch)
    }

    pub fn add_techniques(&mut self, ids: &[String]) -> Result<ThreatModel> {
        self.doc_mut()?.add_techniques(ids)
    }

    pub fn update_technique(&mut self, id: &str, patch: TechniquePatch) -> Result<ThreatModel> {
        self.doc_mut()?.update_technique(id, patch)
    }

    pub fn remove_technique(&mut self, id: &str) -> Result<ThreatModel> {
        self.doc_mut()?.remove_technique(id)
    }

    pub fn import_layer(&mut self, path: &Path) -> Result<LayerImportReport> {
        self.doc_mut()?.import_layer(path)
    }

    pub fn recommendations(&self, goal: Option<&str>) -> Result<Vec<Recommendation>> {
        self.doc()?.recommendations(goal)
    }

    pub fn place_recommendation(
        &mut self,
        activity_id: &str,
        day: i32,
        minute: i32,
        lane: Option<LaneTarget>,
    ) -> Result<StoryboardChange> {
        self.doc_mut()?
            .place_recommendation(activity_id, day, minute, lane)
    }

    pub fn coverage(&self) -> Result<Coverage> {
        self.doc()?.coverage()
    }

    pub fn export_layer(&self, out: &Path) -> Result<()> {
        self.doc()?.export_layer(out)
    }

    /// Writes one persona (secrets included) to a new JSON file, readable by the owner only.
    pub fn export_persona(&self, id: &str, path: &Path) -> Result<()> {
        let text = self.doc()?.persona_to_json(id)?;
        crate::store::write_private(&or_extension(path, "json"), text.as_bytes())
    }

    /// Adds the persona of a JSON file (under new IDs).
    pub fn import_persona(&mut self, path: &Path) -> Result<Persona> {
        let text = crate::json::read_text(path, MAX_PERSONA_BYTES)?;
        self.doc_mut()?
            .persona_from_json(&text)
            .map_err(|err| crate::rules::in_file(path, err))
    }

    pub fn order(&self) -> Result<Order> {
        self.doc()?.order()
    }

    pub fn edit_order(&mut self, edit: OrderEdit) -> Result<Order> {
        self.doc_mut()?.edit_order(edit)
    }

    pub fn readiness(&self) -> Result<Vec<ReadinessCheck>> {
        self.doc()?.readiness()
    }

    /// Writes the order (or the briefing) as a PDF, owner-only, adding ".pdf" when missing.
    pub fn export_pdf(&self, path: &Path, options: ExportOptions) -> Result<PdfExport> {
        let doc = self.doc()?;
        let path = or_extension(path, "pdf");
        let rendered = doc.export_pdf(&path, options)?;
        Ok(PdfExport {
            path: path.to_string_lossy().into_owned(),
            audience: options.audience,
            pages: rendered.pages as u32,
            bytes: rendered.bytes.len() as u64,
            missing_glyphs: rendered
                .missing_glyphs
                .iter()
                .map(|c| c.to_string())
                .collect(),
            contains_secrets: options.audience == Audience::Order && doc.has_secrets()?,
        })
    }

    /// Writes the storyboard as a CSV timeline (owner-only, ".csv" added when missing) and
    /// returns the path written.
    pub fn export_csv(&self, path: &Path) -> Result<String> {
        let path = or_extension(path, "csv");
        self.doc()?.export_csv(&path)?;
        Ok(path.to_string_lossy().into_owned())
    }

    pub fn doc(&self) -> Result<&Document> {
        self.doc.as_ref().ok_or_else(no_operation)
    }

    pub fn doc_mut(&mut self) -> Result<&mut Document> {
        self.doc.as_mut().ok_or_else(no_operation)
    }

    fn switch_to(&mut self, mut doc: Document) -> Result<AppState> {
        doc.use_catalog_from(&self.releases)?;
        self.recent.push(doc.path());
        self.doc = Some(doc);
        self.state()
    }
}

fn no_operation() -> FeintError {
    FeintError::new(ErrorCode::NoOperation, "no operation is open")
}

fn open_file(path: &Path) -> OpenFile {
    OpenFile {
        path: path.to_string_lossy().into_owned(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    }
}

/// A persona file holds at most a few 100 KB texts; anything this big is not one.
const MAX_PERSONA_BYTES: u64 = 20 * 1024 * 1024;

/// `path` with `ext` added when the planner typed no extension.
fn or_extension(path: &Path, ext: &str) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(ext)
    } else {
        path.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_edit_reopen_keeps_the_edit() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("cfg");
        let mut ws = Workspace::new(Some(cfg.clone()));
        let state = ws.new_operation(&dir.path().join("op"), "First").unwrap();
        assert_eq!(state.file.unwrap().file_name, "op.feint");
        ws.update_operation(OperationPatch {
            name: Some("Renamed".into()),
            ..Default::default()
        })
        .unwrap();
        drop(ws);
        let mut ws = Workspace::new(Some(cfg));
        assert_eq!(ws.state().unwrap().recent[0].file_name, "op.feint");
        let state = ws.open(&dir.path().join("op.feint")).unwrap();
        assert_eq!(state.operation.unwrap().name, "Renamed");
    }

    #[test]
    fn a_refused_open_keeps_the_current_operation() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(None);
        ws.new_operation(&dir.path().join("op.feint"), "Keep")
            .unwrap();
        std::fs::write(dir.path().join("junk.feint"), b"junk").unwrap();
        let err = ws.open(&dir.path().join("junk.feint")).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotAnOperation);
        assert_eq!(ws.state().unwrap().operation.unwrap().name, "Keep");
    }

    #[test]
    fn save_as_switches_to_the_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(None);
        ws.new_operation(&dir.path().join("a.feint"), "A").unwrap();
        let state = ws.save_as(&dir.path().join("b")).unwrap();
        assert_eq!(state.file.unwrap().file_name, "b.feint");
        ws.update_operation(OperationPatch {
            name: Some("B".into()),
            ..Default::default()
        })
        .unwrap();
        let a = Document::open(&dir.path().join("a.feint")).unwrap();
        assert_eq!(a.operation().unwrap().name, "A");
    }

    #[test]
    fn an_imported_release_describes_the_open_operations_catalog() {
        let release = std::env::var_os("FEINT_ENGAGE_RELEASE")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/engage-v1.0")
            });
        assert!(
            release.is_dir(),
            "set FEINT_ENGAGE_RELEASE to the Engage v1.0 folder"
        );
        let release = release.as_path();
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("cfg");
        let mut ws = Workspace::new(Some(cfg.clone()));
        ws.new_operation(&dir.path().join("op"), "Op").unwrap();
        ws.add_techniques(&["T1611".into()]).unwrap();
        let builtin = ws.activity_details("EAC0018").unwrap().summary;
        let before = ws.recommendations(None).unwrap();
        assert!(ws.import_release(release).unwrap().changed);
        let official = ws.activity_details("EAC0018").unwrap().summary;
        assert_ne!(official, builtin);
        // The document's edits and exports use the same catalog as the views.
        let doc_summary = |ws: &Workspace| {
            ws.doc()
                .unwrap()
                .catalog()
                .activity_details("EAC0018")
                .unwrap()
                .summary
        };
        assert_eq!(doc_summary(&ws), official);
        // Same ranking, the release's words.
        let after = ws.recommendations(None).unwrap();
        let ranks = |r: &[Recommendation]| -> Vec<String> {
            r.iter().map(|x| x.activity_id.clone()).collect()
        };
        assert_eq!(ranks(&after), ranks(&before));
        assert_eq!(
            after
                .iter()
                .find(|r| r.activity_id == "EAC0018")
                .unwrap()
                .summary,
            official
        );
        // The operation still records the version; a restart still finds the release.
        assert_eq!(
            ws.state().unwrap().operation.unwrap().catalog_version,
            "1.0"
        );
        let mut ws = Workspace::new(Some(cfg));
        ws.open(&dir.path().join("op.feint")).unwrap();
        assert_eq!(ws.activity_details("EAC0018").unwrap().summary, official);
        assert_eq!(doc_summary(&ws), official);
        assert!(ws.catalog_versions()[0].official);
        assert!(!ws.import_release(release).unwrap().changed);
    }

    #[test]
    fn edits_need_an_open_operation() {
        let mut ws = Workspace::new(None);
        let err = ws.update_operation(OperationPatch::default()).unwrap_err();
        assert_eq!(err.code, ErrorCode::NoOperation);
        assert_eq!(ws.storyboard().unwrap_err().code, ErrorCode::NoOperation);
        assert_eq!(ws.undo().unwrap_err().code, ErrorCode::NoOperation);
    }

    #[test]
    fn a_storyboard_edit_survives_reopening_and_can_still_be_undone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        let mut ws = Workspace::new(None);
        ws.new_operation(&path, "Board").unwrap();
        ws.update_operation(OperationPatch {
            start_date: Some("2026-12-07".into()),
            timezone: Some("Europe/Berlin".into()),
            ..Default::default()
        })
        .unwrap();
        let added = ws
            .add_event(NewEvent {
                activity_id: "EAC0005".into(),
                day: 2,
                minute: 9 * 60,
                ..Default::default()
            })
            .unwrap();
        let id = added.events[0].id.clone();
        assert_eq!(
            ws.event_spans().unwrap()[&id].start_utc,
            "2026-12-09T08:00:00Z"
        );
        let mut ws = Workspace::new(None);
        ws.open(&path).unwrap();
        let board = ws.storyboard().unwrap();
        assert_eq!(board.events[0].id, id);
        assert_eq!(board.undo_label.as_deref(), Some("Add “Lures”"));
        let undone = ws.undo().unwrap().unwrap();
        assert_eq!(undone.removed_event_ids, vec![id]);
        assert!(ws.storyboard().unwrap().events.is_empty());
    }

    #[test]
    fn a_persona_exported_to_a_file_imports_as_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(None);
        ws.new_operation(&dir.path().join("op.feint"), "P").unwrap();
        let p = ws
            .create_persona(NewPersona {
                name: "Mira <b>Ost</b> \u{202e}".into(),
                template: Some("sysadmin".into()),
            })
            .unwrap();
        let file = dir.path().join("mira");
        ws.export_persona(&p.profile.id, &file).unwrap();
        let written = dir.path().join("mira.json");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&written).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let copy = ws.import_persona(&written).unwrap();
        assert_ne!(copy.profile.id, p.profile.id);
        assert_eq!(copy.profile.name, p.profile.name);
        assert_eq!(copy.profile.schedule, p.profile.schedule);
        assert_eq!(ws.personas().unwrap().len(), 2);
        std::fs::write(dir.path().join("junk.json"), b"{not json").unwrap();
        let err = ws
            .import_persona(&dir.path().join("junk.json"))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(ws.personas().unwrap().len(), 2);
    }
}
