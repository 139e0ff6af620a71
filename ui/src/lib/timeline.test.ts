import { describe, expect, it } from 'vitest';
import type { Event, StoryboardChange } from './bindings';
import {
  FIT_LABEL,
  LABEL_MAX_W,
  ZOOMS,
  applyChange,
  blockWidth,
  eventBlock,
  labelChrome,
  dayLabelStep,
  durationLabel,
  durationShort,
  fitZoom,
  hourLabelStep,
  labelledDay,
  labelledTicks,
  zoomStep,
  dLabel,
  dateLabel,
  dayMinute,
  dayRange,
  inView,
  packRows,
  minutesToPx,
  pxToMinutes,
  snap,
  ticks,
  zoomAt,
} from './timeline';
import { testEvent } from './test-event';

function ev(id: string, day: number, minute: number, duration_min = 60): Event {
  return testEvent(id, { approach_id: 'EAP0003', day, minute, duration_min });
}

const change = (over: Partial<StoryboardChange>): StoryboardChange => ({
  label: 'x',
  events: [],
  removed_event_ids: [],
  event_personas: {},
  lanes: null,
  supporting: [],
  removed_supporting_ids: [],
  can_undo: true,
  can_redo: false,
  undo_label: 'x',
  redo_label: null,
  ...over,
});

describe('timeline', () => {
  it('spans the operation and widens to hold events', () => {
    expect(dayRange('2026-12-07', '2026-12-20', [])).toEqual({ first: 0, last: 13 });
    expect(dayRange('2026-12-07', '2026-12-20', [ev('a', -2, 0), ev('b', 15, 1380, 120)])).toEqual({
      first: -2,
      last: 16,
    });
    expect(dayRange(null, null, [])).toEqual({ first: 0, last: 13 });
  });

  it('labels days as dates and D+N', () => {
    expect(dateLabel('2026-12-07', 0)).toBe('Mon 7 Dec');
    expect(dateLabel('2026-12-07', 25)).toBe('Fri 1 Jan');
    expect(dateLabel(null, 3)).toBe('');
    expect(dLabel(3)).toBe('D+3');
    expect(dLabel(-1)).toBe('D-1');
  });

  it('converts and snaps', () => {
    const day = zoomAt(1);
    expect(minutesToPx(1440, day)).toBe(96);
    expect(pxToMinutes(96, day)).toBe(1440);
    expect(snap(95, 60)).toBe(120);
    expect(snap(89, 60)).toBe(60);
    expect(dayMinute(1440 + 540, 0)).toEqual({ day: 1, minute: 540 });
    expect(dayMinute(-60, 0)).toEqual({ day: -1, minute: 1380 });
    expect(dayMinute(60, -2)).toEqual({ day: -2, minute: 60 });
  });

  it('makes one tick per day at day zoom', () => {
    const t = ticks(0, 3 * 1440, zoomAt(1), 0);
    expect(t.map((x) => x.day)).toEqual([0, 1, 2]);
    expect(ticks(0, 1440, zoomAt(3), 0)).toHaveLength(24);
  });

  it('keeps only events in view', () => {
    const events = [ev('a', 0, 0), ev('b', 2, 0), ev('c', 5, 0)];
    expect(inView(events, 1440, 4 * 1440, 0).map((e) => e.id)).toEqual(['b']);
    expect(inView(events, 30, 31, 0).map((e) => e.id)).toEqual(['a']);
  });

  it('applies a change by ID and keeps time order', () => {
    const events = [ev('a', 0, 0), ev('b', 1, 0), ev('c', 2, 0)];
    const out = applyChange(
      events,
      change({ events: [ev('a', 3, 0), ev('d', 0, 30)], removed_event_ids: ['b'] }),
    );
    expect(out.map((e) => `${e.id}@${e.day}`)).toEqual(['d@0', 'c@2', 'a@3']);
  });
});

describe('packRows', () => {
  it('stacks overlapping events and reuses free rows', () => {
    const { rows, count } = packRows([ev('a', 0, 0, 120), ev('b', 0, 60), ev('c', 0, 120)]);
    expect([rows.get('a'), rows.get('b'), rows.get('c')]).toEqual([0, 1, 0]);
    expect(count).toBe(2);
    expect(packRows([]).count).toBe(1);
    expect(packRows([ev('a', 0, 0, 10), ev('b', 0, 30, 10)], 60).count).toBe(2);
  });

  it('packs each event by its own drawn width when given one per event', () => {
    const events = [ev('a', 0, 0, 10), ev('b', 0, 30, 10)];
    expect(packRows(events, (e) => (e.id === 'a' ? 20 : 1)).count).toBe(1);
    expect(packRows(events, (e) => (e.id === 'a' ? 45 : 1)).count).toBe(2);
  });
});

describe('short event labels', () => {
  const days = ZOOMS[1]!;
  const weeks = ZOOMS[0]!;
  const hourAt = (zoom: typeof days) => minutesToPx(60, zoom);
  const chrome = labelChrome({ unset: false, warned: false, duration: '1h' });
  /** Characters of title a block of `width` px has room for. */
  const roomFor = (width: number, chromePx: number) => Math.floor((width - chromePx) / 6.4);

  it('gives a one-hour event at Days and Weeks zoom room for a readable title', () => {
    const title = 'Deploy decoy credentials on the file server';
    for (const zoom of [days, weeks]) {
      const w = blockWidth(hourAt(zoom), title, chrome, 72);
      expect(w).toBe(LABEL_MAX_W);
      expect(roomFor(w, chrome)).toBeGreaterThanOrEqual(15);
    }
  });

  it('is as wide as a short title needs, never narrower than the minimum', () => {
    expect(blockWidth(4, 'Seed lure', chrome, 72)).toBe(Math.ceil(9 * 6.4 + chrome));
    expect(blockWidth(4, 'A', chrome, 72)).toBe(72);
    expect(blockWidth(4, '   ', chrome, 72)).toBe(72);
  });

  it('keeps an event that is long enough at its true length', () => {
    expect(blockWidth(240, 'Deploy decoy credentials on the file server', chrome, 72)).toBe(240);
    expect(blockWidth(100, 'Seed', chrome, 72)).toBe(100);
  });

  it('says when a block is wider than its event, and keeps a long one true', () => {
    const marks = { unset: false, warned: false };
    const short = eventBlock(4, 'Seed lure', marks, '1h', 72);
    expect(short.widened).toBe(true);
    expect(short.width).toBe(blockWidth(4, 'Seed lure', chrome, 72));
    // 20 h at Days zoom is 80 px: wider than the minimum, yet short for its title.
    expect(eventBlock(80, 'Deploy decoy credentials', marks, '20h', 72).widened).toBe(true);
    expect(eventBlock(80, 'Seed', marks, '20h', 72)).toEqual({ width: 80, widened: false });
    expect(eventBlock(400, 'Deploy decoy credentials', marks, '4d4h', 72)).toEqual({ width: 400, widened: false });
  });

  it('counts the badges and the duration a block also shows', () => {
    const bare = labelChrome({ unset: false, warned: false, duration: null });
    expect(labelChrome({ unset: true, warned: false, duration: null })).toBe(bare + 19);
    expect(labelChrome({ unset: true, warned: true, duration: null })).toBe(bare + 38);
    expect(labelChrome({ unset: false, warned: false, duration: '2h30' })).toBeGreaterThan(chrome);
    // A block with both badges still keeps room for a dozen characters of title.
    const busy = labelChrome({ unset: true, warned: true, duration: '2h30' });
    expect(roomFor(blockWidth(4, 'x'.repeat(60), busy, 72), busy)).toBeGreaterThanOrEqual(12);
  });
});

describe('fit, axis labels and durations', () => {
  it('fits the whole plan into the width, widening the grid as the scale shrinks', () => {
    const z = fitZoom(14, 1008);
    expect(z.label).toBe(FIT_LABEL);
    expect(minutesToPx(14 * 1440, z)).toBeCloseTo(1008);
    expect(z.gridMin).toBe(240);
    expect(fitZoom(2, 1000).gridMin).toBe(60);
    expect(fitZoom(120, 1000).gridMin).toBe(1440);
  });

  it('steps from any scale to the fixed zooms', () => {
    expect(zoomStep(3, 1)).toBe(1); // Days (4 px an hour)
    expect(zoomStep(3, -1)).toBe(0); // Weeks (2 px an hour)
    expect(zoomStep(1, -1)).toBeNull();
    expect(zoomStep(60, 1)).toBeNull();
  });

  it('thins day labels so they never overlap', () => {
    expect(dayLabelStep(zoomAt(1))).toBe(1); // 96 px a day
    expect(dayLabelStep(zoomAt(0))).toBe(2); // 48 px a day
    expect(dayLabelStep(fitZoom(60, 1000))).toBe(7); // 16.7 px a day
    for (const z of [zoomAt(0), zoomAt(1), fitZoom(14, 1000), fitZoom(200, 900)])
      expect(dayLabelStep(z) * minutesToPx(1440, z)).toBeGreaterThanOrEqual(78);
    expect(labelledDay(0, 7)).toBe(true);
    expect(labelledDay(14, 7)).toBe(true);
    expect(labelledDay(-7, 7)).toBe(true);
    expect(labelledDay(-3, 7)).toBe(false);
    expect(labelledDay(3, 2)).toBe(false);
  });

  it('thins hour labels the same way', () => {
    expect(hourLabelStep(zoomAt(3))).toBe(1); // 60 px an hour
    expect(hourLabelStep(zoomAt(2))).toBe(1); // 96 px per 6 h
    expect(hourLabelStep({ label: 'x', pxPerHour: 10, gridMin: 15, tickMin: 60 })).toBe(4);
  });

  it('says how long an event lasts', () => {
    expect(durationLabel(45)).toBe('45 min');
    expect(durationLabel(60)).toBe('1 h');
    expect(durationLabel(180)).toBe('3 h');
    expect(durationLabel(150)).toBe('2 h 30 min');
    expect(durationLabel(1440 + 240)).toBe('1 d 4 h');
    expect(durationLabel(0)).toBe('0 min');
    expect(durationShort(45)).toBe('45m');
    expect(durationShort(60)).toBe('1h');
    expect(durationShort(90)).toBe('1h30');
    expect(durationShort(180)).toBe('3h');
    expect(durationShort(1440 + 240)).toBe('1d4h');
    expect(durationShort(1440 + 5)).toBe('1d05m');
  });
});

describe('labelledTicks', () => {
  const z = zoomAt(0); // 48 px a day
  it('names the first day when the next label leaves room', () => {
    const t = ticks(0, 20 * 1440, z, -6);
    expect(labelledTicks(t, 7, -6, z).map((x) => x.day)).toEqual([-6, 0, 7]);
  });
  it('leaves it out when it would touch the next label', () => {
    const t = ticks(0, 20 * 1440, z, -1);
    expect(labelledTicks(t, 2, -1, z).map((x) => x.day)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });
  it('only names the first day of the timeline, not the first in view', () => {
    const t = ticks(3 * 1440, 20 * 1440, z, -6);
    expect(labelledTicks(t, 7, -6, z)[0]?.day).toBe(0);
  });
});
