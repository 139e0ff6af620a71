import { describe, expect, it } from 'vitest';
import type { ReadinessCheck } from './bindings';
import { destination, openBlockers, secretNotice, suggestedFileName, suggestedPdfName, summarize, summaryText } from './order';

function check(passed: boolean, severity: 'blocker' | 'warning', applicable = true): ReadinessCheck {
  return { id: 'gating_criteria', severity, title: 't', passed, applicable, items: [] };
}

describe('readiness summary', () => {
  it('counts open checks by severity', () => {
    const s = summarize([check(true, 'blocker'), check(false, 'blocker'), check(false, 'warning'), check(false, 'warning')]);
    expect(s).toEqual({ passed: 1, total: 4, blockers: 1, warnings: 2, moot: 0 });
    expect(summaryText(s)).toBe('1 blocker, 2 warnings open');
  });
  it('never counts a check without a subject as passed or open', () => {
    const s = summarize([check(true, 'blocker'), check(false, 'blocker', false), check(false, 'warning', false)]);
    expect(s).toEqual({ passed: 1, total: 3, blockers: 0, warnings: 0, moot: 2 });
    expect(summaryText(s)).toBe('No check open; 2 do not apply');
  });
  it('lists the open blockers only', () => {
    const open = check(false, 'blocker');
    expect(openBlockers([check(true, 'blocker'), open, check(false, 'warning'), check(false, 'blocker', false)])).toEqual([open]);
  });
  it('says ready when everything passes', () => {
    expect(summaryText(summarize([check(true, 'blocker'), check(true, 'warning')]))).toBe('Ready: all 2 checks pass');
    expect(summaryText(summarize([]))).toBe('Not checked yet');
  });
});

describe('destination', () => {
  it('leads each kind of item to the page that fixes it', () => {
    expect(destination({ kind: 'event', id: 'e1' })).toEqual({ page: 'storyboard', event: 'e1' });
    expect(destination({ kind: 'persona', id: 'p1' })).toEqual({ page: 'personas', persona: 'p1' });
    expect(destination({ kind: 'technique', id: 'T1611' })).toEqual({ page: 'threat' });
    expect(destination({ kind: 'threat_model' })).toEqual({ page: 'threat' });
    expect(destination({ kind: 'operation' })).toEqual({ page: 'operation' });
    expect(destination({ kind: 'order', section: 'roles' })).toEqual({ page: 'order', section: 'roles' });
  });
});

describe('export labels', () => {
  it('warns about secrets only for an order that has some', () => {
    expect(secretNotice('order', 3)).toContain('3 account secrets');
    expect(secretNotice('order', 1)).toContain('1 account secret ');
    expect(secretNotice('order', 0)).toBeNull();
    expect(secretNotice('briefing', 3)).toBeNull();
  });
  it('suggests a file name from the codename', () => {
    expect(suggestedPdfName('HARBOR GLASS', 'x', 'order')).toBe('harbor-glass-order.pdf');
    expect(suggestedPdfName('', 'Op <b>1</b>', 'briefing')).toBe('op-b-1-b-briefing.pdf');
    expect(suggestedPdfName(' ', ' ', 'order')).toBe('operation-order.pdf');
    expect(suggestedPdfName('HARBOR GLASS', 'x', 'after_action')).toBe('harbor-glass-after-action.pdf');
    expect(suggestedFileName('HARBOR GLASS', 'x', 'timeline.csv')).toBe('harbor-glass-timeline.csv');
  });
});
