// What a key means on the storyboard, apart from the page that acts on it, so the key map is
// tested without a window.

export type Keys = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/** A key pressed on a focused event. */
export type EventKeyAction =
  | { kind: 'move'; minutes: number }
  | { kind: 'resize'; duration: number }
  | { kind: 'lane'; step: 1 | -1 }
  | { kind: 'delete' }
  | { kind: 'inspect' }
  | { kind: 'deselect' };

/**
 * ←/→ move one grid step, Shift+←/→ change the duration (never below one step), ↑/↓ move to
 * the lane above/below, Delete or Backspace removes, Enter opens the inspector, Escape clears
 * the selection. Keys with Ctrl, Meta or Alt belong to the window's shortcuts.
 */
export function eventKeyAction(keys: Keys, durationMin: number, gridMin: number): EventKeyAction | null {
  if (keys.ctrlKey || keys.metaKey || keys.altKey) return null;
  switch (keys.key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const sign = keys.key === 'ArrowRight' ? 1 : -1;
      return keys.shiftKey
        ? { kind: 'resize', duration: Math.max(gridMin, durationMin + sign * gridMin) }
        : { kind: 'move', minutes: sign * gridMin };
    }
    case 'ArrowUp':
      return { kind: 'lane', step: -1 };
    case 'ArrowDown':
      return { kind: 'lane', step: 1 };
    case 'Delete':
    case 'Backspace':
      return { kind: 'delete' };
    case 'Enter':
      return { kind: 'inspect' };
    case 'Escape':
      return { kind: 'deselect' };
    default:
      return null;
  }
}

export type BoardKeyAction = 'undo' | 'redo' | 'duplicate';

/**
 * The window's storyboard shortcuts: Ctrl+Z undoes, Ctrl+Shift+Z or Ctrl+Y redo, Ctrl+D
 * duplicates the focused event (or the selection holding it). None while typing in a field,
 * where the same keys edit text.
 */
export function boardKeyAction(keys: Keys, inTextField: boolean, hasFocusedEvent: boolean): BoardKeyAction | null {
  const mod = keys.ctrlKey || keys.metaKey;
  if (!mod || keys.altKey || inTextField) return null;
  const key = keys.key.toLowerCase();
  if (key === 'z') return keys.shiftKey ? 'redo' : 'undo';
  if (key === 'y') return 'redo';
  if (key === 'd' && hasFocusedEvent) return 'duplicate';
  return null;
}
