import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { aSection, aTopic, anArticle, FACTORY } from './factories.js';
import { buildTestApp, createTestContext, formHeaders, TEST_NOW, TEST_SITE_URL, type TestContext } from './helpers/app.js';
import { testClock } from './helpers/clock.js';
import { forEachDatabase } from './helpers/databases.js';

const SEED_PATH = '/tri-service/putin-russia-considering-airstrikes-against-islamic-state';

/** The positions of `needles` in `html`, asserting each is present. */
function positions(html: string, needles: string[]): number[] {
  return needles.map((n) => {
    const at = html.indexOf(n);
    assert.ok(at >= 0, `missing ${n}`);
    return at;
  });
}

function jsonLd(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

forEachDatabase('reader site', (database) => {
  // The demo outlet, shared by the tests that only read it. Every test that writes (articles,
  // settings, subscribers) builds an app of its own after this one is closed, so no test sees
  // another's rows.
  describe('the demo outlet, read only', () => {
    let demo: TestContext;
    before(async () => {
      demo = await createTestContext({ database, demo: true });
    });
    after(() => demo?.close());

    test('the seed article shows its anatomy in the page order', async () => {
      const res = await demo.app.inject(SEED_PATH);
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /text\/html/);
      const html = res.body;
      const order = positions(html, [
        '<p class="kicker"><a href="/tri-service">Tri-Service</a>',
        '<h1 class="headline">Putin: Russia Considering Airstrikes Against Islamic State</h1>',
        '<p class="standfirst">Vladimir Putin says Russia is considering',
        '<time datetime="2026-11-20T09:30:00.000Z">',
        '<div class="article-body">',
        '<h2 id="related-topics-heading">Related topics</h2>',
        '<h2 id="newsletter-heading">Join Our Newsletter</h2>',
        '<h2 id="watch-heading">Watch Us On</h2>',
        '<h2 id="more-stories-heading">More stories</h2>',
      ]);
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        'sections appear in the seed order',
      );
      assert.equal(html.match(/<h1[ >]/g)?.length, 1, 'one h1');
      assert.match(html, /<a href="\/topics\/vladimir-putin">Vladimir Putin<\/a>/);
      assert.match(html, /<label for="newsletter-email">Email address<\/label>/);
      assert.match(html, /<a href="https:\/\/www.youtube.com\/@example" rel="noopener">YouTube<\/a>/);
      const body = html.slice(html.indexOf('<div class="article-body">'), html.indexOf('related-topics-heading'));
      assert.ok(!/Join Our Newsletter|WatchUsOn|Related topics/i.test(body), 'no chrome in the body');
      assert.match(
        body,
        /<blockquote>\s*<p>We believe it(?:'|&#39;)s a huge mistake[^<]*<\/p>\s*<footer><cite>Vladimir Putin<\/cite><\/footer><\/blockquote>/,
      );
      // Teasers become links where such an article exists.
      const more = html.slice(html.indexOf('more-stories-heading'));
      assert.match(
        more,
        /<a href="\/raf\/f-35-fury-hms-prince-of-wales-makes-record-return-to-europe">F-35 Fury: HMS Prince of Wales makes record return to Europe<\/a>/,
      );
      assert.match(
        more,
        /<a href="\/army\/the-intensifying-battle-for-pokrovsk">The intensifying battle for Pokrovsk<\/a>/,
        'a series teaser links to its episode',
      );
    });

    test('the head carries canonical, Open Graph, Twitter and JSON-LD', async () => {
      const html = (await demo.app.inject(SEED_PATH)).body;
      assert.match(html, new RegExp(`<link rel="canonical" href="${TEST_SITE_URL}${SEED_PATH}"/>`));
      assert.match(html, /<meta property="og:type" content="article"\/>/);
      assert.match(html, /<meta name="twitter:card" content="summary_large_image"\/>/);
      assert.match(html, /<meta name="description" content="Vladimir Putin says/);
      const [article, crumbs] = jsonLd(html);
      assert.equal(article!['@type'], 'NewsArticle');
      assert.equal(article!.headline, 'Putin: Russia Considering Airstrikes Against Islamic State');
      assert.equal(article!.datePublished, '2026-11-20T09:30:00.000Z');
      assert.equal(article!.articleSection, 'Tri-Service');
      assert.ok((article!.keywords as string[]).includes('Vladimir Putin'));
      assert.deepEqual(article!.author, [
        { '@type': 'Person', name: 'Eleanor Marsh', url: `${TEST_SITE_URL}/authors/eleanor-marsh`, jobTitle: 'Defence correspondent' },
      ]);
      assert.equal((article!.publisher as { name: string }).name, 'The Garrison Wire');
      // The pull quotes, as quotations with their speakers.
      const quotes = article!.citation as Array<{ '@type': string; text: string; spokenByCharacter?: { name: string } }>;
      assert.ok(quotes.length > 0);
      assert.ok(quotes.every((q) => q['@type'] === 'Quotation' && q.text.length > 0));
      assert.ok(
        quotes.some((q) => q.spokenByCharacter?.name === 'Vladimir Putin'),
        JSON.stringify(quotes),
      );
      assert.ok(Array.isArray(article!.image) && (article!.image as string[])[0]!.startsWith(TEST_SITE_URL));
      assert.equal(crumbs!['@type'], 'BreadcrumbList');
      assert.equal((crumbs!.itemListElement as unknown[]).length, 3);
    });

    test('home, section, topic, series and author pages list their articles', async () => {
      const pages: Array<[string, RegExp]> = [
        ['/', /Battlefield Brief/],
        ['/tri-service', /Putin: Russia Considering Airstrikes/],
        ['/topics/vladimir-putin', /Putin: Russia Considering Airstrikes/],
        ['/series/battlefield-brief', /The intensifying battle for Pokrovsk/],
        ['/authors/eleanor-marsh', /Putin: Russia Considering Airstrikes/],
      ];
      for (const [path, expected] of pages) {
        const res = await demo.app.inject(path);
        assert.equal(res.statusCode, 200, path);
        assert.match(res.body, expected, path);
        assert.equal(res.body.match(/<h1[ >]/g)?.length, 1, `${path} has one h1`);
        assert.match(res.body, /<a class="skip-link" href="#content">/);
      }
      // Six stories fit the lead and the latest list: every desk is there, and no rail repeats them.
      const home = (await demo.app.inject('/')).body;
      for (const section of ['Army', 'Navy', 'RAF', 'Tri-Service'])
        assert.match(home, new RegExp(`<p class="kicker">${section}</p>`), section);
      assert.doesNotMatch(home, /class="rails"/, 'no empty rails');
      // Topics say what they cover.
      assert.match(
        (await demo.app.inject('/topics/vladimir-putin')).body,
        /The President of Russia, in power as president or prime minister since 1999\./,
      );
    });

    test('odd spellings of a page address answer 301 to its one address; bad slugs 404 before any query', async () => {
      const encoded = await demo.app.inject('/tri-service/%70utin-russia-considering-airstrikes-against-islamic-state');
      assert.equal(encoded.statusCode, 301);
      assert.equal(encoded.headers.location, SEED_PATH);
      const slash = await demo.app.inject('/army/?page=2');
      assert.equal(slash.statusCode, 301);
      assert.equal(slash.headers.location, '/army?page=2');
      assert.equal(encoded.headers['cache-control'], 'public, max-age=300', 'redirects are kept minutes, not for ever');
      // Backslashes cannot be sent through inject (its URL parser turns them into slashes); sameSitePath's own test covers them.
      for (const sneaky of ['//evil.example/', '///evil.example//']) {
        const res = await demo.app.inject(sneaky);
        assert.equal(res.statusCode, 301, sneaky);
        assert.equal(res.headers.location, '/evil.example', `${sneaky} never redirects to another site`);
      }
      for (const path of ['/tri-service/abc%00', '/topics/x%00', '/army%00', '/authors/%00', '/series/%E2%80%A8', '/TRI-SERVICE']) {
        const res = await demo.app.inject(path);
        assert.equal(res.statusCode, 404, path);
        assert.match(res.body, /Page not found/);
        assert.doesNotMatch(res.body, /rel="canonical"/, 'an error page has no canonical address');
      }
    });
  });

  test('listings paginate with ?page=N and rel=prev/next', async (t) => {
    const ctx = await buildTestApp(t, { database });
    // Enough Army stories to need two pages of twelve; the oldest is "Exercise report 1".
    for (let i = 1; i <= 14; i++)
      await anArticle(ctx, {
        section: 'Army',
        headline: `Exercise report ${i}`,
        publishedAt: `2026-10-${String(i).padStart(2, '0')}T10:00:00Z`,
      });
    const first = (await ctx.app.inject('/army')).body;
    assert.match(first, /<link rel="next" href="http:\/\/despatch.test\/army\?page=2"\/>/);
    assert.doesNotMatch(first, /rel="prev"/);
    assert.doesNotMatch(first, /Exercise report 1</, 'the oldest story is not on the first page');
    const second = await ctx.app.inject('/army?page=2');
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /<link rel="prev" href="http:\/\/despatch.test\/army"\/>/);
    assert.doesNotMatch(second.body, /rel="next"/, 'the last page links to no next page');
    assert.match(second.body, /Exercise report 1</);
    assert.match(second.body, /Exercise report 2</);
    assert.doesNotMatch(second.body, /Exercise report 3</, 'page 2 starts where page 1 ended');
    assert.equal((await ctx.app.inject('/army?page=9')).statusCode, 404);
    assert.equal((await ctx.app.inject('/army?page=abc')).statusCode, 404);
    assert.equal((await ctx.app.inject('/army?page=0')).statusCode, 404);
  });

  test('unknown pages answer 404, withdrawn ones 410, moved ones 301', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const missing = await ctx.app.inject('/no-such-desk/no-such-story');
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /Page not found/);
    assert.equal((await ctx.app.inject('/topics/nothing-here')).statusCode, 404);
    // Whatever lookup failed, a reader reads the same plain words (not "No such section.").
    for (const path of ['/media', '/no-such-desk', '/authors/nobody'])
      assert.match(
        (await ctx.app.inject(path)).body,
        /We could not find that page\. It may have moved, or the address may be mistyped\./,
        path,
      );
    const icon = await ctx.app.inject('/favicon.ico');
    assert.equal(icon.statusCode, 301);
    const svg = await ctx.app.inject(String(icon.headers.location));
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
    // An SVG opened on its own is a document: it keeps the policy that forbids script.
    assert.match(String(svg.headers['content-security-policy']), /script-src 'none'/);
    // Pages carry their icon inline (no request for it), and their font and stylesheet come
    // without the headers that only govern documents.
    const home = (await ctx.app.inject('/')).body;
    assert.match(home, /<link rel="icon" href="data:image\/svg\+xml,%3Csvg/);
    for (const href of [/<link rel="stylesheet" href="([^"]+)"/.exec(home)![1]!, /<link rel="preload" href="([^"]+)"/.exec(home)![1]!]) {
      const sub = await ctx.app.inject(href);
      assert.equal(sub.statusCode, 200, href);
      assert.equal(sub.headers['x-content-type-options'], 'nosniff', href);
      assert.equal(sub.headers['content-security-policy'], undefined, href);
      assert.equal(sub.headers['x-frame-options'], undefined, href);
    }

    const ref = await anArticle(ctx, { section: 'Navy', headline: 'Frigate sails' });
    // Another desk, so the story can be asked for under the wrong one.
    await aSection(ctx, { name: 'Army' });
    const moved = await ctx.services.articles.changeSlug(FACTORY, ref.id, 'frigate-sails-for-the-gulf');
    const old = await ctx.app.inject(ref.path);
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, moved.path);
    assert.equal((await ctx.app.inject(moved.path)).statusCode, 200);

    const wrongSection = await ctx.app.inject(`/army/${moved.slug}`);
    assert.equal(wrongSection.statusCode, 301);
    assert.equal(wrongSection.headers.location, moved.path);

    await ctx.services.articles.unpublishArticle(FACTORY, ref.id);
    const withdrawn = await ctx.app.inject(moved.path);
    assert.equal(withdrawn.statusCode, 410);
    assert.match(withdrawn.body, /withdrawn/);

    const draft = await anArticle(ctx, { section: 'Navy', headline: 'Draft story', status: 'draft' });
    assert.equal((await ctx.app.inject(draft.path)).statusCode, 404, 'drafts are not public');
  });

  test('a correction shows on the article with "Updated", in its JSON-LD, and at /corrections', async (t) => {
    const clock = testClock(TEST_NOW);
    const ctx = await buildTestApp(t, { database, clock });
    const ref = await anArticle(ctx, { section: 'RAF', headline: 'Typhoon pilots train over Estonia' });
    const before = (await ctx.app.inject(ref.path)).body; // cached now
    assert.doesNotMatch(before, /Updated/);
    assert.equal((await ctx.app.inject('/corrections')).statusCode, 200);

    clock.advance(90 * 60_000);
    await ctx.services.articles.addNote(FACTORY, ref.id, { kind: 'correction', body: 'An earlier version said <Latvia>; it was Estonia.' });
    const page = (await ctx.app.inject(ref.path)).body;
    assert.match(
      page,
      /Updated <time datetime="2026-11-27T13:30:00.000Z">27 November 2026, 13:30 GMT<\/time>/,
      'the cached page was purged',
    );
    assert.match(
      page,
      /<strong>Correction<\/strong>, <time[^>]*>27 November 2026, 13:30 GMT<\/time>: An earlier version said &lt;Latvia>; it was Estonia\./,
    );
    const article = jsonLd(page).find((o) => o['@type'] === 'NewsArticle')!;
    assert.equal(article.dateModified, '2026-11-27T13:30:00.000Z');
    assert.deepEqual(article.correction, [
      {
        '@type': 'CorrectionComment',
        text: 'An earlier version said <Latvia>; it was Estonia.',
        datePublished: '2026-11-27T13:30:00.000Z',
      },
    ]);

    await ctx.services.articles.addNote(FACTORY, ref.id, { kind: 'update', body: 'Two more jets joined the exercise.' });
    const list = (await ctx.app.inject('/corrections')).body;
    assert.match(list, new RegExp(`<a href="${ref.path}">Typhoon pilots train over Estonia</a>`));
    assert.match(list, /it was Estonia/);
    assert.doesNotMatch(list, /Two more jets/, 'updates are not corrections');
    assert.equal((await ctx.app.inject('/corrections?page=2')).statusCode, 404);
  });

  test('pages carry ETag and Cache-Control and answer 304 when unchanged', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { path } = await anArticle(ctx);
    const first = await ctx.app.inject(path);
    assert.equal(first.statusCode, 200);
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/".+"$/);
    assert.match(String(first.headers['cache-control']), /max-age=\d+.*stale-while-revalidate/);
    assert.match(String(first.headers['content-security-policy']), /script-src 'none'/);
    assert.equal(first.headers['x-content-type-options'], 'nosniff');
    const again = await ctx.app.inject({ url: path, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.match(String(again.headers['content-security-policy']), /script-src 'none'/, 'cached answers carry the security headers too');
    // A content change purges the cache: the page is rendered afresh with a new ETag.
    await ctx.services.site.updateSite(FACTORY, { ...(await ctx.services.site.getSite()), outletName: 'The Garrison Wire Daily' });
    const changed = await ctx.app.inject({ url: path, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.match(changed.body, /The Garrison Wire Daily/);
    assert.notEqual(changed.headers.etag, etag);
  });

  test('the newsletter form stores a pending subscriber without revealing known addresses', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const story = await anArticle(ctx);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: formHeaders,
      payload: `email=Reader%40Example.org&source=${encodeURIComponent(story.path)}`,
    });
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/newsletter/thanks');
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: formHeaders,
      payload: 'email=reader%40example.org&source=%2F',
    });
    assert.equal(again.statusCode, 303, 'a known address gets the same answer');
    const rows = await ctx.handle.db.selectFrom('subscribers').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.email, 'reader@example.org');
    assert.equal(rows[0]!.status, 'pending');
    assert.equal(rows[0]!.source_path, '/', 'a pending sign-up takes the latest request’s page');
    const consents = await ctx.handle.db.selectFrom('subscriber_consents').selectAll().orderBy('at').execute();
    assert.deepEqual(
      consents.map((c) => [c.event, c.source_path]).sort(),
      [
        ['signed_up', '/'],
        ['signed_up', story.path],
      ],
      'each sign-up is on the consent record, with its page',
    );

    const page = await ctx.app.inject('/newsletter');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/newsletter"/);
    assert.doesNotMatch(page.body, /There is a problem/);

    const thanks = await ctx.app.inject('/newsletter/thanks');
    assert.match(thanks.body, /<h1>Check your email<\/h1>/);

    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: formHeaders,
      payload: 'email=not-an-address&source=%2F',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Enter an email address in the form name@example.com/);
    assert.match(bad.body, /value="not-an-address"/, 'what was typed is kept');
    assert.equal((await ctx.handle.db.selectFrom('subscribers').selectAll().execute()).length, 1, 'nothing written');

    const crossSite = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: { ...formHeaders, origin: 'https://evil.example' },
      payload: 'email=x%40example.org',
    });
    assert.equal(crossSite.statusCode, 403);
    const noOrigin = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=y%40example.org',
    });
    assert.equal(noOrigin.statusCode, 403);
    assert.equal((await ctx.handle.db.selectFrom('subscribers').selectAll().execute()).length, 1, 'refused posts wrote nothing');
  });

  test('hostile text is escaped or removed on every page', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const ref = await ctx.services.articles.createArticle(FACTORY, {
      section: `Desk ${evil}`,
      headline: `Headline ${evil}`,
      standfirst: `Standfirst ${evil}`,
      bodyMarkdown: `Body ${evil}\n\n[click me](javascript:alert(3)) and <a href="javascript:alert(4)">raw</a>\n\n![img](javascript:alert(5))`,
      topics: [`Topic ${evil}`],
      series: `Series ${evil}`,
      authors: [`Author ${evil}`],
      pullQuotes: [{ text: `Quote ${evil}`, speaker: `Speaker ${evil}` }],
      status: 'published',
    });
    const article = await ctx.app.inject(ref.path);
    assert.equal(article.statusCode, 200);
    const topic = /href="(\/topics\/[^"]+)"/.exec(article.body)![1]!;
    const series = /href="(\/series\/[^"]+)"/.exec(article.body)![1]!;
    const author = /href="(\/authors\/[^"]+)"/.exec(article.body)![1]!;
    const section = ref.path.split('/').slice(0, 2).join('/');
    for (const path of [ref.path, '/', section, topic, series, author]) {
      const html = (await ctx.app.inject(path)).body;
      assert.ok(html.includes('Headline'), `${path} shows the article`);
      assert.doesNotMatch(html, /<script>alert|<img src=x|href="javascript:|src="javascript:/i, `${path} is safe`);
      // JSON-LD must not be closable from inside.
      for (const block of html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g))
        assert.doesNotMatch(block[1]!, /<\/?script/i);
    }
  });

  test('the home page paginates older stories with rel=prev/next', async (t) => {
    const ctx = await buildTestApp(t, { database });
    // More stories than the front page's lead and twelve; the oldest, "Dispatch 1", is left for page 2.
    const desk = await aSection(ctx);
    for (let i = 1; i <= 14; i++)
      await anArticle(ctx, { section: desk, headline: `Dispatch ${i}`, publishedAt: `2026-10-${String(i).padStart(2, '0')}T10:00:00Z` });
    const first = (await ctx.app.inject('/')).body;
    assert.match(first, /<link rel="next" href="http:\/\/despatch.test\/\?page=2"\/>/);
    assert.doesNotMatch(first, /rel="prev"/);
    const latest = /<section class="latest".*?<\/section>/s.exec(first)![0];
    assert.doesNotMatch(latest, /Dispatch 1</, 'the oldest story is not in the latest twelve (its desk’s rail may show it)');
    assert.match(latest, /Dispatch 2</, 'the lead and twelve more are on the first page');
    const second = await ctx.app.inject('/?page=2');
    assert.equal(second.statusCode, 200);
    assert.match(second.body, /<link rel="prev" href="http:\/\/despatch.test\/"\/>/);
    assert.match(second.body, /Older stories/);
    assert.match(second.body, /Dispatch 1</);
    assert.doesNotMatch(second.body, /Dispatch 2</, 'page 2 starts after the first page’s thirteen');
    assert.equal((await ctx.app.inject('/?page=3')).statusCode, 404, 'no page past the oldest story');
  });

  test('an editor-set kicker replaces the section name; aliases find their topic', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await aTopic(ctx, { name: 'United Nations', kind: 'organisation', aliases: ['UN'] });
    await aTopic(ctx, { name: 'NATO', kind: 'organisation' });
    const ref = await anArticle(ctx, {
      section: 'Army',
      kicker: 'Analysis',
      headline: 'What the reserves are for',
      topics: ['UN', 'nato'],
    });
    const html = (await ctx.app.inject(ref.path)).body;
    assert.match(html, /<p class="kicker"><a href="\/army">Analysis<\/a><\/p>/);
    assert.match(html, /<a href="\/topics\/united-nations">United Nations<\/a>/, '"UN" is an alias of United Nations');
    assert.match(html, /<a href="\/topics\/nato">NATO<\/a>/, 'names match whatever their case');
    const same = await anArticle(ctx, { section: 'Army', kicker: 'ARMY', headline: 'Kicker same as desk' });
    const row = await ctx.handle.db.selectFrom('articles').select('kicker').where('article_id', '=', same.id).executeTakeFirstOrThrow();
    assert.equal(row.kicker, null, 'a kicker equal to the section name is not stored');
  });

  test('forms sent from another site are refused, whatever Host says', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const attempts = [
      { 'sec-fetch-site': 'cross-site', origin: TEST_SITE_URL },
      { 'sec-fetch-site': 'same-site', origin: TEST_SITE_URL },
      { host: 'evil.example', origin: 'http://evil.example' },
      { referer: 'https://evil.example/page' },
    ];
    for (const headers of attempts) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/newsletter',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: 'email=z%40example.org',
      });
      assert.equal(res.statusCode, 403, JSON.stringify(headers));
    }
    assert.equal((await ctx.handle.db.selectFrom('subscribers').selectAll().execute()).length, 0, 'refused posts wrote nothing');
    const sameOrigin = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'email=z%40example.org',
    });
    assert.equal(sameOrigin.statusCode, 303);
    const rows = await ctx.handle.db.selectFrom('subscribers').selectAll().execute();
    assert.deepEqual(
      rows.map((r) => r.email),
      ['z@example.org'],
      'a same-origin post is stored',
    );
  });

  test('channel and footer links must be site paths or web addresses', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await ctx.services.site.updateSite(FACTORY, {
      outletName: 'The Garrison Wire',
      channels: [{ name: 'YouTube', url: 'https://www.youtube.com/@example' }],
      footerLinks: [{ label: 'Newsletter', url: '/newsletter' }],
    });
    const { path } = await anArticle(ctx);
    for (const url of ['javascript:alert(1)', 'data:text/html,x', '//evil.example', '/\\evil.example', 'vbscript:x', ' ']) {
      await assert.rejects(
        ctx.services.site.updateSite(FACTORY, { ...(await ctx.services.site.getSite()), channels: [{ name: 'Bad', url }] }),
        (e: Error & { kind?: string }) => e.kind === 'Validation',
        url,
      );
      await assert.rejects(
        ctx.services.site.updateSite(FACTORY, { ...(await ctx.services.site.getSite()), footerLinks: [{ label: 'Bad', url }] }),
        (e: Error & { kind?: string }) => e.kind === 'Validation',
        url,
      );
    }
    const html = (await ctx.app.inject(path)).body;
    assert.match(
      html,
      /<a href="https:\/\/www.youtube.com\/@example" rel="noopener">YouTube<\/a>/,
      'refused changes left the channels as they were',
    );
    assert.match(html, /<a href="\/newsletter">Newsletter<\/a>/, 'and the footer links');
  });

  test('an article offers share links (plain, no scripts), its reading time, and its address on paper', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const words = Array.from({ length: 700 }, (_, i) => `word${i}`).join(' ');
    const ref = await anArticle(ctx, {
      section: 'Navy',
      headline: 'Frigates & drones: a test',
      bodyMarkdown: `${words}\n\nSee [the fleet](https://example.org/fleet).`,
    });
    const page = (await ctx.app.inject(ref.path)).body;
    const url = encodeURIComponent(`${TEST_SITE_URL}${ref.path}`);
    const share = /<nav class="share-links" aria-label="Share this article">(.*?)<\/nav>/s.exec(page)?.[1] ?? '';
    for (const href of [
      `https://x.com/intent/post?url=${url}&amp;text=Frigates%20%26%20drones%3A%20a%20test`,
      `https://www.facebook.com/sharer/sharer.php?u=${url}`,
      `https://www.linkedin.com/sharing/share-offsite/?url=${url}`,
      `mailto:?subject=Frigates%20%26%20drones%3A%20a%20test&amp;body=${url}`,
    ])
      assert.ok(share.includes(`href="${href}"`), href);
    assert.match(share, /href="https:\/\/wa\.me\/\?text=Frigates/);
    assert.doesNotMatch(page, /<script(?! type="application\/ld\+json")/, 'no script but structured data');
    assert.match(page, /· 4 min read<\/p>/, '700 words at 230 a minute');
    assert.match(page, new RegExp(`<p class="print-only">Read online: ${TEST_SITE_URL}${ref.path}</p>`));
  });

  test('cards credit their writers, and give the time for today’s stories and the date for older ones', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await anArticle(ctx, {
      section: 'Navy',
      headline: 'Destroyer sails this morning',
      publishedAt: '2026-11-27T09:15:00Z',
      authors: ['Jane Smith', 'Tom Price'],
    });
    await anArticle(ctx, { section: 'Navy', headline: 'Submarine returned last week', publishedAt: '2026-11-20T16:40:00Z' });
    const section = (await ctx.app.inject('/navy')).body;
    assert.match(
      section,
      /Destroyer sails this morning.*?<span class="card-credit">Jane Smith and Tom Price<\/span> · <time datetime="2026-11-27T09:15:00.000Z">Today, 09:15<\/time>/s,
      'cards credit their writers',
    );
    assert.match(section, /Submarine returned last week.*?<time datetime="2026-11-20T16:40:00.000Z">20 November 2026<\/time>/s);
  });

  test('the front page shows every story once: lead, latest, then rails of what is left', async (t) => {
    const ctx = await buildTestApp(t, { database });
    for (let i = 0; i < 18; i++)
      await anArticle(ctx, {
        section: i % 2 ? 'Navy' : 'Army',
        headline: `Story number ${i}`,
        publishedAt: new Date(Date.parse('2026-11-20T09:00:00Z') + i * 3600_000).toISOString(),
      });
    const home = (await ctx.app.inject('/')).body;
    const headlines = [...home.matchAll(/<h3 class="card-headline"><a href="[^"]+">(Story number \d+)<\/a>/g)].map((m) => m[1]!);
    assert.equal(new Set(headlines).size, headlines.length, `no story twice: ${headlines.join(', ')}`);
    assert.equal(headlines[0], 'Story number 17', 'the newest leads');
    assert.ok(headlines.length >= 14, 'rails carry on with older stories');
    // A lead without a picture is laid out as text, not half a picture grid.
    assert.match(home, /<section class="lead-story"[^>]*>.*?<article class="card">/s);
  });
});
