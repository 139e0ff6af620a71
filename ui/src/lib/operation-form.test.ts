import { describe, expect, it } from 'vitest';
import type { Operation } from './bindings';
import { draftsOf, fieldValue, patchFor, savesWhileTyping, splitLines } from './operation-form';

const op: Operation = {
  id: 'x',
  name: 'Glasshouse',
  codename: 'GLASS',
  goals: ['EGO0001'],
  objective: 'obj',
  start_date: '2026-12-01',
  end_date: null,
  timezone: 'Europe/Paris',
  handling_marking: 'TLP:AMBER',
  narrative: 'n',
  document: { version: '0.2', prepared_by: 'A', approver: 'B', approval_date: null, distribution: ['Legal', 'CISO'] },
  catalog_version: '1.0',
  created_at: '2026-01-01T00:00:00.000Z',
  modified_at: '2026-01-01T00:00:00.000Z',
};

describe('operation form', () => {
  it('reads every field as text', () => {
    const d = draftsOf(op);
    expect(d.end_date).toBe('');
    expect(d.doc_version).toBe('0.2');
    expect(d.distribution).toBe('Legal\nCISO');
    expect(fieldValue(op, 'start_date')).toBe('2026-12-01');
  });

  it('makes one-field patches; an empty date clears it', () => {
    expect(patchFor('end_date', '')).toEqual({ end_date: '' });
    expect(patchFor('name', ' X ')).toEqual({ name: ' X ' });
  });

  it('sends the distribution list one entry per non-empty line', () => {
    expect(patchFor('distribution', 'Legal\r\n\n  CISO  \n')).toEqual({ distribution: ['Legal', 'CISO'] });
    expect(splitLines('')).toEqual([]);
  });

  it('saves dates and time zone on change, not per keystroke', () => {
    expect(savesWhileTyping('start_date')).toBe(false);
    expect(savesWhileTyping('timezone')).toBe(false);
    expect(savesWhileTyping('narrative')).toBe(true);
  });
});
