import { describe, expect, it } from 'vitest';
import { boardKeyAction, eventKeyAction, type Keys } from './storyboard-keys';

const k = (key: string, mods: Partial<Keys> = {}): Keys => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('eventKeyAction', () => {
  it('arrows move by one grid step, Shift+arrows resize by one', () => {
    expect(eventKeyAction(k('ArrowRight'), 60, 15)).toEqual({ kind: 'move', minutes: 15 });
    expect(eventKeyAction(k('ArrowLeft'), 60, 15)).toEqual({ kind: 'move', minutes: -15 });
    expect(eventKeyAction(k('ArrowRight', { shiftKey: true }), 60, 15)).toEqual({ kind: 'resize', duration: 75 });
    expect(eventKeyAction(k('ArrowLeft', { shiftKey: true }), 60, 15)).toEqual({ kind: 'resize', duration: 45 });
  });

  it('never shrinks an event below one grid step', () => {
    expect(eventKeyAction(k('ArrowLeft', { shiftKey: true }), 15, 15)).toEqual({ kind: 'resize', duration: 15 });
    expect(eventKeyAction(k('ArrowLeft', { shiftKey: true }), 60, 240)).toEqual({ kind: 'resize', duration: 240 });
  });

  it('up and down change lane; Delete, Backspace, Enter and Escape act on the event', () => {
    expect(eventKeyAction(k('ArrowUp'), 60, 15)).toEqual({ kind: 'lane', step: -1 });
    expect(eventKeyAction(k('ArrowDown'), 60, 15)).toEqual({ kind: 'lane', step: 1 });
    expect(eventKeyAction(k('Delete'), 60, 15)).toEqual({ kind: 'delete' });
    expect(eventKeyAction(k('Backspace'), 60, 15)).toEqual({ kind: 'delete' });
    expect(eventKeyAction(k('Enter'), 60, 15)).toEqual({ kind: 'inspect' });
    expect(eventKeyAction(k('Escape'), 60, 15)).toEqual({ kind: 'deselect' });
  });

  it('leaves modified keys and other keys alone', () => {
    expect(eventKeyAction(k('ArrowRight', { ctrlKey: true }), 60, 15)).toBeNull();
    expect(eventKeyAction(k('Delete', { altKey: true }), 60, 15)).toBeNull();
    expect(eventKeyAction(k('Delete', { metaKey: true }), 60, 15)).toBeNull();
    expect(eventKeyAction(k('a'), 60, 15)).toBeNull();
  });
});

describe('boardKeyAction', () => {
  it('reads undo, redo and duplicate with Ctrl or Meta', () => {
    expect(boardKeyAction(k('z', { ctrlKey: true }), false, false)).toBe('undo');
    expect(boardKeyAction(k('Z', { ctrlKey: true, shiftKey: true }), false, false)).toBe('redo');
    expect(boardKeyAction(k('y', { metaKey: true }), false, false)).toBe('redo');
    expect(boardKeyAction(k('d', { ctrlKey: true }), false, true)).toBe('duplicate');
  });

  it('duplicates only with a focused event, and never acts while typing or with Alt', () => {
    expect(boardKeyAction(k('d', { ctrlKey: true }), false, false)).toBeNull();
    expect(boardKeyAction(k('z', { ctrlKey: true }), true, true)).toBeNull();
    expect(boardKeyAction(k('z', { ctrlKey: true, altKey: true }), false, true)).toBeNull();
    expect(boardKeyAction(k('z'), false, true)).toBeNull();
  });
});
