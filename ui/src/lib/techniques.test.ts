import { describe, expect, it } from 'vitest';
import type { Technique } from './bindings';
import { techniqueId, techniqueOptions } from './techniques';

const all: Technique[] = [
  { id: 'T1018', name: 'Remote System Discovery', tactics: ['Discovery'] },
  { id: 'T1133', name: 'External Remote Services', tactics: ['Persistence', 'Initial Access'] },
  { id: 'T1610', name: 'Deploy Container', tactics: ['Defense Evasion', 'Execution'] },
  { id: 'T1611', name: 'Escape to Host', tactics: ['Privilege Escalation'] },
];

describe('techniqueOptions', () => {
  it('offers the mapped techniques first, then the rest that match', () => {
    const opts = techniqueOptions(all, ['T1611'], [], 'e');
    expect(opts[0]).toMatchObject({ id: 'T1611', mapped: true });
    expect(opts.slice(1).every((o) => !o.mapped)).toBe(true);
    expect(opts.map((o) => o.id)).toContain('T1133');
  });

  it('offers only mapped techniques for an empty query and leaves out chosen ones', () => {
    expect(techniqueOptions(all, ['T1018', 'T1611'], ['T1018'], '').map((o) => o.id)).toEqual([
      'T1611',
    ]);
  });

  it('matches an ID prefix, a name word or a tactic', () => {
    expect(techniqueOptions(all, [], [], 't16').map((o) => o.id)).toEqual(['T1610', 'T1611']);
    expect(techniqueOptions(all, [], [], 'container').map((o) => o.id)).toEqual(['T1610']);
    expect(techniqueOptions(all, [], [], 'initial access').map((o) => o.id)).toEqual(['T1133']);
  });
});

describe('techniqueId', () => {
  it('accepts techniques and sub-techniques, refuses the rest', () => {
    expect(techniqueId(' t1098.004 ')).toBe('T1098.004');
    expect(techniqueId('T1098')).toBe('T1098');
    expect(techniqueId('T10')).toBe(null);
    expect(techniqueId('<script>')).toBe(null);
  });
});
