import { describe, expect, it } from 'vitest';
import { dropOffset, isDrag, movedMinutes, movedPx, resizedDuration } from './storyboard-drag';
import { zoomAt } from './timeline';

const days = zoomAt(1); // 4 px an hour, 60-minute grid
const hours = zoomAt(3); // 60 px an hour, 15-minute grid

describe('storyboard drag maths', () => {
  it('snaps a move to the grid, in minutes and back in pixels', () => {
    expect(movedMinutes(60, hours)).toBe(60);
    expect(movedMinutes(8, hours)).toBe(15); // 8 min rounds to 15
    expect(movedMinutes(7, hours)).toBe(0); // 7 min rounds to 0
    expect(movedMinutes(-30, hours)).toBe(-30);
    expect(movedPx(8, hours)).toBe(15);
    expect(movedMinutes(5, days)).toBe(60); // 75 min rounds to one 60-minute step
    expect(movedPx(5, days)).toBe(4);
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
