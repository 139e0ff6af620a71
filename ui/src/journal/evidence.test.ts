import { describe, expect, it } from 'vitest';
import { toggledEvidence } from './evidence';

describe('toggledEvidence', () => {
  const journal = ['a', 'b', 'c'];
  it('adds an entry in the journal order', () => {
    expect(toggledEvidence(['c'], 'a', true, journal)).toEqual(['a', 'c']);
  });
  it('removes an entry', () => {
    expect(toggledEvidence(['a', 'c'], 'a', false, journal)).toEqual(['c']);
  });
  it('keeps an entry the journal no longer lists', () => {
    expect(toggledEvidence(['gone', 'b'], 'a', true, journal)).toEqual(['a', 'b', 'gone']);
  });
  it('never adds one twice', () => {
    expect(toggledEvidence(['a'], 'a', true, journal)).toEqual(['a']);
  });
});
