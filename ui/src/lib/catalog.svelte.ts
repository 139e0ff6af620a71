// Catalog page state: kept outside the page so the query and selection survive switching pages.
import { api } from './api';
import type { ActivityDetails, FeintError, Matrix, ReleaseImport, Technique } from './bindings';
import { toFeintError } from './errors';

export class CatalogState {
  matrix = $state<Matrix | null>(null);
  loadError = $state<FeintError | null>(null);
  query = $state('');
  /** Activity IDs matching the query; null when there is no query. */
  matches = $state<ReadonlySet<string> | null>(null);
  selected = $state<string | null>(null);
  details = $state<ActivityDetails | null>(null);
  detailsError = $state<FeintError | null>(null);

  private searchSeq = 0;
  private detailsSeq = 0;
  // A cache, never rendered: a plain map on purpose.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  private cache = new Map<string, ActivityDetails>();

  async load(): Promise<void> {
    if (this.matrix) return;
    try {
      this.matrix = await api.catalogMatrix();
    } catch (err) {
      this.loadError = toFeintError(err);
    }
  }

  /**
   * Imports an official Engage release (folder or zip) and shows the catalog again, now with the
   * release's descriptions. A refusal is returned for the dialog; the catalog shown stays.
   */
  async importRelease(path: string): Promise<{ ok: ReleaseImport } | { error: FeintError }> {
    try {
      const done = await api.importRelease(path);
      if (done.changed) {
        this.cache.clear();
        this.matrix = await api.catalogMatrix();
        const selected = this.selected;
        if (selected) await this.select(selected);
      }
      return { ok: done };
    } catch (err) {
      return { error: toFeintError(err) };
    }
  }

  /** Every ATT&CK technique of the catalog, for the technique pickers (loaded once). */
  techniques = $state<Technique[]>([]);

  async loadTechniques(): Promise<void> {
    if (this.techniques.length > 0) return;
    try {
      this.techniques = await api.catalogTechniques();
    } catch (err) {
      this.loadError = toFeintError(err);
    }
  }

  /** An activity's details, from the cache when seen before (no page state changes). */
  async detailsOf(id: string): Promise<ActivityDetails> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const d = await api.activityDetails(id);
    this.cache.set(id, d);
    return d;
  }

  async search(query: string): Promise<void> {
    const seq = ++this.searchSeq;
    if (query.trim() === '') {
      this.matches = null;
      return;
    }
    try {
      const ids = await api.catalogSearch(query);
      if (seq === this.searchSeq) this.matches = frozenSet(ids);
    } catch {
      if (seq === this.searchSeq) this.matches = frozenSet([]);
    }
  }

  async select(id: string | null): Promise<void> {
    const seq = ++this.detailsSeq;
    this.selected = id;
    this.detailsError = null;
    if (id === null) {
      this.details = null;
      return;
    }
    const cached = this.cache.get(id);
    if (cached) {
      this.details = cached;
      return;
    }
    this.details = null;
    try {
      const d = await api.activityDetails(id);
      this.cache.set(id, d);
      if (seq === this.detailsSeq) this.details = d;
    } catch (err) {
      if (seq === this.detailsSeq) this.detailsError = toFeintError(err);
    }
  }
}

export const catalog = new CatalogState();

/** A set that is replaced, never mutated, so it needs no reactivity of its own. */
function frozenSet(ids: string[]): ReadonlySet<string> {
  return new Set(ids);
}
