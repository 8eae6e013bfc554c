import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { systemActor } from '../../src/domain/access/index.js';
import type { Author } from '../../src/domain/people/index.js';
import type { Topic } from '../../src/domain/taxonomy/index.js';
import { TEST_NOW } from '../helpers/app.js';
import { anArticle, anAuthor, aTopic } from '../factories.js';
import { browserSkipReason, pngInfo, useBrowserApp, type BrowserApp } from './browser.js';

/**
 * The reader site's layout at the four widths readers use most (a small phone, a phone, a
 * tablet, a laptop), in real Chromium: the front page as the outlet grows from nothing to
 * fifty stories (the newest without a picture, as every text import is), an article with
 * pull quotes, a section, a topic, an author and the 404. Each page is photographed for a
 * human to look at, and measured: nothing scrolls sideways, nothing overlaps, the lead
 * outweighs the cards, no story shows twice, rows of cards are filled, and cards beside a
 * picture have a picture's space too.
 */

const skip = browserSkipReason();
const WIDTHS = [320, 390, 768, 1366] as const;
const SHOTS = '/tmp/despatch-layout';
const ACTOR = systemActor('layout test');
const SECTIONS = ['Army', 'Navy', 'RAF', 'Tri-Service', 'Cyber'];

let pictures: string[] = [];
let author: Author;
let topic: Topic;
let published = 0;

const app: BrowserApp = useBrowserApp('layout', {
  setup: async ({ ctx }) => {
    await rm(SHOTS, { recursive: true, force: true });
    await mkdir(SHOTS, { recursive: true });
    // Three distinct pictures, each with its own words, through the library like an upload.
    const scenes = [
      { background: '#4a6d8c', band: '#1d3557', alt: 'A patrol boat at sea under a grey sky' },
      { background: '#8c7a4a', band: '#3d3522', alt: 'Soldiers crossing open ground on exercise' },
      { background: '#9fb3c8', band: '#45556b', alt: 'A transport aircraft on a wet runway' },
    ];
    for (const [i, scene] of scenes.entries()) {
      const bytes = await sharp({ create: { width: 1600, height: 900, channels: 3, background: scene.background } })
        .composite([
          { input: { create: { width: 1600, height: 300 + i * 80, channels: 3, background: scene.band } }, left: 0, top: 600 - i * 80 },
        ])
        .jpeg({ quality: 80 })
        .toBuffer();
      const { item } = await ctx.services.media.addImage(
        ACTOR,
        { file: `scene-${i}.jpg`, bytes },
        { alt: scene.alt, credit: 'Despatch tests' },
      );
      pictures.push(item.id);
    }
    // A wide logo, as mastheads are: white lettering on transparency, 5:1.
    const logo = await sharp({ create: { width: 800, height: 160, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 700, height: 100, channels: 4, background: '#ffffff' } }, left: 50, top: 30 }])
      .png()
      .toBuffer();
    const { item: logoItem } = await ctx.services.media.addImage(ACTOR, { file: 'logo.png', bytes: logo }, { alt: 'Logo' });
    await ctx.runner.runDue();
    await ctx.services.site.setLogo(ACTOR, logoItem.id);
    author = await anAuthor(ctx, {
      name: 'Harriet Vane',
      role: 'Defence Correspondent',
      bio: 'Harriet covers the armed forces, procurement and veterans, and reported from Kyiv in 2023 and 2024.',
    });
    await ctx.services.authors.updateAuthor(ACTOR, author.id, {
      name: author.name,
      slug: author.slug,
      role: 'Defence Correspondent',
      bio: 'Harriet covers the armed forces, procurement and veterans, and reported from Kyiv in 2023 and 2024.',
      photoMediaId: pictures[0]!,
    });
    topic = await aTopic(ctx, { name: 'Winter readiness' });
  },
});

/**
 * Publishes stories until `total` exist, each newer than the last. The newest is always text
 * only (as every text import is); of the rest, two in three carry a picture. Story n is
 * (60 − n)×37 minutes older than the test's now, so "today" and older dates both show.
 */
async function publishUpTo(total: number): Promise<void> {
  for (; published < total; published++) {
    const n = published;
    const age = (60 - n) * 37 * 60_000;
    const hasPicture = n !== total - 1 && n % 3 !== 0;
    await anArticle(app.ctx, {
      headline: `${['Reservists', 'Sailors', 'Aircrew', 'Engineers', 'Signallers'][n % 5]} called up for exercise number ${n + 1} in the north`,
      standfirst: `Story ${n + 1}: the ministry says the deployment will last until the spring, with rotations every six weeks.`,
      section: SECTIONS[n % SECTIONS.length]!,
      authors: n % 4 === 0 ? [author] : [],
      topics: n % 7 === 0 ? [topic] : [],
      heroMediaId: hasPicture ? pictures[n % pictures.length]! : null,
      publishedAt: new Date(Date.parse(TEST_NOW) - age).toISOString(),
    });
  }
}

/** A page at one width, device pixels equal to CSS pixels so screenshots are the viewport's size. */
async function open(path: string, width: number): Promise<Page> {
  const context = await app.browser.newContext({ baseURL: app.origin, viewport: { width, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const response = await page.goto(path);
  assert.ok(response, `${path} answered`);
  await page.evaluate('document.fonts.ready');
  return page;
}

/** The masthead: the logo 40 px high, clear of the Newsletter link, at any width. */
async function assertMasthead(page: Page, where: string): Promise<void> {
  const logo = await page.locator('.masthead .brand-logo img').boundingBox();
  const newsletter = await page.locator('.masthead-newsletter').boundingBox();
  assert.ok(logo && newsletter, `${where}: logo and Newsletter link are shown`);
  assert.equal(Math.round(logo.height), 40, `${where}: the logo is 40px high`);
  assert.ok(
    logo.x + logo.width <= newsletter.x,
    `${where}: the logo (to ${logo.x + logo.width}px) clears the Newsletter link (at ${newsletter.x}px)`,
  );
}

/** Takes a full-page screenshot and checks it is a PNG of the viewport's width. */
async function photograph(page: Page, name: string, width: number): Promise<void> {
  const file = `${SHOTS}/${name}-${width}.png`;
  await page.screenshot({ path: file, fullPage: true });
  const png = await pngInfo(file);
  assert.equal(png.width, width, `${file} is ${width}px wide`);
}

/** The document is no wider than the viewport; a failure names the element that sticks out. */
async function assertNoSidewaysScroll(page: Page, where: string): Promise<void> {
  const { scrollWidth, clientWidth, widest } = (await page.evaluate(`(() => {
    const root = document.documentElement;
    let widest = '', max = 0;
    for (const el of document.querySelectorAll('body *')) {
      const right = el.getBoundingClientRect().right;
      if (right > max) { max = right; widest = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' (right edge ' + Math.round(right) + 'px)'; }
    }
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, widest };
  })()`)) as { scrollWidth: number; clientWidth: number; widest: string };
  assert.ok(scrollWidth <= clientWidth, `${where}: the document is ${scrollWidth}px wide in ${clientWidth}px; widest: ${widest}`);
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The boxes of every match, in document order. */
function boxesOf(page: Page, selector: string): Promise<Array<Box & { text: string }>> {
  return page.evaluate(
    `Array.from(document.querySelectorAll(${JSON.stringify(selector)})).map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height, text: (el.textContent || '').trim().slice(0, 60) };
    })`,
  ) as Promise<Array<Box & { text: string }>>;
}

const overlap = (a: Box, b: Box) =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 1 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 1;

/** No two cards (or a card and the lead) cover each other. */
async function assertNoOverlaps(page: Page, where: string): Promise<void> {
  const cards = await boxesOf(page, 'main .card');
  for (let i = 0; i < cards.length; i++)
    for (let j = i + 1; j < cards.length; j++)
      assert.ok(!overlap(cards[i]!, cards[j]!), `${where}: "${cards[i]!.text}" overlaps "${cards[j]!.text}"`);
}

/** The computed font size, in px, of each match. */
function fontSizes(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(
    `Array.from(document.querySelectorAll(${JSON.stringify(selector)})).map((el) => parseFloat(getComputedStyle(el).fontSize))`,
  ) as Promise<number[]>;
}

/** The biggest headline (`lead`) is larger than every card headline on the page. */
async function assertLeadOutweighsCards(page: Page, lead: string, where: string): Promise<void> {
  const [leadSize] = await fontSizes(page, lead);
  assert.ok(leadSize, `${where}: ${lead} is on the page`);
  const others = await fontSizes(page, `main .card-headline:not(${lead}), main .teaser-links a`);
  const largest = Math.max(0, ...others);
  assert.ok(leadSize > largest, `${where}: the lead headline (${leadSize}px) is larger than every card headline (largest ${largest}px)`);
}

/**
 * Every row of cards in a grid, and of rails on the front page, is full except the last: a
 * list of two or three cards never leaves empty columns beside them. And cards side by side
 * either all have a picture's space or none do, so their headlines line up.
 */
async function assertRowsFilledAndAligned(page: Page, where: string): Promise<void> {
  const groups = (await page.evaluate(`[
    ...Array.from(document.querySelectorAll('main .card-list')).map((list) => [list, list.querySelectorAll(':scope > li > .card')]),
    ...Array.from(document.querySelectorAll('main .rails')).map((rails) => [rails, rails.querySelectorAll(':scope > .rail')]),
  ].map(([box, items]) => ({
    name: box.className,
    right: box.getBoundingClientRect().right,
    items: Array.from(items).map((c) => {
      const b = c.getBoundingClientRect();
      return { top: Math.round(b.top), right: b.right, image: !!c.querySelector(':scope > .card-image') };
    }),
  }))`)) as Array<{ name: string; right: number; items: Array<{ top: number; right: number; image: boolean }> }>;
  for (const [i, group] of groups.entries()) {
    const rows = new Map<number, Array<{ right: number; image: boolean }>>();
    for (const item of group.items) rows.set(item.top, [...(rows.get(item.top) ?? []), item]);
    const tops = [...rows.keys()].sort((a, b) => a - b);
    // A group that fits on one row must reach across it; with more rows, every row but the last must.
    for (const top of tops.length === 1 ? tops : tops.slice(0, -1)) {
      const right = Math.max(...rows.get(top)!.map((r) => r.right));
      assert.ok(right >= group.right - 2, `${where}: ${group.name} ${i + 1} leaves a gap at the end of its row at y=${top}`);
    }
    for (const top of tops) {
      const row = rows.get(top)!;
      assert.ok(
        row.every((c) => c.image) || row.every((c) => !c.image),
        `${where}: ${group.name} ${i + 1} mixes cards with and without a picture's space at y=${top}`,
      );
    }
  }
}

/** Each article is linked at most once from the page's main content. */
async function assertNoStoryTwice(page: Page, where: string): Promise<string[]> {
  const hrefs = (await page.evaluate(
    `Array.from(document.querySelectorAll('main a[href]')).map((a) => new URL(a.href).pathname)`,
  )) as string[];
  const stories = hrefs.filter((p) => /^\/[^/]+\/[^/]+$/.test(p) && !/^\/(topics|series|authors|newsroom|media|assets)\//.test(p));
  const seen = new Set<string>();
  for (const path of stories) {
    assert.ok(!seen.has(path), `${where}: ${path} is shown twice`);
    seen.add(path);
  }
  return [...seen];
}

for (const total of [0, 1, 5, 50]) {
  test(`the front page with ${total} ${total === 1 ? 'story' : 'stories'}, at ${WIDTHS.join(', ')} px`, { skip }, async () => {
    await publishUpTo(total);
    for (const width of WIDTHS) {
      const where = `home with ${total} at ${width}px`;
      const page = await open('/', width);
      await assertNoSidewaysScroll(page, where);
      await assertMasthead(page, where);
      await assertNoOverlaps(page, where);
      const stories = await assertNoStoryTwice(page, where);
      if (total === 0) {
        assert.match((await page.locator('main').textContent()) ?? '', /No stories have been published yet\./);
      } else {
        // The lead has no picture here (the newest story is text only) and still leads.
        assert.equal(await page.locator('.lead-story .card-image').count(), 0, `${where}: the lead has no picture`);
        await assertLeadOutweighsCards(page, '.lead-story .card-headline', where);
        await assertRowsFilledAndAligned(page, where);
        // Every story is on the front page while there are few; with many, a full page of them.
        assert.ok(stories.length >= Math.min(total, 13), `${where}: ${stories.length} stories shown`);
      }
      await photograph(page, `home-${total}`, width);
      await page.context().close();
    }
  });
}

test('an article with quotes: pull quotes never repeat their neighbours or sit beside them', { skip }, async () => {
  const body = [
    'The Defence Secretary set out the plan in the Commons on Tuesday, and said the first units would move within days.',
    'He told MPs: "We will not stand by while our allies are threatened, and we will be ready by the spring," before taking questions from the opposition benches for more than an hour.',
    'The shadow defence secretary said:',
    '"This is a welcome step, but it comes years too late for the soldiers who have waited for it."',
    'A senior officer, who asked not to be named, said the timetable was "ambitious but achievable" given the state of the vehicles, many of which are more than twenty years old.',
  ].join('\n\n');
  const article = await anArticle(app.ctx, {
    headline: 'Defence Secretary sets out spring deployment to the Baltic',
    section: 'Army',
    bodyMarkdown: body,
    heroMediaId: pictures[1]!,
    pullQuotes: [
      {
        text: 'We will not stand by while our allies are threatened, and we will be ready by the spring',
        speaker: 'The Defence Secretary',
      },
      {
        text: 'This is a welcome step, but it comes years too late for the soldiers who have waited for it.',
        speaker: 'The shadow defence secretary',
      },
    ],
  });
  for (const width of WIDTHS) {
    const where = `article at ${width}px`;
    const page = await open(article.path, width);
    await assertNoSidewaysScroll(page, where);
    await assertMasthead(page, where);
    await assertLeadOutweighsCards(page, 'main h1', where);
    // Headlines are set in the self-hosted font, loaded (not the fallback).
    assert.match(await page.locator('main h1').evaluate((el) => getComputedStyle(el).fontFamily), /^"Despatch Headline"/);
    assert.equal(
      await page.evaluate(`[...document.fonts].some((f) => f.family.includes('Despatch Headline') && f.status === 'loaded')`),
      true,
    );
    const quotes = (await page.evaluate(`Array.from(document.querySelectorAll('.article-body .pull-quote')).map((q) => {
      const box = (el) => { const r = el.getBoundingClientRect(); return { top: r.top + scrollY, bottom: r.bottom + scrollY }; };
      const words = (el) => (el && el.tagName === 'P' ? el.textContent.replace(/\\s+/g, ' ').trim() : '');
      return {
        text: q.querySelector('p').textContent.trim(),
        before: words(q.previousElementSibling),
        after: words(q.nextElementSibling),
        quote: box(q),
        paragraphs: Array.from(document.querySelectorAll('.article-body > p')).map(box),
      };
    })`)) as Array<{
      text: string;
      before: string;
      after: string;
      quote: { top: number; bottom: number };
      paragraphs: Array<{ top: number; bottom: number }>;
    }>;
    assert.equal(quotes.length, 1, `${where}: one quote is lifted (the other is a paragraph of its own, shown once)`);
    for (const q of quotes) {
      for (const neighbour of [q.before, q.after]) {
        const rest = neighbour.replace(q.text, '').trim();
        assert.ok(rest.length >= neighbour.length * 0.4, `${where}: the pull quote "${q.text}" repeats its neighbour "${neighbour}"`);
      }
      for (const p of q.paragraphs)
        assert.ok(p.bottom <= q.quote.top + 1 || p.top >= q.quote.bottom - 1, `${where}: the pull quote sits beside a paragraph`);
    }
    await photograph(page, 'article', width);
    await page.context().close();
  }
});

test('section, topic and author pages, and the 404, at every width', { skip }, async () => {
  const pages: Array<[name: string, path: string, status: number]> = [
    ['section', '/army', 200],
    ['topic', `/topics/${topic.slug}`, 200],
    ['author', `/authors/${author.slug}`, 200],
    ['search', '/search?q=winter', 200],
    ['not-found', '/no-such-page/anywhere', 404],
  ];
  for (const width of WIDTHS) {
    for (const [name, path, status] of pages) {
      const where = `${name} at ${width}px`;
      const context = await app.browser.newContext({ baseURL: app.origin, viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      const response = await page.goto(path);
      assert.equal(response?.status(), status, `${where}: status`);
      await assertNoSidewaysScroll(page, where);
      await assertNoOverlaps(page, where);
      await assertNoStoryTwice(page, where);
      if (status === 200) {
        await assertLeadOutweighsCards(page, 'main h1', where);
        await assertRowsFilledAndAligned(page, where);
      } else {
        assert.equal((await page.locator('main h1').textContent())?.trim(), 'Page not found');
      }
      if (name === 'author') {
        assert.match((await page.locator('main').textContent()) ?? '', /Defence Correspondent/);
        assert.ok(await page.locator('main .author-photo').isVisible(), `${where}: the author's photograph shows`);
      }
      await photograph(page, name, width);
      await context.close();
    }
  }
});
