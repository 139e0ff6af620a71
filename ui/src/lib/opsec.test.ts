import { describe, expect, it } from 'vitest';
import { opsecSummary, skippedLine } from './opsec';

describe('opsecSummary', () => {
  it('says when there is nothing to compare, and why', () => {
    expect(opsecSummary({ compared: [], skipped: [], reuse: [] })).toEqual({
      tone: 'none',
      text: 'No other recent operation to compare with.',
    });
    expect(
      opsecSummary({ compared: [], skipped: [{ file: 'd.feint', reason: 'it is encrypted' }], reuse: [] }).text,
    ).toBe('No recent operation could be compared.');
  });

  it('counts the reused values and names the files compared', () => {
    const reuse = [{ message: 'The username “jsmith” … is also in b.feint', target: { kind: 'operation' as const } }];
    expect(opsecSummary({ compared: ['b.feint'], skipped: [], reuse })).toEqual({
      tone: 'reuse',
      text: '1 reused value with 1 recent operation (b.feint).',
    });
    expect(opsecSummary({ compared: ['b.feint', 'c.feint'], skipped: [], reuse: [] })).toEqual({
      tone: 'clean',
      text: 'Nothing reused with 2 recent operations (b.feint, c.feint).',
    });
  });
});

describe('skippedLine', () => {
  it('ends one sentence', () => {
    expect(skippedLine({ file: 'd.feint', reason: 'it is encrypted (write a digest of it).' })).toBe(
      'd.feint was not compared: it is encrypted (write a digest of it).',
    );
  });
});
