// Persona page state: the personas from the core, the selected one, its events and the
// consistency warnings. Every edit goes to the core; its answer replaces the persona shown.
// Storyboard edits made anywhere (links, moved or deleted events) refresh the events and warnings.
import { api as realApi, type Api } from './api';
import { changes } from './changes';
import type {
  AccountPatch,
  Event,
  FeintError,
  NewAccount,
  PersonaPatch,
  PersonaTemplate,
  PersonaView,
  PersonaWarning,
} from './bindings';
import { toFeintError } from './errors';
import { rosterFor } from './roster.svelte';
import { store } from './state.svelte';

export class PersonaState {
  list = $state<PersonaView[]>([]);
  templates = $state<PersonaTemplate[]>([]);
  warnings = $state<PersonaWarning[]>([]);
  selectedId = $state<string | null>(null);
  /** The selected persona's events, in time order (its mini timeline). */
  events = $state<Event[]>([]);
  loaded = $state(false);
  error = $state<FeintError | null>(null);

  private roster;

  constructor(
    private api: Api = realApi,
    private track: <T>(key: string, edit: () => Promise<T>) => Promise<T | null> = (k, e) =>
      store.track(k, e),
  ) {
    this.roster = rosterFor(api);
  }

  /** Follows storyboard edits made anywhere; returns the function that stops. */
  listen(): () => void {
    return changes.on(['storyboard'], () => {
      if (this.loaded) void this.reloadDerived();
    });
  }

  get selected(): PersonaView | null {
    return this.list.find((p) => p.persona.id === this.selectedId) ?? null;
  }

  warningsOf(personaId: string): PersonaWarning[] {
    return this.warnings.filter((w) => w.persona_id === personaId);
  }

  async load(): Promise<void> {
    try {
      const [list, templates] = await Promise.all([this.roster.load(), this.api.personaTemplates()]);
      this.list = list;
      this.templates = templates;
      if (!this.selected) this.selectedId = list[0]?.persona.id ?? null;
      await this.reloadDerived();
      this.loaded = true;
      this.error = null;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  async select(id: string | null): Promise<void> {
    this.selectedId = id;
    await this.reloadDerived();
  }

  async create(name: string, template: string | null): Promise<PersonaView | null> {
    const made = await this.run(() => this.api.createPersona({ name, ...(template ? { template } : {}) }));
    if (made) {
      this.list = [...this.list, made].sort(byName);
      await this.select(made.persona.id);
    }
    return made;
  }

  /** `key` names the field for the save status ("persona.name"). */
  async update(id: string, key: string, patch: PersonaPatch): Promise<PersonaView | null> {
    const stored = await this.track(`persona.${id}.${key}`, () => this.api.updatePersona(id, patch));
    if (stored) {
      this.replace(stored);
      // Names, schedules, time zones and start dates all feed the warnings.
      await this.reloadWarnings();
    }
    return stored;
  }

  async duplicate(id: string): Promise<void> {
    const copy = await this.run(() => this.api.duplicatePersona(id));
    if (copy) {
      this.list = [...this.list, copy].sort(byName);
      await this.select(copy.persona.id);
    }
  }

  async remove(id: string): Promise<void> {
    const ok = await this.run(async () => {
      await this.api.deletePersona(id);
      return true;
    });
    if (!ok) return;
    this.list = this.list.filter((p) => p.persona.id !== id);
    if (this.selectedId === id) await this.select(this.list[0]?.persona.id ?? null);
    else await this.reloadWarnings();
  }

  async addAccount(personaId: string, account: NewAccount): Promise<void> {
    const stored = await this.track(`persona.${personaId}.accounts`, () =>
      this.api.addAccount(personaId, account),
    );
    if (stored) {
      this.replace(stored);
      await this.reloadWarnings();
    }
  }

  async updateAccount(personaId: string, accountId: string, key: string, patch: AccountPatch): Promise<void> {
    const stored = await this.track(`account.${accountId}.${key}`, () =>
      this.api.updateAccount(personaId, accountId, patch),
    );
    if (stored) {
      this.replace(stored);
      await this.reloadWarnings();
    }
  }

  async deleteAccount(personaId: string, accountId: string): Promise<void> {
    const stored = await this.run(() => this.api.deleteAccount(personaId, accountId));
    if (stored) {
      this.replace(stored);
      await this.reloadWarnings();
    }
  }

  async exportTo(id: string, path: string): Promise<boolean> {
    const ok = await this.run(async () => {
      await this.api.exportPersona(id, path);
      return true;
    });
    return ok === true;
  }

  async importFrom(path: string): Promise<PersonaView | null> {
    const made = await this.run(() => this.api.importPersona(path));
    if (made) {
      this.list = [...this.list, made].sort(byName);
      await this.select(made.persona.id);
    }
    return made;
  }

  private replace(view: PersonaView): void {
    this.list = this.list.map((p) => (p.persona.id === view.persona.id ? view : p)).sort(byName);
  }

  private async reloadDerived(): Promise<void> {
    await this.reloadWarnings();
    const id = this.selectedId;
    try {
      const events = id ? await this.api.personaEvents(id) : [];
      if (id === this.selectedId) this.events = events;
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  private async reloadWarnings(): Promise<void> {
    try {
      this.warnings = await this.api.personaWarnings();
    } catch (err) {
      this.error = toFeintError(err);
    }
  }

  /** Puts a secret on the clipboard through the shell, which clears it after the returned
   *  number of seconds unless something else was copied since. */
  async copySecret(secret: string): Promise<number | null> {
    return this.run(() => this.api.copySecret(secret));
  }

  private async run<T>(edit: () => Promise<T>): Promise<T | null> {
    try {
      const out = await edit();
      this.error = null;
      return out;
    } catch (err) {
      this.error = toFeintError(err);
      return null;
    }
  }
}

function byName(a: PersonaView, b: PersonaView): number {
  return (
    a.persona.name.localeCompare(b.persona.name, undefined, { sensitivity: 'base' }) ||
    a.persona.id.localeCompare(b.persona.id)
  );
}
