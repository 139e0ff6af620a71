// The theme in force: the stored choice, applied to the document root, following the system's
// setting while the choice is System.
import { parseChoice, resolveTheme, THEME_KEY, type Theme, type ThemeChoice } from './theme';

const LIGHT_QUERY = '(prefers-color-scheme: light)';

function readStored(): string | null {
  try {
    return localStorage.getItem(THEME_KEY);
  } catch {
    return null;
  }
}

class ThemeState {
  choice: ThemeChoice = $state(parseChoice(readStored()));
  systemLight = $state(false);
  theme: Theme = $derived(resolveTheme(this.choice, this.systemLight));

  /** Reads the system setting, applies the theme and keeps following both. */
  start() {
    const query = window.matchMedia(LIGHT_QUERY);
    this.systemLight = query.matches;
    query.addEventListener('change', (event) => (this.systemLight = event.matches));
    $effect.root(() => {
      $effect(() => apply(this.theme));
    });
  }

  set(choice: ThemeChoice) {
    this.choice = choice;
    try {
      localStorage.setItem(THEME_KEY, choice);
    } catch {
      // A webview without storage still switches; the choice just is not remembered.
    }
  }
}

/** The root's `data-theme` selects the colour set in app.css; `color-scheme` follows it there. */
function apply(theme: Theme) {
  document.documentElement.dataset.theme = theme;
}

export const themeState = new ThemeState();
