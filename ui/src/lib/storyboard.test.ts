import { describe, expect, it } from 'vitest';
import type { Api } from './api';
import type { Event, StoryboardChange } from './bindings';
import { changes } from './changes';
import { StoryboardState } from './storyboard.svelte';
import { testEvent } from './test-event';

function ev(id: string, day: number, visibility: Event['visibility'] = null): Event {
  return testEvent(id, { day, visibility });
}

function change(events: Event[], canUndo: boolean, canRedo: boolean): StoryboardChange {
  return {
    label: 'Mark',
    events,
    removed_event_ids: [],
    lanes: null,
    supporting: [],
    removed_supporting_ids: [],
    event_personas: {},
    can_undo: canUndo,
    can_redo: canRedo,
    undo_label: canUndo ? 'Mark' : null,
    redo_label: canRedo ? 'Mark' : null,
  };
}

function fake(over: Partial<Api>): Api {
  return {
    storyboard: () =>
      Promise.resolve({
        events: [ev('a', 0), ev('b', 1)],
        lanes: [],
        supporting: [],
        event_personas: {},
        can_undo: false,
        can_redo: false,
        undo_label: null,
        redo_label: null,
      }),
    laneView: () =>
      Promise.resolve({
        grouping: 'goal',
        lanes: [{ key: 'EGO0001', label: 'Expose' }],
        event_lanes: { a: 'EGO0001', b: 'EGO0001' },
      }),
    personas: () => Promise.resolve([]),
    personaWarnings: () => Promise.resolve([]),
    ...over,
  } as unknown as Api;
}

describe('StoryboardState', () => {
  it('loads events and lanes', async () => {
    const s = new StoryboardState(fake({}));
    await s.load();
    expect(s.loaded).toBe(true);
    expect(s.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(s.laneOf('b')).toBe('EGO0001');
  });

  it('replaces rows from the core on edit and undo', async () => {
    const s = new StoryboardState(
      fake({
        setMarking: () => Promise.resolve(change([ev('a', 0, 'concealed')], true, false)),
        undo: () => Promise.resolve(change([ev('a', 0, null)], false, true)),
      }),
    );
    await s.load();
    await s.mark(['a'], { visibility: 'concealed' });
    expect(s.events[0]?.visibility).toBe('concealed');
    expect(s.canUndo).toBe(true);
    await s.undo();
    expect(s.events[0]?.visibility).toBe(null);
    expect(s.canRedo).toBe(true);
    expect(s.events).toHaveLength(2);
  });

  it('switches the lane grouping', async () => {
    const s = new StoryboardState(
      fake({
        laneView: (grouping) =>
          Promise.resolve({
            grouping,
            lanes: [{ key: grouping === 'host' ? 'web-01' : 'EGO0001', label: 'x' }],
            event_lanes: { a: grouping === 'host' ? 'web-01' : 'EGO0001' },
          }),
      }),
    );
    await s.load();
    await s.setGrouping('host');
    expect(s.grouping).toBe('host');
    expect(s.laneOf('a')).toBe('web-01');
  });

  it('keeps the rows and shows the refusal when the core refuses', async () => {
    const s = new StoryboardState(
      fake({ moveEvents: () => Promise.reject({ code: 'invalid', message: 'no' }) }),
    );
    await s.load();
    expect(await s.move(['a'], 60, 'EGO0002')).toBe(null);
    expect(s.error?.message).toBe('no');
    expect(s.events[0]?.day).toBe(0);
  });

  it('keeps the personas of events from changes, and forgets them with the event', async () => {
    const s = new StoryboardState(
      fake({
        setEventPersonas: () => Promise.resolve({ ...change([], true, false), event_personas: { a: ['p1', 'p2'] } }),
        undo: () => Promise.resolve({ ...change([], false, true), event_personas: { a: [] } }),
        deleteEvents: () => Promise.resolve({ ...change([], true, false), removed_event_ids: ['a'] }),
      }),
    );
    await s.load();
    await s.setPersonas('a', ['p1', 'p2']);
    expect(s.eventPersonas['a']).toEqual(['p1', 'p2']);
    await s.undo();
    expect(s.eventPersonas['a']).toBeUndefined();
    await s.setPersonas('a', ['p1', 'p2']);
    await s.remove(['a']);
    expect(s.eventPersonas['a']).toBeUndefined();
    expect(s.events.map((e) => e.id)).toEqual(['b']);
  });

  it('applies a placement made on another page, with its undo label, in one pass', async () => {
    let laneCalls = 0;
    const s = new StoryboardState(
      fake({
        laneView: () => {
          laneCalls += 1;
          return Promise.resolve({ grouping: 'goal', lanes: [], event_lanes: {} });
        },
      }),
    );
    await s.load();
    const stop = s.listen();
    laneCalls = 0;
    const placed = { ...change([ev('c', 2)], true, false), label: 'Add Security Controls', undo_label: 'Add Security Controls' };
    changes.publish({ command: 'place_recommendation', parts: ['storyboard'], result: placed });
    changes.publish({ command: 'update_adversary', parts: ['threat'], result: {} });
    stop();
    changes.publish({ command: 'add_event', parts: ['storyboard'], result: change([ev('d', 3)], true, false) });
    await Promise.resolve();
    expect(s.events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(s.undoLabel).toBe('Add Security Controls');
    expect(laneCalls).toBe(1);
  });
});
