// The journal's entry line and list filters, as pure functions (unit-tested). The line is typed
// in one go: an optional kind prefix ("adv:", "our:", "dec:", "dev:", "note:") and `#T1234`
// tokens naming observed ATT&CK techniques, which stay in the text without the `#`.
import type { EntryKind, JournalLine } from '../lib/bindings';
import { formatStamp } from '../lib/format';

export const KIND_LABELS: Record<EntryKind, string> = {
  adversary_action: 'Adversary action',
  our_action: 'Our action',
  decision: 'Decision',
  deviation: 'Deviation',
  note: 'Note',
};

const PREFIXES: Record<string, EntryKind> = {
  adv: 'adversary_action',
  our: 'our_action',
  dec: 'decision',
  dev: 'deviation',
  note: 'note',
};

export type ParsedLine = { text: string; kind: EntryKind | null; techniques: string[] };

const TECHNIQUE = /#(t\d{4}(?:\.\d{3})?)\b/gi;

export function parseLine(raw: string): ParsedLine {
  let text = raw.trim();
  let kind: EntryKind | null = null;
  const prefix = /^([a-z]+):\s*/i.exec(text);
  const named = prefix?.[1] ? PREFIXES[prefix[1].toLowerCase()] : undefined;
  if (prefix && named) {
    kind = named;
    text = text.slice(prefix[0].length);
  }
  const techniques: string[] = [];
  text = text.replace(TECHNIQUE, (_, id: string) => {
    const upper = id.toUpperCase();
    if (!techniques.includes(upper)) techniques.push(upper);
    return upper;
  });
  return { text, kind, techniques };
}

export type JournalFilter = { kind: EntryKind | ''; technique: string; event: string };

export const NO_JOURNAL_FILTER: JournalFilter = { kind: '', technique: '', event: '' };

export function filterLines(lines: readonly JournalLine[], f: JournalFilter): JournalLine[] {
  const technique = f.technique.trim().toUpperCase();
  return lines.filter(({ entry }) => {
    if (f.kind !== '' && entry.kind !== f.kind) return false;
    if (f.event !== '' && !entry.event_ids.includes(f.event)) return false;
    // A parent technique filter finds its sub-techniques too.
    if (technique !== '' && !entry.technique_ids.some((t) => t === technique || t.startsWith(`${technique}.`)))
      return false;
    return true;
  });
}

/**
 * The event a typed name means: the one titled exactly so (any case), else the only one whose
 * title contains it; `undefined` when none or several match, `null` for an empty name.
 */
export function eventNamed<E extends { id: string; title: string }>(events: readonly E[], typed: string): E | null | undefined {
  const q = typed.trim().toLowerCase();
  if (q === '') return null;
  const exact = events.filter((e) => e.title.toLowerCase() === q);
  if (exact.length === 1) return exact[0];
  const partial = events.filter((e) => e.title.toLowerCase().includes(q));
  return partial.length === 1 ? partial[0] : undefined;
}

/** An RFC 3339 UTC time as "2026-12-08 09:30 UTC" (phase changes and corrections). */
export function utcLabel(utc: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(utc);
  return m ? `${m[1]} ${m[2]} UTC` : utc;
}

/**
 * An RFC 3339 UTC time in the operation's zone, "2026-12-08 10:30 CET", as the journal's own
 * entries are shown, so approval and correction times read on the same clock. Falls back to
 * the UTC label when the time or the zone cannot be read.
 */
export function zonedLabel(utc: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(utc) || Number.isNaN(new Date(utc).getTime())) return utcLabel(utc);
  try {
    return formatStamp(utc, timeZone, true);
  } catch {
    return utcLabel(utc);
  }
}

/** "D+1" / "D-2" / "D+0", or "" without a start date. */
export function dayLabel(day: number | null): string {
  if (day === null) return '';
  return day < 0 ? `D${day}` : `D+${day}`;
}
