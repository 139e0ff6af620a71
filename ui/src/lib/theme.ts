// The colour theme: the planner's choice (System, Light, Dark) and the theme it resolves to.
// The colours themselves live in app.css as custom properties; `:root[data-theme='light']`
// overrides the dark set. This module holds only the decision, so it is tested without a page.

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

export const THEME_CHOICES: { value: ThemeChoice; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Where the choice is kept: a view preference of this machine, not part of any operation. */
export const THEME_KEY = 'feint.theme';

/** A stored choice, or System for anything else (nothing stored, an old or damaged value). */
export function parseChoice(stored: string | null | undefined): ThemeChoice {
  return stored === 'light' || stored === 'dark' ? stored : 'system';
}

/** The theme shown: the choice, or the system's setting when the choice is System. */
export function resolveTheme(choice: ThemeChoice, systemPrefersLight: boolean): Theme {
  if (choice === 'system') return systemPrefersLight ? 'light' : 'dark';
  return choice;
}
