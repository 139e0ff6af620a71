// Storyboard page state: the events and lanes from the core. Every edit goes to the core, and
// the returned StoryboardChange replaces rows by ID; undo and redo are the core's. Edits made on
// other pages (a placed recommendation, a persona deleted, a host added) arrive through
// `changes`, so the board and its undo label always show the core's state.
import { api as realApi, type Api } from './api';
import { changes, Heard, type Change } from './changes';
import type {
  Event,
  EventPatch,
  FeintError,
  Lane,
  LaneGrouping,
  LaneView,
  MarkingPatch,
  NewEvent,
  Placement,
  PersonaView,
  PersonaWarning,
  QuadChart,
  StoryboardChange,
} from './bindings';
import { toFeintError } from './errors';
import { rosterFor } from './roster.svelte';
import { applyChange } from './timeline';

export class StoryboardState {
  events = $state<Event[]>([]);
  grouping = $state<LaneGrouping>('goal');
  lanes = $state<Lane[]>([]);
  /** Event ID → lane key in the current grouping. */
  eventLanes = $state<Record<string, string>>({});
  canUndo = $state(false);
  canRedo = $state(false);
  undoLabel = $state<string | null>(null);
  redoLabel = $state<string | null>(null);
  /** Event ID → the personas taking part, for events that have any. */
  eventPersonas = $state<Record<string, string[]>>({});
  personas = $state<PersonaView[]>([]);
  /** Consistency warnings about personas and their events, from the core. */
  warnings = $state<PersonaWarning[]>([]);
  loaded = $state(false);
  /** Bumped on every applied change, so views fed by other commands (quad chart) reload. */
  version = $state(0);
  error = $state<FeintError | null>(null);

  private heard = new Heard();
  private roster;

  constructor(private api: Api = realApi) {
    this.roster = rosterFor(api);
  }

  /** Follows the edits made anywhere in the app; returns the function that stops. */
  listen(): () => void {
    return changes.on(['storyboard', 'personas', 'order'], (change) => this.hear(change));
  }

  private hear(change: Change): void {
    if (!this.loaded) return;
    const { result } = change;
    if (change.parts.includes('storyboard')) {
      if (isStoryboardChange(result)) this.heard.note(result, this.absorb(result));
      // Other answers (the order, a deleted persona) do not say which events changed.
      else if (result !== null) this.heard.note(result, this.load());
    } else if (change.parts.includes('personas')) {
      this.heard.note(result, this.refresh());
    } else if (this.grouping === 'host') {
      // The environment's hosts (from the order) are lanes too.
      this.heard.note(result, this.loadLanes().catch((err) => void (this.error = toFeintError(err))));
    }
  }

  async load(): Promise<void> {
    try {
      const board = await this.api.storyboard();
      this.events = board.events;
      this.canUndo = board.can_undo;
      this.canRedo = board.can_redo;
      this.undoLabel = board.undo_label;
      this.redoLabel = board.redo_label;
      this.eventPersonas = board.event_personas;
      await this.loadPeople();
      await this.loadLanes();
      this.error = null;
      this.loaded = true;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  /** Personas and warnings change on the persona page too: reloaded when it edits them. */
  async loadPeople(): Promise<void> {
    const [personas, warnings] = await Promise.all([this.roster.load(), this.api.personaWarnings()]);
    this.personas = personas;
    this.warnings = warnings;
  }

  /** Called when personas changed: their names, warnings and (grouped by persona) lanes. */
  async refresh(): Promise<void> {
    try {
      await this.loadPeople();
      if (this.grouping === 'persona') await this.loadLanes();
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  warningsOf(eventId: string): PersonaWarning[] {
    return this.warnings.filter((w) => w.event_id === eventId);
  }

  personaName(id: string): string {
    return this.personas.find((p) => p.persona.id === id)?.persona.name ?? id;
  }

  private async loadLanes(): Promise<void> {
    const view = await this.api.laneView(this.grouping);
    this.lanes = view.lanes;
    this.eventLanes = view.event_lanes;
  }

  /** Switches the lane grouping (goal, approach, host, custom lane). */
  async setGrouping(grouping: LaneGrouping): Promise<void> {
    const before = this.grouping;
    this.grouping = grouping;
    try {
      await this.loadLanes();
      this.error = null;
    } catch (err) {
      this.grouping = before;
      this.error = toFeintError(err);
    }
  }

  laneOf(id: string): string {
    return this.eventLanes[id] ?? '';
  }

  add(event: NewEvent): Promise<StoryboardChange | null> {
    return this.run(() => this.api.addEvent(event));
  }

  /** Places an activity by the core's placement rule (its own goal's lane, a free slot). */
  place(placement: Placement): Promise<StoryboardChange | null> {
    return this.run(() => this.api.placeActivity(placement));
  }

  update(id: string, patch: EventPatch): Promise<StoryboardChange | null> {
    return this.run(() => this.api.updateEvent(id, patch));
  }

  move(ids: string[], deltaMinutes: number, laneKey: string | null) {
    const target = laneKey === null ? null : { grouping: this.grouping, key: laneKey };
    return this.run(() => this.api.moveEvents(ids, deltaMinutes, target));
  }

  resize(id: string, durationMin: number) {
    return this.run(() => this.api.resizeEvent(id, durationMin));
  }

  remove(ids: string[]) {
    return this.run(() => this.api.deleteEvents(ids));
  }

  duplicate(ids: string[]) {
    return this.run(() => this.api.duplicateEvents(ids));
  }

  mark(ids: string[], marking: MarkingPatch) {
    return this.run(() => this.api.setMarking(ids, marking));
  }

  addSupporting(text: string) {
    return this.run(() => this.api.addSupporting({ text }));
  }

  deleteSupporting(ids: string[]) {
    return this.run(() => this.api.deleteSupporting(ids));
  }

  setPersonas(eventId: string, personaIds: string[]) {
    return this.run(() => this.api.setEventPersonas(eventId, personaIds));
  }

  addLane(name: string) {
    return this.run(() => this.api.addLane(name));
  }

  renameLane(id: string, name: string) {
    return this.run(() => this.api.renameLane(id, name));
  }

  reorderLanes(ids: string[]) {
    return this.run(() => this.api.reorderLanes(ids));
  }

  deleteLane(id: string) {
    return this.run(() => this.api.deleteLane(id));
  }

  undo() {
    return this.run(() => this.api.undo());
  }

  redo() {
    return this.run(() => this.api.redo());
  }

  private async run(
    edit: () => Promise<StoryboardChange | null>,
  ): Promise<StoryboardChange | null> {
    try {
      const change = await edit();
      if (!change) return null;
      await this.heard.after(change, () => this.absorb(change));
      return change;
    } catch (err) {
      this.error = toFeintError(err);
      return null;
    }
  }

  /** Applies a change, then asks for what the core derives from it (lanes, warnings). */
  private async absorb(change: StoryboardChange): Promise<void> {
    this.apply(change);
    try {
      const linksChanged = Object.keys(change.event_personas).length > 0;
      const lanes = change.events.length > 0 || change.lanes !== null || linksChanged;
      const warnings = change.events.length > 0 || change.removed_event_ids.length > 0 || linksChanged;
      await Promise.all([
        lanes ? this.loadLanes() : null,
        warnings ? this.api.personaWarnings().then((w) => (this.warnings = w)) : null,
      ]);
      this.error = null;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  apply(change: StoryboardChange): void {
    this.events = applyChange(this.events, change);
    if (Object.keys(change.event_personas).length > 0 || change.removed_event_ids.length > 0) {
      const next = { ...this.eventPersonas };
      for (const [id, ids] of Object.entries(change.event_personas)) {
        if (ids.length > 0) next[id] = ids;
        else delete next[id];
      }
      for (const id of change.removed_event_ids) delete next[id];
      this.eventPersonas = next;
    }
    this.canUndo = change.can_undo;
    this.canRedo = change.can_redo;
    this.undoLabel = change.undo_label;
    this.redoLabel = change.redo_label;
    this.version += 1;
  }

  /** The lanes of another grouping (the list view filters by goal whatever the timeline shows). */
  laneViewOf(grouping: LaneGrouping): Promise<LaneView> {
    return this.api.laneView(grouping);
  }

  quadChart(): Promise<QuadChart> {
    return this.api.quadChart();
  }
}

function isStoryboardChange(value: unknown): value is StoryboardChange {
  return value !== null && typeof value === 'object' && 'removed_event_ids' in value && 'undo_label' in value;
}
