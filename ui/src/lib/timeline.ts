// Pure timeline geometry: zoom levels, time ↔ pixels, snapping, axis ticks, what is in view,
// and applying a core StoryboardChange to the rows on screen.
import type { Event, StoryboardChange } from './bindings';

export const MINUTES_PER_DAY = 1440;

export type Zoom = { label: string; pxPerHour: number; gridMin: number; tickMin: number };

/** From the whole operation down to hours. Day zoom (index 1) is the default. */
export const ZOOMS: readonly Zoom[] = [
  { label: 'Weeks', pxPerHour: 2, gridMin: 240, tickMin: 1440 },
  { label: 'Days', pxPerHour: 4, gridMin: 60, tickMin: 1440 },
  { label: 'Quarter days', pxPerHour: 16, gridMin: 30, tickMin: 360 },
  { label: 'Hours', pxPerHour: 60, gridMin: 15, tickMin: 60 },
];
export const DEFAULT_ZOOM = 1;

/** The zoom level at `index`, clamped to the levels that exist. */
export function zoomAt(index: number): Zoom {
  const i = Math.max(0, Math.min(ZOOMS.length - 1, Math.round(index)));
  return ZOOMS[i] ?? { label: 'Days', pxPerHour: 4, gridMin: 60, tickMin: 1440 };
}

/** The days the timeline shows: the operation's days, widened to hold every event. */
export function dayRange(
  startDate: string | null,
  endDate: string | null,
  events: readonly Pick<Event, 'day' | 'minute' | 'duration_min'>[],
): { first: number; last: number } {
  let last = 13;
  if (startDate && endDate) {
    const span = daysBetween(startDate, endDate);
    if (span >= 0) last = span;
  }
  let first = 0;
  for (const e of events) {
    if (e.day < first) first = e.day;
    const endDay = Math.floor((e.day * MINUTES_PER_DAY + e.minute + e.duration_min - 1) / MINUTES_PER_DAY);
    if (endDay > last) last = endDay;
  }
  return { first, last };
}

/** Whole days from one YYYY-MM-DD to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Minutes from the timeline's first day at 00:00 to (day, minute). */
export function offsetOf(day: number, minute: number, firstDay: number): number {
  return (day - firstDay) * MINUTES_PER_DAY + minute;
}

export function minutesToPx(minutes: number, zoom: Zoom): number {
  return (minutes / 60) * zoom.pxPerHour;
}

export function pxToMinutes(px: number, zoom: Zoom): number {
  return (px / zoom.pxPerHour) * 60;
}

/** Rounds minutes to the zoom's grid. */
export function snap(minutes: number, gridMin: number): number {
  return Math.round(minutes / gridMin) * gridMin;
}

/** (day, minute) of an offset in minutes from the first day. */
export function dayMinute(offset: number, firstDay: number): { day: number; minute: number } {
  const dayIndex = Math.floor(offset / MINUTES_PER_DAY);
  return { day: firstDay + dayIndex, minute: offset - dayIndex * MINUTES_PER_DAY };
}

/** "D+3", "D-1", "D+0". */
export function dLabel(day: number): string {
  return day < 0 ? `D${day}` : `D+${day}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Mon 7 Dec" for D+day after start; "" when the operation has no start date. */
export function dateLabel(startDate: string | null, day: number): string {
  if (!startDate) return '';
  const t = Date.parse(`${startDate}T00:00:00Z`);
  if (Number.isNaN(t)) return '';
  const d = new Date(t + day * 86_400_000);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

export function clock(minute: number): string {
  const h = Math.floor(minute / 60);
  const m = minute % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export type Tick = { offset: number; day: number; minute: number; major: boolean };

/** Axis ticks in [fromMin, toMin) (minutes from the first day), one per tickMin. */
export function ticks(fromMin: number, toMin: number, zoom: Zoom, firstDay: number): Tick[] {
  const out: Tick[] = [];
  const start = Math.max(0, Math.floor(fromMin / zoom.tickMin) * zoom.tickMin);
  for (let o = start; o < toMin; o += zoom.tickMin) {
    const { day, minute } = dayMinute(o, firstDay);
    out.push({ offset: o, day, minute, major: minute === 0 });
  }
  return out;
}

/** Events overlapping the minutes [fromMin, toMin) (offsets from the first day). */
export function inView<E extends Pick<Event, 'day' | 'minute' | 'duration_min'>>(
  events: readonly E[],
  fromMin: number,
  toMin: number,
  firstDay: number,
): E[] {
  return events.filter((e) => {
    const start = offsetOf(e.day, e.minute, firstDay);
    return start < toMin && start + Math.max(e.duration_min, 1) > fromMin;
  });
}

/** Replaces changed rows by ID, drops removed ones, keeps time order (day, minute, title). */
export function applyChange(events: readonly Event[], change: StoryboardChange): Event[] {
  const removed = new Set(change.removed_event_ids);
  const changed = new Map(change.events.map((e) => [e.id, e]));
  const out: Event[] = [];
  for (const e of events) {
    if (removed.has(e.id)) continue;
    const next = changed.get(e.id);
    if (next) changed.delete(e.id);
    out.push(next ?? e);
  }
  out.push(...changed.values());
  return out.sort(byTime);
}

function byTime(a: Event, b: Event): number {
  return a.day - b.day || a.minute - b.minute || a.title.localeCompare(b.title);
}

/**
 * Stacks overlapping events of one lane into rows (first row that is free at the event's
 * start); an event takes at least `minDuration` (its drawn width, in minutes: one figure for all
 * events or one per event). Events come in time order. Returns event ID → row and the number of
 * rows.
 */
export function packRows<E extends Pick<Event, 'id' | 'day' | 'minute' | 'duration_min'>>(
  events: readonly E[],
  minDuration: number | ((e: E) => number) = 1,
): { rows: Map<string, number>; count: number } {
  const rows = new Map<string, number>();
  const ends: number[] = [];
  for (const e of events) {
    const start = e.day * MINUTES_PER_DAY + e.minute;
    let row = ends.findIndex((end) => end <= start);
    if (row === -1) row = ends.length;
    const drawn = typeof minDuration === 'number' ? minDuration : minDuration(e);
    ends[row] = start + Math.max(e.duration_min, drawn, 1);
    rows.set(e.id, row);
  }
  return { rows, count: Math.max(ends.length, 1) };
}

/** Widest a short event's block grows for its label (about 17 characters of title). */
export const LABEL_MAX_W = 168;
/** Average advance of one character of a block's title (11 px, semi-bold). */
export const TITLE_CHAR_PX = 6.4;
/** Least room a block's title keeps (its 2.2em min-width at 11 px): with less, the duration
 *  beside it would be pushed out of the block. */
export const TITLE_MIN_PX = 25;

/**
 * Pixels a block spends on other things than its title: padding and borders, the "?" and
 * warning badges and, on a block wider than its event, the duration ("1h") that says so.
 */
export function labelChrome(parts: { unset: boolean; warned: boolean; duration: string | null }): number {
  const BOX = 16;
  const BADGE = 14 + 5;
  let px = BOX;
  if (parts.unset) px += BADGE;
  if (parts.warned) px += BADGE;
  if (parts.duration !== null) px += Math.ceil(parts.duration.length * TITLE_CHAR_PX) + 5;
  return px;
}

/**
 * The drawn width of an event's block. A long event is its true length (`barPx`); a short one
 * — at the Days and Weeks zooms an hour is 2–4 px — grows to show its whole title, up to
 * `maxPx`, so it reads as more than its first letters. Never narrower than `minPx`.
 */
export function blockWidth(barPx: number, title: string, chromePx: number, minPx: number, maxPx = LABEL_MAX_W): number {
  if (barPx >= maxPx) return barPx;
  const label = Math.ceil(Math.max(title.trim().length * TITLE_CHAR_PX, TITLE_MIN_PX) + chromePx);
  return Math.max(barPx, minPx, Math.min(maxPx, label));
}

/**
 * An event's block on the timeline: its width, and whether it is drawn wider than the event
 * lasts (`widened`: it then also names its duration, which the width no longer shows).
 */
export function eventBlock(
  barPx: number,
  title: string,
  marks: { unset: boolean; warned: boolean },
  duration: string,
  minPx: number,
): { width: number; widened: boolean } {
  const bare = blockWidth(barPx, title, labelChrome({ ...marks, duration: null }), minPx);
  if (bare <= barPx) return { width: barPx, widened: false };
  return { width: blockWidth(barPx, title, labelChrome({ ...marks, duration }), minPx), widened: true };
}

/** The label of the zoom that shows the whole plan. */
export const FIT_LABEL = 'Fit plan';

/**
 * The zoom that shows `days` days in `widthPx`: the plan's first to last day at once. The grid
 * widens as the scale shrinks, so a keyboard step is still something a planner can see.
 */
export function fitZoom(days: number, widthPx: number): Zoom {
  const pxPerHour = Math.max(0.05, widthPx / (Math.max(1, days) * 24));
  const gridMin = pxPerHour >= 4 ? 60 : pxPerHour >= 1 ? 240 : MINUTES_PER_DAY;
  return { label: FIT_LABEL, pxPerHour, gridMin, tickMin: MINUTES_PER_DAY };
}

/** The fixed zoom one step in (`dir` 1) or out (-1) from a scale, or null at either end. */
export function zoomStep(pxPerHour: number, dir: 1 | -1): number | null {
  if (dir === 1) {
    const i = ZOOMS.findIndex((z) => z.pxPerHour > pxPerHour);
    return i === -1 ? null : i;
  }
  for (let i = ZOOMS.length - 1; i >= 0; i--) if ((ZOOMS[i]?.pxPerHour ?? Infinity) < pxPerHour) return i;
  return null;
}

/** Day steps a label may take: every day, every other day, weekly, then multiples of weeks. */
const LABEL_DAYS = [1, 2, 7, 14, 28, 56, 112, 224, 448];

/**
 * Days between two labelled days on the axis, so labels at least `minPx` apart never overlap
 * (a day label, "D+12" over "Mon 14 Dec", takes about 70 px).
 */
export function dayLabelStep(zoom: Zoom, minPx = 78): number {
  const dayPx = minutesToPx(MINUTES_PER_DAY, zoom);
  return LABEL_DAYS.find((n) => n * dayPx >= minPx) ?? LABEL_DAYS[LABEL_DAYS.length - 1]!;
}

/** Whether a day carries a label at this step: D+0 always, then every `step` days either side. */
export function labelledDay(day: number, step: number): boolean {
  return ((day % step) + step) % step === 0;
}

/** Hour ticks between two labels, so clock labels at least `minPx` apart never overlap. */
export function hourLabelStep(zoom: Zoom, minPx = 40): number {
  const tickPx = minutesToPx(zoom.tickMin, zoom);
  return tickPx >= minPx ? 1 : Math.ceil(minPx / tickPx);
}

/** "45 min", "1 h", "2 h 30 min", "1 d 4 h": a duration as a planner reads it. */
export function durationLabel(minutes: number): string {
  const d = Math.floor(minutes / MINUTES_PER_DAY);
  const h = Math.floor((minutes % MINUTES_PER_DAY) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m || parts.length === 0) parts.push(`${m} min`);
  return parts.join(' ');
}

/** "45m", "1h", "2h30", "1d4h": the same, short enough for a narrow block on the timeline. */
export function durationShort(minutes: number): string {
  const d = Math.floor(minutes / MINUTES_PER_DAY);
  const h = Math.floor((minutes % MINUTES_PER_DAY) / 60);
  const m = minutes % 60;
  if (!d && !h) return `${m}m`;
  const mm = m ? String(m).padStart(2, '0') : '';
  return d ? `${d}d${h ? `${h}h` : ''}${mm ? `${mm}m` : ''}` : `${h}h${mm}`;
}

/**
 * The day ticks that carry a label: every `step` days from D+0, and the timeline's first day
 * too when the next label leaves it room, so the plan's start is always named.
 */
export function labelledTicks(dayTicks: readonly Tick[], step: number, firstDay: number, zoom: Zoom, minPx = 78): Tick[] {
  const out = dayTicks.filter((t) => labelledDay(t.day, step));
  const first = dayTicks[0];
  if (!first || first.day !== firstDay || labelledDay(first.day, step)) return out;
  const next = out[0];
  const room = next ? minutesToPx(next.offset - first.offset, zoom) : Infinity;
  return room >= minPx ? [first, ...out] : out;
}
