import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createTestContext, type TestContext } from '../helpers/app.js';
import { axeViolations, browserSkipReason, freePort, inDocumentOrder, launchChromium, pngInfo, seriousFindings } from './browser.js';

/**
 * A reader's journey through the demo outlet in real Chromium: front page → seed article,
 * its anatomy and structured data, accessibility (axe), the newsletter form end to end,
 * a narrow phone viewport, and screenshots for a human to look at.
 */

const HEADLINE = 'Putin: Russia Considering Airstrikes Against Islamic State';
const ARTICLE_SHOT = '/tmp/despatch-article.png';
const HOME_SHOT = '/tmp/despatch-home.png';
const VIEWPORT = { width: 1280, height: 900 };

// Decided before registering tests, so a missing browser is reported as SKIPPED, never as a pass.
const skip = browserSkipReason();

let ctx: TestContext;
let browser: Browser;
let context: BrowserContext;

before(async () => {
  if (skip) return;
  // The app's siteUrl must be the origin the browser uses, or the same-origin check refuses the form.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  ctx = await createTestContext({ demo: true, siteUrl: origin });
  await ctx.app.listen({ port, host: '127.0.0.1' });
  browser = await launchChromium();
  // bypassCSP only so axe-core can be injected; the pages themselves run no script.
  context = await browser.newContext({ baseURL: origin, bypassCSP: true, viewport: VIEWPORT });
});

after(async () => {
  await context?.close();
  await browser?.close();
  await ctx?.close();
});

/** Opens a fresh tab and reaches the seed article the way a reader does: from the front page. */
async function openSeedArticle(): Promise<Page> {
  const page = await context.newPage();
  await page.goto('/');
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/'),
    page.getByRole('link', { name: HEADLINE, exact: true }).first().click(),
  ]);
  return page;
}

/** The page's JSON-LD blocks, parsed. */
async function jsonLd(page: Page): Promise<Array<Record<string, any>>> {
  const texts = await page.locator('script[type="application/ld+json"]').allTextContents();
  return texts.map((t) => JSON.parse(t) as Record<string, any>);
}

/** Asserts axe finds no serious or critical WCAG A/AA violations on the page as it is now. */
async function assertAccessible(page: Page, where: string, t?: { diagnostic(message: string): void }): Promise<void> {
  const findings = await axeViolations(page);
  // Minor and moderate findings do not fail the test, but are printed so they are not lost.
  for (const f of findings.filter((f) => f.impact !== 'serious' && f.impact !== 'critical'))
    t?.diagnostic(`${where}: ${f.id} (${f.impact}) ${f.help} at ${f.targets.join('; ')}`);
  const { serious, message } = seriousFindings(where, findings);
  assert.equal(serious.length, 0, message);
}

test('a reader clicks through from the front page to the seed article', { skip }, async () => {
  const page = await openSeedArticle();
  assert.equal(new URL(page.url()).pathname, '/tri-service/putin-russia-considering-airstrikes-against-islamic-state');
  assert.equal(await page.title(), `${HEADLINE} | The Garrison Wire`);
  await page.close();
});

test('the seed article has its anatomy, in order', { skip }, async () => {
  const page = await openSeedArticle();
  const article = page.locator('main article').first();

  // Kicker: the section name, linking to the same section page as the navigation does.
  const kicker = article.locator('.kicker a');
  assert.equal((await kicker.textContent())?.trim(), 'Tri-Service');
  const navHref = await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Tri-Service' }).getAttribute('href');
  assert.equal(await kicker.getAttribute('href'), navHref);
  const sectionPage = await page.request.get(navHref!);
  assert.equal(sectionPage.status(), 200, 'the kicker links to a working section page');

  // One h1 on the page, and it is the headline.
  assert.equal(await page.locator('h1').count(), 1);
  const h1 = page.locator('h1');
  assert.equal((await h1.textContent())?.trim(), HEADLINE);

  const standfirst = article.locator('.standfirst');
  assert.match((await standfirst.textContent()) ?? '', /^Vladimir Putin says Russia is considering/);

  // The byline names the author and dates the story machine-readably.
  const byline = article.locator('.byline');
  assert.match((await byline.textContent()) ?? '', /By Eleanor Marsh/);
  const time = byline.locator('time[datetime]').first();
  const datetime = await time.getAttribute('datetime');
  assert.ok(datetime && !Number.isNaN(Date.parse(datetime)), `byline time has a valid datetime (got ${datetime})`);

  // The two quotes are real blockquotes, each attributed with <cite>.
  const body = article.locator('.article-body');
  const thinking = body.locator('blockquote', { hasText: 'We are thinking about it' });
  const mistake = body.locator('blockquote', { hasText: "We believe it's a huge mistake" });
  assert.equal(await thinking.count(), 1, 'the "We are thinking about it" quote is one blockquote');
  assert.equal(await mistake.count(), 1, 'the "huge mistake" quote is one blockquote');
  assert.equal((await thinking.locator('cite').textContent())?.trim(), 'Vladimir Putin');
  assert.equal((await mistake.locator('cite').textContent())?.trim(), 'Vladimir Putin');

  // The imported page's chrome must not have leaked into the story text.
  const bodyText = (await body.textContent()) ?? '';
  for (const chrome of ['Join Our Newsletter', 'WatchUsOn', 'Watch Us On', 'Related topics']) {
    assert.ok(!bodyText.includes(chrome), `article body must not contain the page chrome "${chrome}"`);
  }

  // Related topics: links to topic pages, including the people the story is tagged with.
  const topics = page.getByRole('region', { name: 'Related topics' });
  const topicLinks = topics.locator('a:not(.topic-follow)');
  assert.ok((await topicLinks.count()) >= 1, 'related topics has links');
  for (const href of await topicLinks.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    assert.match(href ?? '', /^\/topics\/[a-z0-9-]+$/, 'every related topic links to a topic page');
  }
  // Each topic offers "Follow", named for its topic to a screen reader.
  assert.equal(await topics.locator('a.topic-follow').count(), await topicLinks.count());
  assert.equal(
    await topics.getByRole('link', { name: 'Follow Vladimir Putin by email' }).getAttribute('href'),
    '/newsletter/follow/vladimir-putin',
  );
  assert.equal(await topics.getByRole('link', { name: 'Vladimir Putin', exact: true }).getAttribute('href'), '/topics/vladimir-putin');

  // Newsletter: a labelled email field and a submit button.
  const newsletter = page.getByRole('region', { name: 'Join Our Newsletter' });
  const email = newsletter.getByLabel('Email address');
  assert.equal(await email.getAttribute('type'), 'email');
  assert.equal(await newsletter.getByRole('button', { name: 'Sign up' }).count(), 1);

  const watch = page.getByRole('region', { name: 'Watch Us On' });
  assert.ok((await watch.getByRole('link').count()) >= 1, '"Watch Us On" lists channel links');

  const more = page.getByRole('region', { name: 'More stories' });
  assert.ok((await more.getByRole('link').count()) >= 1, '"More stories" lists links');

  // The landmarks a reader meets, in the order the outlet's pages have always had.
  const expected: Array<[string, Locator]> = [
    ['kicker', kicker],
    ['headline', h1],
    ['standfirst', standfirst],
    ['byline time', time],
    ['quote: thinking about it', thinking],
    ['quote: huge mistake', mistake],
    ['related topics', topics],
    ['newsletter', newsletter],
    ['watch us on', watch],
    ['more stories', more],
  ];
  assert.deepEqual(
    await inDocumentOrder(page, expected),
    expected.map(([name]) => name),
  );
  await page.close();
});

test('"More stories" links every teaser the seed page named', { skip }, async () => {
  const page = await openSeedArticle();
  const more = page.getByRole('region', { name: 'More stories' });
  const moreLinks = (await more.getByRole('link').allTextContents()).map((t) => t.trim());
  // The seed's third teaser is "Battlefield Brief | The intensifying battle for Pokrovsk": a series article.
  for (const teaser of [
    'Royal Marine Commandos test drone swarm tech for coastline attacks',
    'F-35 Fury: HMS Prince of Wales makes record return to Europe',
    'The intensifying battle for Pokrovsk',
  ]) {
    assert.ok(
      moreLinks.some((t) => t.includes(teaser)),
      `"More stories" should link to "${teaser}" (a teaser on the seed page); it links to: ${JSON.stringify(moreLinks)}`,
    );
  }
  await page.close();
});

test('the seed article describes itself in JSON-LD', { skip }, async () => {
  const page = await openSeedArticle();
  const blocks = await jsonLd(page);
  const h1 = (await page.locator('h1').textContent())?.trim();

  const news = blocks.find((b) => b['@type'] === 'NewsArticle');
  assert.ok(news, `a NewsArticle block (found types ${JSON.stringify(blocks.map((b) => b['@type']))})`);
  assert.equal(news.headline, h1);
  assert.ok(!Number.isNaN(Date.parse(news.datePublished)), 'datePublished is a date');
  assert.equal(
    news.datePublished,
    await page.locator('.byline time[datetime]').first().getAttribute('datetime'),
    'same date as the byline',
  );
  const authors: Array<Record<string, any>> = Array.isArray(news.author) ? news.author : [news.author];
  assert.ok(authors.length > 0, 'an author');
  for (const a of authors) {
    assert.ok(a.name, 'each author is named');
    assert.match(a.url ?? '', /^https?:\/\//, 'each author has an absolute url');
  }
  assert.ok(news.publisher?.name, 'a named publisher');
  assert.ok(news.publisher?.logo?.url, 'a publisher logo');

  const crumbs = blocks.find((b) => b['@type'] === 'BreadcrumbList');
  assert.ok(crumbs, 'a BreadcrumbList block');
  const items: Array<Record<string, any>> = crumbs.itemListElement;
  assert.deepEqual(
    items.map((i) => i.name),
    ['The Garrison Wire', 'Tri-Service', HEADLINE],
  );
  assert.equal(items.at(-1)?.item, page.url(), 'the last crumb is this page');
  await page.close();
});

test('axe finds no serious WCAG A/AA violations on the article, home, topic and thank-you pages', { skip }, async (t) => {
  const page = await openSeedArticle();
  const articleUrl = page.url();
  // Each page is a subtest, so one page's violations do not hide another's.
  await t.test('article page', async (t) => {
    await page.goto(articleUrl);
    await assertAccessible(page, articleUrl, t);
  });
  await t.test('home page', async (t) => {
    await page.goto('/');
    await assertAccessible(page, 'the home page', t);
  });
  await t.test('topic page', async (t) => {
    await page.goto(articleUrl);
    await Promise.all([
      page.waitForURL('**/topics/vladimir-putin'),
      page.getByRole('region', { name: 'Related topics' }).getByRole('link', { name: 'Vladimir Putin', exact: true }).click(),
    ]);
    assert.equal((await page.locator('h1').textContent())?.trim(), 'Vladimir Putin');
    await assertAccessible(page, page.url(), t);
  });
  await t.test('newsletter thank-you page', async (t) => {
    await page.goto('/newsletter/thanks');
    await assertAccessible(page, page.url(), t);
  });
  await page.close();
});

test('in dark mode the article and home keep their contrast; on paper the article stands alone with its address', { skip }, async (t) => {
  const page = await openSeedArticle();
  const articleUrl = page.url();
  await page.emulateMedia({ colorScheme: 'dark' });
  const colours = (await page.evaluate(
    '({ paper: getComputedStyle(document.body).backgroundColor, ink: getComputedStyle(document.body).color })',
  )) as { paper: string; ink: string };
  assert.deepEqual(colours, { paper: 'rgb(20, 20, 20)', ink: 'rgb(236, 235, 232)' }, 'the reader’s dark setting is followed');
  await t.test('article page, dark', async (t) => assertAccessible(page, `${articleUrl} (dark)`, t));
  await page.goto('/');
  await t.test('home page, dark', async (t) => assertAccessible(page, 'the home page (dark)', t));

  await page.goto(articleUrl);
  await page.emulateMedia({ media: 'print', colorScheme: 'light' });
  const shown = async (selector: string) => page.locator(selector).first().isVisible();
  for (const hidden of ['.sections-nav', '.newsletter', '.share-links', '.more-stories', '.related-topics'])
    assert.equal(await shown(hidden), false, `${hidden} is not printed`);
  assert.equal(await shown('.article-body'), true);
  assert.equal(await page.locator('.print-only').textContent(), `Read online: ${articleUrl}`);
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await shown('.print-only'), false, 'on screen the address is the address bar’s');
  await page.close();
});

test('signing up from the article stores a pending subscriber and thanks the reader', { skip }, async () => {
  const page = await openSeedArticle();
  const articlePath = new URL(page.url()).pathname;
  // Addresses are stored lower-cased, so the unique one is lower case to match the lookup.
  const addr = `reader-${Date.now()}-${process.pid}@example.com`;
  const newsletter = page.getByRole('region', { name: 'Join Our Newsletter' });
  await newsletter.getByLabel('Email address').fill(addr);
  await Promise.all([page.waitForURL('**/newsletter/thanks'), newsletter.getByRole('button', { name: 'Sign up' }).click()]);

  assert.equal(new URL(page.url()).pathname, '/newsletter/thanks');
  assert.match((await page.getByRole('heading', { level: 1 }).textContent()) ?? '', /Check your email/);

  const row = await ctx.handle.db.selectFrom('subscribers').selectAll().where('email', '=', addr).executeTakeFirst();
  assert.ok(row, `subscriber ${addr} was stored`);
  assert.equal(row.status, 'pending');
  assert.equal(row.source_path, articlePath, 'the sign-up remembers the article it came from');

  // The emailed link opens a page; its button confirms.
  const mail = (await ctx.sentMail()).find((m) => m.to && !Array.isArray(m.to) && m.to.value[0]?.address === addr);
  assert.ok(mail, 'the confirmation email was written');
  const link = /https?:\/\/\S+(\/newsletter\/confirm\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;
  await page.goto(link);
  assert.equal((await page.getByRole('heading', { level: 1 }).textContent())?.trim(), 'Confirm your sign-up');
  await page.getByRole('button', { name: 'Confirm my sign-up' }).click();
  await page.getByRole('heading', { name: 'You are subscribed' }).waitFor();
  const confirmed = await ctx.handle.db.selectFrom('subscribers').select('status').where('email', '=', addr).executeTakeFirstOrThrow();
  assert.equal(confirmed.status, 'confirmed');
  await page.close();
});

test('an invalid address comes back as a 422 with the error tied to the field and the address kept', { skip }, async (t) => {
  const page = await openSeedArticle();
  const email = page.getByRole('region', { name: 'Join Our Newsletter' }).getByLabel('Email address');
  // The browser's own validation would stop this; remove it to exercise the server's.
  await email.evaluate((el) => {
    el.removeAttribute('type');
    el.removeAttribute('required');
  });
  await email.fill('not-an-address');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/newsletter'),
    page.getByRole('button', { name: 'Sign up' }).click(),
  ]);
  await page.waitForLoadState();
  assert.equal(response.status(), 422);

  // The field says it is invalid and points at the message that explains why.
  const field = page.getByLabel('Email address');
  assert.equal(await field.inputValue(), 'not-an-address', 'the typed value is kept');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  const describedBy = await field.getAttribute('aria-describedby');
  assert.ok(describedBy, 'the field has aria-describedby');
  const message = ((await page.locator(`[id="${describedBy}"]`).textContent()) ?? '').trim();
  assert.ok(message.length > 0, 'the field is described by a non-empty error message');

  // The error summary links to the field, so keyboard users can jump straight to it.
  const summary = page.getByRole('alert');
  assert.ok(((await summary.textContent()) ?? '').includes(message), 'the summary repeats the error');
  assert.equal(await summary.getByRole('link', { name: message }).getAttribute('href'), '#newsletter-email');
  assert.equal(await field.getAttribute('id'), 'newsletter-email');
  await assertAccessible(page, 'the 422 newsletter error page', t);
  await page.close();
});

test('the article does not scroll sideways on a 320px-wide phone', { skip }, async () => {
  const page = await openSeedArticle();
  await page.setViewportSize({ width: 320, height: 640 });
  const { scrollWidth, widest } = await page.evaluate(() => {
    const root = document.documentElement;
    // The widest element, so a failure names the culprit.
    let widest = '';
    let max = 0;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const right = el.getBoundingClientRect().right;
      if (right > max) {
        max = right;
        widest = `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right edge ${Math.round(right)}px)`;
      }
    }
    return { scrollWidth: root.scrollWidth, widest };
  });
  assert.ok(scrollWidth <= 320, `document is ${scrollWidth}px wide at a 320px viewport; widest element: ${widest}`);
  // The sections do not fit: they scroll inside their own strip, which shows a cue at the edge.
  const nav = (await page.evaluate(`(() => {
    const list = document.querySelector('.sections-nav ul');
    return { scrollWidth: list.scrollWidth, clientWidth: list.clientWidth, overflowX: getComputedStyle(list).overflowX,
      cue: getComputedStyle(list).backgroundImage };
  })()`)) as { scrollWidth: number; clientWidth: number; overflowX: string; cue: string };
  assert.ok(nav.scrollWidth > nav.clientWidth, 'the sections overflow their strip at 320px');
  assert.equal(nav.overflowX, 'auto');
  assert.match(nav.cue, /radial-gradient/, 'a glow at the edge says there is more');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Tri-Service' }).scrollIntoViewIfNeeded();
  assert.ok(await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Tri-Service' }).isVisible());
  assert.equal(await page.getByRole('banner').getByRole('link', { name: 'Newsletter' }).getAttribute('href'), '/newsletter');
  // In one column, the next stories come straight after the story, before the sign-up box.
  const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
  assert.ok((await top('.more-stories')) < (await top('.newsletter')), 'more stories before the newsletter on a phone');
  await page.close();
});

test('screenshots of the article and the front page, for a human to look at', { skip }, async () => {
  // Last run's pictures must not pass for this run's.
  await Promise.all([ARTICLE_SHOT, HOME_SHOT].map((shot) => rm(shot, { force: true })));
  const page = await openSeedArticle();
  await page.screenshot({ path: ARTICLE_SHOT, fullPage: true });
  await page.goto('/');
  await page.screenshot({ path: HOME_SHOT, fullPage: true });
  await page.close();
  for (const shot of [ARTICLE_SHOT, HOME_SHOT]) {
    const png = await pngInfo(shot);
    assert.equal(png.width, VIEWPORT.width, `${shot} is as wide as the viewport`);
    assert.ok(png.height >= VIEWPORT.height, `${shot} is a whole page, at least one screen tall (${png.height}px)`);
    assert.ok(png.bytes > 50_000, `${shot} holds a rendered page, not a blank one (${png.bytes} bytes)`);
  }
});
