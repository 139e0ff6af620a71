import type { ErrorCode, FeintError } from './bindings';

const CODES: readonly ErrorCode[] = [
  'not_found',
  'not_an_operation',
  'newer_version',
  'corrupt',
  'invalid_input',
  'already_exists',
  'no_operation',
  'io',
  'database',
];

function isCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (CODES as readonly string[]).includes(value);
}

/**
 * Every rejection from the backend should be a `FeintError`; anything else (a Tauri IPC failure,
 * a thrown Error, a bare string) is mapped to one so that callers only ever switch on `code`.
 */
export function toFeintError(err: unknown): FeintError {
  if (typeof err === 'object' && err !== null) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (isCode(code) && typeof message === 'string') return { code, message };
    if (typeof message === 'string' && message) return { code: 'io', message };
  }
  if (typeof err === 'string' && err) return { code: 'io', message: err };
  return { code: 'io', message: 'the request failed for an unknown reason' };
}

/** Refusals that concern the file as a whole: shown in the banner rather than next to a field. */
export function isFileError(err: FeintError): boolean {
  return err.code !== 'invalid_input' && err.code !== 'already_exists';
}

/** Capitalises the first letter: the core writes messages in lower case so they can be embedded. */
export function sentence(message: string): string {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}
