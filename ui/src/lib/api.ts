// The only module that talks to the Tauri backend. Components call these typed wrappers;
// every rejection arrives as a `FeintError` ({code, message}).
import { invoke } from '@tauri-apps/api/core';
import type {
  About,
  AccountPatch,
  ActivityDetails,
  AdversaryPatch,
  AppState,
  CatalogVersion,
  Coverage,
  Event,
  EventPatch,
  ExportOptions,
  FeintError,
  LaneGrouping,
  LayerImportReport,
  LaneTarget,
  LaneView,
  MarkingPatch,
  Matrix,
  NewAccount,
  NewEvent,
  NewPersona,
  NewSupportingItem,
  Operation,
  OperationPatch,
  Order,
  OrderEdit,
  PdfExport,
  PersonaPatch,
  PersonaTemplate,
  PersonaView,
  PersonaWarning,
  QuadChart,
  ReadinessCheck,
  Recommendation,
  ReleaseImport,
  Storyboard,
  StoryboardChange,
  Technique,
  TechniquePatch,
  ThreatModel,
} from './bindings';
import { toFeintError } from './errors';

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toFeintError(err);
  }
}

export const api = {
  getState: () => call<AppState>('get_state'),
  startupError: () => call<FeintError | null>('startup_error'),
  newOperation: (path: string, name: string) => call<AppState>('new_operation', { path, name }),
  openOperation: (path: string) => call<AppState>('open_operation', { path }),
  saveAs: (path: string) => call<AppState>('save_as', { path }),
  updateOperation: (patch: OperationPatch) => call<Operation>('update_operation', { patch }),
  pickOpenPath: () => call<string | null>('pick_open_path'),
  pickSavePath: (suggested: string) => call<string | null>('pick_save_path', { suggested }),
  catalogMatrix: () => call<Matrix>('catalog_matrix'),
  catalogSearch: (query: string) => call<string[]>('catalog_search', { query }),
  activityDetails: (id: string) => call<ActivityDetails>('activity_details', { id }),
  storyboard: () => call<Storyboard>('storyboard'),
  laneView: (grouping: LaneGrouping) => call<LaneView>('lane_view', { grouping }),
  quadChart: () => call<QuadChart>('quad_chart'),
  addEvent: (event: NewEvent) => call<StoryboardChange>('add_event', { event }),
  updateEvent: (id: string, patch: EventPatch) =>
    call<StoryboardChange>('update_event', { id, patch }),
  moveEvents: (ids: string[], deltaMinutes: number, target: LaneTarget | null) =>
    call<StoryboardChange>('move_events', { ids, deltaMinutes, target }),
  resizeEvent: (id: string, durationMin: number) =>
    call<StoryboardChange>('resize_event', { id, durationMin }),
  deleteEvents: (ids: string[]) => call<StoryboardChange>('delete_events', { ids }),
  duplicateEvents: (ids: string[]) => call<StoryboardChange>('duplicate_events', { ids }),
  setMarking: (ids: string[], marking: MarkingPatch) =>
    call<StoryboardChange>('set_marking', { ids, marking }),
  addSupporting: (item: NewSupportingItem) =>
    call<StoryboardChange>('add_supporting', { item }),
  deleteSupporting: (ids: string[]) => call<StoryboardChange>('delete_supporting', { ids }),
  undo: () => call<StoryboardChange | null>('undo'),
  redo: () => call<StoryboardChange | null>('redo'),
  pickLayerPath: () => call<string | null>('pick_layer_path'),
  pickLayerSavePath: (suggested: string) => call<string | null>('pick_layer_save_path', { suggested }),
  pickReleasePath: (folder: boolean) => call<string | null>('pick_release_path', { folder }),
  searchTechniques: (query: string) => call<Technique[]>('search_techniques', { query }),
  catalogVersions: () => call<CatalogVersion[]>('catalog_versions'),
  about: () => call<About>('about'),
  importRelease: (path: string) => call<ReleaseImport>('import_release', { path }),
  threatModel: () => call<ThreatModel>('threat_model'),
  updateAdversary: (patch: AdversaryPatch) => call<ThreatModel>('update_adversary', { patch }),
  addTechniques: (ids: string[]) => call<ThreatModel>('add_techniques', { ids }),
  updateTechnique: (id: string, patch: TechniquePatch) => call<ThreatModel>('update_technique', { id, patch }),
  removeTechnique: (id: string) => call<ThreatModel>('remove_technique', { id }),
  importLayer: (path: string) => call<LayerImportReport>('import_layer', { path }),
  recommendations: (goal: string | null) => call<Recommendation[]>('recommendations', { goal }),
  placeRecommendation: (activityId: string, day: number, minute: number, lane: LaneTarget | null) =>
    call<StoryboardChange>('place_recommendation', { activityId, day, minute, lane }),
  coverage: () => call<Coverage>('coverage'),
  exportLayer: (path: string) => call<null>('export_layer', { path }),
  catalogTechniques: () => call<Technique[]>('catalog_techniques'),
  addLane: (name: string) => call<StoryboardChange>('add_lane', { name }),
  renameLane: (id: string, name: string) => call<StoryboardChange>('rename_lane', { id, name }),
  reorderLanes: (ids: string[]) => call<StoryboardChange>('reorder_lanes', { ids }),
  deleteLane: (id: string) => call<StoryboardChange>('delete_lane', { id }),
  setEventPersonas: (eventId: string, personaIds: string[]) =>
    call<StoryboardChange>('set_event_personas', { eventId, personaIds }),
  personas: () => call<PersonaView[]>('personas'),
  personaTemplates: () => call<PersonaTemplate[]>('persona_templates'),
  createPersona: (persona: NewPersona) => call<PersonaView>('create_persona', { new: persona }),
  updatePersona: (id: string, patch: PersonaPatch) =>
    call<PersonaView>('update_persona', { id, patch }),
  duplicatePersona: (id: string) => call<PersonaView>('duplicate_persona', { id }),
  deletePersona: (id: string) => call<null>('delete_persona', { id }),
  addAccount: (personaId: string, account: NewAccount) =>
    call<PersonaView>('add_account', { personaId, new: account }),
  updateAccount: (personaId: string, accountId: string, patch: AccountPatch) =>
    call<PersonaView>('update_account', { personaId, accountId, patch }),
  deleteAccount: (personaId: string, accountId: string) =>
    call<PersonaView>('delete_account', { personaId, accountId }),
  personaEvents: (personaId: string) => call<Event[]>('persona_events', { personaId }),
  personaWarnings: () => call<PersonaWarning[]>('persona_warnings'),
  exportPersona: (id: string, path: string) => call<null>('export_persona', { id, path }),
  importPersona: (path: string) => call<PersonaView>('import_persona', { path }),
  pickJsonPath: (save: boolean, suggested: string) =>
    call<string | null>('pick_json_path', { save, suggested }),
  order: () => call<Order>('order'),
  editOrder: (edit: OrderEdit) => call<Order>('edit_order', { edit }),
  readiness: () => call<ReadinessCheck[]>('readiness'),
  exportPdf: (path: string, options: ExportOptions) => call<PdfExport>('export_pdf', { path, options }),
  pickPdfPath: (suggested: string) => call<string | null>('pick_pdf_path', { suggested }),
  exportCsv: (path: string) => call<string>('export_csv', { path }),
  pickCsvPath: (suggested: string) => call<string | null>('pick_csv_path', { suggested }),
};

export type Api = typeof api;
