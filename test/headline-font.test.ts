import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fontkit from 'fontkit';
import { HEADLINE_FONT_TEXT, unicodeRange } from '../src/web/headline-font.js';
import { buildTestApp } from './helpers/app.js';

test('unicode ranges are the font’s code points, runs joined', () => {
  assert.equal(unicodeRange('CAB'), 'U+41-43');
  assert.equal(unicodeRange('A C£'), 'U+20, U+41, U+43, U+A3');
  assert.equal(unicodeRange('‘’“”'), 'U+2018-2019, U+201C-201D');
});

test('reader pages preload the headline font the stylesheet declares: a subset variable WOFF2 within the page budget', async (t) => {
  // The demo outlet's seed article: the page the budget is set for.
  const ctx = await buildTestApp(t, { demo: true });
  const seed = '/tri-service/putin-russia-considering-airstrikes-against-islamic-state';
  const html = (await ctx.app.inject(seed)).body;
  // Cached now: the page cache's best brotli form, as readers get it, once made off the event loop.
  let page = await ctx.app.inject({ url: seed, headers: { 'accept-encoding': 'br' } });
  for (let i = 0; i < 50 && page.headers['content-encoding'] !== 'br'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    page = await ctx.app.inject({ url: seed, headers: { 'accept-encoding': 'br' } });
  }
  assert.equal(page.headers['content-encoding'], 'br');
  const preload = /<link rel="preload" href="([^"]+)" as="font" type="font\/woff2" crossorigin="anonymous"\/>/.exec(html)?.[1];
  assert.ok(preload, 'the font is preloaded');
  assert.match(preload, /^\/assets\/headline\.[0-9a-f]{10}\.woff2$/, 'a fingerprinted address');

  const font = await ctx.app.inject(preload);
  assert.equal(font.statusCode, 200);
  assert.equal(font.headers['content-type'], 'font/woff2');
  assert.equal(font.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(font.rawPayload.subarray(0, 4).toString('latin1'), 'wOF2');

  const cssPath = /<link rel="stylesheet" href="([^"]+)"\/>/.exec(html)![1]!;
  const css = await ctx.app.inject({ url: cssPath, headers: { 'accept-encoding': 'br' } });
  const plainCss = (await ctx.app.inject(cssPath)).body;
  const face = /@font-face\{([^}]+)\}/.exec(plainCss)?.[1] ?? '';
  assert.ok(face.includes(`src:url(${preload}) format('woff2')`), 'the stylesheet names the preloaded file');
  assert.match(face, /font-display:swap/);
  assert.ok(face.includes(`unicode-range:${unicodeRange(HEADLINE_FONT_TEXT)}`), 'other characters come from the fallback serif');
  assert.match(plainCss, /--headline:"Despatch Headline", Georgia/);

  // The font holds every character it claims, and varies in weight over the bold range.
  const parsed = fontkit.create(font.rawPayload) as fontkit.Font;
  for (const ch of HEADLINE_FONT_TEXT) assert.ok(parsed.hasGlyphForCodePoint(ch.codePointAt(0)!), `the font draws ${JSON.stringify(ch)}`);
  assert.ok(!parsed.hasGlyphForCodePoint('Ж'.codePointAt(0)!), 'subset: nothing outside the list');
  assert.deepEqual(
    { min: parsed.variationAxes.wght?.min, max: parsed.variationAxes.wght?.max },
    { min: 600, max: 700 },
    'a variable font over the weights headlines use',
  );

  // The page, its stylesheet and its font, compressed, inside 20 KB (pictures aside).
  const total = page.rawPayload.length + css.rawPayload.length + font.rawPayload.length;
  assert.ok(font.rawPayload.length <= 12_000, `the font is ${font.rawPayload.length} bytes`);
  assert.ok(
    total <= 20_000,
    `page ${page.rawPayload.length} + stylesheet ${css.rawPayload.length} + font ${font.rawPayload.length} = ${total} bytes`,
  );
});
