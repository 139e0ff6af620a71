import { describe, expect, it } from 'vitest';
import { dropOffset, isDrag, movedMinutes, movedStart, readout, resizedDuration } from './storyboard-drag';
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
