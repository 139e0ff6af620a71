/**
 * Tracks the autosave of edits, per field key, to give one status line:
 * "Saving…" while an edit is queued or in flight, "Not saved: <message>" while a field's last
 * attempt was refused, "Saved" otherwise.
 */
export type SaveStatus =
  | { kind: 'saved'; text: string }
  | { kind: 'saving'; text: string }
  | { kind: 'error'; text: string; message: string };

export class SaveTracker {
  private queued = new Set<string>();
  private inflight = new Map<string, number>();
  /** Refusals by field key, most recent last. */
  private refused = new Map<string, string>();

  /** An edit of `key` is waiting (e.g. for the typing debounce). */
  queue(key: string): void {
    this.queued.add(key);
  }

  /** The queued edit of `key` was dropped without being sent. */
  unqueue(key: string): void {
    this.queued.delete(key);
  }

  start(key: string): void {
    this.queued.delete(key);
    this.inflight.set(key, (this.inflight.get(key) ?? 0) + 1);
  }

  succeed(key: string): void {
    this.finish(key);
    this.refused.delete(key);
  }

  fail(key: string, message: string): void {
    this.finish(key);
    this.refused.delete(key);
    this.refused.set(key, message);
  }

  /** Forgets everything, e.g. when another file is opened. */
  reset(): void {
    this.queued.clear();
    this.inflight.clear();
    this.refused.clear();
  }

  errorOf(key: string): string | undefined {
    return this.refused.get(key);
  }

  errors(): Record<string, string> {
    return Object.fromEntries(this.refused);
  }

  busy(): boolean {
    return this.queued.size > 0 || this.inflight.size > 0;
  }

  status(): SaveStatus {
    if (this.busy()) return { kind: 'saving', text: 'Saving…' };
    const last = [...this.refused.values()].pop();
    if (last !== undefined) return { kind: 'error', text: `Not saved: ${last}`, message: last };
    return { kind: 'saved', text: 'Saved' };
  }

  private finish(key: string): void {
    const n = (this.inflight.get(key) ?? 1) - 1;
    if (n > 0) this.inflight.set(key, n);
    else this.inflight.delete(key);
  }
}
