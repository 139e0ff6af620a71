import { describe, expect, it } from 'vitest';
import { parseChoice, resolveTheme } from './theme';

describe('theme choice', () => {
  it('reads a stored choice and falls back to System', () => {
    expect(parseChoice('light')).toBe('light');
    expect(parseChoice('dark')).toBe('dark');
    expect(parseChoice('system')).toBe('system');
    expect(parseChoice(null)).toBe('system');
    expect(parseChoice('Light')).toBe('system');
    expect(parseChoice('')).toBe('system');
  });

  it('follows the system only when the choice is System', () => {
    expect(resolveTheme('system', true)).toBe('light');
    expect(resolveTheme('system', false)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
    expect(resolveTheme('dark', true)).toBe('dark');
  });
});
