import { debounce, type Debounced } from './debounce';

/** How long typing pauses before an edit is stored. */
export const TYPING_DELAY_MS = 400;

/**
 * Saving while typing, the same way in every form: each field has one debounced save; leaving
 * the field (or the page, or the file) sends a pending save at once. An answer may replace
 * what the planner typed only when it is `settled`: the field is not focused and no later save
 * of it is waiting or on its way, so an answer to an older keystroke never overwrites newer
 * typing and the core's normalising never moves text under the cursor.
 */
export class Autosave<K extends string = string> {
  // Bookkeeping only, never rendered: plain maps on purpose.
  private readonly timers = new Map<K, Debounced<[string]>>();
  private readonly saves = new Map<K, (value: string) => Promise<unknown>>();
  private readonly inflight = new Map<K, number>();
  private focused: K | null = null;

  /** `onQueue` hears each key that starts waiting (the save status then reads "Saving…"). */
  constructor(
    private readonly onQueue: (key: K) => void = () => {},
    private readonly delay: number = TYPING_DELAY_MS,
  ) {}

  /**
   * The planner typed `value` into `key`: `save` runs with the last value once typing pauses.
   * A form that replaces drafts with the answer sends through `send` inside `save`.
   */
  typed(key: K, value: string, save: (value: string) => Promise<unknown>): void {
    this.saves.set(key, save);
    this.onQueue(key);
    let timer = this.timers.get(key);
    if (!timer) {
      timer = debounce((v: string) => void this.saves.get(key)?.(v), this.delay);
      this.timers.set(key, timer);
    }
    timer(value);
  }

  /** Sends one save of `key` now (also for fields saved on change), counted while on its way. */
  async send<T>(key: K, save: () => Promise<T>): Promise<T> {
    this.inflight.set(key, (this.inflight.get(key) ?? 0) + 1);
    try {
      return await save();
    } finally {
      const left = (this.inflight.get(key) ?? 1) - 1;
      if (left > 0) this.inflight.set(key, left);
      else this.inflight.delete(key);
    }
  }

  focus(key: K): void {
    this.focused = key;
  }

  /** Leaving `key`: a waiting save is sent now. Says whether one was waiting. */
  leave(key: K): boolean {
    if (this.focused === key) this.focused = null;
    const timer = this.timers.get(key);
    if (!timer?.pending) return false;
    timer.flush();
    return true;
  }

  /** Whether the stored value may replace the draft of `key` (see the class comment). */
  settled(key: K): boolean {
    return this.focused !== key && !this.timers.get(key)?.pending && !this.inflight.has(key);
  }

  /** Drops a waiting save of `key` (its row is being deleted). */
  cancel(key: K): void {
    this.timers.get(key)?.cancel();
  }

  /** Sends every waiting save now: before another file opens, an export, or leaving the page. */
  flushAll(): void {
    for (const timer of this.timers.values()) timer.flush();
  }
}
