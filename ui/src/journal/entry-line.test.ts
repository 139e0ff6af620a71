import { describe, expect, it } from 'vitest';
import type { JournalLine } from '../lib/bindings';
import { dayLabel, eventNamed, filterLines, parseLine, utcLabel, zonedLabel } from './entry-line';

describe('parseLine', () => {
  it('reads a kind prefix and technique tokens', () => {
    expect(parseLine('adv: token used from build-01 #t1078 and #T1098.004 #T1078')).toEqual({
      text: 'token used from build-01 T1078 and T1098.004 T1078',
      kind: 'adversary_action',
      techniques: ['T1078', 'T1098.004'],
    });
  });

  it('leaves an unknown prefix and a bare ID alone', () => {
    expect(parseLine('  host: T1078 seen ')).toEqual({ text: 'host: T1078 seen', kind: null, techniques: [] });
  });
});

const line = (id: string, kind: JournalLine['entry']['kind'], techniques: string[], events: string[]): JournalLine => ({
  entry: {
    id,
    at: '2026-12-08T08:00:00Z',
    author_role: 'threat_analyst',
    kind,
    text: id,
    event_ids: events,
    persona_ids: [],
    technique_ids: techniques,
    history: [],
    created_at: '',
    modified_at: '',
  },
  when: { utc: '', local: '', day: 1 },
});

describe('filterLines', () => {
  const lines = [line('a', 'note', ['T1098.004'], ['e1']), line('b', 'decision', ['T1078'], []), line('c', 'note', [], ['e2'])];
  const ids = (f: Parameters<typeof filterLines>[1]) => filterLines(lines, f).map((l) => l.entry.id);

  it('filters by kind, event and technique (a parent finds its sub-techniques)', () => {
    expect(ids({ kind: 'note', technique: '', event: '' })).toEqual(['a', 'c']);
    expect(ids({ kind: '', technique: 't1098', event: '' })).toEqual(['a']);
    expect(ids({ kind: '', technique: 'T1098.001', event: '' })).toEqual([]);
    expect(ids({ kind: '', technique: '', event: 'e2' })).toEqual(['c']);
    expect(ids({ kind: 'note', technique: '', event: 'e2' })).toEqual(['c']);
  });
});

describe('dayLabel', () => {
  it('writes D+N with its sign', () => {
    expect([dayLabel(0), dayLabel(3), dayLabel(-2), dayLabel(null)]).toEqual(['D+0', 'D+3', 'D-2', '']);
  });
});

describe('eventNamed', () => {
  const events = [
    { id: '1', title: 'Open the Docker API' },
    { id: '2', title: 'Open the registry' },
    { id: '3', title: 'Open' },
  ];
  it('takes an exact title, else a unique part of one', () => {
    expect(eventNamed(events, 'open')?.id).toBe('3');
    expect(eventNamed(events, 'docker')?.id).toBe('1');
    expect(eventNamed(events, 'open the')).toBeUndefined();
    expect(eventNamed(events, 'nothing')).toBeUndefined();
    expect(eventNamed(events, '  ')).toBeNull();
  });
});

describe('utcLabel', () => {
  it('shortens an RFC 3339 time and leaves anything else as it is', () => {
    expect(utcLabel('2026-12-03T18:03:49.890Z')).toBe('2026-12-03 18:03 UTC');
    expect(utcLabel('soon')).toBe('soon');
  });
});

describe('zonedLabel', () => {
  it("shows a UTC time on the operation's clock, summer and winter", () => {
    expect(zonedLabel('2026-12-05T07:45:10.000Z', 'Europe/Berlin')).toBe('2026-12-05 08:45 CET');
    expect(zonedLabel('2026-07-05T07:45:10Z', 'Europe/Berlin')).toBe('2026-07-05 09:45 CEST');
    expect(zonedLabel('2026-12-05T23:30:00Z', 'UTC')).toBe('2026-12-05 23:30 UTC');
  });

  it('falls back to the UTC label for a time or zone it cannot read', () => {
    expect(zonedLabel('2026-12-05T07:45:10Z', 'Not/AZone')).toBe('2026-12-05 07:45 UTC');
    expect(zonedLabel('soon', 'Europe/Berlin')).toBe('soon');
  });
});
