import { describe, expect, it } from 'vitest';
import type { Event } from './bindings';
import { NO_FILTER, matches, sortEvents, type ListContext } from './event-list';
import { testEvent } from './test-event';

function ev(id: string, day: number, minute: number, over: Partial<Event> = {}): Event {
  return testEvent(id, { day, minute, ...over });
}

const lanes: Record<string, string> = { a: 'L2', b: 'L1', c: 'L1' };
const ctx: ListContext = {
  goalOf: (e) => (e.approach_id === 'EAP0002' ? 'EGO0002' : 'EGO0001'),
  laneOf: (e) => lanes[e.id] ?? '',
  laneIndex: (k) => ['L1', 'L2', ''].indexOf(k),
  personasOf: (e) => (e.id === 'a' ? ['p1'] : []),
  activityName: () => 'Lures',
};

const a = ev('a', 0, 600, { visibility: 'concealed', truth: 'fact', status: 'done' });
const b = ev('b', 1, 60, { approach_id: 'EAP0001', visibility: 'revealed' });
const c = ev('c', 0, 540, { title: 'Zeta' });

describe('event list', () => {
  it('filters by goal, lane, persona, marking and text', () => {
    const pick = (f: Partial<typeof NO_FILTER>) =>
      [a, b, c].filter((e) => matches(e, { ...NO_FILTER, ...f }, ctx)).map((e) => e.id);
    expect(pick({})).toEqual(['a', 'b', 'c']);
    expect(pick({ goal: 'EGO0001' })).toEqual(['b']);
    expect(pick({ lane: 'L1' })).toEqual(['b', 'c']);
    expect(pick({ persona: 'p1' })).toEqual(['a']);
    expect(pick({ persona: '-' })).toEqual(['b', 'c']);
    expect(pick({ marking: 'unset' })).toEqual(['b', 'c']);
    expect(pick({ marking: 'concealed' })).toEqual(['a']);
    expect(pick({ marking: 'fact' })).toEqual(['a']);
    expect(pick({ text: 'zet' })).toEqual(['c']);
    expect(pick({ text: 'lures' })).toEqual(['a', 'b', 'c']);
  });

  it('sorts by time, by story (lane, then time) and by a column either way', () => {
    const ids = (key: Parameters<typeof sortEvents>[1], desc = false) =>
      sortEvents([a, b, c], key, desc, ctx).map((e) => e.id);
    expect(ids('time')).toEqual(['c', 'a', 'b']);
    expect(ids('story')).toEqual(['c', 'b', 'a']);
    expect(ids('title')).toEqual(['a', 'b', 'c']);
    expect(ids('title', true)).toEqual(['c', 'b', 'a']);
    expect(ids('status', true)).toEqual(['a', 'c', 'b']);
    expect(ids('visibility')).toEqual(['a', 'b', 'c']);
  });
});
