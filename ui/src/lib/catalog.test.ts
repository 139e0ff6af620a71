import { describe, expect, it } from 'vitest';
import type { Matrix } from './bindings';
import { cardCount, columns, distinctActivityIds, pluralize, shownActivityIds } from './catalog';

const card = (id: string) => ({ id, name: id, summary: '' });
const matrix: Matrix = {
  version: '1.0',
  goals: [
    {
      id: 'SGO0001',
      name: 'Prepare',
      kind: 'strategic',
      approaches: [{ id: 'SAP0001', name: 'Plan', activities: [card('SAC0001'), card('SAC0002')] }],
    },
    {
      id: 'EGO0001',
      name: 'Expose',
      kind: 'engagement',
      approaches: [
        { id: 'EAP0001', name: 'Collect', activities: [card('EAC0001'), card('EAC0005')] },
        { id: 'EAP0002', name: 'Detect', activities: [card('EAC0005')] },
      ],
    },
  ],
};

describe('catalog matrix', () => {
  it('lays approaches out as columns under their goals', () => {
    expect(columns(matrix).map((c) => `${c.goalName}/${c.name}`)).toEqual(['Prepare/Plan', 'Expose/Collect', 'Expose/Detect']);
  });

  it('counts cards and distinct activities apart', () => {
    expect(cardCount(matrix)).toBe(5);
    expect(distinctActivityIds(matrix)).toEqual(['SAC0001', 'SAC0002', 'EAC0001', 'EAC0005']);
  });

  it('counts each matching activity once, ignoring IDs not in the matrix', () => {
    expect(shownActivityIds(matrix, null)).toHaveLength(4);
    expect(shownActivityIds(matrix, new Set(['EAC0005', 'EAC9999']))).toEqual(['EAC0005']);
    expect(shownActivityIds(matrix, new Set())).toEqual([]);
  });

  it('pluralizes counts', () => {
    expect(pluralize(1, 'activity', 'activities')).toBe('1 activity');
    expect(pluralize(31, 'activity', 'activities')).toBe('31 activities');
    expect(pluralize(0, 'activity', 'activities')).toBe('0 activities');
  });
});
