import { describe, expect, it, vi } from 'vitest';
import type { Api } from './api';
import type { AppState, Operation } from './bindings';
import { Store } from './state.svelte';

const op: Operation = {
  id: 'x',
  name: 'Glasshouse',
  codename: '',
  goals: [],
  objective: '',
  start_date: null,
  end_date: null,
  timezone: 'UTC',
  handling_marking: 'TLP:AMBER',
  narrative: '',
  document: { version: '0.1', prepared_by: '', approver: '', approval_date: null, distribution: [] },
  catalog_version: '1.0',
  created_at: '2026-01-01T00:00:00.000Z',
  modified_at: '2026-01-01T00:00:00.000Z',
};
const opened: AppState = { file: { path: '/t/a.feint', file_name: 'a.feint' }, operation: op, recent: [] };
const empty: AppState = { file: null, operation: null, recent: [] };

/** Every command not faked refuses, so a test sees exactly the calls it expects. */
function fakeApi(over: Partial<Api>): Api {
  const defaults: Partial<Api> = {
    getState: () => Promise.resolve(empty),
    startupError: () => Promise.resolve(null),
    lockedStartupFile: () => Promise.resolve(null),
    pickPath: () => Promise.resolve(null),
  };
  const refuse = () => Promise.reject({ code: 'io', message: 'not faked' });
  const given: Partial<Api> = { ...defaults, ...over };
  return new Proxy(given, {
    get: (target, key: string) => target[key as keyof Api] ?? refuse,
  }) as Api;
}

describe('Store', () => {
  it('shows the start-up refusal in the banner', async () => {
    const s = new Store(
      fakeApi({ startupError: () => Promise.resolve({ code: 'newer_version', message: 'x.feint was written by a newer version of Feint' }) }),
    );
    await s.init();
    expect(s.ready).toBe(true);
    expect(s.banner?.code).toBe('newer_version');
  });

  it('asks for the passphrase of an encrypted file named at start-up instead of a banner', async () => {
    const s = new Store(
      fakeApi({
        startupError: () => Promise.resolve({ code: 'passphrase_required', message: 'x.feint is encrypted' }),
        lockedStartupFile: () => Promise.resolve('/t/x.feint'),
      }),
    );
    await s.init();
    expect(s.unlock).toBe('/t/x.feint');
    expect(s.banner).toBeNull();
  });

  it('opens the unlock dialog for an encrypted file and keeps it open on a wrong passphrase', async () => {
    const openProtected = vi
      .fn()
      .mockRejectedValueOnce({ code: 'wrong_passphrase', message: 'wrong passphrase, or x.feint is not a Feint operation file' })
      .mockResolvedValueOnce(opened);
    const s = new Store(
      fakeApi({
        openOperation: () => Promise.reject({ code: 'passphrase_required', message: 'x.feint is encrypted' }),
        openProtected,
      }),
    );
    s.dialog = 'open';
    await s.open('/t/x.feint');
    expect(s.dialog).toBeNull();
    expect(s.banner).toBeNull();
    expect(s.unlock).toBe('/t/x.feint');
    const wrong = await s.unlockWith('not it');
    expect(wrong.ok).toBe(false);
    expect(s.unlock).toBe('/t/x.feint');
    expect(s.banner).toBeNull();
    expect(await s.unlockWith('the right one')).toEqual({ ok: true });
    expect(openProtected).toHaveBeenLastCalledWith('/t/x.feint', 'the right one');
    expect(s.unlock).toBeNull();
    expect(s.operation?.name).toBe('Glasshouse');
  });

  it('creates an encrypted operation only when a passphrase is given', async () => {
    const newOperation = vi.fn().mockResolvedValue(opened);
    const newProtectedOperation = vi.fn().mockResolvedValue(opened);
    const s = new Store(fakeApi({ newOperation, newProtectedOperation }));
    await s.newOperation('/t/a.feint', 'A');
    await s.newOperation('/t/b.feint', 'B', 'a passphrase');
    expect(newOperation).toHaveBeenCalledWith('/t/a.feint', 'A');
    expect(newProtectedOperation).toHaveBeenCalledWith('/t/b.feint', 'B', 'a passphrase');
  });

  it('keeps the Open dialog open with a refused file, without a banner', async () => {
    const s = new Store(fakeApi({ openOperation: () => Promise.reject({ code: 'not_found', message: 'missing' }) }));
    s.dialog = 'open';
    const out = await s.open('/t/typo.feint');
    expect(out).toEqual({ ok: false, error: { code: 'not_found', message: 'missing' } });
    expect(s.banner).toBeNull();
    expect(s.dialog).toBe('open');
  });

  it('sends a refused recent file to the banner', async () => {
    const s = new Store(fakeApi({ openOperation: () => Promise.reject({ code: 'not_an_operation', message: 'junk' }) }));
    await s.openRecent('/t/junk.feint');
    expect(s.banner?.message).toBe('junk');
    expect(s.dialog).toBeNull();
  });

  it('returns an existing target to the dialog without a banner', async () => {
    const s = new Store(fakeApi({ newOperation: () => Promise.reject({ code: 'already_exists', message: 'exists' }) }));
    s.dialog = 'new';
    const out = await s.newOperation('/t/a.feint', 'A');
    expect(out).toEqual({ ok: false, error: { code: 'already_exists', message: 'exists' } });
    expect(s.banner).toBeNull();
    expect(s.dialog).toBe('new');
  });

  it('opens a file, flushing pending edits first, and moves to a new generation', async () => {
    const s = new Store(fakeApi({ openOperation: () => Promise.resolve(opened) }));
    const flush = vi.fn();
    s.onBeforeFileChange(flush);
    s.dialog = 'open';
    expect(await s.open('/t/a.feint')).toEqual({ ok: true });
    expect(flush).toHaveBeenCalledOnce();
    expect(s.operation?.name).toBe('Glasshouse');
    expect(s.dialog).toBeNull();
    expect(s.generation).toBe(1);
  });

  it('maps update results to the save status and field errors', async () => {
    const update = vi
      .fn<Api['updateOperation']>()
      .mockRejectedValueOnce({ code: 'invalid_input', message: 'the operation needs a name' })
      .mockResolvedValueOnce({ ...op, name: 'Renamed' });
    const s = new Store(fakeApi({ openOperation: () => Promise.resolve(opened), updateOperation: update }));
    await s.open('/t/a.feint');

    s.queueEdit('name');
    expect(s.save.text).toBe('Saving…');
    expect(await s.update('name', { name: ' ' })).toBeNull();
    expect(s.save.text).toBe('Not saved: the operation needs a name');
    expect(s.fieldErrors).toEqual({ name: 'the operation needs a name' });
    expect(s.banner).toBeNull();

    const stored = await s.update('name', { name: 'Renamed' });
    expect(stored?.name).toBe('Renamed');
    expect(s.operation?.name).toBe('Renamed');
    expect(s.save.text).toBe('Saved');
    expect(s.fieldErrors).toEqual({});
  });
});
