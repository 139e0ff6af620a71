// Storyboard page state: the events and lanes from the core. Every edit goes to the core, and
// the returned StoryboardChange replaces rows by ID; undo and redo are the core's.
import { api as realApi, type Api } from './api';
import type {
  Event,
  EventPatch,
  FeintError,
  Lane,
  LaneGrouping,
  MarkingPatch,
  NewEvent,
  QuadChart,
  StoryboardChange,
} from './bindings';
import { toFeintError } from './errors';
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
  loaded = $state(false);
  /** Bumped on every applied change, so views fed by other commands (quad chart) reload. */
  version = $state(0);
  error = $state<FeintError | null>(null);

  constructor(private api: Api = realApi) {}

  async load(): Promise<void> {
    try {
      const board = await this.api.storyboard();
      this.events = board.events;
      this.canUndo = board.can_undo;
      this.canRedo = board.can_redo;
      this.undoLabel = board.undo_label;
      this.redoLabel = board.redo_label;
      await this.loadLanes();
      this.error = null;
      this.loaded = true;
    } catch (err) {
      this.error = toFeintError(err);
    }
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
      this.apply(change);
      if (change.events.length > 0) await this.loadLanes();
      this.error = null;
      return change;
    } catch (err) {
      this.error = toFeintError(err);
      return null;
    }
  }

  apply(change: StoryboardChange): void {
    this.events = applyChange(this.events, change);
    this.canUndo = change.can_undo;
    this.canRedo = change.can_redo;
    this.undoLabel = change.undo_label;
    this.redoLabel = change.redo_label;
    this.version += 1;
  }

  quadChart(): Promise<QuadChart> {
    return this.api.quadChart();
  }
}
