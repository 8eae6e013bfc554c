/**
 * The reader site's headline font: Noto Serif, subset by `scripts/build-font.ts` to the
 * characters below and the bold weights. The stylesheet's `@font-face` rule is made here at
 * start-up, so its `unicode-range` always lists exactly what the font holds: a headline with
 * any other character takes that character from the fallback serif, never a blank box.
 */

/**
 * The letters, figures and punctuation of English headlines, and no more: every character
 * costs bytes on every page (this set is about 11 KB). Accented letters and rarer symbols
 * come from the fallback serif.
 */
export const HEADLINE_FONT_TEXT = ' !"%&\'()+,-./0123456789:;?ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz£€‘’“”–—…';

/** The family name pages ask for; the fallbacks follow it in the stylesheet. */
export const HEADLINE_FONT_FAMILY = 'Despatch Headline';

/** `U+20-7E, U+A3, …`: the code points the font holds, as CSS ranges. */
export function unicodeRange(text: string): string {
  const points = [...new Set([...text].map((c) => c.codePointAt(0)!))].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < points.length; i++) {
    const start = points[i]!;
    while (i + 1 < points.length && points[i + 1] === points[i]! + 1) i++;
    const hex = (n: number) => n.toString(16).toUpperCase();
    ranges.push(points[i] === start ? `U+${hex(start)}` : `U+${hex(start)}-${hex(points[i]!)}`);
  }
  return ranges.join(', ');
}

/** The `@font-face` rule for the font at `url`: swapped in when it arrives, the fallback shown until then. */
export function headlineFontFace(url: string): string {
  return (
    `@font-face{font-family:'${HEADLINE_FONT_FAMILY}';src:url(${url}) format('woff2');` +
    `font-weight:600 700;font-style:normal;font-display:swap;unicode-range:${unicodeRange(HEADLINE_FONT_TEXT)}}\n`
  );
}
