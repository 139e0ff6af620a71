import { describe, expect, it } from 'vitest';
import { baseName, besideFile, dirName, formatStamp, markingTone, suggestedFileName } from './format';

describe('format', () => {
  it('shows RFC 3339 stamps as date and minute', () => {
    expect(formatStamp('2026-03-04T14:05:09.123Z', 'UTC')).toBe('2026-03-04 14:05');
    expect(formatStamp('2026-03-04T23:30:00Z', 'Europe/Paris')).toBe('2026-03-05 00:30');
    expect(formatStamp('not a date')).toBe('not a date');
  });

  it('splits paths on either separator', () => {
    expect(baseName('/home/a/op.feint')).toBe('op.feint');
    expect(baseName('C:\\ops\\op.feint')).toBe('op.feint');
    expect(dirName('/home/a/op.feint')).toBe('/home/a');
  });

  it('suggests a safe file name', () => {
    expect(suggestedFileName('Operation Glass/House: 2')).toBe('Operation-GlassHouse-2.feint');
    expect(suggestedFileName('   ')).toBe('operation.feint');
    expect(suggestedFileName('../etc')).toBe('etc.feint');
  });

  it('recognises TLP markings', () => {
    expect(markingTone('TLP:AMBER+STRICT')).toBe('amber');
    expect(markingTone('tlp:red')).toBe('red');
    expect(markingTone('TLP:WHITE')).toBe('clear');
    expect(markingTone('SECRET')).toBe('other');
  });
});

describe('besideFile', () => {
  it('offers the name in the operation file’s folder', () => {
    expect(besideFile('/home/ana/ops/harbor.feint', 'harbor-glass-order.pdf')).toBe('/home/ana/ops/harbor-glass-order.pdf');
    expect(besideFile('/harbor.feint', 'x.pdf')).toBe('/x.pdf');
    expect(besideFile('C:\\ops\\harbor.feint', 'x.pdf')).toBe('C:\\ops\\x.pdf');
    expect(besideFile(null, 'x.pdf')).toBe('x.pdf');
    expect(besideFile('harbor.feint', 'x.pdf')).toBe('x.pdf');
  });
});
