/** The three engagement goals an operation can pursue, in catalog order. */
export const ENGAGEMENT_GOALS = [
  { id: 'EGO0001', name: 'Expose', hint: 'Detect and characterise the adversary' },
  { id: 'EGO0002', name: 'Affect', hint: 'Raise its costs, slow or steer it' },
  { id: 'EGO0003', name: 'Elicit', hint: 'Make it reveal tools and tradecraft' },
] as const;

const ORDER: readonly string[] = ENGAGEMENT_GOALS.map((g) => g.id);

/** Adds or removes `id`, keeping catalog order and no duplicates (the core stores them sorted). */
export function toggleGoal(goals: readonly string[], id: string): string[] {
  const set = new Set(goals);
  if (set.has(id)) set.delete(id);
  else set.add(id);
  return [...set].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function rank(id: string): number {
  const i = ORDER.indexOf(id);
  return i === -1 ? ORDER.length : i;
}

/** Colour family of a goal, by ID; strategic goals share the neutral one. */
export function goalTone(id: string): 'prepare' | 'expose' | 'affect' | 'elicit' | 'understand' {
  switch (id) {
    case 'EGO0001':
      return 'expose';
    case 'EGO0002':
      return 'affect';
    case 'EGO0003':
      return 'elicit';
    case 'SGO0002':
      return 'understand';
    default:
      return 'prepare';
  }
}
