// How a change reaches the views. Every command declares in src-tauri/src/commands.rs which
// parts of the operation a success changes; the generated wrapper publishes those parts here,
// with the command's answer, whatever page made the call. Each state class listens to the parts
// it shows and refreshes exactly those.
import type { Part } from './commands';

export type Change = {
  command: string;
  parts: readonly Part[];
  /** The command's answer (a StoryboardChange for storyboard edits). */
  result: unknown;
};

export type Listener = (change: Change) => void;

export class Changes {
  private listeners = new Map<Listener, readonly Part[]>();

  /**
   * Calls `listener` after every success that changes one of `parts`. Returns the function that
   * stops listening. (Pages are rebuilt when another file opens, so `file` needs no listener.)
   */
  on(parts: readonly Part[], listener: Listener): () => void {
    this.listeners.set(listener, parts);
    return () => this.listeners.delete(listener);
  }

  publish(change: Change): void {
    if (change.parts.length === 0) return;
    for (const [listener, parts] of [...this.listeners]) {
      if (change.parts.some((p) => parts.includes(p))) listener(change);
    }
  }
}

export const changes = new Changes();

/**
 * What a listener started for a published answer, so the state class whose own edit it was
 * waits for that work instead of repeating it (one refresh per edit, whoever made it).
 */
export class Heard {
  private seen = new WeakSet<object>();
  private last: Promise<void> = Promise.resolve();

  note(result: unknown, work: Promise<void>): void {
    if (result !== null && typeof result === 'object') this.seen.add(result);
    this.last = work;
  }

  /** Waits for the work started when `result` was heard, or does `own` when it was not. */
  async after(result: unknown, own: () => Promise<void>): Promise<void> {
    if (result !== null && typeof result === 'object' && this.seen.has(result)) await this.last;
    else await own();
  }
}
