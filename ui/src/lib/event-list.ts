// The list view's logic: filtering and sorting storyboard events. Pure, so it is unit-tested.
import type { Event } from './bindings';

export type Marking = '' | 'unset' | 'revealed' | 'concealed' | 'fact' | 'fiction';
export type SortKey = 'time' | 'story' | 'title' | 'activity' | 'lane' | 'visibility' | 'truth' | 'status';

export type ListFilter = {
  goal: string;
  lane: string | null;
  persona: string;
  marking: Marking;
  text: string;
  /** An event's recorded outcome (see the journal's actuals); "none" for no outcome yet. */
  outcome?: OutcomeFilter;
};

export type OutcomeFilter = '' | 'none' | 'as_planned' | 'changed' | 'skipped' | 'failed';

export const NO_FILTER: ListFilter = { goal: '', lane: null, persona: '', marking: '', text: '', outcome: '' };

export type ListContext = {
  goalOf: (e: Event) => string;
  laneOf: (e: Event) => string;
  /** Index of a lane key in the timeline's lane order (for story order). */
  laneIndex: (key: string) => number;
  personasOf: (e: Event) => readonly string[];
  activityName: (e: Event) => string;
  outcomeOf?: (e: Event) => string | null;
};

export function matches(e: Event, f: ListFilter, ctx: ListContext): boolean {
  if (f.goal !== '' && ctx.goalOf(e) !== f.goal) return false;
  if (f.lane !== null && ctx.laneOf(e) !== f.lane) return false;
  if (f.persona === '-' && ctx.personasOf(e).length > 0) return false;
  if (f.persona !== '' && f.persona !== '-' && !ctx.personasOf(e).includes(f.persona)) return false;
  switch (f.marking) {
    case 'unset':
      if (e.visibility !== null && e.truth !== null) return false;
      break;
    case 'revealed':
    case 'concealed':
      if (e.visibility !== f.marking) return false;
      break;
    case 'fact':
    case 'fiction':
      if (e.truth !== f.marking) return false;
      break;
  }
  if (f.outcome) {
    const outcome = ctx.outcomeOf?.(e) ?? null;
    if (f.outcome === 'none' ? outcome !== null : outcome !== f.outcome) return false;
  }
  const q = f.text.trim().toLowerCase();
  if (q !== '') {
    const hay = `${e.title} ${e.activity_id} ${ctx.activityName(e)} ${e.host}`.toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

const time = (a: Event, b: Event) => a.day - b.day || a.minute - b.minute;

/** Sorted copy; ties fall back to time order, then title, then ID, so the order is stable. */
export function sortEvents(events: readonly Event[], key: SortKey, descending: boolean, ctx: ListContext): Event[] {
  const text = (f: (e: Event) => string) => (a: Event, b: Event) => f(a).localeCompare(f(b));
  const by: Record<SortKey, (a: Event, b: Event) => number> = {
    time,
    story: (a, b) => ctx.laneIndex(ctx.laneOf(a)) - ctx.laneIndex(ctx.laneOf(b)) || time(a, b),
    title: text((e) => e.title),
    activity: text((e) => e.activity_id),
    lane: (a, b) => ctx.laneIndex(ctx.laneOf(a)) - ctx.laneIndex(ctx.laneOf(b)),
    visibility: unsetLast((e) => e.visibility),
    truth: unsetLast((e) => e.truth),
    status: (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status),
  };
  const primary = by[key];
  const sign = descending ? -1 : 1;
  return [...events].sort(
    (a, b) => sign * primary(a, b) || time(a, b) || a.title.localeCompare(b.title) || a.id.localeCompare(b.id),
  );
}

const STATUS_ORDER = ['planned', 'ready', 'done'];

/** Compares an optional text field with unset values after every set one. */
function unsetLast(f: (e: Event) => string | null) {
  return (a: Event, b: Event) => {
    const x = f(a);
    const y = f(b);
    if (x === y) return 0;
    if (x === null) return 1;
    if (y === null) return -1;
    return x.localeCompare(y);
  };
}
