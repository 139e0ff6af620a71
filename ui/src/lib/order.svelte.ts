// Order page state: the order, its readiness and the personas' accounts (for the hosts), all
// from the core. Every edit answers with the whole order; readiness is then asked for again,
// as it is after an edit of anything it checks, made on any page.
import { api as realApi, type Api } from './api';
import { changes, Heard } from './changes';
import type { ExportOptions, FeintError, Order, OrderEdit, PdfExport, PersonaView, ReadinessCheck } from './bindings';
import { toFeintError } from './errors';
import { rosterFor } from './roster.svelte';
import type { Tracker } from './threat.svelte';

const direct: Tracker = async (_key, action) => action();

export class OrderState {
  order = $state<Order | null>(null);
  readiness = $state<ReadinessCheck[]>([]);
  personas = $state<PersonaView[]>([]);
  error = $state<FeintError | null>(null);
  exported = $state<PdfExport | null>(null);
  // Answers can arrive out of order; only the newest edit's answer is shown.
  private sent = 0;

  private heard = new Heard();
  private roster;

  constructor(
    private api: Api = realApi,
    private track: Tracker = direct,
  ) {
    this.roster = rosterFor(api);
  }

  /** Follows the edits readiness checks, made anywhere; returns the function that stops. */
  listen(): () => void {
    return changes.on(['operation', 'storyboard', 'personas', 'threat', 'catalog'], (change) => {
      if (!this.order) return;
      if (change.parts.includes('personas')) this.heard.note(change.result, this.reloadPersonas());
      else this.heard.note(change.result, this.refresh());
    });
  }

  private async reloadPersonas(): Promise<void> {
    try {
      const [personas, readiness] = await Promise.all([this.roster.load(), this.api.readiness()]);
      this.personas = personas;
      this.readiness = readiness;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  /** Every account of every persona, for the host pickers and the secret notice. */
  get accounts(): { id: string; label: string; hasSecret: boolean }[] {
    return this.personas.flatMap((p) =>
      p.persona.accounts.map((a) => ({
        id: a.id,
        label: `${a.username || '(no username)'}${a.system ? ` on ${a.system}` : ''} · ${p.persona.name}`,
        hasSecret: a.secret !== '',
      })),
    );
  }

  get secretCount(): number {
    return this.accounts.filter((a) => a.hasSecret).length;
  }

  async load(): Promise<void> {
    try {
      const [order, personas] = await Promise.all([this.api.order(), this.roster.load()]);
      this.order = order;
      this.personas = personas;
      await this.refresh();
      this.error = null;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  async refresh(): Promise<void> {
    try {
      this.readiness = await this.api.readiness();
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  /** Applies one edit; resolves to the stored order, or null when refused. */
  async edit(key: string, edit: OrderEdit): Promise<Order | null> {
    const seq = ++this.sent;
    const order = await this.track(key, () => this.api.editOrder(edit));
    if (order && seq === this.sent) this.order = order;
    if (order) await this.heard.after(order, () => this.refresh());
    return order;
  }

  /** Writes the PDF; resolves to null when written, or the refusal. */
  async exportPdf(path: string, options: ExportOptions): Promise<FeintError | null> {
    try {
      this.exported = await this.api.exportPdf(path, options);
      return null;
    } catch (err) {
      return toFeintError(err);
    }
  }
}
