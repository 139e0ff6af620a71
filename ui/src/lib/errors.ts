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
  'passphrase_required',
  'wrong_passphrase',
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
  return !isPassphraseError(err) && err.code !== 'invalid_input' && err.code !== 'already_exists';
}

/** The file is encrypted: the unlock dialog asks (again) for its passphrase. */
export function isPassphraseError(err: FeintError): boolean {
  return err.code === 'passphrase_required' || err.code === 'wrong_passphrase';
}

/** Capitalises the first letter: the core writes messages in lower case so they can be embedded. */
export function sentence(message: string): string {
  return message ? message.charAt(0).toUpperCase() + message.slice(1) : message;
}
