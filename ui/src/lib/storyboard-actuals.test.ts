import { describe, expect, it } from 'vitest';
import type { ActualView } from './bindings';
import { MIN_ACTUAL_PX, actualBar, slipLabel, whenOffset } from './storyboard-actuals';
import { zoomAt } from './timeline';

const when = (day: number | null, local: string) => ({ utc: 'x', local, day });
const view = (start: ReturnType<typeof when> | null, end: ReturnType<typeof when> | null): ActualView => ({
  actual: { event_id: 'e', actual_start: start ? 'x' : null, actual_end: end ? 'x' : null, outcome: null, reason: '' },
  start,
  end,
});

describe('actual bars', () => {
  const zoom = { ...zoomAt(1), pxPerHour: 60 };

  it('reads an instant as D+N and the local clock, from the first day shown', () => {
    expect(whenOffset(when(1, '2026-12-08 09:30 CET'), 0)).toBe(1440 + 570);
    expect(whenOffset(when(1, '2026-12-08 09:30 CET'), -2)).toBe(3 * 1440 + 570);
    expect(whenOffset(when(null, '2026-12-08 09:30 CET'), 0)).toBeNull();
    expect(whenOffset(null, 0)).toBeNull();
  });

  it('spans the actual start to the actual end', () => {
    const bar = actualBar(view(when(0, '2026-12-07 09:00 CET'), when(0, '2026-12-07 11:30 CET')), 0, zoom);
    expect(bar).toEqual({ left: 540, width: 150, open: false, start: 540, end: 690 });
  });

  it('draws a start without an end as a short open bar, and nothing without a start', () => {
    const bar = actualBar(view(when(2, '2026-12-09 00:00 CET'), null), 0, zoom);
    expect(bar?.open).toBe(true);
    expect(bar?.width).toBe(MIN_ACTUAL_PX);
    expect(bar?.left).toBe(2 * 24 * 60);
    expect(actualBar(view(null, when(0, '2026-12-07 11:30 CET')), 0, zoom)).toBeNull();
    expect(actualBar(undefined, 0, zoom)).toBeNull();
  });

  it('says how far the actual start slipped from the plan', () => {
    expect(slipLabel(540, 540)).toBe('on time');
    expect(slipLabel(540, 585)).toBe('45 min late');
    expect(slipLabel(540, 420)).toBe('2 h early');
    expect(slipLabel(540, 540 + 1440)).toBe('1 d late');
    expect(slipLabel(540, 540 + 150)).toBe('2 h 30 min late');
  });
});
