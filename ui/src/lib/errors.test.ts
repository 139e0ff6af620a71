import { describe, expect, it } from 'vitest';
import { isFileError, sentence, toFeintError } from './errors';

describe('toFeintError', () => {
  it('keeps a FeintError from the backend as it is', () => {
    const err = { code: 'newer_version', message: 'x.feint was written by a newer version of Feint' };
    expect(toFeintError(err)).toEqual(err);
  });

  it('maps a bare string (a Tauri IPC failure) to an io error', () => {
    expect(toFeintError('command not found')).toEqual({ code: 'io', message: 'command not found' });
  });

  it('maps an Error, or an unknown code, by its message', () => {
    expect(toFeintError(new Error('boom'))).toEqual({ code: 'io', message: 'boom' });
    expect(toFeintError({ code: 'weird', message: 'odd' })).toEqual({ code: 'io', message: 'odd' });
  });

  it('never throws on nonsense', () => {
    for (const v of [null, undefined, 42, {}, '']) expect(toFeintError(v).code).toBe('io');
  });
});

describe('error routing', () => {
  it('sends refusals of the file to the banner, fixable ones to the dialog', () => {
    expect(isFileError({ code: 'newer_version', message: '' })).toBe(true);
    expect(isFileError({ code: 'not_an_operation', message: '' })).toBe(true);
    expect(isFileError({ code: 'already_exists', message: '' })).toBe(false);
    expect(isFileError({ code: 'invalid_input', message: '' })).toBe(false);
  });

  it('capitalises a message for display', () => {
    expect(sentence('the file is gone')).toBe('The file is gone');
    expect(sentence('')).toBe('');
  });
});
