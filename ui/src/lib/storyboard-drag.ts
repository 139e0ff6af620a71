// The arithmetic of dragging on the timeline: pixels to snapped minutes, for a move, a resize
// and a drop from the palette. The page keeps the pointer bookkeeping; these stay testable.
import { clock, dLabel, dayMinute, pxToMinutes, snap, type Zoom } from './timeline';

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
