// The ATT&CK technique picker's logic: which techniques to offer, in which order.
import type { Technique } from './bindings';

export type TechniqueOption = { id: string; name: string; tactics: string[]; mapped: boolean };

const ID = /^T\d{4}(\.\d{3})?$/;

/** A technique or sub-technique ID as the core accepts it (T1098, T1098.004), upper-cased. */
export function techniqueId(text: string): string | null {
  const id = text.trim().toUpperCase();
  return ID.test(id) ? id : null;
}

/**
 * The options for a query: techniques mapped to the event's activity first, then the rest, each
 * part in ID order; techniques already chosen are left out. An empty query offers only the
 * mapped ones; otherwise the query matches an ID prefix, or a word of the name or a tactic.
 */
export function techniqueOptions(
  all: readonly Technique[],
  mapped: readonly string[],
  chosen: readonly string[],
  query: string,
  limit = 12,
): TechniqueOption[] {
  const q = query.trim().toLowerCase();
  const mappedSet = new Set(mapped);
  const taken = new Set(chosen);
  const matches = (t: Technique) =>
    q === '' ||
    t.id.toLowerCase().startsWith(q) ||
    t.name.toLowerCase().includes(q) ||
    t.tactics.some((tac) => tac.toLowerCase().includes(q));
  const pick = (isMapped: boolean) =>
    all
      .filter((t) => mappedSet.has(t.id) === isMapped && !taken.has(t.id) && matches(t))
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((t) => ({ id: t.id, name: t.name, tactics: t.tactics, mapped: isMapped }));
  const first = pick(true);
  const rest = q === '' ? [] : pick(false);
  return [...first, ...rest].slice(0, limit);
}
