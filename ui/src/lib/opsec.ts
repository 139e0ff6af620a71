// The OPSEC card's words: what the linkage check against the recent operations found.
import type { RecentCheck } from './bindings';

export type OpsecTone = 'clean' | 'reuse' | 'none';

/** One line above the findings: how many files were compared and what came of it. */
export function opsecSummary(check: RecentCheck): { tone: OpsecTone; text: string } {
  const n = check.compared.length;
  if (n === 0) {
    return {
      tone: 'none',
      text:
        check.skipped.length === 0
          ? 'No other recent operation to compare with.'
          : 'No recent operation could be compared.',
    };
  }
  const files = `${n} recent operation${n === 1 ? '' : 's'} (${check.compared.join(', ')})`;
  const found = check.reuse.length;
  if (found === 0) return { tone: 'clean', text: `Nothing reused with ${files}.` };
  return { tone: 'reuse', text: `${found} reused value${found === 1 ? '' : 's'} with ${files}.` };
}

/** A file the check could not compare, as a sentence. */
export function skippedLine(skipped: { file: string; reason: string }): string {
  const reason = skipped.reason.replace(/[.\s]+$/, '');
  return `${skipped.file} was not compared: ${reason}.`;
}
