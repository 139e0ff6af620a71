import { describe, expect, it } from 'vitest';
import { activityPatch } from './event-edit';

const names = { EAC0005: 'Lures', SAC0003: 'Cyber Threat Intelligence', EAC0016: 'Software Manipulation' };

describe('activityPatch', () => {
  it('renames an event still called after its old activity', () => {
    expect(activityPatch({ activity_id: 'SAC0003', title: 'Cyber Threat Intelligence' }, 'EAC0016', names)).toEqual({
      activity_id: 'EAC0016',
      title: 'Software Manipulation',
    });
  });

  it("keeps a title of the planner's own", () => {
    expect(activityPatch({ activity_id: 'EAC0005', title: 'Seed a lure in the registry' }, 'EAC0016', names)).toEqual({
      activity_id: 'EAC0016',
    });
  });

  it('keeps the title when the new activity has no known name', () => {
    expect(activityPatch({ activity_id: 'EAC0005', title: 'Lures' }, 'EAC9999', names)).toEqual({
      activity_id: 'EAC9999',
    });
  });

  it('sends nothing when the activity is the same', () => {
    expect(activityPatch({ activity_id: 'EAC0005', title: 'Lures' }, 'EAC0005', names)).toBeNull();
  });
});
