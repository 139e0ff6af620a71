// The storyboard's tracks as numbers: lane heights and rows, block and bar widths, the zoom in
// use, day gridlines, the "today" line and what a block says about itself. The components only
// draw what these return, so the layout is tested without a window.
import type { Event, Lane, Matrix, PersonaWarning } from './bindings';
import {
  MINUTES_PER_DAY,
  clock,
  dLabel,
  daysBetween,
  durationLabel,
  durationShort,
  eventBlock,
  fitZoom,
  LABEL_MAX_W,
  labelledDay,
  minutesToPx,
  offsetOf,
  packRows,
  pxToMinutes,
  zoomAt,
  type Tick,
  type Zoom,
} from './timeline';

/** Width of the sticky lane labels, left of the tracks. */
export const LABEL_W = 124;
/** Height of one row of blocks inside a lane. */
export const ROW_H = 30;
/** Room above the first row and below the last. */
export const LANE_PAD = 6;
/** Narrowest block drawn, so a short event still shows the start of its title; its true
 *  length is the bar along its foot, and a narrow block also says it in words. */
export const MIN_W = 72;
/** A new event lasts this long (the core's default), for the palette's drop preview. */
export const NEW_EVENT_MIN = 60;
/** Pixels drawn beyond each side of the view, so a short scroll shows no gap. */
export const OVERSCAN = 400;

export type Range = { first: number; last: number };

/** One lane's events (time order), their rows and the lane's height in pixels. */
export type LanePack = { lane: Lane; events: Event[]; rows: Map<string, number>; height: number };

/**
 * "Fit plan" follows the plan's length and the view's width; otherwise the chosen fixed zoom.
 * A short event's block grows up to LABEL_MAX_W for its title, so that room is kept after the
 * last day and needs no scrolling.
 */
export function zoomFor(fit: boolean, zoomIndex: number, range: Range, viewWidth: number): Zoom {
  if (!fit) return zoomAt(zoomIndex);
  return fitZoom(range.last - range.first + 1, Math.max(200, viewWidth - LABEL_W - LABEL_MAX_W));
}

/** Each lane with its events in time order, stacked into rows where they overlap as drawn. */
export function packLanes(
  lanes: readonly Lane[],
  events: readonly Event[],
  laneOf: (id: string) => string,
  zoom: Zoom,
  warned: (id: string) => boolean = () => false,
): LanePack[] {
  const byLane: Record<string, Event[]> = {};
  for (const lane of lanes) byLane[lane.key] = [];
  for (const e of events) (byLane[laneOf(e.id)] ??= []).push(e);
  // Two blocks touch when the later starts inside the earlier's drawn width (and a small gap).
  const drawnMin = (e: Event) => pxToMinutes(blockOf(e, zoom, warned(e.id)).width + 4, zoom);
  return lanes.map((lane) => {
    const laneEvents = byLane[lane.key] ?? [];
    const packed = packRows(laneEvents, drawnMin);
    return { lane, events: laneEvents, rows: packed.rows, height: packed.count * ROW_H + 2 * LANE_PAD };
  });
}

/** The top of a block in its lane, from its row. */
export function rowTop(row: number): number {
  return LANE_PAD + row * ROW_H;
}

/** Where an event (or any day and minute) starts, in pixels from the first shown day. */
export function xOf(at: Pick<Event, 'day' | 'minute'>, firstDay: number, zoom: Zoom): number {
  return minutesToPx(offsetOf(at.day, at.minute, firstDay), zoom);
}

/**
 * An event's block: its width and whether it is drawn wider than the event lasts (`widened`).
 * A long event is its true length; a short one — at the Days and Weeks zooms an hour is 2–4 px —
 * grows to show its title (up to LABEL_MAX_W) and then names its duration instead of its
 * activity, since the width no longer tells it. Never narrower than MIN_W.
 */
export function blockOf(
  e: Pick<Event, 'title' | 'duration_min' | 'visibility' | 'truth'>,
  zoom: Zoom,
  warned: boolean,
): { width: number; widened: boolean } {
  const marks = { unset: isUnset(e), warned };
  return eventBlock(minutesToPx(e.duration_min, zoom), e.title, marks, durationShort(e.duration_min), MIN_W);
}

/** The event's true length in pixels (at least a hairline), drawn as the bar along its foot. */
export function barWidth(durationMin: number, zoom: Zoom): number {
  return Math.max(2, minutesToPx(durationMin, zoom));
}


/** Day gridlines: every day while days are wide enough to tell apart, else the labelled ones. */
export function gridTicks(dayTicks: readonly Tick[], zoom: Zoom, labelStep: number): Tick[] {
  if (minutesToPx(MINUTES_PER_DAY, zoom) >= 12) return [...dayTicks];
  return dayTicks.filter((t) => labelledDay(t.day, labelStep));
}

/** The operation day of `today` (YYYY-MM-DD) when it lies on the timeline, else null. */
export function todayDay(startDate: string | null, today: string, range: Range): number | null {
  if (!startDate) return null;
  const d = daysBetween(startDate, today);
  return d >= range.first && d <= range.last ? d : null;
}

/** Event ID → number of persona warnings about it, for the badges on the timeline. */
export function warningCounts(warnings: readonly Pick<PersonaWarning, 'event_id'>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of warnings) if (w.event_id) out[w.event_id] = (out[w.event_id] ?? 0) + 1;
  return out;
}

/** Activity ID → name, from the catalog's matrix. */
export function activityNamesOf(matrix: Matrix | null): Record<string, string> {
  const names: Record<string, string> = {};
  for (const g of matrix?.goals ?? [])
    for (const a of g.approaches) for (const act of a.activities) names[act.id] = act.name;
  return names;
}

/** Every activity once, in ID order, for the inspector's activity picker. */
export function activityList(names: Record<string, string>): { id: string; name: string }[] {
  return Object.entries(names)
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/** Whether the event's marking (visibility or truth) is still to be decided. */
export function isUnset(e: Pick<Event, 'visibility' | 'truth'>): boolean {
  return e.visibility === null || e.truth === null;
}

/**
 * What a block says to a screen reader and in its tooltip: the whole title and its facts. The
 * name starts with the words the block shows, in their order (title, the length a narrow block
 * states, the activity), so speech input can name the block by what is on screen (WCAG 2.5.3).
 */
export function describeEvent(
  e: Pick<Event, 'title' | 'day' | 'minute' | 'duration_min' | 'visibility' | 'truth'>,
  shown: { narrow?: boolean; activityName?: string } = {},
): string {
  const vis = e.visibility ?? 'visibility unset';
  const truth = e.truth ?? 'truth unset';
  const words = [
    e.title,
    ...(shown.narrow ? [durationShort(e.duration_min)] : []),
    ...(shown.activityName ? [shown.activityName] : []),
  ];
  return `${words.join(' ')}, ${dLabel(e.day)} ${clock(e.minute)}, ${durationLabel(e.duration_min)}, ${vis}, ${truth}`;
}

/** The lane `step` places above (-1) or below (1) `key`, or null past either end. */
export function laneStep(lanes: readonly Pick<Lane, 'key'>[], key: string, step: 1 | -1): string | null {
  const index = lanes.findIndex((l) => l.key === key);
  if (index === -1) return null;
  return lanes[index + step]?.key ?? null;
}

/** The events an action on `id` applies to: the whole selection when it holds `id`, else `id`. */
export function targetIds(selected: ReadonlySet<string>, id: string): string[] {
  return selected.has(id) ? [...selected] : [id];
}

/** Where an event's block stands, for drawing something of the same event beneath it. */
export type BarPlace = {
  lane: string;
  /** The block's left edge and top, in pixels within the lane's track. */
  left: number;
  top: number;
  /** Pixels from the first shown day for any day and minute (e.g. an actual start). */
  x: (day: number, minute: number) => number;
};
