import { describe, expect, it } from 'vitest';
import { goalTone, toggleGoal } from './goals';

describe('toggleGoal', () => {
  it('adds a goal in catalog order', () => {
    expect(toggleGoal(['EGO0003'], 'EGO0001')).toEqual(['EGO0001', 'EGO0003']);
  });

  it('removes a goal that is on', () => {
    expect(toggleGoal(['EGO0001', 'EGO0002'], 'EGO0001')).toEqual(['EGO0002']);
  });

  it('never duplicates and does not mutate its input', () => {
    const before = ['EGO0002', 'EGO0002'];
    expect(toggleGoal(before, 'EGO0001')).toEqual(['EGO0001', 'EGO0002']);
    expect(before).toEqual(['EGO0002', 'EGO0002']);
  });

  it('gives every goal family a tone', () => {
    expect(['SGO0001', 'EGO0001', 'EGO0002', 'EGO0003', 'SGO0002'].map(goalTone)).toEqual([
      'prepare',
      'expose',
      'affect',
      'elicit',
      'understand',
    ]);
  });
});
