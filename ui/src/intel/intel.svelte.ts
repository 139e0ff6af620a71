// Intelligence page state: the indicators, evidence references and observed techniques as the
// core answered, and the journal entries an indicator can link to. Follows edits of the
// intelligence, the run (entries name techniques), the threat model (what counts as missing)
// and the operation (its zone decides the times shown).
import { api as realApi, type Api } from '../lib/api';
import { changes } from '../lib/changes';
import type { FeintError, Intelligence, JournalLine, NewEvidence, NewIndicator } from '../lib/bindings';
import { toFeintError } from '../lib/errors';
import type { IntelExportKind } from './intel';

export class IntelState {
  data = $state<Intelligence | null>(null);
  entries = $state<JournalLine[]>([]);
  error = $state<FeintError | null>(null);
  private ticket = 0;

  constructor(private api: Api = realApi) {}

  listen(): () => void {
    return changes.on(['intel', 'run', 'threat', 'operation'], () => void this.load());
  }

  async load(): Promise<void> {
    const ticket = ++this.ticket;
    try {
      const [data, entries] = await Promise.all([this.api.intelligence(), this.api.journal()]);
      if (ticket !== this.ticket) return;
      this.data = data;
      this.entries = entries;
    } catch (err) {
      if (ticket === this.ticket) this.error = toFeintError(err);
    }
  }

  get missing() {
    return this.data?.observed.filter((t) => !t.in_model) ?? [];
  }

  /** Runs an edit; answers whether it succeeded (the form keeps its input when not). */
  private async edit(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      this.error = null;
      return true;
    } catch (err) {
      this.error = toFeintError(err);
      return false;
    }
  }

  addIndicator(indicator: NewIndicator): Promise<boolean> {
    return this.edit(() => this.api.addIndicator(indicator));
  }

  deleteIndicator(id: string): Promise<boolean> {
    return this.edit(() => this.api.deleteIndicator(id));
  }

  /** Adds evidence; the refusal is answered so the path prompt can show it beside the field. */
  async addEvidence(evidence: NewEvidence): Promise<FeintError | null> {
    try {
      await this.api.addEvidence(evidence);
      this.error = null;
      return null;
    } catch (err) {
      return toFeintError(err);
    }
  }

  deleteEvidence(id: string): Promise<boolean> {
    return this.edit(() => this.api.deleteEvidence(id));
  }

  addObserved(ids: string[]): Promise<boolean> {
    return this.edit(() => this.api.addObservedTechniques(ids));
  }

  async exportTo(kind: IntelExportKind, path: string): Promise<FeintError | null> {
    try {
      if (kind === 'stix') await this.api.exportStix(path);
      else if (kind === 'observed') await this.api.exportObservedLayer(path);
      else await this.api.exportComparisonLayer(path);
      return null;
    } catch (err) {
      return toFeintError(err);
    }
  }
}
