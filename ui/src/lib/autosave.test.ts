import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from './autosave';

/** A save whose answer the test releases by hand. */
function held() {
  const sent: string[] = [];
  const answers: (() => void)[] = [];
  const save = (v: string) => {
    sent.push(v);
    return new Promise<void>((resolve) => answers.push(resolve));
  };
  return { sent, answers, save };
}

describe('Autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves the last value once typing pauses, and says the key is queued at each keystroke', () => {
    const queued: string[] = [];
    const form = new Autosave<'name'>((k) => queued.push(k), 400);
    const { sent, save } = held();
    form.typed('name', 'a', save);
    vi.advanceTimersByTime(300);
    form.typed('name', 'ab', save);
    vi.advanceTimersByTime(399);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['ab']);
    expect(queued).toEqual(['name', 'name']);
  });

  it('leaving a field sends its waiting save at once, and only once', () => {
    const form = new Autosave<'name'>();
    const { sent, save } = held();
    form.typed('name', 'x', save);
    expect(form.leave('name')).toBe(true);
    expect(sent).toEqual(['x']);
    expect(form.leave('name')).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual(['x']);
  });

  it('the newest save function wins (a row whose edit depends on the latest arguments)', () => {
    const form = new Autosave<'k'>();
    const first = held();
    const second = held();
    form.typed('k', 'a', first.save);
    form.typed('k', 'b', second.save);
    form.flushAll();
    expect(first.sent).toEqual([]);
    expect(second.sent).toEqual(['b']);
  });

  it('is settled only when not focused, nothing waits and nothing is on its way', async () => {
    const form = new Autosave<'name'>();
    const { answers, save: answer } = held();
    const save = (v: string) => form.send('name', () => answer(v));
    expect(form.settled('name')).toBe(true);
    form.focus('name');
    expect(form.settled('name')).toBe(false);
    form.typed('name', 'a', save);
    form.leave('name');
    expect(form.settled('name'), 'a save on its way').toBe(false);
    expect(answers).toHaveLength(1);
    answers[0]?.();
    await vi.runAllTimersAsync();
    expect(form.settled('name')).toBe(true);
    form.typed('name', 'b', save);
    expect(form.settled('name'), 'a save waiting').toBe(false);
  });

  it('counts overlapping sends of one key until the last answers', async () => {
    const form = new Autosave<'k'>();
    const release: (() => void)[] = [];
    const slow = () => new Promise<void>((r) => release.push(r));
    const one = form.send('k', slow);
    const two = form.send('k', slow);
    expect(release).toHaveLength(2);
    release[0]?.();
    await one;
    expect(form.settled('k')).toBe(false);
    release[1]?.();
    await two;
    expect(form.settled('k')).toBe(true);
  });

  it('a refused save still ends its count', async () => {
    const form = new Autosave<'k'>();
    await expect(form.send('k', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(form.settled('k')).toBe(true);
  });

  it('cancel drops a waiting save (its row is being deleted)', () => {
    const form = new Autosave<'k'>();
    const { sent, save } = held();
    form.typed('k', 'gone', save);
    form.cancel('k');
    form.flushAll();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([]);
  });
});
