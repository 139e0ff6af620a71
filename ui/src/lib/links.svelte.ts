// Jumps between pages: another page (the order's readiness checklist) asks the storyboard to
// open an event in its inspector, or the persona page to select a persona. The target page
// takes the request when it is shown and clears it.

export const jump = $state<{ event: string | null; persona: string | null }>({
  event: null,
  persona: null,
});
