//! An open operation file: the store plus the operations on it that the app and the CLI share.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use crate::catalog::{Catalog, Releases};
use crate::error::Result;
use crate::operation::{self, Operation, OperationPatch};
use crate::order::build::ExportOptions;
use crate::order::content::OrderContent;
use crate::order::readiness::ReadinessCheck;
use crate::order::{Order, OrderEdit};
use crate::persona::{
    self, AccountPatch, NewAccount, NewPersona, Persona, PersonaExport, PersonaPatch,
    PersonaWarning,
};
use crate::store::Store;
use crate::storyboard::{
    self, EventPatch, LaneGrouping, LaneTarget, LaneView, MarkingPatch, NewEvent,
    NewSupportingItem, QuadChart, Span, Storyboard, StoryboardChange, StoryboardData,
    SupportingPatch,
};
use crate::threat::{
    self, AdversaryPatch, Coverage, LayerImportReport, Recommendation, TechniquePatch, ThreatModel,
    ThreatModelExport,
};

pub struct Document {
    store: Store,
    /// The catalog every read and edit of this operation uses: the built-in one until
    /// `use_catalog_from` resolves the operation's version against imported releases. Decided
    /// here only, so checks and views cannot use two catalogs.
    catalog: Arc<Catalog>,
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

impl Document {
    /// Creates a new operation file at `path` (refusing to overwrite) holding a fresh operation.
    pub fn create(path: &Path, name: &str) -> Result<Document> {
        let op = Operation::new(name, &crate::catalog::builtin().version)?;
        Self::create_with(path, &op)
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
        let store = Store::create_filled(path, |store| {
            store.with_tx(|tx| insert_everything(tx, op, board, personas, threat_model, order))
        })?;
        Ok(Document::holding(store))
    }

    /// Opens an operation file after checking every value in it by the rules an import
    /// applies, so a crafted or damaged row is refused with a plain message here rather than
    /// surfacing later as a wrong export or a crash.
    pub fn open(path: &Path) -> Result<Document> {
        let store = Store::open(path)?;
        let doc = Document::holding(store);
        doc.check_contents().map_err(|err| {
            crate::FeintError::new(
                err.code,
                format!("{} cannot be used: {}", path.display(), err.message),
            )
        })?;
        Ok(doc)
    }

    /// Reads everything back and runs it through the import's rules into a scratch database.
    fn check_contents(&self) -> Result<()> {
        let op = self.operation()?;
        let board = self.storyboard_data()?;
        let personas = persona::export_all(self.store.conn())?;
        let threat_model = self.threat_model_data()?;
        let order = self.order()?;
        let run = self.run_data()?;
        let mut scratch = Store::in_memory()?;
        scratch.with_tx(|tx| {
            insert_everything(tx, &op, &board, &personas, &threat_model, &order)?;
            crate::journal::insert(tx, &run)
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

    pub fn operation(&self) -> Result<Operation> {
        operation::load(self.store.conn())
    }

    pub fn update_operation(&mut self, patch: OperationPatch) -> Result<Operation> {
        operation::update(&mut self.store, patch)
    }

    /// Copies the operation to a new file and returns that file, open.
    pub fn save_as(&self, dest: &Path) -> Result<Document> {
        self.store.copy_to(dest)?;
        Document::open(dest)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    // The storyboard. Each edit is one committed transaction and returns what changed.

    pub fn storyboard(&self) -> Result<Storyboard> {
        storyboard::load(self.store.conn())
    }

    pub fn storyboard_data(&self) -> Result<StoryboardData> {
        storyboard::load_data(self.store.conn())
    }

    pub fn lane_view(&self, grouping: LaneGrouping) -> Result<LaneView> {
        storyboard::lane_view(self.store.conn(), grouping)
    }

    pub fn quad_chart(&self) -> Result<QuadChart> {
        storyboard::quad_chart(self.store.conn())
    }

    /// Every event's absolute start and end (UTC), by event ID; empty without a start date.
    pub fn event_spans(&self) -> Result<BTreeMap<String, Span>> {
        let op = self.operation()?;
        storyboard::spans(&op, &self.storyboard_data()?.events)
    }

    pub fn add_event(&mut self, new: NewEvent) -> Result<StoryboardChange> {
        storyboard::add_event(&mut self.store, new)
    }

    pub fn update_event(&mut self, id: &str, patch: EventPatch) -> Result<StoryboardChange> {
        storyboard::update_event(&mut self.store, id, patch)
    }

    pub fn move_events(
        &mut self,
        ids: &[String],
        delta_minutes: i32,
        target: Option<LaneTarget>,
    ) -> Result<StoryboardChange> {
        storyboard::move_events(&mut self.store, ids, delta_minutes, target)
    }

    pub fn resize_event(&mut self, id: &str, duration_min: i32) -> Result<StoryboardChange> {
        storyboard::resize_event(&mut self.store, id, duration_min)
    }

    pub fn duplicate_events(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        storyboard::duplicate_events(&mut self.store, ids)
    }

    pub fn delete_events(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        storyboard::delete_events(&mut self.store, ids)
    }

    pub fn set_marking(
        &mut self,
        ids: &[String],
        marking: MarkingPatch,
    ) -> Result<StoryboardChange> {
        storyboard::set_marking(&mut self.store, ids, marking)
    }

    pub fn add_supporting(&mut self, new: NewSupportingItem) -> Result<StoryboardChange> {
        storyboard::add_supporting(&mut self.store, new)
    }

    pub fn update_supporting(
        &mut self,
        id: &str,
        patch: SupportingPatch,
    ) -> Result<StoryboardChange> {
        storyboard::update_supporting(&mut self.store, id, patch)
    }

    pub fn delete_supporting(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        storyboard::delete_supporting(&mut self.store, ids)
    }

    pub fn add_lane(&mut self, name: &str) -> Result<StoryboardChange> {
        storyboard::add_lane(&mut self.store, name)
    }

    pub fn rename_lane(&mut self, id: &str, name: &str) -> Result<StoryboardChange> {
        storyboard::rename_lane(&mut self.store, id, name)
    }

    pub fn reorder_lanes(&mut self, ids: &[String]) -> Result<StoryboardChange> {
        storyboard::reorder_lanes(&mut self.store, ids)
    }

    pub fn delete_lane(&mut self, id: &str) -> Result<StoryboardChange> {
        storyboard::delete_lane(&mut self.store, id)
    }

    /// Undoes the newest storyboard edit; `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Result<Option<StoryboardChange>> {
        storyboard::undo(&mut self.store)
    }

    /// Redoes the edit undone last; `None` when there is nothing to redo.
    pub fn redo(&mut self) -> Result<Option<StoryboardChange>> {
        storyboard::redo(&mut self.store)
    }

    /// Forgets the storyboard's undo history (a freshly written sample starts clean).
    pub fn clear_history(&mut self) -> Result<()> {
        storyboard::clear_history(&mut self.store)
    }

    // Personas. Each edit is one committed transaction and returns the persona as stored.

    /// Every persona by name, with accounts.
    pub fn personas(&self) -> Result<Vec<Persona>> {
        persona::list(self.store.conn())
    }

    pub fn persona(&self, id: &str) -> Result<Persona> {
        persona::get(self.store.conn(), id)
    }

    pub fn create_persona(&mut self, new: NewPersona) -> Result<Persona> {
        persona::create_persona(&mut self.store, new)
    }

    pub fn update_persona(&mut self, id: &str, patch: PersonaPatch) -> Result<Persona> {
        persona::update_persona(&mut self.store, id, patch)
    }

    pub fn duplicate_persona(&mut self, id: &str) -> Result<Persona> {
        persona::duplicate_persona(&mut self.store, id)
    }

    pub fn delete_persona(&mut self, id: &str) -> Result<()> {
        persona::delete_persona(&mut self.store, id)
    }

    pub fn add_account(&mut self, persona_id: &str, new: NewAccount) -> Result<Persona> {
        persona::add_account(&mut self.store, persona_id, new)
    }

    pub fn update_account(
        &mut self,
        persona_id: &str,
        account_id: &str,
        patch: AccountPatch,
    ) -> Result<Persona> {
        persona::update_account(&mut self.store, persona_id, account_id, patch)
    }

    pub fn delete_account(&mut self, persona_id: &str, account_id: &str) -> Result<Persona> {
        persona::delete_account(&mut self.store, persona_id, account_id)
    }

    /// Replaces the personas of an event, as an undoable storyboard edit.
    pub fn set_event_personas(
        &mut self,
        event_id: &str,
        persona_ids: &[String],
    ) -> Result<StoryboardChange> {
        storyboard::set_event_personas(&mut self.store, event_id, persona_ids)
    }

    /// Event ID → persona IDs, for every event that has personas.
    pub fn event_personas(&self) -> Result<BTreeMap<String, Vec<String>>> {
        persona::event_personas(self.store.conn())
    }

    /// A persona's events in time order.
    pub fn persona_events(&self, persona_id: &str) -> Result<Vec<storyboard::Event>> {
        persona::persona_events(self.store.conn(), persona_id)
    }

    pub fn persona_warnings(&self) -> Result<Vec<PersonaWarning>> {
        persona::warnings(self.store.conn())
    }

    pub fn persona_to_json(&self, id: &str) -> Result<String> {
        persona::persona_to_json(self.store.conn(), id)
    }

    pub fn persona_from_json(&mut self, text: &str) -> Result<Persona> {
        persona::persona_from_json(&mut self.store, text)
    }

    // The threat model. Techniques are checked against, and recommendations read from, the
    // catalog the operation uses.

    pub fn threat_model(&self) -> Result<ThreatModel> {
        threat::load(self.store.conn(), self.catalog())
    }

    pub fn threat_model_data(&self) -> Result<ThreatModelExport> {
        threat::export(self.store.conn())
    }

    pub fn update_adversary(&mut self, patch: AdversaryPatch) -> Result<ThreatModel> {
        threat::update_adversary(&mut self.store, &self.catalog, patch)
    }

    pub fn add_techniques(&mut self, ids: &[String]) -> Result<ThreatModel> {
        threat::add_techniques(&mut self.store, &self.catalog, ids)
    }

    pub fn update_technique(&mut self, id: &str, patch: TechniquePatch) -> Result<ThreatModel> {
        threat::update_technique(&mut self.store, &self.catalog, id, patch)
    }

    pub fn remove_technique(&mut self, id: &str) -> Result<ThreatModel> {
        threat::remove_technique(&mut self.store, &self.catalog, id)
    }

    /// Imports an ATT&CK Navigator layer file into the threat model.
    pub fn import_layer(&mut self, path: &Path) -> Result<LayerImportReport> {
        threat::layer::import_layer_file(&mut self.store, &self.catalog, path)
    }

    /// Engage activities ranked for the adversary's techniques, under `goal` when given.
    pub fn recommendations(&self, goal: Option<&str>) -> Result<Vec<Recommendation>> {
        threat::recommendations(self.store.conn(), self.catalog(), goal)
    }

    /// Places a recommended activity on the storyboard with the techniques it answers.
    pub fn place_recommendation(
        &mut self,
        activity_id: &str,
        day: i32,
        minute: i32,
        lane: Option<LaneTarget>,
    ) -> Result<StoryboardChange> {
        threat::place_recommendation(
            &mut self.store,
            &self.catalog,
            activity_id,
            day,
            minute,
            lane,
        )
    }

    pub fn coverage(&self) -> Result<Coverage> {
        threat::coverage(self.store.conn(), self.catalog())
    }

    /// The coverage as an ATT&CK Navigator layer (JSON text).
    pub fn coverage_layer(&self) -> Result<String> {
        Ok(threat::layer::coverage_layer(
            &self.operation()?.name,
            &self.coverage()?,
        ))
    }

    /// Writes the coverage layer to `out` (owner-only, replacing any file there).
    pub fn export_layer(&self, out: &Path) -> Result<()> {
        self.write_export(out, self.coverage_layer()?.as_bytes())
    }

    // The operation order.

    pub fn order(&self) -> Result<Order> {
        crate::order::load(self.store.conn())
    }

    pub fn edit_order(&mut self, edit: OrderEdit) -> Result<Order> {
        crate::order::edit(&mut self.store, edit)
    }

    pub fn readiness(&self) -> Result<Vec<ReadinessCheck>> {
        crate::order::readiness::checks(self.store.conn(), self.catalog())
    }

    /// The order's document model for `options` (redacted for a briefing).
    pub fn order_content(&self, options: ExportOptions) -> Result<OrderContent> {
        crate::order::build::build(self, self.catalog(), options)
    }

    /// Whether any persona account holds a secret (an order export then carries it).
    pub fn has_secrets(&self) -> Result<bool> {
        Ok(self
            .personas()?
            .iter()
            .any(|p| p.accounts.iter().any(|a| !a.secret.is_empty())))
    }

    /// The storyboard as CSV text.
    pub fn timeline_csv(&self) -> Result<String> {
        crate::order::csv::timeline(self.store.conn(), self.catalog())
    }

    /// Writes the timeline CSV to `out` (owner-only, replacing any file there).
    pub fn export_csv(&self, out: &Path) -> Result<()> {
        self.write_export(out, self.timeline_csv()?.as_bytes())
    }

    /// Lays the order out as a PDF and writes it to `out` (owner-only, replacing any file
    /// there); returns what was written.
    pub fn export_pdf(
        &self,
        out: &Path,
        options: ExportOptions,
    ) -> Result<crate::order::pdf::RenderedPdf> {
        self.refuse_own_file(out)?;
        let rendered = crate::order::pdf::render(&self.order_content(options)?)?;
        self.write_export(out, &rendered.bytes)?;
        Ok(rendered)
    }

    /// Writes an export atomically, refusing this operation's own file under any name.
    pub fn write_export(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        self.refuse_own_file(out)?;
        crate::store::write_private(out, bytes)
    }

    fn refuse_own_file(&self, out: &Path) -> Result<()> {
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
