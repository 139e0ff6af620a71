// Pure helpers of the threat model page: adversary form fields, technique IDs, placement.
import type { Adversary, AdversaryPatch, LaneTarget, Reason } from './bindings';

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

/** The focused spot, else the operation's start (D+0 09:00, the start of a working day). */
export function placement(focus: Spot | null): Spot {
  return focus ?? { day: 0, minute: 9 * 60, lane: null };
}

/** "T1098 Account Manipulation (as T1098.004)" */
export function techniqueLabel(r: Reason): string {
  const via = r.adversary_technique_ids.filter((id) => id !== r.technique_id);
  const name = r.technique_name ? ` ${r.technique_name}` : '';
  return via.length ? `${r.technique_id}${name} (as ${via.join(', ')})` : `${r.technique_id}${name}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

