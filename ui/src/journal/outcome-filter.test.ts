import { describe, expect, it } from 'vitest';
import type { Event } from '../lib/bindings';
import { NO_FILTER, matches, type ListContext } from '../lib/event-list';

const event = (id: string) => ({ id, title: id, activity_id: 'EAC0018', host: '', visibility: null, truth: null }) as unknown as Event;
const outcomes: Record<string, string | null> = { a: 'skipped', b: 'as_planned', c: null };
const ctx: ListContext = {
  goalOf: () => '',
  laneOf: () => '',
  laneIndex: () => 0,
  personasOf: () => [],
  activityName: () => '',
  outcomeOf: (e) => outcomes[e.id] ?? null,
};
const ids = (outcome: NonNullable<typeof NO_FILTER.outcome>) =>
  ['a', 'b', 'c'].filter((id) => matches(event(id), { ...NO_FILTER, outcome }, ctx));

describe('the list filter by outcome', () => {
  it('keeps events with that outcome, or none yet', () => {
    expect(ids('')).toEqual(['a', 'b', 'c']);
    expect(ids('skipped')).toEqual(['a']);
    expect(ids('as_planned')).toEqual(['b']);
    expect(ids('none')).toEqual(['c']);
    expect(ids('failed')).toEqual([]);
  });
});
