import { describe, expect, it } from 'vitest';
import type { GatingCriterion } from '../bindings';
import { dayLabel, dayValue, decisionChoice, phaseOption } from './opord';

const gate = (over: Partial<GatingCriterion>): GatingCriterion => ({
  id: 'g',
  condition: '',
  action: 'pause',
  decided_by: '',
  detection: '',
  decision_day: null,
  phase_id: null,
  ...over,
});

describe('opord helpers', () => {
  it('reads days typed in a number field', () => {
    expect(dayValue(' 7 ')).toBe(7);
    expect(dayValue('-3')).toBe(-3);
    expect(dayValue('')).toBeNull();
    expect(dayValue('2.5')).toBeNull();
  });

  it('labels negative days without a plus', () => {
    expect(dayLabel(-5)).toBe('D-5');
    expect(dayLabel(0)).toBe('D+0');
  });

  it('tells which decision point a gate has', () => {
    expect(decisionChoice(gate({}))).toBe('');
    expect(decisionChoice(gate({ decision_day: 0 }))).toBe('day');
    expect(decisionChoice(gate({ phase_id: 'p1' }))).toBe('phase:p1');
  });

  it('names a phase with its span', () => {
    expect(phaseOption({ id: 'p', name: 'Exposure', start_day: 0, end_day: 3, purpose: '' }, 1)).toBe(
      'During phase 2, Exposure (D+0 to D+3)',
    );
  });
});
