// The weekly working-hours grid: 7 strings (Monday first) of 24 '0'/'1' characters, as the
// core stores them. Pure helpers, unit-tested.

export const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

export function isOn(schedule: readonly string[], day: number, hour: number): boolean {
  return schedule[day]?.[hour] === '1';
}

/** A copy with one cell set. */
export function setCell(schedule: readonly string[], day: number, hour: number, on: boolean): string[] {
  return normalise(schedule).map((row, d) =>
    d === day ? row.slice(0, hour) + (on ? '1' : '0') + row.slice(hour + 1) : row,
  );
}

/** A copy with the rectangle between two cells (inclusive) set, as a drag paints it. */
export function paint(
  schedule: readonly string[],
  from: { day: number; hour: number },
  to: { day: number; hour: number },
  on: boolean,
): string[] {
  const [d0, d1] = [Math.min(from.day, to.day), Math.max(from.day, to.day)];
  const [h0, h1] = [Math.min(from.hour, to.hour), Math.max(from.hour, to.hour)];
  return normalise(schedule).map((row, d) =>
    d < d0 || d > d1
      ? row
      : [...row].map((c, h) => (h >= h0 && h <= h1 ? (on ? '1' : '0') : c)).join(''),
  );
}

export function hoursPerWeek(schedule: readonly string[]): number {
  return normalise(schedule).reduce((n, row) => n + [...row].filter((c) => c === '1').length, 0);
}

/** "Mon–Fri 08–17" style summary of each distinct run, for screen readers and the list. */
export function describeDay(row: string): string {
  const runs: string[] = [];
  let start = -1;
  for (let h = 0; h <= 24; h++) {
    const on = row[h] === '1';
    if (on && start < 0) start = h;
    if (!on && start >= 0) {
      runs.push(`${pad(start)}–${pad(h)}`);
      start = -1;
    }
  }
  return runs.length > 0 ? runs.join(', ') : 'off';
}

function pad(h: number): string {
  return String(h).padStart(2, '0');
}

function normalise(schedule: readonly string[]): string[] {
  return Array.from({ length: 7 }, (_, d) => {
    const row = schedule[d] ?? '';
    return (row + '0'.repeat(24)).slice(0, 24).replace(/[^1]/g, '0');
  });
}
