// Pure helpers of the order page's OPORD sections.
import type { GatingCriterion, Phase, RiskLevel, Role } from '../bindings';

export const RISK_LEVELS: { value: RiskLevel; label: string }[] = [
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High' },
];

/** A day typed in a number field: a whole number, or null for an empty or broken entry. */
export function dayValue(raw: string): number | null {
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) return null;
  return Number(text);
}

/** "D+3", "D-2". */
export function dayLabel(day: number): string {
  return day < 0 ? `D${day}` : `D+${day}`;
}

/** The gate's decision point as a choice of the page's select: "", "day", or "phase:<id>". */
export function decisionChoice(g: GatingCriterion): string {
  if (g.decision_day !== null) return 'day';
  if (g.phase_id !== null) return `phase:${g.phase_id}`;
  return '';
}

/** The label of a phase in the decision point's select. */
export function phaseOption(p: Phase, index: number): string {
  const span = p.start_day === p.end_day ? dayLabel(p.start_day) : `${dayLabel(p.start_day)} to ${dayLabel(p.end_day)}`;
  return `During phase ${index + 1}${p.name ? `, ${p.name}` : ''} (${span})`;
}

/** The Engage roles in the roster's order, as the order names them. */
export const ROLES: { value: Role; label: string }[] = [
  { value: 'stakeholder', label: 'Stakeholders' },
  { value: 'team_lead', label: 'Team lead' },
  { value: 'operation_coordinator', label: 'Operation coordinator' },
  { value: 'reverse_engineer', label: 'Reverse engineer' },
  { value: 'threat_analyst', label: 'Threat analyst' },
  { value: 'operational_user', label: 'Operational user' },
  { value: 'system_administrator', label: 'System administrator' },
  { value: 'blue_team', label: 'Blue team' },
  { value: 'red_team', label: 'Red team' },
];
