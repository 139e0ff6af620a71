import { describe, expect, it } from 'vitest';
import { adversaryDrafts, adversaryPatch, goalOfLane, lines, placedMark, placementOf, plural, techniqueId, techniqueLabel } from './threat';

describe('threat helpers', () => {
  it('splits lists one per line', () => {
    expect(lines(' TeamTNT \n\n  Dockside\n')).toEqual(['TeamTNT', 'Dockside']);
    expect(adversaryPatch('aliases', 'a\n b ')).toEqual({ aliases: ['a', 'b'] });
    expect(adversaryPatch('description', ' kept as typed ')).toEqual({ description: ' kept as typed ' });
  });

  it('round-trips an adversary through drafts', () => {
    const a = {
      name: 'Harbor <b>Crew</b>',
      aliases: ['x', 'y'],
      description: 'd',
      sources: 's',
      references: ['r1'],
      modified_at: '',
    };
    const d = adversaryDrafts(a);
    expect(d.aliases).toBe('x\ny');
    expect(adversaryPatch('aliases', d.aliases)).toEqual({ aliases: a.aliases });
    expect(adversaryPatch('name', d.name)).toEqual({ name: 'Harbor <b>Crew</b>' });
  });

  it('recognises technique IDs', () => {
    expect(techniqueId(' t1098.004 ')).toBe('T1098.004');
    expect(techniqueId('T1611')).toBe('T1611');
    expect(techniqueId('T16')).toBeNull();
    expect(techniqueId('escape')).toBeNull();
  });

  it('asks the placement rule with the goal in view and the focused time, never the lane', () => {
    expect(placementOf('EAC0016', null, null)).toEqual({ activity_id: 'EAC0016' });
    const spot = { day: 3, minute: 60, lane: { grouping: 'goal' as const, key: 'EGO0001' } };
    expect(placementOf('EAC0016', 'EGO0002', spot)).toEqual({
      activity_id: 'EAC0016',
      goal_id: 'EGO0002',
      after: { day: 3, minute: 60 },
    });
    expect(goalOfLane(spot.lane)).toBe('EGO0001');
    expect(goalOfLane({ grouping: 'host', key: 'build-01' })).toBeNull();
    expect(goalOfLane(null)).toBeNull();
  });

  it('marks placed activities with their count', () => {
    expect(placedMark(0)).toBeNull();
    expect(placedMark(3)).toBe('On storyboard ×3');
  });

  it('labels reasons with the sub-technique that rolls up', () => {
    const r = {
      technique_id: 'T1098',
      technique_name: 'Account Manipulation',
      adversary_technique_ids: ['T1098.004'],
      vulnerability_id: 'EAV0013',
      vulnerability: '',
    };
    expect(techniqueLabel(r)).toBe('T1098 Account Manipulation (as T1098.004)');
    expect(techniqueLabel({ ...r, adversary_technique_ids: ['T1098'] })).toBe('T1098 Account Manipulation');
    expect(plural(1, 'technique')).toBe('1 technique');
    expect(plural(3, 'vulnerability', 'vulnerabilities')).toBe('3 vulnerabilities');
  });
});
