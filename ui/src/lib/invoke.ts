// The one call to the Tauri backend, used by the generated wrappers in commands.ts: every
// rejection arrives as a `FeintError` ({code, message}); every success is published with the
// parts its command changes.
import { invoke } from '@tauri-apps/api/core';
import { changes } from './changes';
import type { Part } from './commands';
import { toFeintError } from './errors';

export async function call<T>(command: string, args: Record<string, unknown>, parts: readonly Part[]): Promise<T> {
  let result: T;
  try {
    result = await invoke<T>(command, args);
  } catch (err) {
    throw toFeintError(err);
  }
  changes.publish({ command, parts, result });
  return result;
}
