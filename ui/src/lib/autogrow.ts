// A one-line text box that grows with its text, for table cells that must not clip what was
// typed: a textarea as tall as its wrapped content, where Enter adds no line.

/** Svelte action; pass the shown value so text set from outside resizes the box too. */
export function autogrow(el: HTMLTextAreaElement, _value?: string) {
  const fit = () => {
    el.style.height = 'auto';
    el.style.height = `${el.scrollHeight + el.offsetHeight - el.clientHeight}px`;
  };
  const noNewline = (e: KeyboardEvent) => {
    if (e.key === 'Enter') e.preventDefault();
  };
  el.addEventListener('input', fit);
  el.addEventListener('keydown', noNewline);
  // The column's width decides the wrapping: refit when it changes (a window resize).
  let width = el.clientWidth;
  const ro = new ResizeObserver(() => {
    if (el.clientWidth === width) return;
    width = el.clientWidth;
    fit();
  });
  ro.observe(el);
  fit();
  return {
    update() {
      fit();
    },
    destroy() {
      el.removeEventListener('input', fit);
      el.removeEventListener('keydown', noNewline);
      ro.disconnect();
    },
  };
}
