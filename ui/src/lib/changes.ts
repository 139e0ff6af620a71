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
   * Calls `listener` after every success that changes one of `parts`. Opening or creating another
   * file (`file`) reaches every listener. Returns the function that stops listening.
   */
  on(parts: readonly Part[], listener: Listener): () => void {
    this.listeners.set(listener, parts);
    return () => this.listeners.delete(listener);
  }

  publish(change: Change): void {
    if (change.parts.length === 0) return;
    for (const [listener, parts] of [...this.listeners]) {
      if (change.parts.includes('file') || change.parts.some((p) => parts.includes(p))) listener(change);
    }
  }
}

export const changes = new Changes();
