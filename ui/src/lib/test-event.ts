// A storyboard event for the unit tests: every field filled with a plain value, so a test
// names only the fields it is about.
import type { Event } from './bindings';

export function testEvent(id: string, over: Partial<Event> = {}): Event {
  return {
    id,
    activity_id: 'EAC0005',
    approach_id: 'EAP0002',
    title: id,
    narrative: '',
    day: 0,
    minute: 540,
    duration_min: 60,
    host: '',
    lane_id: null,
    visibility: null,
    truth: null,
    technique_ids: [],
    collection_point: '',
    status: 'planned',
    notes: '',
    owner_role: null,
    created_at: '',
    modified_at: '',
    ...over,
  };
}
