import { describe, expect, it } from 'vitest';
import { describeDay, hoursPerWeek, isOn, paint, setCell } from './schedule';

const empty = Array.from({ length: 7 }, () => '0'.repeat(24));

describe('schedule grid', () => {
  it('sets one cell without touching the others', () => {
    const s = setCell(empty, 6, 3, true);
    expect(isOn(s, 6, 3)).toBe(true);
    expect(hoursPerWeek(s)).toBe(1);
    expect(isOn(setCell(s, 6, 3, false), 6, 3)).toBe(false);
  });

  it('paints the rectangle a drag covers, either direction', () => {
    const s = paint(empty, { day: 4, hour: 17 }, { day: 0, hour: 8 }, true);
    expect(hoursPerWeek(s)).toBe(5 * 10);
    expect(isOn(s, 0, 8) && isOn(s, 4, 17) && !isOn(s, 5, 9) && !isOn(s, 0, 18)).toBe(true);
  });

  it('describes a day as runs of hours', () => {
    const s = paint(empty, { day: 0, hour: 8 }, { day: 0, hour: 11 }, true);
    expect(describeDay(setCell(s, 0, 23, true)[0] ?? '')).toBe('08–12, 23–24');
    expect(describeDay(empty[1] ?? '')).toBe('off');
  });

  it('repairs a short or odd row rather than failing', () => {
    expect(hoursPerWeek(['1x1'])).toBe(2);
  });
});
