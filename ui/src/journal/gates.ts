// Gate decisions as the pages show them: labels, the decision a criterion suggests, and the
// halt banner's sentence (paused or stopped at a gate, or paused by hand). Pure, unit-tested.
import type { Decision, GateDecisionView, GatingAction, RunState } from '../lib/bindings';

export const DECISION_LABELS: Record<Decision, string> = {
  continue: 'Continue',
  pause: 'Pause',
  stop: 'Stop',
  escalate: 'Escalate',
};

export const DECISIONS = Object.entries(DECISION_LABELS) as [Decision, string][];

/** A criterion's action is the decision it calls for, unless the decider chooses otherwise. */
export function suggestedDecision(action: GatingAction): Decision {
  return action;
}

export function gateLabel(view: Pick<GateDecisionView, 'gate'>): string {
  return view.gate === null ? 'a removed gate' : `gate ${view.gate}`;
}

export type Halt = {
  kind: 'paused' | 'stopped';
  /** "Paused at gate 2 by Ops lead (2026-12-08 10:30 CET): the adversary probes the environment" */
  text: string;
  decisionId: string | null;
};

/**
 * What the banner on every page says while the operation is halted: paused (by a gate decision
 * or by hand) or closed by a stop decision. Null while it runs, and for an operation closed by
 * hand (its end is not a halt to resume from).
 */
export function haltOf(state: RunState | null, decisions: readonly GateDecisionView[]): Halt | null {
  if (!state) return null;
  const by = state.halted_by ? decisions.find((d) => d.decision.id === state.halted_by) : undefined;
  if (state.phase === 'paused') {
    if (!by) return { kind: 'paused', text: 'The operation is paused.', decisionId: null };
    return { kind: 'paused', text: `Paused at ${gateLabel(by)} by ${describe(by)}`, decisionId: by.decision.id };
  }
  if (state.phase === 'closed' && by) {
    return { kind: 'stopped', text: `Stopped at ${gateLabel(by)} by ${describe(by)}`, decisionId: by.decision.id };
  }
  return null;
}

function describe(view: GateDecisionView): string {
  const d = view.decision;
  const condition = d.condition.length > 120 ? `${d.condition.slice(0, 119)}…` : d.condition;
  return `${d.decided_by} (${view.when.local}): ${condition}`;
}
