import { describe, expect, it } from 'vitest';
import {
  dropFor,
  dropOffset,
  isDrag,
  isResize,
  moveOf,
  movedMinutes,
  movedStart,
  panScroll,
  previewOf,
  readout,
  resizedDuration,
  resizedWidthDelta,
  selectionAfterPress,
  type Drag,
} from './storyboard-drag';
import { zoomAt } from './timeline';

const days = zoomAt(1); // 4 px an hour, 60-minute grid
const hours = zoomAt(3); // 60 px an hour, 15-minute grid

describe('storyboard drag maths', () => {
  it('snaps a move to the grid', () => {
    expect(movedMinutes(60, hours)).toBe(60);
    expect(movedMinutes(8, hours)).toBe(15); // 8 min rounds to 15
    expect(movedMinutes(7, hours)).toBe(0); // 7 min rounds to 0
    expect(movedMinutes(-30, hours)).toBe(-30);
    expect(movedMinutes(5, days)).toBe(60); // 75 min rounds to one 60-minute step
  });

  it('resizes by the snapped drag, never below one grid step', () => {
    expect(resizedDuration(30, 60, hours)).toBe(90);
    expect(resizedDuration(-30, 60, hours)).toBe(30);
    expect(resizedDuration(-600, 60, hours)).toBe(15);
    expect(resizedDuration(-600, 60, days)).toBe(60);
  });

  it('drops at the snapped offset, never before the first day', () => {
    expect(dropOffset(540, hours)).toBe(540);
    expect(dropOffset(545, hours)).toBe(540);
    expect(dropOffset(-20, hours)).toBe(0);
  });

  it('tells a click from a drag', () => {
    expect(isDrag(2, 1)).toBe(false);
    expect(isDrag(3, 0)).toBe(false);
    expect(isDrag(2, 2)).toBe(true);
  });
});

describe('drop preview', () => {
  it('moves the start by the snapped drag', () => {
    expect(movedStart(2 * 1440 + 600, 8, hours)).toBe(2 * 1440 + 615);
    expect(movedStart(600, 96, days)).toBe(600 + 1440);
  });

  it('reads the drop time as D+N HH:MM from the first shown day', () => {
    expect(readout(2 * 1440 + 870, 0)).toBe('D+2 14:30');
    expect(readout(0, -2)).toBe('D-2 00:00');
    expect(readout(1440 + 75, -1)).toBe('D+0 01:15');
  });
});

describe('a drag from press to drop', () => {
  const eventDrag = (over: Partial<Extract<Drag, { kind: 'event' }>> = {}): Drag => ({
    kind: 'event',
    id: 'e1',
    startX: 100,
    startY: 50,
    start: 600,
    duration: 90,
    lane: 'TA0001',
    additive: false,
    moved: false,
    drop: null,
    ...over,
  });

  it('selects a pressed event alone, keeps a selection it belongs to, toggles with Ctrl/Shift', () => {
    expect([...selectionAfterPress(new Set(['a', 'b']), 'c', false)]).toEqual(['c']);
    expect([...selectionAfterPress(new Set(['a', 'b']), 'b', false)]).toEqual(['a', 'b']);
    expect([...selectionAfterPress(new Set(['a', 'b']), 'b', true)]).toEqual(['a']);
    expect([...selectionAfterPress(new Set(['a']), 'c', true)]).toEqual(['a', 'c']);
  });

  it('drops a palette activity at the pointer, lasting the default hour', () => {
    const palette: Drag = { kind: 'palette', activityId: 'EAC0005', name: 'x', x: 0, y: 0, moved: true, drop: null };
    expect(dropFor(palette, 'TA0002', 200, 200 + 545, hours)).toEqual({ lane: 'TA0002', offset: 540, duration: 60 });
  });

  it('drops a dragged event by the snapped travel, keeping its duration', () => {
    expect(dropFor(eventDrag(), 'TA0003', 0, 100 + 8, hours)).toEqual({ lane: 'TA0003', offset: 615, duration: 90 });
  });

  it('drops nothing for a pan or a resize', () => {
    const pan: Drag = { kind: 'pan', startX: 0, startY: 0, left: 0, top: 0, moved: true };
    expect(dropFor(pan, 'TA0001', 0, 300, hours)).toBeNull();
  });

  it('shows the preview only once the pointer has travelled', () => {
    const drop = { lane: 'TA0001', offset: 600, duration: 90 };
    expect(previewOf(eventDrag({ drop }))).toBeNull();
    expect(previewOf(eventDrag({ drop, moved: true }))).toEqual(drop);
    expect(previewOf(null)).toBeNull();
  });

  it('moves by the offset travelled, into a new lane only when it left its own', () => {
    expect(moveOf({ start: 600, lane: 'a' }, { lane: 'a', offset: 600, duration: 60 })).toBeNull();
    expect(moveOf({ start: 600, lane: 'a' }, { lane: 'a', offset: 660, duration: 60 })).toEqual({ delta: 60, lane: null });
    expect(moveOf({ start: 600, lane: 'a' }, { lane: 'b', offset: 600, duration: 60 })).toEqual({ delta: 0, lane: 'b' });
  });

  it('draws a pulled resize handle snapped, and ignores a twitch', () => {
    expect(isResize(2)).toBe(false);
    expect(isResize(-3)).toBe(true);
    expect(resizedWidthDelta(30, 60, hours)).toBe(30);
    expect(resizedWidthDelta(-600, 60, hours)).toBe(-45);
  });

  it('pans the view against the pointer', () => {
    expect(panScroll({ startX: 100, startY: 100, left: 500, top: 20 }, 160, 90)).toEqual({ left: 440, top: 30 });
  });
});
