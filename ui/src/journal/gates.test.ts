import { describe, expect, it } from 'vitest';
import type { GateDecisionView, RunState } from '../lib/bindings';
import { haltOf, suggestedDecision } from './gates';

const state = (phase: RunState['phase'], halted_by: string | null = null): RunState => ({
  phase,
  approved_by: 'Dana',
  approved_at: '2026-12-07T08:00:00Z',
  started_at: '2026-12-07T09:00:00Z',
  closed_at: phase === 'closed' ? '2026-12-09T09:00:00Z' : null,
  halted_by,
});

const view = (id: string, decision: GateDecisionView['decision']['decision'], gate: number | null): GateDecisionView => ({
  decision: {
    id,
    gating_id: 'g',
    condition: 'The adversary probes the environment',
    action: 'pause',
    decision,
    decided_by: 'Ops lead',
    decided_at: '2026-12-08T09:30:00Z',
    evidence_ids: [],
    note: '',
    created_at: '2026-12-08T09:31:00Z',
  },
  when: { utc: '2026-12-08T09:30:00Z', local: '2026-12-08 10:30 CET', day: 1 },
  gate,
});

describe('the halt banner', () => {
  const decisions = [view('a', 'pause', 2), view('b', 'stop', null)];

  it('names the gate, who decided, when and the criterion while paused at a gate', () => {
    expect(haltOf(state('paused', 'a'), decisions)).toEqual({
      kind: 'paused',
      text: 'Paused at gate 2 by Ops lead (2026-12-08 10:30 CET): The adversary probes the environment',
      decisionId: 'a',
    });
  });

  it('says paused without a gate when paused by hand', () => {
    expect(haltOf(state('paused'), decisions)?.text).toBe('The operation is paused.');
  });

  it('shows a stop at a gate, even one since removed from the order', () => {
    const halt = haltOf(state('closed', 'b'), decisions);
    expect(halt?.kind).toBe('stopped');
    expect(halt?.text).toContain('Stopped at a removed gate by Ops lead');
  });

  it('shows nothing while running, in planning, or closed by hand', () => {
    expect(haltOf(state('running'), decisions)).toBeNull();
    expect(haltOf(state('planning'), decisions)).toBeNull();
    expect(haltOf(state('closed'), decisions)).toBeNull();
    expect(haltOf(null, decisions)).toBeNull();
  });

  it('suggests the criterion action as the decision', () => {
    expect(suggestedDecision('stop')).toBe('stop');
  });
});
