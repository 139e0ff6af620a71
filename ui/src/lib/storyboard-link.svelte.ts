// What the storyboard shares with other pages: where its focus is, so the threat page places a
// recommended activity there. (The storyboard reloads its rows when it is shown again.)
import type { Spot } from './threat';

export const storyboardLink = $state<{ focus: Spot | null }>({ focus: null });
