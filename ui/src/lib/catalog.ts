import type { ActivityCard, Kind, Matrix } from './bindings';

/** One column of the matrix: an approach, with the goal it sits under. */
export interface MatrixColumn {
  goalId: string;
  goalName: string;
  kind: Kind;
  id: string;
  name: string;
  activities: ActivityCard[];
}

export function columns(matrix: Matrix): MatrixColumn[] {
  return matrix.goals.flatMap((goal) =>
    goal.approaches.map((a) => ({
      goalId: goal.id,
      goalName: goal.name,
      kind: goal.kind,
      id: a.id,
      name: a.name,
      activities: a.activities,
    })),
  );
}

/** Every activity ID in the matrix, each once, in matrix order. */
export function distinctActivityIds(matrix: Matrix): string[] {
  const seen = new Set<string>();
  for (const goal of matrix.goals)
    for (const approach of goal.approaches)
      for (const act of approach.activities) seen.add(act.id);
  return [...seen];
}

/** How many cards the matrix holds (an activity under several approaches counts each time). */
export function cardCount(matrix: Matrix): number {
  return matrix.goals.reduce(
    (n, g) => n + g.approaches.reduce((m, a) => m + a.activities.length, 0),
    0,
  );
}

/**
 * The distinct activities the matrix shows for a search result: `matches` null means no filter.
 * IDs the search returns that are not in the matrix are not counted.
 */
export function shownActivityIds(matrix: Matrix, matches: ReadonlySet<string> | null): string[] {
  const all = distinctActivityIds(matrix);
  return matches ? all.filter((id) => matches.has(id)) : all;
}

export function pluralize(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
