// What the storyboard shares with other pages: where its focus is (the threat page places a
// recommended activity there), and a counter other pages bump after adding events so the
// storyboard reloads its rows from the core.
import type { Spot } from './threat';

export const storyboardLink = $state<{ focus: Spot | null; revision: number }>({
  focus: null,
  revision: 0,
});
