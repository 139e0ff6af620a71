// WCAG 2.1 contrast of the theme colours (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio):
// relative luminance of sRGB colours, the ratio of two, and the token pairs the app draws text
// and controls with. The unit test runs every pair of both colour sets in app.css through it.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/** A CSS colour as written in app.css: `#rgb`, `#rrggbb`, `rgb(…)` or `rgba(…)`. */
export function parseColor(css: string): Rgba {
  const text = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text);
  if (hex) {
    const digits = hex[1] ?? '';
    const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
    return {
      r: parseInt(full.slice(0, 2), 16),
      g: parseInt(full.slice(2, 4), 16),
      b: parseInt(full.slice(4, 6), 16),
      a: 1,
    };
  }
  const fn = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(text);
  if (fn) {
    return { r: Number(fn[1]), g: Number(fn[2]), b: Number(fn[3]), a: fn[4] === undefined ? 1 : Number(fn[4]) };
  }
  throw new Error(`not a colour this check reads: ${css}`);
}

/** `hsl(h s% l%)` in sRGB: the persona avatars' backgrounds. */
export function hsl(hue: number, saturation: number, lightness: number): Rgba {
  const s = saturation / 100;
  const l = lightness / 100;
  const k = (n: number) => (n + hue / 30) % 12;
  const f = (n: number) => l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return { r: f(0) * 255, g: f(8) * 255, b: f(4) * 255, a: 1 };
}

/** A translucent colour painted over an opaque one, as the page shows it. */
export function over(top: Rgba, under: Rgba): Rgba {
  const mix = (t: number, u: number) => t * top.a + u * (1 - top.a);
  return { r: mix(top.r, under.r), g: mix(top.g, under.g), b: mix(top.b, under.b), a: 1 };
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance, 0 (black) to 1 (white). */
export function luminance(c: Rgba): number {
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

/** The contrast ratio of two opaque colours, 1 to 21. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** WCAG 2.1 AA: 4.5:1 for body text; 3:1 for large text and the parts of controls (1.4.11). */
export const AA_TEXT = 4.5;
export const AA_UI = 3;

/** The custom properties (`--name: value;`) of the first rule whose selector is `selector`. */
export function tokensOf(css: string, selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule ${selector} in the stylesheet`);
  const body = css.slice(start, css.indexOf('}', start));
  const tokens = new Map<string, string>();
  for (const m of body.matchAll(/--([\w-]+):\s*([^;]+);/g)) tokens.set(m[1] ?? '', (m[2] ?? '').trim());
  return tokens;
}

/** One foreground drawn on one background; `over` names an opaque colour a translucent
 *  background is painted on. */
export interface Pair {
  fg: string;
  bg: string;
  over?: string;
  min: number;
}

const SURFACES = ['bg', 'bg-raised', 'panel', 'panel-2', 'hover'];
const TEXT = ['text', 'text-2', 'muted', 'faint', 'accent', 'ok', 'warn', 'danger'];
const TONES = ['tone-prepare', 'tone-understand', 'tone-expose', 'tone-affect', 'tone-elicit'];

/** Every pair the app draws: text (and goal names in their tone) on each surface, text on the
 *  tinted backgrounds, text on the filled accent, tone bars and their titles; controls' edges
 *  and the focus ring against the surfaces. */
export const PAIRS: Pair[] = [
  ...SURFACES.flatMap((bg) => [...TEXT, ...TONES].map((fg) => ({ fg, bg, min: AA_TEXT }))),
  ...['text', 'text-2', 'muted'].map((fg) => ({ fg, bg: 'active', min: AA_TEXT })),
  ...['panel', 'bg'].flatMap((under) => [
    { fg: 'accent', bg: 'accent-bg', over: under, min: AA_TEXT },
    { fg: 'text', bg: 'accent-bg', over: under, min: AA_TEXT },
    { fg: 'danger', bg: 'danger-bg', over: under, min: AA_TEXT },
    { fg: 'text', bg: 'warn-bg', over: under, min: AA_TEXT },
    { fg: 'warn', bg: 'warn-bg', over: under, min: AA_TEXT },
    { fg: 'text', bg: 'ok-bg', over: under, min: AA_TEXT },
    { fg: 'ok', bg: 'ok-bg', over: under, min: AA_TEXT },
  ]),
  { fg: 'on-accent', bg: 'accent', min: AA_TEXT },
  { fg: 'on-accent', bg: 'accent-strong', min: AA_TEXT },
  { fg: 'on-warn', bg: 'warn', min: AA_TEXT },
  ...TONES.map((bg) => ({ fg: 'on-tone', bg, min: AA_TEXT })),
  ...['bg', 'panel', 'panel-2'].flatMap((bg) =>
    ['control-border', 'focus', 'accent', ...TONES].map((fg) => ({ fg, bg, min: AA_UI })),
  ),
];

/** The contrast of one pair in one colour set. */
export function pairRatio(tokens: Map<string, string>, pair: Pair): number {
  const read = (name: string) => {
    const value = tokens.get(name);
    if (value === undefined) throw new Error(`--${name} is not defined`);
    return parseColor(value);
  };
  let bg = read(pair.bg);
  if (pair.over !== undefined) bg = over(bg, read(pair.over));
  return contrastRatio(read(pair.fg), bg);
}
