/**
 * Builds the reader site's headline font, `src/web/assets/headline.woff2`, from Noto Serif
 * (SIL Open Font Licence 1.1, the npm package @fontsource-variable/noto-serif): the Latin
 * letters, figures and punctuation of English headlines, the weight axis narrowed to
 * the bold range headlines are set in (600–700), kerning kept and every other layout feature
 * dropped, hinting removed. The result is about 11 KB, so a page with it stays inside its
 * 20 KB budget.
 *
 * Run `npm run font` after changing what it keeps; the output is committed, so neither
 * `npm start` nor CI subsets anything. The stylesheet's `unicode-range` must list the same
 * characters (`test/headline-font.test.ts` checks both against the font).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import subsetFont from 'subset-font';
import { HEADLINE_FONT_TEXT } from '../src/web/headline-font.js';

const require = createRequire(import.meta.url);
const pkg = dirname(require.resolve('@fontsource-variable/noto-serif/package.json'));
const source = readFileSync(join(pkg, 'files', 'noto-serif-latin-wght-normal.woff2'));
const assets = new URL('../src/web/assets/', import.meta.url).pathname;

const font = await subsetFont(source, HEADLINE_FONT_TEXT, {
  targetFormat: 'woff2',
  variationAxes: { wght: { min: 600, max: 700 } },
  keepFeatures: ['kern'],
  noHinting: true,
});
writeFileSync(join(assets, 'headline.woff2'), font);
copyFileSync(join(pkg, 'LICENSE'), join(assets, 'headline-font-licence.txt'));
console.log(`headline.woff2: ${font.length} bytes, ${[...HEADLINE_FONT_TEXT].length} characters`);
