// The operation's personas, asked of the core by this one class for every view: the persona
// page's list, the storyboard's names and persona lanes, the order's accounts. Views that hear
// the same change share one answer instead of asking once each.
import { api as realApi, type Api } from './api';
import type { PersonaView } from './bindings';

export class Roster {
  list = $state<PersonaView[]>([]);
  // Shared only by the calls of one synchronous turn (the listeners of one change): a call
  // made later, after another edit, must not take an answer asked for before it.
  private asking: Promise<PersonaView[]> | null = null;

  constructor(private api: Api = realApi) {}

  private asked = 0;

  async load(): Promise<PersonaView[]> {
    if (!this.asking) {
      this.asked += 1;
      this.asking = this.api.personas();
      queueMicrotask(() => (this.asking = null));
    }
    const seq = this.asked;
    const list = await this.asking;
    // An older answer arriving late does not replace a newer one.
    if (seq === this.asked) this.list = list;
    return list;
  }
}

export const roster = new Roster();

/** The app's roster, or a roster of its own for a state class given a test double. */
export function rosterFor(api: Api): Roster {
  return api === realApi ? roster : new Roster(api);
}
