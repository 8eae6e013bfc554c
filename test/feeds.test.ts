import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import Parser from 'rss-parser';
import sharp from 'sharp';
import { anArticle, anAuthor, aSeries, aTopic, FACTORY } from './factories.js';
import { buildTestApp, TEST_SITE_URL, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';

const parser = new Parser({ customFields: { item: [['dc:creator', 'creators', { keepArray: true }], 'content:encoded'] } });
const jsonFeedSchema = JSON.parse(readFileSync(new URL('./fixtures/jsonfeed-1.1.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validJsonFeed = ajv.compile(jsonFeedSchema);

/** A small outlet: two desks, a topic, a series, a writer, a correction, one story with a library picture. */
async function outlet(ctx: TestContext) {
  await ctx.services.site.updateSite(FACTORY, { outletName: 'The Garrison Wire', tagline: '', description: 'Defence news.' });
  const topic = await aTopic(ctx, { name: 'NATO' });
  const series = await aSeries(ctx, { name: 'Battlefield Brief' });
  const writer = await anAuthor(ctx, { name: 'Eleanor Marsh', role: 'Defence correspondent' });
  const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#4a6d8c' } })
    .jpeg()
    .toBuffer();
  const { item } = await ctx.services.media.addImage(FACTORY, { file: 'frigate.jpg', bytes: photo }, { alt: 'A frigate at sea' });
  await ctx.runner.runDue();
  const pictured = await anArticle(ctx, {
    section: 'Navy',
    headline: 'Frigate returns to Portsmouth & Devonport',
    standfirst: 'After seven months in the Gulf, the crew are home.',
    bodyMarkdown: 'HMS Example docked at dawn. See [the Navy desk](/navy) and [the ministry](https://www.gov.uk/).',
    authors: [writer],
    topics: [topic],
    heroMediaId: item.id,
    publishedAt: '2026-11-26T09:00:00Z',
  });
  const army = await anArticle(ctx, {
    section: 'Army',
    headline: 'Reservists called up',
    byline: 'Defence staff',
    series,
    topics: [topic],
    publishedAt: '2026-11-25T09:00:00Z',
  });
  await ctx.services.articles.addNote(FACTORY, army.id, { kind: 'correction', body: 'An earlier version gave the wrong regiment.' });
  return { topic, series, writer, pictured, army };
}

/** The five entities an HTML-escaped text can hold. */
const decodeHtml = (html: string) =>
  html.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);

forEachDatabase('feeds', (database) => {
  test('every feed parses: the site, each section, topic, series and author, and the corrections log, in RSS and Atom', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { topic, series, writer } = await outlet(ctx);
    const listings: Array<[path: string, headlines: string[]]> = [
      ['', ['Frigate returns to Portsmouth & Devonport', 'Reservists called up']],
      ['/navy', ['Frigate returns to Portsmouth & Devonport']],
      [`/topics/${topic.slug}`, ['Frigate returns to Portsmouth & Devonport', 'Reservists called up']],
      [`/series/${series.slug}`, ['Reservists called up']],
      [`/authors/${writer.slug}`, ['Frigate returns to Portsmouth & Devonport']],
      ['/corrections', ['Correction: Reservists called up']],
    ];
    for (const [path, headlines] of listings)
      for (const file of ['rss.xml', 'atom.xml']) {
        const res = await ctx.app.inject(`${path}/${file}`);
        assert.equal(res.statusCode, 200, `${path}/${file}`);
        assert.match(String(res.headers['content-type']), file === 'rss.xml' ? /^application\/rss\+xml/ : /^application\/atom\+xml/);
        const feed = await parser.parseString(res.body);
        // Atom titles are HTML (type="html"): what a reader shows is the text once decoded.
        const text = (title = '') => (file === 'atom.xml' ? decodeHtml(title) : title);
        assert.deepEqual(
          feed.items.map((i) => text(i.title)),
          headlines,
          `${path}/${file} lists its stories, newest first`,
        );
        for (const item of feed.items) assert.match(String(item.link), /^http:\/\/despatch\.test\//, 'links are absolute');
      }
    assert.equal((await ctx.app.inject('/no-such-desk/rss.xml')).statusCode, 404);
    assert.equal((await ctx.app.inject('/topics/no-such-topic/atom.xml')).statusCode, 404);
  });

  test('RSS 2.0 carries what the specification requires, writers as dc:creator, the picture as an enclosure, absolute links in the body', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { pictured } = await outlet(ctx);
    const xml = (await ctx.app.inject('/rss.xml')).body;
    const channel = /<channel>(.*)<\/channel>/s.exec(xml)![1]!;
    assert.match(channel, /^\s*<title>The Garrison Wire<\/title>/);
    assert.match(channel, /<link>http:\/\/despatch\.test\/<\/link>/);
    assert.match(channel, /<description>Defence news\.<\/description>/);
    assert.match(channel, /<language>en-GB<\/language>/);
    assert.match(channel, /<atom:link href="http:\/\/despatch\.test\/rss\.xml" rel="self" type="application\/rss\+xml"\/>/);
    const items = [...channel.matchAll(/<item>(.*?)<\/item>/gs)].map((m) => m[1]!);
    assert.equal(items.length, 2);
    for (const item of items) {
      assert.match(item, /<title>.+<\/title>/);
      assert.match(item, /<guid isPermaLink="false">urn:uuid:[0-9a-f-]{36}<\/guid>/);
      assert.match(item, /<pubDate>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT<\/pubDate>/, 'RFC 822 dates');
      assert.doesNotMatch(item, /<author>/, 'RSS’s author must be an email address; writers go in dc:creator');
    }
    const [frigate, army] = items as [string, string];
    assert.ok(frigate.includes(`<guid isPermaLink="false">urn:uuid:${pictured.id}</guid>`));
    assert.match(frigate, /<dc:creator>Eleanor Marsh<\/dc:creator>/);
    assert.match(army, /<dc:creator>Defence staff<\/dc:creator>/, 'a free byline when nobody is credited');
    const enclosure = /<enclosure ([^>]*)\/>/.exec(frigate)?.[1] ?? '';
    assert.match(enclosure, /url="http:\/\/despatch\.test\/media\/[^"]+\/og-50-50-1200\.jpg"/, 'the link-preview crop, as JPEG');
    assert.match(enclosure, /length="0"/);
    assert.match(enclosure, /type="image\/jpeg"/);
    assert.deepEqual(
      [...enclosure.matchAll(/(\w+)=/g)].map((m) => m[1]).sort(),
      ['length', 'type', 'url'],
      'RSS 2.0 gives an enclosure three attributes',
    );
    assert.match(frigate, /<category domain="http:\/\/despatch\.test\/topics\/nato">NATO<\/category>/);
    // The whole body, with the site's own links made absolute and others left alone.
    assert.match(frigate, /<content:encoded><!\[CDATA\[<p>HMS Example docked at dawn\./);
    assert.match(frigate, /href="http:\/\/despatch\.test\/navy"/);
    assert.match(frigate, /href="https:\/\/www\.gov\.uk\/"/);
  });

  test('JSON Feed 1.1 validates against its schema, with every writer and the language', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { writer } = await outlet(ctx);
    for (const path of ['/feed.json', '/navy/feed.json', `/authors/${writer.slug}/feed.json`, '/corrections/feed.json']) {
      const res = await ctx.app.inject(path);
      assert.equal(res.statusCode, 200, path);
      assert.match(String(res.headers['content-type']), /^application\/feed\+json/);
      const doc = res.json();
      assert.ok(validJsonFeed(doc), `${path}: ${ajv.errorsText(validJsonFeed.errors)}`);
    }
    const site = (await ctx.app.inject('/feed.json')).json();
    assert.equal(site.version, 'https://jsonfeed.org/version/1.1');
    assert.equal(site.language, 'en-GB');
    assert.equal(site.feed_url, `${TEST_SITE_URL}/feed.json`);
    assert.deepEqual(site.items[0].authors, [{ name: 'Eleanor Marsh', url: `${TEST_SITE_URL}/authors/${writer.slug}` }]);
    assert.equal(site.items[0].author, undefined, 'no version-1 field left over');
    assert.equal(site.items[0].date_published, '2026-11-26T09:00:00.000Z');
    // The schema itself refuses what it should: it is not a rubber stamp.
    assert.equal(validJsonFeed({ ...site, version: 'https://jsonfeed.org/version/1' }), false);
    assert.equal(validJsonFeed({ ...site, items: [{ id: 'x' }] }), false, 'an item needs content');
  });

  test('ids never change when a story is edited or moved; the summary setting leaves the body out', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { pictured } = await outlet(ctx);
    // rss-parser gives an Atom entry's <id> as `id`, which its types leave out.
    const atomId = (item: object) => (item as { id?: string }).id;
    const idOf = async () => atomId((await parser.parseString((await ctx.app.inject('/atom.xml')).body)).items[0]!);
    const before = await idOf();
    assert.equal(before, `urn:uuid:${pictured.id}`);
    const current = await ctx.services.articles.getForEdit(pictured.id);
    await ctx.services.articles.updateArticle(FACTORY, pictured.id, { ...current, headline: 'Frigate home after seven months' });
    await ctx.services.articles.changeSlug(FACTORY, pictured.id, 'frigate-home');
    const atom = await parser.parseString((await ctx.app.inject('/atom.xml')).body);
    assert.equal(atom.items[0]!.title, 'Frigate home after seven months', 'the feed was refreshed');
    assert.equal(atomId(atom.items[0]!), before, 'the id is the same');
    assert.match(String(atom.items[0]!.link), /\/navy\/frigate-home$/);

    await ctx.services.site.updateSite(FACTORY, { outletName: 'The Garrison Wire', feedContent: 'summary' });
    const rss = await parser.parseString((await ctx.app.inject('/rss.xml')).body);
    const content = String(rss.items[0]!['content:encoded']);
    assert.match(content, /After seven months in the Gulf, the crew are home\./);
    assert.match(content, /<a href="http:\/\/despatch\.test\/navy\/frigate-home">Read the full story on The Garrison Wire<\/a>/);
    assert.doesNotMatch(content, /docked at dawn/);
  });

  test('feeds are cached like pages: ETag and Last-Modified answer 304, and a publication refreshes them', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await outlet(ctx);
    const first = await ctx.app.inject('/rss.xml');
    assert.equal(first.headers['x-cache'], 'MISS');
    // The stories were written at the test's now (their last change), whatever their publication time says.
    assert.equal(first.headers['last-modified'], 'Fri, 27 Nov 2026 12:00:00 GMT', 'the newest item’s last change');
    const hit = await ctx.app.inject('/rss.xml');
    assert.equal(hit.headers['x-cache'], 'HIT');
    assert.equal(hit.headers['last-modified'], first.headers['last-modified'], 'hits carry it too');
    assert.equal((await ctx.app.inject({ url: '/rss.xml', headers: { 'if-none-match': String(first.headers.etag) } })).statusCode, 304);
    assert.equal(
      (await ctx.app.inject({ url: '/rss.xml', headers: { 'if-modified-since': String(first.headers['last-modified']) } })).statusCode,
      304,
    );
    assert.equal(
      (await ctx.app.inject({ url: '/rss.xml', headers: { 'if-modified-since': 'Thu, 26 Nov 2026 00:00:00 GMT' } })).statusCode,
      200,
      'an older copy gets the feed',
    );
    assert.equal((await ctx.app.inject('/corrections/rss.xml')).statusCode, 200);

    await anArticle(ctx, { section: 'Navy', headline: 'Carrier sails for the Pacific', publishedAt: '2026-11-27T08:00:00Z' });
    const fresh = await ctx.app.inject({ url: '/rss.xml', headers: { 'if-none-match': String(first.headers.etag) } });
    assert.equal(fresh.statusCode, 200, 'the publication purged the cached feed');
    assert.equal((await parser.parseString(fresh.body)).items[0]!.title, 'Carrier sails for the Pacific');
  });

  test('every page names the site’s feeds; listings name their own too', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { topic } = await outlet(ctx);
    const home = (await ctx.app.inject('/')).body;
    assert.match(home, /<link rel="alternate" type="application\/rss\+xml" title="The Garrison Wire \(RSS\)" href="\/rss\.xml"\/>/);
    assert.match(home, /<link rel="alternate" type="application\/atom\+xml" title="The Garrison Wire \(Atom\)" href="\/atom\.xml"\/>/);
    assert.match(
      home,
      /<link rel="alternate" type="application\/feed\+json" title="The Garrison Wire \(JSON Feed\)" href="\/feed\.json"\/>/,
    );
    const listing = (await ctx.app.inject(`/topics/${topic.slug}`)).body;
    assert.match(
      listing,
      new RegExp(
        `<link rel="alternate" type="application/rss\\+xml" title="NATO \\| The Garrison Wire \\(RSS\\)" href="/topics/${topic.slug}/rss\\.xml"/>`,
      ),
    );
    for (const href of [...listing.matchAll(/<link rel="alternate" [^>]*href="([^"]+)"/g)].map((m) => m[1]!))
      assert.equal((await ctx.app.inject(href)).statusCode, 200, href);
  });
});
