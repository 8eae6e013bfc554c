import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import sharp from 'sharp';
import { parseSitemap, parseSitemapIndex } from 'sitemap';
import { anArticle, anAuthor, aTopic, FACTORY } from './factories.js';
import { buildTestApp, TEST_NOW, TEST_SITE_URL } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';

const hoursBefore = (h: number) => new Date(Date.parse(TEST_NOW) - h * 3600_000).toISOString();

forEachDatabase('sitemaps and robots.txt', (database) => {
  test('sitemap batches continue after the last article of the one before: none repeated or skipped, ties included', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const ids = [];
    // Pairs published at the same moment: the keyset must order ties by id.
    for (let i = 0; i < 7; i++)
      ids.push((await anArticle(ctx, { headline: `Story ${i}`, publishedAt: hoursBefore(10 - Math.floor(i / 2)) })).id);
    const read = ctx.services.articleReader;
    const seen: string[] = [];
    let batch = await read.sitemapBatch({ offset: 1 }, 2);
    seen.push(...batch.entries.map((e) => e.path));
    while (batch.last) {
      batch = await read.sitemapBatch({ after: batch.last }, 2);
      seen.push(...batch.entries.map((e) => e.path));
    }
    const all = (await read.sitemapBatch({ offset: 0 }, 100)).entries.map((e) => e.path);
    assert.equal(all.length, 7);
    assert.deepEqual(seen, all.slice(1), 'from the second article on, in order, each once');
  });

  test('robots.txt names the sitemaps; the index lists pages, articles and news, each of which answers', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await anArticle(ctx, { section: 'Army', headline: 'Reservists called up' });
    const robots = await ctx.app.inject('/robots.txt');
    assert.equal(robots.statusCode, 200);
    assert.match(String(robots.headers['content-type']), /^text\/plain/);
    assert.match(robots.body, /^User-agent: \*$/m);
    assert.match(robots.body, /^Disallow: \/newsroom\/$/m);
    assert.match(robots.body, new RegExp(`^Sitemap: ${TEST_SITE_URL}/sitemap\\.xml$`, 'm'));
    assert.match(robots.body, new RegExp(`^Sitemap: ${TEST_SITE_URL}/sitemap-news\\.xml$`, 'm'));

    const index = await ctx.app.inject('/sitemap.xml');
    assert.equal(index.statusCode, 200);
    assert.match(String(index.headers['content-type']), /^application\/xml/);
    const listed = (await parseSitemapIndex(Readable.from([index.body]))).map((i) => i.url);
    assert.deepEqual(listed, [
      `${TEST_SITE_URL}/sitemap-pages.xml`,
      `${TEST_SITE_URL}/sitemaps/articles/1.xml`,
      `${TEST_SITE_URL}/sitemap-news.xml`,
    ]);
    for (const url of listed) {
      const res = await ctx.app.inject(url.slice(TEST_SITE_URL.length));
      assert.equal(res.statusCode, 200, url);
      assert.ok((await parseSitemap(Readable.from([res.body]))).length > 0, `${url} lists something`);
    }
    assert.equal((await ctx.app.inject('/sitemaps/articles/2.xml')).statusCode, 404, 'no second page below 50,000 articles');
    assert.equal((await ctx.app.inject('/sitemaps/articles/one.xml')).statusCode, 404);
  });

  test('a new site, and two quiet days, answer with empty sitemaps, not errors', async (t) => {
    const ctx = await buildTestApp(t, { database });
    for (const path of ['/sitemaps/articles/1.xml', '/sitemap-news.xml']) {
      const res = await ctx.app.inject(path);
      assert.equal(res.statusCode, 200, path);
      assert.deepEqual(await parseSitemap(Readable.from([res.body])), [], `${path} lists nothing`);
    }
    assert.match((await ctx.app.inject('/sitemap-news.xml')).body, /xmlns:news="http:\/\/www\.google\.com\/schemas\/sitemap-news\/0\.9"/);
    await anArticle(ctx, { section: 'Army', publishedAt: hoursBefore(72) });
    const news = await ctx.app.inject('/sitemap-news.xml');
    assert.equal(news.statusCode, 200, 'stories, but none in the last 48 hours');
    assert.deepEqual(await parseSitemap(Readable.from([news.body])), []);
  });

  test('the pages sitemap lists the home page, every listing and the outlet’s pages', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const topic = await aTopic(ctx, { name: 'NATO' });
    const writer = await anAuthor(ctx, { name: 'Eleanor Marsh' });
    await anArticle(ctx, { section: 'Army', topics: [topic], authors: [writer] });
    const urls = (await parseSitemap(Readable.from([(await ctx.app.inject('/sitemap-pages.xml')).body]))).map((i) => i.url);
    for (const path of ['/', '/army', `/topics/${topic.slug}`, `/authors/${writer.slug}`, '/corrections', '/about', '/privacy'])
      assert.ok(urls.includes(TEST_SITE_URL + path), `${path} is listed`);
  });

  test('the articles sitemap lists each published story once, oldest first, with its last change and picture', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const bytes = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#4a6d8c' } })
      .jpeg()
      .toBuffer();
    const { item } = await ctx.services.media.addImage(FACTORY, { file: 'frigate.jpg', bytes }, { alt: 'A frigate at sea' });
    await ctx.runner.runDue();
    const older = await anArticle(ctx, { section: 'Navy', headline: 'Frigate sails', heroMediaId: item.id, publishedAt: hoursBefore(100) });
    const newer = await anArticle(ctx, { section: 'Army', headline: 'Reservists called up', publishedAt: hoursBefore(2) });
    await anArticle(ctx, { section: 'Army', headline: 'A draft nobody may see yet', status: 'draft' });
    const items = await parseSitemap(Readable.from([(await ctx.app.inject('/sitemaps/articles/1.xml')).body]));
    assert.deepEqual(
      items.map((i) => i.url),
      [TEST_SITE_URL + older.path, TEST_SITE_URL + newer.path],
      'published only, oldest first',
    );
    const { updated_at } = await ctx.handle.db
      .selectFrom('articles')
      .select('updated_at')
      .where('article_id', '=', older.id)
      .executeTakeFirstOrThrow();
    assert.equal(items[0]!.lastmod, new Date(updated_at).toISOString(), 'its last change');
    assert.match(items[0]!.img[0]!.url, new RegExp(`^${TEST_SITE_URL}/media/.+/og-50-50-1200\\.jpg$`));
    assert.equal(items[0]!.img[0]!.title, 'A frigate at sea');
    assert.deepEqual(items[1]!.img, [], 'a story without a picture lists none');
  });

  test('the news sitemap holds the last 48 hours only, with the publication, language and original date', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await ctx.services.site.updateSite(FACTORY, { outletName: 'The Garrison Wire' });
    const fresh = await anArticle(ctx, { section: 'Army', headline: 'Tanks & troops head east', publishedAt: hoursBefore(3) });
    await anArticle(ctx, { section: 'Army', headline: 'Yesterday’s news', publishedAt: hoursBefore(47) });
    await anArticle(ctx, { section: 'Army', headline: 'Old news', publishedAt: hoursBefore(49) });
    const xml = (await ctx.app.inject('/sitemap-news.xml')).body;
    const items = await parseSitemap(Readable.from([xml]));
    assert.deepEqual(
      items.map((i) => i.news?.title),
      ['Tanks & troops head east', 'Yesterday’s news'],
      'newest first, nothing older than 48 hours',
    );
    assert.equal(items[0]!.url, TEST_SITE_URL + fresh.path);
    assert.deepEqual(items[0]!.news!.publication, { name: 'The Garrison Wire', language: 'en' });
    assert.equal(items[0]!.news!.publication_date, hoursBefore(3));
    assert.match(xml, /<news:title>Tanks &amp; troops head east<\/news:title>/, 'escaped in the XML');
  });
});
