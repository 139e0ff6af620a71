import type { Operation, OperationPatch } from './bindings';

/** The operation's text fields as the form edits them (the distribution list one per line). */
export type TextField = Exclude<keyof OperationPatch, 'goals'>;

export const TEXT_FIELDS: readonly TextField[] = [
  'name',
  'codename',
  'objective',
  'start_date',
  'end_date',
  'timezone',
  'handling_marking',
  'narrative',
  'doc_version',
  'prepared_by',
  'approver',
  'approval_date',
  'distribution',
];

export type Drafts = Record<TextField, string>;

export function fieldValue(op: Operation, key: TextField): string {
  switch (key) {
    case 'name':
    case 'codename':
    case 'objective':
    case 'timezone':
    case 'handling_marking':
    case 'narrative':
      return op[key];
    case 'start_date':
    case 'end_date':
      return op[key] ?? '';
    case 'doc_version':
      return op.document.version;
    case 'prepared_by':
    case 'approver':
      return op.document[key];
    case 'approval_date':
      return op.document.approval_date ?? '';
    case 'distribution':
      return op.document.distribution.join('\n');
  }
}

export function draftsOf(op: Operation): Drafts {
  return Object.fromEntries(TEXT_FIELDS.map((k) => [k, fieldValue(op, k)])) as Drafts;
}

/** The patch that stores `value` in `key`; "" clears a date. */
export function patchFor(key: TextField, value: string): OperationPatch {
  if (key === 'distribution') return { distribution: splitLines(value) };
  return { [key]: value };
}

/** One entry per non-empty line; the core trims each entry again. */
export function splitLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Fields saved as the planner types (debounced); the others are saved when they change. */
export function savesWhileTyping(key: TextField): boolean {
  return !['start_date', 'end_date', 'approval_date', 'timezone'].includes(key);
}
