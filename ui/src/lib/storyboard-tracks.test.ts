import { describe, expect, it } from 'vitest';
import type { Event, Lane, Matrix } from './bindings';
import {
  LANE_PAD,
  MIN_W,
  ROW_H,
  activityList,
  activityNamesOf,
  barWidth,
  blockOf,
  describeEvent,
  gridTicks,
  isUnset,
  laneStep,
  packLanes,
  rowTop,
  targetIds,
  todayDay,
  warningCounts,
  xOf,
  zoomFor,
} from './storyboard-tracks';
import { testEvent } from './test-event';
import {
  FIT_LABEL,
  LABEL_MAX_W,
  TITLE_MIN_PX,
  ZOOMS,
  durationShort,
  labelChrome,
  ticks,
  zoomAt,
} from './timeline';

const days = zoomAt(1); // 4 px an hour
const hours = zoomAt(3); // 60 px an hour

function ev(id: string, day: number, minute: number, duration_min: number): Event {
  const marking = { visibility: 'revealed', truth: 'fiction' } as const;
  return testEvent(id, { title: `Event ${id}`, day, minute, duration_min, ...marking });
}

const lane = (key: string): Lane => ({ key, label: key }) as Lane;

describe('storyboard tracks layout', () => {
  it('uses the chosen zoom, or fits the whole plan in the view', () => {
    expect(zoomFor(false, 3, { first: 0, last: 13 }, 1000)).toEqual(hours);
    const fit = zoomFor(true, 3, { first: -1, last: 8 }, 1000);
    expect(fit.label).toBe(FIT_LABEL);
    // Ten days fill the view less the labels and the room of one widened block.
    expect(fit.pxPerHour * 24 * 10).toBeCloseTo(1000 - 124 - LABEL_MAX_W);
  });

  it('stacks blocks that overlap as drawn into rows, lane by lane', () => {
    const events = [ev('a', 0, 540, 60), ev('b', 0, 560, 60), ev('c', 3, 0, 60), ev('d', 0, 0, 30)];
    const laneOf = (id: string) => (id === 'd' ? 'L2' : 'L1');
    const [l1, l2, l3] = packLanes([lane('L1'), lane('L2'), lane('L3')], events, laneOf, hours);
    expect(l1?.events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
    expect(l1?.rows.get('a')).toBe(0);
    expect(l1?.rows.get('b')).toBe(1);
    expect(l1?.rows.get('c')).toBe(0);
    expect(l1?.height).toBe(2 * ROW_H + 2 * LANE_PAD);
    expect(l2?.events.map((e) => e.id)).toEqual(['d']);
    expect(l3?.events).toEqual([]);
    expect(l3?.height).toBe(ROW_H + 2 * LANE_PAD);
    expect(rowTop(1)).toBe(LANE_PAD + ROW_H);
  });

  it('counts a short event as taking its drawn width when packing', () => {
    // 10 minutes apart: at day zoom a 72 px block covers 18 hours, so they share no row.
    const [l] = packLanes([lane('L')], [ev('a', 0, 0, 5), ev('b', 0, 600, 5)], () => 'L', days);
    expect(l?.rows.get('b')).toBe(1);
  });

  it('places and sizes a block: a short one widened for its title, its bar the true length', () => {
    expect(xOf({ day: 1, minute: 60 }, -1, hours)).toBe((2 * 24 + 1) * 60);
    const short = blockOf(ev('a', 0, 0, 30), hours, false);
    expect(short.widened).toBe(true);
    expect(short.width).toBeGreaterThan(MIN_W);
    expect(short.width).toBeLessThanOrEqual(LABEL_MAX_W);
    expect(blockOf(ev('a', 0, 0, 120), hours, false)).toEqual({ width: 120, widened: false });
    // A warning badge takes room from the title, so the block grows to keep it readable.
    expect(blockOf(ev('a', 0, 0, 30), hours, true).width).toBeGreaterThan(short.width);
    expect(barWidth(30, hours)).toBe(30);
    expect(barWidth(1, days)).toBe(2);
  });

  it('leaves a widened block room for its title beside its duration and badges, at every zoom', () => {
    // The title and the duration sit side by side; were the block narrower than both, the
    // duration would be pushed out of it or drawn over the title.
    const titles = ['Go', 'Seed lure', 'Agree the harbour story', 'Deploy decoy credentials on the file server'];
    const durations = [5, 60, 90, 20 * 60, 2879];
    const markings = [
      { visibility: 'revealed', truth: 'fact' },
      { visibility: null, truth: null },
    ] as const;
    let widened = 0;
    for (const zoom of ZOOMS)
      for (const title of titles)
        for (const duration_min of durations)
          for (const marking of markings)
            for (const warned of [false, true]) {
              const block = blockOf({ title, duration_min, ...marking }, zoom, warned);
              if (!block.widened) continue;
              widened++;
              const unset = marking.visibility === null;
              const beside = labelChrome({ unset, warned, duration: durationShort(duration_min) });
              expect(block.width - beside, `${title}, ${duration_min} min at ${zoom.label}`).toBeGreaterThanOrEqual(
                TITLE_MIN_PX,
              );
            }
    expect(widened).toBeGreaterThan(0);
  });

  it('draws every day gridline while days are wide, else only the labelled days', () => {
    const dayTicks = ticks(0, 14 * 1440, { ...days, tickMin: 1440 }, 0);
    expect(gridTicks(dayTicks, days, 1)).toHaveLength(dayTicks.length);
    const weeks = { ...days, pxPerHour: 0.25 };
    expect(gridTicks(dayTicks, weeks, 7).map((t) => t.day)).toEqual([0, 7]);
  });

  it('draws today only when it lies on the timeline', () => {
    expect(todayDay('2026-12-01', '2026-12-04', { first: 0, last: 13 })).toBe(3);
    expect(todayDay('2026-12-01', '2026-11-29', { first: -1, last: 13 })).toBeNull();
    expect(todayDay('2026-12-01', '2026-11-30', { first: -1, last: 13 })).toBe(-1);
    expect(todayDay(null, '2026-12-04', { first: 0, last: 13 })).toBeNull();
  });

  it('counts persona warnings by event', () => {
    expect(warningCounts([{ event_id: 'a' }, { event_id: null }, { event_id: 'a' }, { event_id: 'b' }])).toEqual({
      a: 2,
      b: 1,
    });
  });

  it('names activities from the matrix and lists them in ID order', () => {
    const matrix = {
      version: '1',
      goals: [
        {
          id: 'G',
          name: 'g',
          kind: 'goal',
          approaches: [{ id: 'A', name: 'a', activities: [{ id: 'EAC0009', name: 'Nine' }, { id: 'EAC0002', name: 'Two' }] }],
        },
      ],
    } as unknown as Matrix;
    const names = activityNamesOf(matrix);
    expect(names).toEqual({ EAC0009: 'Nine', EAC0002: 'Two' });
    expect(activityList(names).map((a) => a.id)).toEqual(['EAC0002', 'EAC0009']);
    expect(activityNamesOf(null)).toEqual({});
  });

  it('describes a block with its whole title, time, length and marking', () => {
    const e = ev('a', 2, 870, 90);
    expect(describeEvent(e)).toBe('Event a, D+2 14:30, 1 h 30 min, revealed, fiction');
    expect(isUnset(e)).toBe(false);
    const unset = { ...e, visibility: null };
    expect(describeEvent(unset)).toBe('Event a, D+2 14:30, 1 h 30 min, visibility unset, fiction');
    expect(isUnset(unset)).toBe(true);
  });

  it("starts a block's name with the words it shows, in their order", () => {
    const e = ev('a', 2, 870, 90);
    expect(describeEvent(e, { narrow: true, activityName: 'Lures' })).toBe(
      'Event a 1h30 Lures, D+2 14:30, 1 h 30 min, revealed, fiction',
    );
    expect(describeEvent(e, { activityName: 'Lures' })).toMatch(/^Event a Lures, /);
  });

  it('steps to the lane above or below, not past either end', () => {
    const lanes = [lane('a'), lane('b'), lane('c')];
    expect(laneStep(lanes, 'b', -1)).toBe('a');
    expect(laneStep(lanes, 'b', 1)).toBe('c');
    expect(laneStep(lanes, 'c', 1)).toBeNull();
    expect(laneStep(lanes, 'x', 1)).toBeNull();
  });

  it('acts on the whole selection only when it holds the event', () => {
    expect(targetIds(new Set(['a', 'b']), 'b')).toEqual(['a', 'b']);
    expect(targetIds(new Set(['a', 'b']), 'c')).toEqual(['c']);
  });
});
