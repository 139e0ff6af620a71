// Where an event's actual bar sits on the timeline: from the actual start and end the core
// recorded, read as the operation reads them (D+N and the local clock), in the same minute
// offsets as the planned bars. Pure, so the geometry is unit-tested without a window.
import type { ActualView, When } from './bindings';
import { MINUTES_PER_DAY, minutesToPx, offsetOf, type Zoom } from './timeline';

/** Narrowest actual bar drawn, so an event that took a minute (or is still going) shows. */
export const MIN_ACTUAL_PX = 4;

/** The offset (minutes from the first day shown) of an instant, or null without a D+N. */
export function whenOffset(when: When | null, firstDay: number): number | null {
  if (!when || when.day === null) return null;
  const m = /\d{4}-\d{2}-\d{2} (\d{2}):(\d{2})/.exec(when.local);
  if (!m) return null;
  return offsetOf(when.day, Number(m[1]) * 60 + Number(m[2]), firstDay);
}

export type ActualGeometry = {
  /** Pixels from the track's left edge. */
  left: number;
  width: number;
  /** Started but no end recorded: drawn as a short open bar. */
  open: boolean;
  /** Start and end in minutes from the first day shown. */
  start: number;
  end: number;
};

/**
 * The bar for an event's actuals at `zoom`, or null when no actual start is recorded (or the
 * operation has no start date, so the actual cannot be placed on D+N days). An end before the
 * start cannot be stored, so the width is never negative.
 */
export function actualBar(view: ActualView | undefined, firstDay: number, zoom: Zoom): ActualGeometry | null {
  if (!view) return null;
  const start = whenOffset(view.start, firstDay);
  if (start === null) return null;
  const endAt = whenOffset(view.end, firstDay);
  const open = endAt === null;
  const end = endAt ?? start;
  return {
    left: minutesToPx(start, zoom),
    width: Math.max(MIN_ACTUAL_PX, minutesToPx(end - start, zoom)),
    open,
    start,
    end,
  };
}

/** How far the actual start is from the planned one, for the bar's tooltip ("45 min late"). */
export function slipLabel(plannedOffset: number, actualStart: number): string {
  const d = actualStart - plannedOffset;
  if (d === 0) return 'on time';
  const abs = Math.abs(d);
  const text =
    abs % MINUTES_PER_DAY === 0
      ? `${abs / MINUTES_PER_DAY} d`
      : abs >= 120
        ? `${Math.floor(abs / 60)} h ${abs % 60 ? `${abs % 60} min` : ''}`.trim()
        : `${abs} min`;
  return d > 0 ? `${text} late` : `${text} early`;
}
