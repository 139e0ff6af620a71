// Generated from src-tauri/src/commands.rs by src-tauri/src/handlers.rs. Do not edit.
import type { About, AccountPatch, ActivityDetails, ActualPatch, ActualView, AdversaryPatch, AfterActionEdit, AfterActionView, AppState, CatalogVersion, Correction, Coverage, Event, EventPatch, Evidence, ExportOptions, FeintError, GateDecisionView, IndicatorView, Intelligence, JournalLine, LaneGrouping, LaneTarget, LaneView, LayerCounts, LayerImportReport, MarkingPatch, Matrix, NewAccount, NewEntry, NewEvent, NewEvidence, NewGateDecision, NewIndicator, NewPersona, NewSupportingItem, ObservedTechnique, Operation, OperationPatch, Order, OrderEdit, PdfExport, PersonaPatch, PersonaTemplate, PersonaView, PersonaWarning, PhaseChange, Placement, PlanChange, QuadChart, ReadinessCheck, RecentCheck, Recommendation, ReleaseImport, RunState, Storyboard, StoryboardChange, Technique, TechniquePatch, ThreatMatrix, ThreatModel } from './bindings';
import { call } from './invoke';

/** The parts of the open operation a command can change (see commands.rs). */
export type Part = 'operation' | 'catalog' | 'storyboard' | 'personas' | 'threat' | 'order' | 'run' | 'intel' | 'file';

export type FileKind = "operation" | "layer" | "release" | "json" | "pdf" | "csv" | "any";

export type PickMode = "open" | "folder" | "save";

export const commands = {
  getState: () =>
    call<AppState>('get_state', {}, []),
  startupError: () =>
    call<FeintError | null>('startup_error', {}, []),
  newOperation: (path: string, name: string) =>
    call<AppState>('new_operation', { path, name }, ['file']),
  openOperation: (path: string) =>
    call<AppState>('open_operation', { path }, ['file']),
  saveAs: (path: string) =>
    call<AppState>('save_as', { path }, ['file']),
  updateOperation: (patch: OperationPatch) =>
    call<Operation>('update_operation', { patch }, ['operation']),
  catalogMatrix: () =>
    call<Matrix>('catalog_matrix', {}, []),
  catalogSearch: (query: string) =>
    call<Array<string>>('catalog_search', { query }, []),
  activityDetails: (id: string) =>
    call<ActivityDetails>('activity_details', { id }, []),
  searchTechniques: (query: string) =>
    call<Array<Technique>>('search_techniques', { query }, []),
  catalogTechniques: () =>
    call<Array<Technique>>('catalog_techniques', {}, []),
  catalogVersions: () =>
    call<Array<CatalogVersion>>('catalog_versions', {}, []),
  about: () =>
    call<About>('about', {}, []),
  importRelease: (path: string) =>
    call<ReleaseImport>('import_release', { path }, ['catalog']),
  threatModel: () =>
    call<ThreatModel>('threat_model', {}, []),
  updateAdversary: (patch: AdversaryPatch) =>
    call<ThreatModel>('update_adversary', { patch }, ['threat']),
  addTechniques: (ids: Array<string>) =>
    call<ThreatModel>('add_techniques', { ids }, ['threat']),
  updateTechnique: (id: string, patch: TechniquePatch) =>
    call<ThreatModel>('update_technique', { id, patch }, ['threat']),
  removeTechnique: (id: string) =>
    call<ThreatModel>('remove_technique', { id }, ['threat']),
  importLayer: (path: string) =>
    call<LayerImportReport>('import_layer', { path }, ['threat']),
  recommendations: (goal: string | null) =>
    call<Array<Recommendation>>('recommendations', { goal }, []),
  placeRecommendation: (placement: Placement) =>
    call<StoryboardChange>('place_recommendation', { placement }, ['storyboard']),
  coverage: () =>
    call<Coverage>('coverage', {}, []),
  exportLayer: (path: string) =>
    call<null>('export_layer', { path }, []),
  storyboard: () =>
    call<Storyboard>('storyboard', {}, []),
  laneView: (grouping: LaneGrouping) =>
    call<LaneView>('lane_view', { grouping }, []),
  quadChart: () =>
    call<QuadChart>('quad_chart', {}, []),
  addEvent: (event: NewEvent) =>
    call<StoryboardChange>('add_event', { event }, ['storyboard']),
  updateEvent: (id: string, patch: EventPatch) =>
    call<StoryboardChange>('update_event', { id, patch }, ['storyboard']),
  moveEvents: (ids: Array<string>, deltaMinutes: number, target: LaneTarget | null) =>
    call<StoryboardChange>('move_events', { ids, deltaMinutes, target }, ['storyboard']),
  resizeEvent: (id: string, durationMin: number) =>
    call<StoryboardChange>('resize_event', { id, durationMin }, ['storyboard']),
  deleteEvents: (ids: Array<string>) =>
    call<StoryboardChange>('delete_events', { ids }, ['storyboard']),
  duplicateEvents: (ids: Array<string>) =>
    call<StoryboardChange>('duplicate_events', { ids }, ['storyboard']),
  setMarking: (ids: Array<string>, marking: MarkingPatch) =>
    call<StoryboardChange>('set_marking', { ids, marking }, ['storyboard']),
  addSupporting: (item: NewSupportingItem) =>
    call<StoryboardChange>('add_supporting', { item }, ['storyboard']),
  deleteSupporting: (ids: Array<string>) =>
    call<StoryboardChange>('delete_supporting', { ids }, ['storyboard']),
  undo: () =>
    call<StoryboardChange | null>('undo', {}, ['storyboard', 'personas']),
  redo: () =>
    call<StoryboardChange | null>('redo', {}, ['storyboard', 'personas']),
  addLane: (name: string) =>
    call<StoryboardChange>('add_lane', { name }, ['storyboard']),
  renameLane: (id: string, name: string) =>
    call<StoryboardChange>('rename_lane', { id, name }, ['storyboard']),
  reorderLanes: (ids: Array<string>) =>
    call<StoryboardChange>('reorder_lanes', { ids }, ['storyboard']),
  deleteLane: (id: string) =>
    call<StoryboardChange>('delete_lane', { id }, ['storyboard']),
  setEventPersonas: (eventId: string, personaIds: Array<string>) =>
    call<StoryboardChange>('set_event_personas', { eventId, personaIds }, ['storyboard', 'personas']),
  personas: () =>
    call<Array<PersonaView>>('personas', {}, []),
  personaTemplates: () =>
    call<Array<PersonaTemplate>>('persona_templates', {}, []),
  createPersona: (persona: NewPersona) =>
    call<PersonaView>('create_persona', { persona }, ['personas']),
  updatePersona: (id: string, patch: PersonaPatch) =>
    call<PersonaView>('update_persona', { id, patch }, ['personas']),
  duplicatePersona: (id: string) =>
    call<PersonaView>('duplicate_persona', { id }, ['personas']),
  deletePersona: (id: string) =>
    call<null>('delete_persona', { id }, ['personas', 'storyboard']),
  addAccount: (personaId: string, account: NewAccount) =>
    call<PersonaView>('add_account', { personaId, account }, ['personas']),
  updateAccount: (personaId: string, accountId: string, patch: AccountPatch) =>
    call<PersonaView>('update_account', { personaId, accountId, patch }, ['personas']),
  deleteAccount: (personaId: string, accountId: string) =>
    call<PersonaView>('delete_account', { personaId, accountId }, ['personas']),
  personaEvents: (personaId: string) =>
    call<Array<Event>>('persona_events', { personaId }, []),
  personaWarnings: () =>
    call<Array<PersonaWarning>>('persona_warnings', {}, []),
  exportPersona: (id: string, path: string) =>
    call<null>('export_persona', { id, path }, []),
  importPersona: (path: string) =>
    call<PersonaView>('import_persona', { path }, ['personas']),
  copySecret: (text: string) =>
    call<number>('copy_secret', { text }, []),
  order: () =>
    call<Order>('order', {}, []),
  editOrder: (edit: OrderEdit) =>
    call<Order>('edit_order', { edit }, ['order']),
  readiness: () =>
    call<Array<ReadinessCheck>>('readiness', {}, []),
  exportPdf: (path: string, options: ExportOptions) =>
    call<PdfExport>('export_pdf', { path, options }, []),
  exportCsv: (path: string) =>
    call<string>('export_csv', { path }, []),
  placeActivity: (placement: Placement) =>
    call<StoryboardChange>('place_activity', { placement }, ['storyboard']),
  threatMatrix: () =>
    call<ThreatMatrix>('threat_matrix', {}, []),
  openProtected: (path: string, passphrase: string) =>
    call<AppState>('open_protected', { path, passphrase }, ['file']),
  newProtectedOperation: (path: string, name: string, passphrase: string | null) =>
    call<AppState>('new_protected_operation', { path, name, passphrase }, ['file']),
  saveAsProtected: (path: string, passphrase: string | null) =>
    call<AppState>('save_as_protected', { path, passphrase }, ['file']),
  isProtected: () =>
    call<boolean>('is_protected', {}, []),
  setPassphrase: (passphrase: string | null) =>
    call<boolean>('set_passphrase', { passphrase }, []),
  lockedStartupFile: () =>
    call<string | null>('locked_startup_file', {}, []),
  runState: () =>
    call<RunState>('run_state', {}, []),
  changePhase: (change: PhaseChange) =>
    call<RunState>('change_phase', { change }, ['run']),
  planChanges: () =>
    call<Array<PlanChange>>('plan_changes', {}, []),
  journal: () =>
    call<Array<JournalLine>>('journal', {}, []),
  addJournalEntry: (entry: NewEntry) =>
    call<JournalLine>('add_journal_entry', { entry }, ['run']),
  correctJournalEntry: (id: string, correction: Correction) =>
    call<JournalLine>('correct_journal_entry', { id, correction }, ['run']),
  actuals: () =>
    call<Array<ActualView>>('actuals', {}, []),
  setActual: (eventId: string, patch: ActualPatch) =>
    call<ActualView>('set_actual', { eventId, patch }, ['run']),
  gateDecisions: () =>
    call<Array<GateDecisionView>>('gate_decisions', {}, []),
  recordGateDecision: (decision: NewGateDecision) =>
    call<GateDecisionView>('record_gate_decision', { decision }, ['run']),
  intelligence: () =>
    call<Intelligence>('intelligence', {}, []),
  addIndicator: (indicator: NewIndicator) =>
    call<IndicatorView>('add_indicator', { indicator }, ['intel']),
  deleteIndicator: (id: string) =>
    call<null>('delete_indicator', { id }, ['intel']),
  addEvidence: (evidence: NewEvidence) =>
    call<Evidence>('add_evidence', { evidence }, ['intel']),
  deleteEvidence: (id: string) =>
    call<null>('delete_evidence', { id }, ['intel']),
  exportStix: (path: string) =>
    call<null>('export_stix', { path }, []),
  exportObservedLayer: (path: string) =>
    call<null>('export_observed_layer', { path }, []),
  exportComparisonLayer: (path: string) =>
    call<LayerCounts>('export_comparison_layer', { path }, []),
  observedNotInModel: () =>
    call<Array<ObservedTechnique>>('observed_not_in_model', {}, []),
  addObservedTechniques: (ids: Array<string>) =>
    call<ThreatModel>('add_observed_techniques', { ids }, ['threat']),
  afterAction: () =>
    call<AfterActionView>('after_action', {}, []),
  editAfterAction: (edit: AfterActionEdit) =>
    call<AfterActionView>('edit_after_action', { edit }, ['run']),
  newFrom: (path: string) =>
    call<AppState>('new_from', { path }, ['file']),
  opsecCheck: () =>
    call<RecentCheck>('opsec_check', {}, []),
  pickPath: (kind: FileKind, mode: PickMode, suggested: string) =>
    call<string | null>('pick_path', { kind, mode, suggested }, []),
};
