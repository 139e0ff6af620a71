//! An open operation file: its lifecycle (create, import, open and check, save as), the catalog
//! it uses, and the one way an export is written beside it.
//!
//! The operations on an open file live with their SQL, each feature module adding an
//! `impl Document` block: the storyboard's in `storyboard/`, personas' in `persona/`, the threat
//! model's in `threat/`, the order's and its exports in `order/`, the operation record's in
//! `operation.rs`. The app's commands and the CLI call them directly.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::catalog::{Catalog, Releases};
use crate::error::Result;
use crate::operation::{self, Operation};
use crate::order::Order;
use crate::persona::{self, PersonaExport};
use crate::store::Store;
use crate::storyboard::{self, StoryboardData};
use crate::threat::{self, ThreatModelExport};

pub struct Document {
    pub(crate) store: Store,
    /// The catalog every read and edit of this operation uses: the built-in one until
    /// `use_catalog_from` resolves the operation's version against imported releases. Decided
    /// here only, so checks and views cannot use two catalogs.
    pub(crate) catalog: Arc<Catalog>,
}

/// Writes a whole operation into an empty store, checking every value and every limit: the
/// one path for an import and for the check of a file being opened.
pub(crate) fn insert_everything(
    tx: &rusqlite::Transaction,
    op: &Operation,
    board: &StoryboardData,
    personas: &[PersonaExport],
    threat_model: &ThreatModelExport,
    order: &Order,
) -> Result<()> {
    use crate::rules::{
        check_count, MAX_ACCOUNTS, MAX_EVENTS, MAX_LANES, MAX_PERSONAS, MAX_SUPPORTING,
    };
    op.validate()?;
    check_count("events", board.events.len(), MAX_EVENTS)?;
    check_count("custom lanes", board.lanes.len(), MAX_LANES)?;
    check_count("supporting items", board.supporting.len(), MAX_SUPPORTING)?;
    check_count("personas", personas.len(), MAX_PERSONAS)?;
    let accounts = personas.iter().map(|p| p.accounts.len()).sum();
    check_count("accounts (all personas together)", accounts, MAX_ACCOUNTS)?;
    operation::save(tx, op)?;
    storyboard::insert_data(tx, board)?;
    persona::insert_all(tx, personas)?;
    threat::insert(tx, crate::catalog::builtin(), threat_model)?;
    crate::order::insert(tx, order)
}

/// Everything a new file is created with.
struct Contents<'a> {
    op: &'a Operation,
    board: &'a StoryboardData,
    personas: &'a [PersonaExport],
    threat_model: &'a ThreatModelExport,
    order: &'a Order,
}

impl Document {
    /// Creates a new operation file at `path` (refusing to overwrite) holding a fresh operation.
    pub fn create(path: &Path, name: &str) -> Result<Document> {
        Self::create_protected(path, name, None)
    }

    /// Creates a new operation file, encrypted with `passphrase` if one is given.
    pub fn create_protected(path: &Path, name: &str, passphrase: Option<&str>) -> Result<Document> {
        if let Some(passphrase) = passphrase {
            crate::rules::check_new_passphrase(passphrase)?;
        }
        let op = Operation::new(name, &crate::catalog::builtin().version)?;
        let empty = Contents {
            op: &op,
            board: &StoryboardData::default(),
            personas: &[],
            threat_model: &ThreatModelExport::default(),
            order: &Order::default(),
        };
        Self::create_holding(path, passphrase, empty)
    }

    /// Creates a new operation file holding `op` as given (IDs and times kept).
    pub fn create_with(path: &Path, op: &Operation) -> Result<Document> {
        Self::create_from(path, op, &StoryboardData::default())
    }

    /// Creates a new operation file holding `op` and its storyboard as given (an import): IDs
    /// and times kept, every row validated, no undo history. All or nothing.
    pub fn create_from(path: &Path, op: &Operation, board: &StoryboardData) -> Result<Document> {
        Self::import_from(path, op, board, &[], &ThreatModelExport::default())
    }

    /// Like [`Document::create_from`], with personas (and their event links) and the threat
    /// model as well.
    pub fn import_from(
        path: &Path,
        op: &Operation,
        board: &StoryboardData,
        personas: &[PersonaExport],
        threat_model: &ThreatModelExport,
    ) -> Result<Document> {
        Self::import_all(path, op, board, personas, threat_model, &Order::default())
    }

    /// Like [`Document::import_from`], with the operation order as well (hosts may name the
    /// personas' accounts, so the order goes in last).
    pub fn import_all(
        path: &Path,
        op: &Operation,
        board: &StoryboardData,
        personas: &[PersonaExport],
        threat_model: &ThreatModelExport,
        order: &Order,
    ) -> Result<Document> {
        let contents = Contents {
            op,
            board,
            personas,
            threat_model,
            order,
        };
        Self::create_holding(path, None, contents)
    }

    /// Writes a new file holding `contents` (checked), encrypted with `key` if given.
    fn create_holding(path: &Path, key: Option<&str>, contents: Contents) -> Result<Document> {
        let Contents {
            op,
            board,
            personas,
            threat_model,
            order,
        } = contents;
        let store = Store::create_filled(path, key, |store| {
            store.with_tx(|tx| insert_everything(tx, op, board, personas, threat_model, order))
        })?;
        Ok(Document::holding(store))
    }

    /// Opens an operation file after checking every value in it by the rules an import
    /// applies, so a crafted or damaged row is refused with a plain message here rather than
    /// surfacing later as a wrong export or a crash.
    pub fn open(path: &Path) -> Result<Document> {
        Self::open_with(path, None)
    }

    /// Opens an operation file that may be encrypted with `passphrase` (ignored for a plain
    /// file). Without one, an encrypted file is refused with `passphrase_required`.
    pub fn open_with(path: &Path, passphrase: Option<&str>) -> Result<Document> {
        let doc = Document::open_unchecked(path, passphrase)?;
        doc.check_opened(path)?;
        Ok(doc)
    }

    /// The file opened with its file checks (header, integrity, schema) only: the caller must
    /// run [`Document::check_opened`] before anything read from it leaves the process.
    pub(crate) fn open_unchecked(path: &Path, passphrase: Option<&str>) -> Result<Document> {
        Ok(Document::holding(Store::open_with(path, passphrase)?))
    }

    /// The checks [`Document::open`] runs on every value of the file opened from `path`.
    pub(crate) fn check_opened(&self, path: &Path) -> Result<()> {
        self.check_contents().map_err(|err| {
            crate::FeintError::new(
                err.code,
                format!("{} cannot be used: {}", path.display(), err.message),
            )
        })
    }

    /// Reads everything back and runs it through the import's rules into a scratch database.
    fn check_contents(&self) -> Result<()> {
        let op = self.operation()?;
        let board = self.storyboard_data()?;
        let personas = persona::export_all(self.store.conn())?;
        let threat_model = self.threat_model_data()?;
        let order = self.order()?;
        let run = self.run_data()?;
        let intel = self.intel_data()?;
        let mut scratch = Store::in_memory()?;
        scratch.with_tx(|tx| {
            insert_everything(tx, &op, &board, &personas, &threat_model, &order)?;
            crate::journal::insert(tx, &run)?;
            crate::intel::insert(tx, &intel)
        })
    }

    pub(crate) fn holding(store: Store) -> Document {
        Document {
            store,
            catalog: crate::catalog::builtin_shared(),
        }
    }

    /// Uses the imported release of the operation's catalog version, if there is one (called
    /// on opening and after a release is imported).
    pub fn use_catalog_from(&mut self, releases: &Releases) -> Result<()> {
        self.catalog = releases.resolve_shared(&self.operation()?.catalog_version);
        Ok(())
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// Copies the operation to a new file and returns that file, open. The copy keeps this
    /// file's protection.
    pub fn save_as(&self, dest: &Path) -> Result<Document> {
        self.store.copy_to(dest)?;
        Document::open_with(dest, self.store.key())
    }

    /// Like [`Document::save_as`], the copy encrypted with a new `passphrase` when one is given.
    pub fn save_as_with(&self, dest: &Path, passphrase: Option<&str>) -> Result<Document> {
        let Some(passphrase) = passphrase else {
            return self.save_as(dest);
        };
        crate::rules::check_new_passphrase(passphrase)?;
        self.store.copy_with_key(dest, Some(passphrase))?;
        Document::open_with(dest, Some(passphrase))
    }

    /// Protects the file with `passphrase`, changes it, or (with `None`) removes it. The file is
    /// rewritten whole aside and renamed into place: every edit is kept, and a kill leaves the
    /// old file or the new one.
    pub fn set_passphrase(&mut self, passphrase: Option<&str>) -> Result<()> {
        if let Some(passphrase) = passphrase {
            crate::rules::check_new_passphrase(passphrase)?;
        }
        self.store.set_key(passphrase)
    }

    /// Whether the file is encrypted with a passphrase.
    pub fn is_protected(&self) -> bool {
        self.store.is_protected()
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Writes an export atomically, refusing this operation's own file under any name.
    pub fn write_export(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        self.refuse_own_file(out)?;
        crate::store::write_private(out, bytes)
    }

    pub(crate) fn refuse_own_file(&self, out: &Path) -> Result<()> {
        let same = match (
            std::fs::canonicalize(out),
            std::fs::canonicalize(self.path()),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if same {
            return Err(crate::FeintError::invalid(format!(
                "{} is the open operation's own file; choose another name for the export",
                out.display()
            )));
        }
        crate::store::files::refuse_operation_target(out)
    }
}

/// `path` with `ext` added when the planner typed no extension.
pub(crate) fn or_extension(path: &Path, ext: &str) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(ext)
    } else {
        path.to_path_buf()
    }
}
