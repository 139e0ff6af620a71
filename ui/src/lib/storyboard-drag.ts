// The arithmetic of dragging on the timeline: pixels to snapped minutes, for a move, a resize
// and a drop from the palette, and what a press, a drag and a drop do to the selection and the
// events. StoryboardTracks keeps the pointer bookkeeping; these stay testable.
import { clock, dLabel, dayMinute, minutesToPx, pxToMinutes, snap, type Zoom } from './timeline';
import { NEW_EVENT_MIN } from './storyboard-tracks';

/** A pointer travelling less than this (px, |dx| + |dy|) is a click, not a drag. */
export const DRAG_THRESHOLD_PX = 3;

/** Minutes an event moves for a horizontal drag of `dxPx`, snapped to the zoom's grid. */
export function movedMinutes(dxPx: number, zoom: Zoom): number {
  return snap(pxToMinutes(dxPx, zoom), zoom.gridMin);
}

/** The duration after dragging the resize handle by `dxPx`: snapped, never below one step. */
export function resizedDuration(dxPx: number, duration: number, zoom: Zoom): number {
  return Math.max(zoom.gridMin, duration + movedMinutes(dxPx, zoom));
}

/** The offset (minutes from the first shown day) of a drop `xPx` into a lane, snapped, never before it. */
export function dropOffset(xPx: number, zoom: Zoom): number {
  return Math.max(0, movedMinutes(xPx, zoom));
}

/** Whether a pointer that travelled (dx, dy) is dragging. */
export function isDrag(dx: number, dy: number): boolean {
  return Math.abs(dx) + Math.abs(dy) > DRAG_THRESHOLD_PX;
}

/** Where a dragged event would land: its start offset moved by the snapped drag. */
export function movedStart(startOffset: number, dxPx: number, zoom: Zoom): number {
  return startOffset + movedMinutes(dxPx, zoom);
}

/** The time readout shown while dragging: "D+2 14:30" for an offset from the first shown day. */
export function readout(offset: number, firstDay: number): string {
  const { day, minute } = dayMinute(offset, firstDay);
  return `${dLabel(day)} ${clock(minute)}`;
}

/** Where a drag would land: a lane and a start (minutes from the first shown day). */
export type Drop = { lane: string; offset: number; duration: number };

/** A pointer drag on the storyboard, from press to release. */
export type Drag =
  | { kind: 'palette'; activityId: string; name: string; x: number; y: number; moved: boolean; drop: Drop | null }
  | {
      kind: 'event';
      id: string;
      startX: number;
      startY: number;
      /** The event's start, minutes from the first shown day. */
      start: number;
      duration: number;
      lane: string;
      /** Ctrl/Shift-click toggles the selection rather than opening the event. */
      additive: boolean;
      moved: boolean;
      drop: Drop | null;
    }
  | { kind: 'resize'; id: string; startX: number; duration: number; dw: number; moved: boolean }
  | { kind: 'pan'; startX: number; startY: number; left: number; top: number; moved: boolean };

/** The drop preview: shown once the pointer has travelled, only while over a lane. */
export function previewOf(drag: Drag | null): Drop | null {
  return drag && (drag.kind === 'palette' || drag.kind === 'event') && drag.moved ? drag.drop : null;
}

/**
 * The selection after pressing on an event: Ctrl/Shift (`additive`) toggles it; a plain press
 * on an unselected event selects it alone, and on a selected one keeps the selection (to drag it).
 */
export function selectionAfterPress(selected: ReadonlySet<string>, id: string, additive: boolean): Set<string> {
  const next = new Set(selected);
  if (additive) {
    if (next.has(id)) next.delete(id);
    else next.add(id);
    return next;
  }
  return next.has(id) ? next : new Set([id]);
}

/** A resize handle may twitch on a click: it counts as dragged past this many pixels. */
const RESIZE_THRESHOLD_PX = 2;

/** Whether a resize handle pulled `dxPx` is a resize rather than a click. */
export function isResize(dxPx: number): boolean {
  return Math.abs(dxPx) > RESIZE_THRESHOLD_PX;
}

/** How many pixels wider the block is drawn while its handle is pulled `dxPx` (snapped). */
export function resizedWidthDelta(dxPx: number, duration: number, zoom: Zoom): number {
  return minutesToPx(resizedDuration(dxPx, duration, zoom) - duration, zoom);
}

/** The scroll position while panning: the view follows the pointer the other way. */
export function panScroll(
  pan: { startX: number; startY: number; left: number; top: number },
  clientX: number,
  clientY: number,
): { left: number; top: number } {
  return { left: pan.left - (clientX - pan.startX), top: pan.top - (clientY - pan.startY) };
}

/**
 * What dropping a dragged event does: move by `delta` minutes and, when it left its lane, into
 * the drop's lane; null when it lands where it began.
 */
export function moveOf(
  from: { start: number; lane: string },
  drop: Drop,
): { delta: number; lane: string | null } | null {
  const delta = drop.offset - from.start;
  const laneChanged = drop.lane !== from.lane;
  if (delta === 0 && !laneChanged) return null;
  return { delta, lane: laneChanged ? drop.lane : null };
}

/**
 * Where a palette activity or a dragged event lands over `lane`, whose track starts at
 * `trackLeft` on screen. The preview and the drop both come from here, so the event lands
 * exactly where the preview showed. A pan or resize drops nothing.
 */
export function dropFor(d: Drag, lane: string, trackLeft: number, clientX: number, zoom: Zoom): Drop | null {
  if (d.kind === 'palette') return { lane, offset: dropOffset(clientX - trackLeft, zoom), duration: NEW_EVENT_MIN };
  if (d.kind === 'event') return { lane, offset: movedStart(d.start, clientX - d.startX, zoom), duration: d.duration };
  return null;
}
