// Journal page state: the entries, what changed since approval, and the events and personas an
// entry can link to, all as the core answered. Follows edits of the run, the storyboard (titles,
// deleted events) and the operation (its zone and start date decide the times shown).
import { api as realApi, type Api } from '../lib/api';
import { changes } from '../lib/changes';
import type {
  Correction,
  Event,
  FeintError,
  GatingCriterion,
  JournalLine,
  NewEntry,
  PersonaView,
  PlanChange,
} from '../lib/bindings';
import { toFeintError } from '../lib/errors';

export class JournalState {
  lines = $state<JournalLine[]>([]);
  planChanges = $state<PlanChange[]>([]);
  events = $state<Event[]>([]);
  personas = $state<PersonaView[]>([]);
  /** The order's gating criteria, for the gate decision form. */
  gating = $state<GatingCriterion[]>([]);
  error = $state<FeintError | null>(null);
  loaded = $state(false);
  private ticket = 0;

  constructor(private api: Api = realApi) {}

  listen(): () => void {
    return changes.on(['run', 'storyboard', 'operation', 'order', 'personas'], () => void this.load());
  }

  async load(): Promise<void> {
    const ticket = ++this.ticket;
    try {
      const [lines, planChanges, board, personas, order] = await Promise.all([
        this.api.journal(),
        this.api.planChanges(),
        this.api.storyboard(),
        this.api.personas(),
        this.api.order(),
      ]);
      if (ticket !== this.ticket) return;
      this.lines = lines;
      this.planChanges = planChanges;
      this.events = board.events;
      this.personas = personas;
      this.gating = order.gating;
      this.loaded = true;
    } catch (err) {
      if (ticket === this.ticket) this.error = toFeintError(err);
    }
  }

  eventTitle(id: string): string {
    return this.events.find((e) => e.id === id)?.title ?? id;
  }

  entryText(id: string): string {
    const line = this.lines.find((l) => l.entry.id === id);
    return line ? `${line.when.local}: ${line.entry.text}` : id;
  }

  personaName(id: string): string {
    return this.personas.find((p) => p.persona.id === id)?.persona.name ?? id;
  }

  /** Saves an entry; answers whether it was saved (the line keeps its text when not). */
  async add(entry: NewEntry): Promise<boolean> {
    try {
      await this.api.addJournalEntry(entry);
      this.error = null;
      return true;
    } catch (err) {
      this.error = toFeintError(err);
      return false;
    }
  }

  async correct(id: string, correction: Correction): Promise<boolean> {
    try {
      await this.api.correctJournalEntry(id, correction);
      this.error = null;
      return true;
    } catch (err) {
      this.error = toFeintError(err);
      return false;
    }
  }
}
