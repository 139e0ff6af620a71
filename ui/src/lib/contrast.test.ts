import { describe, expect, it } from 'vitest';
import css from '../app.css?raw';
import { AA_TEXT, contrastRatio, hsl, luminance, over, PAIRS, pairRatio, parseColor, tokensOf } from './contrast';

describe('WCAG 2.1 contrast', () => {
  it('computes the ratios the specification gives', () => {
    const black = parseColor('#000');
    const white = parseColor('#ffffff');
    expect(luminance(black)).toBe(0);
    expect(luminance(white)).toBeCloseTo(1, 10);
    expect(contrastRatio(black, white)).toBeCloseTo(21, 10);
    expect(contrastRatio(white, white)).toBe(1);
    // #767676 on white is the well-known smallest grey that passes 4.5:1.
    expect(contrastRatio(parseColor('#767676'), white)).toBeCloseTo(4.54, 2);
    expect(contrastRatio(parseColor('#777777'), white)).toBeLessThan(4.5);
  });

  it('paints a translucent colour over the one under it', () => {
    const half = over(parseColor('rgba(0, 0, 0, 0.5)'), parseColor('#ffffff'));
    expect(half).toEqual({ r: 127.5, g: 127.5, b: 127.5, a: 1 });
    expect(parseColor('rgb(1, 2, 3)')).toEqual({ r: 1, g: 2, b: 3, a: 1 });
    expect(hsl(0, 100, 50)).toEqual({ r: 255, g: 0, b: 0, a: 1 });
    expect(hsl(120, 100, 25)).toEqual({ r: 0, g: 127.5, b: 0, a: 1 });
    expect(hsl(240, 0, 100)).toEqual({ r: 255, g: 255, b: 255, a: 1 });
    expect(() => parseColor('tomato')).toThrow();
  });
});

describe.each([
  ['dark', ':root'],
  ['light', ":root[data-theme='light']"],
])('the %s theme in app.css', (_name, selector) => {
  const dark = tokensOf(css, ':root');
  // The light set overrides the dark one; anything it leaves out is the dark value.
  const tokens = new Map([...dark, ...tokensOf(css, selector)]);

  it('meets AA for every text and control pair', () => {
    const failing = PAIRS.map((pair) => ({ pair, ratio: pairRatio(tokens, pair) }))
      .filter(({ pair, ratio }) => ratio < pair.min)
      .map(({ pair, ratio }) => `--${pair.fg} on --${pair.bg}${pair.over ? ` over --${pair.over}` : ''}: ${ratio.toFixed(2)} < ${pair.min}`);
    expect(failing).toEqual([]);
  });

  it('writes avatar initials readably on every hue', () => {
    const lightness = Number.parseFloat(tokens.get('avatar-lightness') ?? '');
    const initials = parseColor(tokens.get('on-avatar') ?? '');
    const hues = Array.from({ length: 360 }, (_, hue) => hue);
    // The same saturation as the avatars' inline style.
    const worst = Math.min(...hues.map((hue) => contrastRatio(initials, hsl(hue, 45, lightness))));
    expect(worst).toBeGreaterThanOrEqual(AA_TEXT);
  });

  it('defines every colour the dark set defines', () => {
    const own = tokensOf(css, selector);
    const colours = [...dark.keys()].filter((k) => /^(#|rgba?\()/.test(dark.get(k) ?? ''));
    expect(colours.filter((k) => !own.has(k))).toEqual([]);
  });
});
