import { describe, expect, it } from 'vitest';
import { formatSize, guessKind } from './intel';

describe('guessKind', () => {
  it('reads common indicator shapes, defanged or not', () => {
    expect(guessKind('203.0.113.7')).toBe('ip');
    expect(guessKind('198.51.100[.]9')).toBe('ip');
    expect(guessKind('2001:db8::7')).toBe('ip');
    expect(guessKind('hxxps://example[.]com/a')).toBe('url');
    expect(guessKind('d41d8cd98f00b204e9800998ecf8427e')).toBe('file_hash');
    expect(guessKind('a'.repeat(64))).toBe('file_hash');
    expect(guessKind('ops[@]example[.]com')).toBe('email');
    expect(guessKind('update-cdn.example.com')).toBe('domain');
    expect(guessKind('invoice.pdf.exe')).toBe('file_name');
    expect(guessKind('Docker-Client/19.03.12 (linux)')).toBe('user_agent');
  });

  it('guesses nothing for an empty or shapeless value', () => {
    expect(guessKind('   ')).toBeNull();
    expect(guessKind('kinsing')).toBeNull();
  });
});

describe('formatSize', () => {
  it('uses bytes below a kilobyte and one decimal above', () => {
    expect(formatSize(1)).toBe('1 byte');
    expect(formatSize(3)).toBe('3 bytes');
    expect(formatSize(1536)).toBe('1.5 KB');
    expect(formatSize(12 * 1024 * 1024)).toBe('12.0 MB');
  });
});
