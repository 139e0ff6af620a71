// The app's one store: the core's AppState plus what the shell shows about it (banner, autosave).
// Every change of the open file goes through here so the state always comes from the core.
import { api as realApi, type Api } from './api';
import type { AppState, FeintError, Operation, OperationPatch } from './bindings';
import { isFileError, isPassphraseError, toFeintError } from './errors';
import { SaveTracker, type SaveStatus } from './save-tracker';

export type Page = 'operation' | 'catalog' | 'storyboard' | 'personas' | 'threat' | 'order' | 'journal' | 'intel';
export type FileDialog = 'new' | 'open' | 'save-as' | 'new-from';

/** What a file action gave: done, or refused with an error the dialog shows next to its fields. */
export type FileOutcome = { ok: true } | { ok: false; error: FeintError };

const EMPTY: AppState = { file: null, operation: null, recent: [] };

export class Store {
  app = $state<AppState>(EMPTY);
  ready = $state(false);
  page = $state<Page>('operation');
  dialog = $state<FileDialog | null>(null);
  banner = $state<FeintError | null>(null);
  /** An encrypted file waiting for its passphrase (the unlock dialog is open for it). */
  unlock = $state<string | null>(null);
  save = $state<SaveStatus>({ kind: 'saved', text: 'Saved' });
  fieldErrors = $state<Record<string, string>>({});

  /** Bumped whenever another file becomes the open one, so forms reload their drafts. */
  generation = $state(0);

  private tracker = new SaveTracker();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, never rendered
  private flushers = new Set<() => void>();

  constructor(private api: Api = realApi) {}

  get operation(): Operation | null {
    return this.app.operation;
  }

  async init(): Promise<void> {
    try {
      // One round trip's wait instead of three before the first page shows.
      const [state, startup, locked] = await Promise.all([
        this.api.getState(),
        this.api.startupError(),
        this.api.lockedStartupFile(),
      ]);
      this.setApp(state);
      if (locked) this.unlock = locked;
      else if (startup) this.banner = startup;
    } catch (err) {
      this.banner = toFeintError(err);
    } finally {
      this.ready = true;
    }
  }

  /** Lets a form push its pending (debounced) edits before the open file changes. */
  onBeforeFileChange(flush: () => void): () => void {
    this.flushers.add(flush);
    return () => this.flushers.delete(flush);
  }

  /** A new operation; encrypted when a passphrase is given. */
  newOperation(path: string, name: string, passphrase?: string): Promise<FileOutcome> {
    return this.fileAction(() =>
      passphrase ? this.api.newProtectedOperation(path, name, passphrase) : this.api.newOperation(path, name),
    );
  }

  /** Opens a file; an encrypted one closes the dialog and opens the unlock dialog instead. */
  async open(path: string): Promise<FileOutcome> {
    const outcome = await this.fileAction(() => this.api.openOperation(path));
    if (!outcome.ok && isPassphraseError(outcome.error)) {
      this.dialog = null;
      this.unlock = path;
    }
    return outcome;
  }

  /** Opens the encrypted file the unlock dialog is for; a wrong passphrase comes back to it. */
  unlockWith(passphrase: string): Promise<FileOutcome> {
    const path = this.unlock;
    if (path === null) return Promise.resolve({ ok: true });
    return this.fileAction(() => this.api.openProtected(path, passphrase));
  }

  /** Save As; the copy is encrypted with `passphrase` if given, else keeps the file's protection. */
  saveAs(path: string, passphrase?: string): Promise<FileOutcome> {
    return this.fileAction(() => (passphrase ? this.api.saveAsProtected(path, passphrase) : this.api.saveAs(path)));
  }

  /** A new operation from the open one's plan (no secrets, no journal), continued in. */
  newFrom(path: string): Promise<FileOutcome> {
    return this.fileAction(() => this.api.newFrom(path));
  }

  /** Opens a recent file; a refusal goes to the banner (there is no dialog to show it in). */
  async openRecent(path: string): Promise<void> {
    const outcome = await this.open(path);
    // File refusals already reached the banner (and refreshed the list); show the rest too.
    if (!outcome.ok && !isFileError(outcome.error) && !isPassphraseError(outcome.error)) {
      this.showError(outcome.error);
    }
  }

  /**
   * Runs a file action. A refusal comes back to the dialog that asked, which stays open with
   * the path as typed, so a mistyped path is corrected rather than retyped; without a dialog
   * (a recent file), refusals of the file itself (newer version, not an operation, missing…)
   * go to the banner.
   */
  private async fileAction(action: () => Promise<AppState>): Promise<FileOutcome> {
    for (const flush of this.flushers) flush();
    try {
      const state = await action();
      this.setApp(state);
      this.tracker.reset();
      this.syncSave();
      this.generation += 1;
      this.page = 'operation';
      this.dialog = null;
      this.unlock = null;
      this.banner = null;
      return { ok: true };
    } catch (err) {
      const error = toFeintError(err);
      if (isFileError(error)) {
        this.unlock = null;
        if (this.dialog === null) this.banner = error;
        await this.refresh();
      }
      return { ok: false, error };
    }
  }

  /** Reloads the state (e.g. the recent list after a refusal marked a file missing). */
  async refresh(): Promise<void> {
    try {
      this.setApp(await this.api.getState());
    } catch {
      // Keep what is shown; the action that failed has already reported.
    }
  }

  /** Marks an edit of `key` as waiting to be sent (the status shows "Saving…" at once). */
  queueEdit(key: string): void {
    this.tracker.queue(key);
    this.syncSave();
  }

  cancelEdit(key: string): void {
    this.tracker.unqueue(key);
    this.syncSave();
  }

  /** Stores one field's patch. Resolves to the stored operation, or null when refused. */
  async update(key: string, patch: OperationPatch): Promise<Operation | null> {
    this.tracker.start(key);
    this.syncSave();
    const generation = this.generation;
    try {
      const op = await this.api.updateOperation(patch);
      if (generation !== this.generation) return null;
      this.app.operation = op;
      this.tracker.succeed(key);
      return op;
    } catch (err) {
      if (generation !== this.generation) return null;
      const error = toFeintError(err);
      this.tracker.fail(key, error.message);
      if (error.code === 'no_operation') this.banner = error;
      return null;
    } finally {
      this.syncSave();
    }
  }

  /**
   * Runs an edit of another part of the operation (a persona, the threat model) under the same
   * save status as the operation's fields. Resolves to its result, or null when refused (the
   * status says why) or when another file was opened meanwhile.
   */
  async track<T>(key: string, edit: () => Promise<T>): Promise<T | null> {
    this.tracker.start(key);
    this.syncSave();
    const generation = this.generation;
    try {
      const out = await edit();
      if (generation !== this.generation) return null;
      this.tracker.succeed(key);
      return out;
    } catch (err) {
      if (generation !== this.generation) return null;
      const error = toFeintError(err);
      this.tracker.fail(key, error.message);
      if (error.code === 'no_operation') this.banner = error;
      return null;
    } finally {
      this.syncSave();
    }
  }

  showError(error: FeintError): void {
    this.banner = error;
  }

  dismissBanner(): void {
    this.banner = null;
  }

  private setApp(state: AppState): void {
    this.app = state;
  }

  private syncSave(): void {
    this.save = this.tracker.status();
    this.fieldErrors = this.tracker.errors();
  }
}

export const store = new Store();
