// Pure helpers of the order page: readiness summaries, where a check's item leads, labels.
import type { Audience, GatingAction, ReadinessCheck, Target } from './bindings';
import type { Page } from './state.svelte';

export const GATING_ACTIONS: { value: GatingAction; label: string }[] = [
  { value: 'pause', label: 'Pause' },
  { value: 'stop', label: 'Stop' },
  { value: 'escalate', label: 'Escalate' },
];

export interface ReadinessSummary {
  passed: number;
  total: number;
  blockers: number;
  warnings: number;
  /** Checks whose subject is absent: neither passed nor open. */
  moot: number;
}

/** A check that failed and applies: something to fix or accept. */
export function isOpen(c: ReadinessCheck): boolean {
  return c.applicable && !c.passed;
}

export function summarize(checks: ReadinessCheck[]): ReadinessSummary {
  let blockers = 0;
  let warnings = 0;
  for (const c of checks) {
    if (!isOpen(c)) continue;
    if (c.severity === 'blocker') blockers += 1;
    else warnings += 1;
  }
  const moot = checks.filter((c) => !c.applicable).length;
  return { passed: checks.filter((c) => c.passed).length, total: checks.length, blockers, warnings, moot };
}

/** The open blockers, each with its items: what an export goes ahead despite. */
export function openBlockers(checks: ReadinessCheck[]): ReadinessCheck[] {
  return checks.filter((c) => isOpen(c) && c.severity === 'blocker');
}

/** "Ready: all 7 checks pass", "2 blockers, 1 warning open", "No check open; 2 do not apply". */
export function summaryText(s: ReadinessSummary): string {
  if (s.total === 0) return 'Not checked yet';
  if (s.blockers === 0 && s.warnings === 0) {
    if (s.moot === 0) return `Ready: all ${s.total} checks pass`;
    return `No check open; ${s.moot} ${s.moot === 1 ? 'does' : 'do'} not apply`;
  }
  const parts: string[] = [];
  if (s.blockers) parts.push(`${s.blockers} blocker${s.blockers === 1 ? '' : 's'}`);
  if (s.warnings) parts.push(`${s.warnings} warning${s.warnings === 1 ? '' : 's'}`);
  return `${parts.join(', ')} open`;
}

/** Where the planner fixes a check's item: a page, plus what to open or scroll to there. */
export type Destination =
  | { page: Page; event?: string; persona?: string; section?: string };

export function destination(target: Target): Destination {
  switch (target.kind) {
    case 'event':
      return { page: 'storyboard', event: target.id };
    case 'persona':
      return { page: 'personas', persona: target.id };
    case 'technique':
    case 'threat_model':
      return { page: 'threat' };
    case 'operation':
      return { page: 'operation' };
    case 'order':
      return { page: 'order', section: target.section };
  }
}

/** The notice the export panel shows before writing a file. */
export function secretNotice(audience: Audience, secretCount: number): string | null {
  if (audience !== 'order' || secretCount === 0) return null;
  return `This operation order contains ${secretCount} account secret${secretCount === 1 ? '' : 's'} (passwords and honeytokens). Hand it to operators only; stakeholders get the briefing.`;
}

/** "harbor-glass-timeline.csv": `suffix` after the codename (or the operation name) as a slug. */
export function suggestedFileName(codename: string, name: string, suffix: string): string {
  const base = (codename.trim() || name.trim() || 'operation')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-|-$/g, '');
  return `${base || 'operation'}-${suffix}`;
}

const PDF_SUFFIX: Record<Audience, string> = {
  order: 'order.pdf',
  briefing: 'briefing.pdf',
  after_action: 'after-action.pdf',
};

/** "harbor-glass-order.pdf", "harbor-glass-briefing.pdf", "harbor-glass-after-action.pdf". */
export function suggestedPdfName(codename: string, name: string, audience: Audience): string {
  return suggestedFileName(codename, name, PDF_SUFFIX[audience]);
}

/** What each audience's export writes, for the export dialog. */
export const PDF_EXPORTS: Record<Audience, { what: string; title: string; intro: string }> = {
  order: {
    what: 'the operation order',
    title: 'Export the operation order',
    intro: 'Writes the whole order as a PDF, account secrets included, readable by you only. An existing file at that path is replaced.',
  },
  briefing: {
    what: 'the stakeholder briefing',
    title: 'Export the stakeholder briefing',
    intro:
      'Writes the stakeholder briefing (bottom line, decision requested, timeline summary, risks and approvals) as a PDF with no secret, username, host or address, readable by you only. An existing file at that path is replaced.',
  },
  after_action: {
    what: 'the after-action report',
    title: 'Export the after-action report',
    intro:
      'Writes the after-action report (summary, planned against actual, gate decisions, observed techniques, success criteria, lessons and the journal) as a PDF with account secrets removed, readable by you only. An existing file at that path is replaced.',
  },
};
