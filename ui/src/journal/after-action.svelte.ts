// The after-action review on the Journal page: each success criterion's assessment, what to
// sustain and what to improve, the hotwash notes, and the after-action report's export. Fed by
// the core; follows the run (its own edits, the journal's evidence) and the order (the criteria).
import { api as realApi, type Api } from '../lib/api';
import { changes } from '../lib/changes';
import type { AfterActionEdit, AfterActionView, FeintError, PdfExport } from '../lib/bindings';
import { toFeintError } from '../lib/errors';

export class AfterActionState {
  view = $state<AfterActionView | null>(null);
  error = $state<FeintError | null>(null);
  exported = $state<PdfExport | null>(null);
  private ticket = 0;
  private sent = 0;

  /** `track` runs an edit under the header's save status (see `store.track`). */
  constructor(
    private api: Api = realApi,
    private track: <T>(key: string, edit: () => Promise<T>) => Promise<T | null> = async (_k, e) => e(),
  ) {}

  listen(): () => void {
    return changes.on(['run', 'order'], () => void this.load());
  }

  async load(): Promise<void> {
    const ticket = ++this.ticket;
    try {
      const view = await this.api.afterAction();
      if (ticket !== this.ticket) return;
      this.view = view;
      this.error = null;
    } catch (err) {
      if (ticket === this.ticket) this.error = toFeintError(err);
    }
  }

  /** Stores one edit under `key`; resolves to the review as stored, or null when refused. */
  async edit(key: string, edit: AfterActionEdit): Promise<AfterActionView | null> {
    const seq = ++this.sent;
    let refused: FeintError | null = null;
    const view = await this.track(key, async () => {
      try {
        return await this.api.editAfterAction(edit);
      } catch (err) {
        refused = toFeintError(err);
        throw err;
      }
    });
    this.error = refused;
    if (view && seq === this.sent) this.view = view;
    return view;
  }

  /** Writes the after-action report; resolves to null when written, or the refusal. */
  async exportPdf(path: string): Promise<FeintError | null> {
    try {
      this.exported = await this.api.exportPdf(path, { audience: 'after_action', lanes: 'goal' });
      return null;
    } catch (err) {
      return toFeintError(err);
    }
  }
}
