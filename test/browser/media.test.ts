import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { systemActor } from '../../src/domain/access/index.js';
import { axeViolations, browserSkipReason, seriousFindings, useBrowserApp } from './browser.js';

/**
 * A picture's way from a photographer's file to a reader's phone, in real Chromium under the
 * newsroom's real content security policy: an editor uploads it from the article editor with
 * its alt text, sets its focal point by clicking it in the library, publishes the article, and
 * a reader's phone is served the AVIF size it needs in a `<picture>` with no layout shift.
 * Pictures dropped on the library's upload form are uploaded too.
 */

const skip = browserSkipReason();
const PASSWORD = 'flag officer on the bridge at noon';
const HEADLINE = 'HMS Prince of Wales returns to Portsmouth';

const app = useBrowserApp('media-journey', {
  setup: async ({ ctx }) => {
    await ctx.services.staff.createUser(systemActor('test'), {
      email: 'picture.editor@garrison.example',
      name: 'Pat Picture',
      role: 'editor',
      password: PASSWORD,
    });
  },
});

/** A signed-in editor; under the real policy unless axe (an injected script) needs to run. */
async function signIn(opts: { enforceCsp: boolean }): Promise<Page> {
  const context = await app.browser.newContext({
    baseURL: app.origin,
    bypassCSP: !opts.enforceCsp,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  await page.goto('/newsroom/media');
  await page.getByLabel('Email address').fill('picture.editor@garrison.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/newsroom/media');
  return page;
}

/** A photograph-like JPEG: sea and sky, and a ship (the subject) towards the right. */
const photograph = () =>
  sharp({ create: { width: 2400, height: 1350, channels: 3, background: '#5b7c99' } })
    .composite([
      { input: { create: { width: 2400, height: 500, channels: 3, background: '#1d3557' } }, left: 0, top: 850 },
      { input: { create: { width: 500, height: 220, channels: 3, background: '#6c757d' } }, left: 1700, top: 700 },
    ])
    .jpeg({ quality: 85 })
    .toBuffer();

test(
  'upload from the editor, describe, set the focal point by clicking, publish: the phone gets the AVIF it needs, with no layout shift',
  { skip },
  async () => {
    const editor = await signIn({ enforceCsp: true });

    // The article is written and its hero uploaded in place, with its alt text.
    await editor.goto('/newsroom/articles/new');
    await editor.getByLabel('Section').fill('Navy');
    await editor.getByLabel('Headline').fill(HEADLINE);
    await editor.getByLabel('Standfirst').fill('The carrier is back after seven months in the Indo-Pacific.');
    await editor.getByLabel('Body').fill('The ship berthed at 9am.\n\nCrowds lined the Round Tower.');
    await editor
      .getByLabel('Or upload a new picture')
      .setInputFiles({ name: 'carrier.jpg', mimeType: 'image/jpeg', buffer: await photograph() });
    await editor.getByLabel('Alt text for the new picture').fill('HMS Prince of Wales passing the Round Tower');
    await editor.getByRole('button', { name: 'Save draft' }).first().click();
    assert.match((await editor.getByRole('status').first().textContent()) ?? '', /Draft saved/);
    const articleUrl = editor.url().replace(/\?.*$/, '');
    const heroId = await editor.getByLabel('Picture from the library').inputValue();
    assert.ok(heroId, 'the uploaded picture is now the hero');
    assert.equal(await app.ctx.runner.runDue(), 1, 'its sizes were made by the job');

    // In the library, a click on the ship sets the focal point (the newsroom's script, under its policy).
    await editor.goto(`/newsroom/media/${heroId}`);
    assert.equal(await editor.getByLabel('Alt text').inputValue(), 'HMS Prince of Wales passing the Round Tower');
    const picture = editor.locator('#focal-image');
    const box = (await picture.boundingBox())!;
    await picture.click({ position: { x: box.width * 0.8, y: box.height * 0.6 } });
    assert.equal(await editor.getByLabel('Across, from the left').inputValue(), '80');
    assert.equal(await editor.getByLabel('Down, from the top').inputValue(), '60');
    assert.equal(await editor.locator('#focal-v').getAttribute('x1'), '80', 'the crosshair follows the click');
    await editor.getByLabel('Credit').fill('Royal Navy');
    await editor.getByRole('button', { name: 'Save', exact: true }).click();
    assert.match((await editor.getByRole('status').first().textContent()) ?? '', /Saved/);
    assert.equal(await app.ctx.runner.runDue(), 1, 'the crops were cut again for the new focal point');
    await editor.reload();
    assert.match((await editor.locator('.nr-crops img').first().getAttribute('src')) ?? '', /\/card-80-60-\d+\.jpg$/);

    // Published from the editor.
    await editor.goto(articleUrl);
    await editor.getByRole('button', { name: 'Publish now' }).click();
    assert.match((await editor.getByRole('status').first().textContent()) ?? '', /Published/);
    await editor.context().close();

    // A reader on a phone: the picture is there before it loads (width and height), AVIF, the size the screen needs.
    const phone = await app.browser.newContext({
      baseURL: app.origin,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    const reader = await phone.newPage();
    await reader.goto('/');
    await reader.getByRole('link', { name: HEADLINE }).first().click();
    await reader.waitForLoadState('load');
    const hero = reader.locator('figure.hero picture img');
    const shown = await hero.evaluate((img: HTMLImageElement) => ({
      currentSrc: img.currentSrc,
      complete: img.complete,
      naturalWidth: img.naturalWidth,
      width: img.getAttribute('width'),
      height: img.getAttribute('height'),
      fetchPriority: img.getAttribute('fetchpriority'),
    }));
    assert.ok(shown.complete && shown.naturalWidth > 0, 'the picture loaded');
    assert.match(shown.currentSrc, /\/960\.avif$/, '390 CSS px at 2× wants the 960 px AVIF');
    assert.deepEqual([shown.width, shown.height, shown.fetchPriority], ['1920', '1080', 'high'], 'its box: the largest size served');
    assert.match((await reader.locator('figure.hero figcaption').textContent()) ?? '', /Royal Navy/);
    assert.match(
      (await reader.locator('meta[property="og:image"]').getAttribute('content')) ?? '',
      new RegExp(`^${app.origin}/media/.+/og-80-60-1200\\.jpg$`),
    );
    const shift = (await reader.evaluate(`new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 500);
  })`)) as number;
    assert.equal(shift, 0, 'no layout shift');

    // The page's weight on the wire: HTML and CSS (compressed) within 20 KB, then the one picture.
    const html = await (await phone.request.get(reader.url())).body();
    const cssHref = (await reader.locator('link[rel="stylesheet"]').getAttribute('href'))!;
    const css = await (await phone.request.get(cssHref)).body();
    const textBytes = gzipSync(html, { level: 9 }).length + gzipSync(css, { level: 9 }).length;
    assert.ok(textBytes <= 20 * 1024, `HTML and CSS are ${textBytes} bytes compressed`);
    const image = await (await phone.request.get(shown.currentSrc)).body();
    assert.ok(image.length > 0 && image.length < 150 * 1024, `the picture is ${image.length} bytes`);
    await phone.close();
  },
);

test('pictures dropped on the library’s upload form are uploaded; the library passes axe', { skip }, async () => {
  const editor = await signIn({ enforceCsp: true });
  const bytes = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#a8dadc' } })
    .jpeg()
    .toBuffer();
  await editor.evaluate(
    `(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'dropped-on-the-form.jpg', { type: 'image/jpeg' }));
      document.getElementById('media-upload').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    })()`,
  );
  await editor.getByText('dropped-on-the-form.jpg').first().waitFor({ timeout: 10_000 });
  const stored = await app.ctx.handle.db
    .selectFrom('media')
    .select('file_name')
    .where('file_name', '=', 'dropped-on-the-form.jpg')
    .execute();
  assert.equal(stored.length, 1);
  await editor.context().close();

  const checked = await signIn({ enforceCsp: false });
  const { serious, message } = seriousFindings('the media library', await axeViolations(checked));
  assert.equal(serious.length, 0, message);
  await checked
    .getByRole('link', { name: /dropped-on-the-form\.jpg/ })
    .first()
    .click();
  const picturePage = seriousFindings('a picture’s page', await axeViolations(checked));
  assert.equal(picturePage.serious.length, 0, picturePage.message);
  await checked.context().close();
});
