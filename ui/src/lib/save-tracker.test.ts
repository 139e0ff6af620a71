import { describe, expect, it } from 'vitest';
import { SaveTracker } from './save-tracker';

describe('SaveTracker', () => {
  it('starts as Saved', () => {
    expect(new SaveTracker().status()).toEqual({ kind: 'saved', text: 'Saved' });
  });

  it('says Saving… from the first queued keystroke until the last request ends', () => {
    const t = new SaveTracker();
    t.queue('name');
    expect(t.status().text).toBe('Saving…');
    t.start('name');
    t.start('codename');
    t.succeed('name');
    expect(t.status().text).toBe('Saving…');
    t.succeed('codename');
    expect(t.status().text).toBe('Saved');
  });

  it('reports a refusal until that field is saved', () => {
    const t = new SaveTracker();
    t.start('name');
    t.fail('name', 'the operation needs a name');
    expect(t.status()).toMatchObject({ kind: 'error', text: 'Not saved: the operation needs a name' });
    expect(t.errorOf('name')).toBe('the operation needs a name');
    t.start('codename');
    t.succeed('codename');
    expect(t.status().kind).toBe('error');
    t.start('name');
    t.succeed('name');
    expect(t.status().text).toBe('Saved');
    expect(t.errors()).toEqual({});
  });

  it('shows the most recent refusal', () => {
    const t = new SaveTracker();
    t.start('a');
    t.fail('a', 'first');
    t.start('b');
    t.fail('b', 'second');
    expect(t.status().text).toBe('Not saved: second');
    t.start('a');
    t.fail('a', 'third');
    expect(t.status().text).toBe('Not saved: third');
  });

  it('forgets everything on reset', () => {
    const t = new SaveTracker();
    t.queue('a');
    t.start('b');
    t.fail('b', 'x');
    t.reset();
    expect(t.status().text).toBe('Saved');
  });
});
