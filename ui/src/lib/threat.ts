// Pure helpers of the threat model page: adversary form fields, technique IDs, placement.
import type { Adversary, AdversaryPatch, LaneTarget, Placement, Reason } from './bindings';

export type AdversaryField = 'name' | 'aliases' | 'description' | 'sources' | 'references';
export type AdversaryDrafts = Record<AdversaryField, string>;

/** One item per non-empty line, trimmed (aliases, references). */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

export function adversaryDrafts(a: Adversary): AdversaryDrafts {
  return {
    name: a.name,
    aliases: a.aliases.join('\n'),
    description: a.description,
    sources: a.sources,
    references: a.references.join('\n'),
  };
}

export function adversaryPatch(field: AdversaryField, value: string): AdversaryPatch {
  switch (field) {
    case 'aliases':
      return { aliases: lines(value) };
    case 'references':
      return { references: lines(value) };
    default:
      return { [field]: value };
  }
}

/** `t1098.004` → `T1098.004`; null when the text is not a technique ID. */
export function techniqueId(text: string): string | null {
  const id = text.trim().toUpperCase();
  return /^T\d{4}(\.\d{3})?$/.test(id) ? id : null;
}

export function parentOf(id: string): string {
  return id.split('.')[0] ?? id;
}

/** Where the storyboard's focus is, shared so the threat page places activities there. */
export interface Spot {
  day: number;
  minute: number;
  lane: LaneTarget | null;
}

/**
 * What "Place on storyboard" asks of the core's placement rule: the activity, the goal in view
 * (used only when the activity serves it) and the storyboard's focused time (the event goes to
 * the first free slot from there; without one, at the start of the engagement window). The
 * focused event's lane is deliberately not sent: an activity goes to its own goal's lane.
 */
export function placementOf(activityId: string, goal: string | null, focus: Spot | null): Placement {
  const p: Placement = { activity_id: activityId };
  if (goal) p.goal_id = goal;
  if (focus) p.after = { day: focus.day, minute: focus.minute };
  return p;
}

/** The goal of a goal lane in focus, as a placement's preferred goal. */
export function goalOfLane(lane: LaneTarget | null): string | null {
  return lane?.grouping === 'goal' && lane.key ? lane.key : null;
}

/** "On storyboard ×3", or null when the activity is not placed yet. */
export function placedMark(count: number): string | null {
  return count > 0 ? `On storyboard ×${count}` : null;
}

/** "T1098 Account Manipulation (as T1098.004)" */
export function techniqueLabel(r: Pick<Reason, 'technique_id' | 'technique_name' | 'adversary_technique_ids'>): string {
  const via = r.adversary_technique_ids.filter((id) => id !== r.technique_id);
  const name = r.technique_name ? ` ${r.technique_name}` : '';
  return via.length ? `${r.technique_id}${name} (as ${via.join(', ')})` : `${r.technique_id}${name}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

