/**
 * "2026-03-04 14:05" in the given (or the machine's) time zone, from an RFC 3339 stamp; with
 * `zoneName`, the zone's short name follows ("2026-03-04 14:05 CET"). Throws on an unknown zone.
 */
export function formatStamp(rfc3339: string, timeZone?: string, zoneName = false): string {
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  // en-GB for the zone's short name (CET, not GMT+1); the digits are put in ISO order below.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(zoneName ? { timeZoneName: 'short' as const } : {}),
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const stamp = `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
  return zoneName ? `${stamp} ${get('timeZoneName')}` : stamp;
}

/** The last path component, whichever separator the platform uses. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

/** The folder part of a path, for a secondary line under a file name. */
export function dirName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : '';
}

/** A file name to offer in a save dialog: the operation's name, made safe for a file system. */
export function suggestedFileName(name: string): string {
  const stem = name
    .trim()
    .replace(/[^\p{L}\p{N}._ -]+/gu, '')
    .replace(/\s+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 80);
  return `${stem || 'operation'}.feint`;
}

/** TLP colour of a handling marking, for the chip in the top bar. */
export function markingTone(marking: string): 'red' | 'amber' | 'green' | 'clear' | 'other' {
  const m = marking.toUpperCase();
  if (/TLP:\s*RED/.test(m)) return 'red';
  if (/TLP:\s*AMBER/.test(m)) return 'amber';
  if (/TLP:\s*GREEN/.test(m)) return 'green';
  if (/TLP:\s*(CLEAR|WHITE)/.test(m)) return 'clear';
  return 'other';
}

/** "<folder of the operation file>/<name>": where an export is offered, beside the operation. */
export function besideFile(filePath: string | null | undefined, name: string): string {
  if (!filePath) return name;
  const sep = filePath.lastIndexOf('\\') > filePath.lastIndexOf('/') ? '\\' : '/';
  const folder = dirName(filePath);
  return folder === '' && filePath.startsWith(sep) ? `${sep}${name}` : folder === '' ? name : `${folder}${sep}${name}`;
}
