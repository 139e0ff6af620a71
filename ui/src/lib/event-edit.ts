// What an inspector edit sends: kept here so the rule is tested without a window.
import type { Event, EventPatch } from './bindings';

/**
 * The patch for choosing another activity. A title the planner never changed (still the old
 * activity's name, which is what a new event is called) follows the activity, in the same
 * edit, so one undo restores both; a title of their own stays.
 */
export function activityPatch(
  event: Pick<Event, 'activity_id' | 'title'>,
  activityId: string,
  names: Record<string, string>,
): EventPatch | null {
  if (activityId === event.activity_id) return null;
  const oldName = names[event.activity_id];
  const newName = names[activityId];
  const untouched = oldName !== undefined && event.title.trim() === oldName;
  return untouched && newName ? { activity_id: activityId, title: newName } : { activity_id: activityId };
}
