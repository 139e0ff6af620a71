//! What the desktop app has open: at most one operation, the recent-files list and the imported
//! Engage releases. The operations on the open file are `Document`'s; the app's commands reach
//! them through [`Workspace::doc`] and [`Workspace::doc_mut`].

use std::path::{Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::catalog::{Catalog, CatalogVersion, ReleaseImport, Releases};
use crate::document::{or_extension, Document};
use crate::error::{ErrorCode, FeintError, Result};
use crate::operation::Operation;
use crate::opsec::{RecentCheck, RecentDigests};
use crate::order::readiness::{self, ReadinessCheck};
use crate::recent::{RecentFile, RecentFiles};

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
    recent_digests: RecentDigests,
}

impl Workspace {
    pub fn new(config_dir: Option<PathBuf>) -> Workspace {
        Workspace {
            doc: None,
            recent: RecentFiles::load(config_dir.clone()),
            releases: Releases::load(config_dir),
            recent_digests: RecentDigests::default(),
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

    /// The open operation file; a plain error when none is open.
    pub fn doc(&self) -> Result<&Document> {
        self.doc.as_ref().ok_or_else(no_operation)
    }

    pub fn doc_mut(&mut self) -> Result<&mut Document> {
        self.doc.as_mut().ok_or_else(no_operation)
    }

    // The Engage catalog: the open operation's (its document resolves it), else the built-in
    // version; an imported official release of that version brings its descriptions.

    pub fn catalog(&self) -> Result<&Catalog> {
        Ok(match &self.doc {
            Some(doc) => doc.catalog(),
            None => self.releases.resolve(&crate::catalog::builtin().version),
        })
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

    /// A new operation from the open one's plan (no secrets, no journal, fresh IDs; its
    /// lessons as notes), written at `path` and opened.
    pub fn new_from(&mut self, path: &Path) -> Result<AppState> {
        let doc = self.doc()?;
        let lessons = doc.lessons()?;
        let copy = doc.new_from(&or_extension(path, "feint"), &lessons)?;
        self.switch_to(copy)
    }

    /// The OPSEC linkage check of the open operation against the other recent files.
    pub fn recent_check(&mut self) -> Result<RecentCheck> {
        let doc = self.doc.as_ref().ok_or_else(no_operation)?;
        let own = std::fs::canonicalize(doc.path()).unwrap_or_else(|_| doc.path().into());
        let others: Vec<PathBuf> = self
            .recent
            .list()
            .into_iter()
            .filter(|r| r.exists && Path::new(&r.path) != own.as_path())
            .map(|r| PathBuf::from(r.path))
            .collect();
        Ok(self.recent_digests.check(&doc.opsec_marks()?, &others))
    }

    /// Every readiness check of the open operation, with the OPSEC linkage check against the
    /// recent files last (it needs the other files, which the document alone does not know).
    pub fn readiness(&mut self) -> Result<Vec<ReadinessCheck>> {
        let mut checks = self.doc()?.readiness()?;
        checks.push(readiness::no_reuse(&self.recent_check()?));
        Ok(checks)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::OperationPatch;
    use crate::persona::NewPersona;
    use crate::storyboard::NewEvent;
    use crate::threat::Recommendation;

    #[test]
    fn new_edit_reopen_keeps_the_edit() {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("cfg");
        let mut ws = Workspace::new(Some(cfg.clone()));
        let state = ws.new_operation(&dir.path().join("op"), "First").unwrap();
        assert_eq!(state.file.unwrap().file_name, "op.feint");
        ws.doc_mut()
            .unwrap()
            .update_operation(OperationPatch {
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
        ws.doc_mut()
            .unwrap()
            .update_operation(OperationPatch {
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
        ws.doc_mut()
            .unwrap()
            .add_techniques(&["T1611".into()])
            .unwrap();
        let builtin = ws
            .catalog()
            .unwrap()
            .activity_details("EAC0018")
            .unwrap()
            .summary;
        let before = ws.doc().unwrap().recommendations(None).unwrap();
        assert!(ws.import_release(release).unwrap().changed);
        let official = ws
            .catalog()
            .unwrap()
            .activity_details("EAC0018")
            .unwrap()
            .summary;
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
        let after = ws.doc().unwrap().recommendations(None).unwrap();
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
        assert_eq!(
            ws.catalog()
                .unwrap()
                .activity_details("EAC0018")
                .unwrap()
                .summary,
            official
        );
        assert_eq!(doc_summary(&ws), official);
        assert!(ws.catalog_versions()[0].official);
        assert!(!ws.import_release(release).unwrap().changed);
    }

    #[test]
    fn edits_need_an_open_operation() {
        let mut ws = Workspace::new(None);
        let err = ws
            .doc_mut()
            .and_then(|doc| doc.update_operation(OperationPatch::default()))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::NoOperation);
        assert_eq!(
            ws.doc().and_then(|doc| doc.storyboard()).unwrap_err().code,
            ErrorCode::NoOperation
        );
        assert_eq!(
            ws.doc_mut().and_then(|doc| doc.undo()).unwrap_err().code,
            ErrorCode::NoOperation
        );
    }

    #[test]
    fn a_storyboard_edit_survives_reopening_and_can_still_be_undone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("op.feint");
        let mut ws = Workspace::new(None);
        ws.new_operation(&path, "Board").unwrap();
        ws.doc_mut()
            .unwrap()
            .update_operation(OperationPatch {
                start_date: Some("2026-12-07".into()),
                timezone: Some("Europe/Berlin".into()),
                ..Default::default()
            })
            .unwrap();
        let added = ws
            .doc_mut()
            .unwrap()
            .add_event(NewEvent {
                activity_id: "EAC0005".into(),
                day: 2,
                minute: 9 * 60,
                ..Default::default()
            })
            .unwrap();
        let id = added.events[0].id.clone();
        assert_eq!(
            ws.doc().unwrap().event_spans().unwrap()[&id].start_utc,
            "2026-12-09T08:00:00Z"
        );
        let mut ws = Workspace::new(None);
        ws.open(&path).unwrap();
        let board = ws.doc().unwrap().storyboard().unwrap();
        assert_eq!(board.events[0].id, id);
        assert_eq!(board.undo_label.as_deref(), Some("Add “Lures”"));
        let undone = ws.doc_mut().unwrap().undo().unwrap().unwrap();
        assert_eq!(undone.removed_event_ids, vec![id]);
        assert!(ws.doc().unwrap().storyboard().unwrap().events.is_empty());
    }

    #[test]
    fn a_persona_exported_to_a_file_imports_as_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::new(None);
        ws.new_operation(&dir.path().join("op.feint"), "P").unwrap();
        let p = ws
            .doc_mut()
            .unwrap()
            .create_persona(NewPersona {
                name: "Mira <b>Ost</b> \u{202e}".into(),
                template: Some("sysadmin".into()),
            })
            .unwrap();
        let file = dir.path().join("mira");
        ws.doc()
            .unwrap()
            .export_persona(&p.profile.id, &file)
            .unwrap();
        let written = dir.path().join("mira.json");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&written).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let copy = ws.doc_mut().unwrap().import_persona(&written).unwrap();
        assert_ne!(copy.profile.id, p.profile.id);
        assert_eq!(copy.profile.name, p.profile.name);
        assert_eq!(copy.profile.schedule, p.profile.schedule);
        assert_eq!(ws.doc().unwrap().personas().unwrap().len(), 2);
        std::fs::write(dir.path().join("junk.json"), b"{not json").unwrap();
        let err = ws
            .doc_mut()
            .unwrap()
            .import_persona(&dir.path().join("junk.json"))
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);
        assert_eq!(ws.doc().unwrap().personas().unwrap().len(), 2);
    }
}
