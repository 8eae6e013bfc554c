import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { FACTORY } from './factories.js';
import { buildTestApp, TEST_SITE_URL, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { isAppError } from '../src/kernel/errors.js';

const code = (c: string, field?: RegExp) => (e: unknown) =>
  isAppError(e) && e.code === c && (!field || field.test(JSON.stringify(e.fields ?? {})));

/** A picture of its own for each file name (the library keeps identical bytes once). */
async function aPicture(ctx: TestContext, file: string, meta: { alt?: string; credit?: string; caption?: string } = {}) {
  const bytes = await sharp({ create: { width: 1400, height: 788, channels: 3, background: '#2a9d8f' } })
    .composite([
      {
        input: {
          create: { width: 200, height: 200, channels: 3, background: `#${createHash('sha256').update(file).digest('hex').slice(0, 6)}` },
        },
        left: 100,
        top: 100,
      },
    ])
    .jpeg()
    .toBuffer();
  const { item } = await ctx.services.media.addImage(FACTORY, { file, bytes }, meta);
  await ctx.runner.runDue();
  return item;
}

const meta = (page: string, property: string) => new RegExp(`<meta property="${property}" content="([^"]*)"`).exec(page)?.[1];
const jsonLd = (page: string) =>
  [...page.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)]
    .map((m) => JSON.parse(m[1]!))
    .find((d) => d['@type'] === 'NewsArticle');

forEachDatabase('pictures on the reader site', (database) => {
  test('cards show the 16:9 crop; link previews and structured data the crops with their sizes; a new focal point, new addresses', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const hero = await aPicture(ctx, 'carrier.jpg', { alt: 'HMS Queen Elizabeth at sea', credit: 'Royal Navy' });
    const article = await ctx.services.articles.createArticle(FACTORY, {
      section: 'Navy',
      headline: 'Carrier returns to Portsmouth',
      standfirst: 'After seven months at sea.',
      bodyMarkdown: 'The ship came home.',
      heroMediaId: hero.id,
      status: 'published',
    });

    const section = (await ctx.app.inject('/navy')).body;
    const card = /<article class="card has-image"><picture class="card-image">(.*?)<\/picture>/.exec(section)?.[1] ?? '';
    assert.match(
      card,
      /<source type="image\/avif" srcset="[^"]+\/card-50-50-320\.avif 320w, [^"]+\/card-50-50-640\.avif 640w, [^"]+\/card-50-50-960\.avif 960w"/,
    );
    assert.match(
      card,
      /<img src="[^"]+\/card-50-50-960\.jpg" [^>]*alt="HMS Queen Elizabeth at sea" width="960" height="540" loading="lazy"/,
    );

    const home = (await ctx.app.inject('/')).body;
    assert.match(
      home,
      /<section class="lead-story"[^>]*>.*?<picture class="card-image">.*?fetch[pP]riority="high"/s,
      'the home page’s lead picture is fetched first',
    );

    const page = (await ctx.app.inject(article.path)).body;
    // The hero's AVIF sizes are preloaded from the head, with the picture's own srcset and sizes (so the same file).
    const preload = /<link rel="preload" as="image" type="image\/avif" imageSrcSet="([^"]+)" imagesizes="([^"]+)"/i.exec(page);
    const avif = /<figure class="hero"><picture><source type="image\/avif" srcset="([^"]+)" sizes="([^"]+)"/.exec(page);
    assert.ok(preload && avif, 'a preload and an AVIF source');
    assert.deepEqual([preload[1], preload[2]], [avif[1], avif[2]]);
    assert.match(meta(page, 'og:image') ?? '', new RegExp(`^${TEST_SITE_URL}/media/i/[0-9a-f]{2}/[0-9a-f]{64}/og-50-50-1200\\.jpg$`));
    assert.deepEqual(
      ['og:image:type', 'og:image:width', 'og:image:height', 'og:image:alt'].map((p) => meta(page, p)),
      ['image/jpeg', '1200', '630', 'HMS Queen Elizabeth at sea'],
    );
    const images = jsonLd(page).image as Array<{ url: string; width: number; height: number }>;
    assert.deepEqual(
      images.map((i) => [i.url.replace(/^.*\//, ''), i.width, i.height]),
      [
        ['card-50-50-960.jpg', 960, 540],
        ['square-50-50-640.jpg', 640, 640],
        ['og-50-50-1200.jpg', 1200, 630],
      ],
    );
    assert.ok(images.every((i) => i.url.startsWith(`${TEST_SITE_URL}/media/`)));
    const served = await ctx.app.inject(new URL(meta(page, 'og:image')!).pathname);
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    const size = await sharp(served.rawPayload).metadata();
    assert.deepEqual([size.width, size.height], [1200, 630]);

    await ctx.services.media.update(FACTORY, hero.id, {
      alt: 'HMS Queen Elizabeth at sea',
      caption: '',
      credit: 'Royal Navy',
      focalX: 0.12,
      focalY: 0.3,
      licenceExpires: null,
    });
    await ctx.runner.runDue();
    const moved = (await ctx.app.inject(article.path)).body;
    assert.match(meta(moved, 'og:image') ?? '', /\/og-12-30-1200\.jpg$/, 'the page points at the new cut');
    assert.match((await ctx.app.inject('/navy')).body, /card-12-30-960\.jpg/);
  });

  test('pictures in the body come from the library only, are described before publication, and count as uses', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const described = await aPicture(ctx, 'convoy.jpg', { alt: 'A convoy on a desert road', caption: 'The convoy', credit: 'MOD' });
    const bare = await aPicture(ctx, 'bare.jpg');
    const input = {
      section: 'Army',
      headline: 'Convoy reaches the border',
      standfirst: '',
      bodyMarkdown: `The convoy set off at dawn.\n\n![](media:${described.id})\n\nIt arrived by noon.`,
    };

    await assert.rejects(
      ctx.services.articles.createArticle(FACTORY, { ...input, bodyMarkdown: 'See ![hot](https://elsewhere.example/p.jpg)' }),
      code('VALIDATION_FAILED', /only show pictures from the media library.*elsewhere\.example/),
    );
    await assert.rejects(
      ctx.services.articles.createArticle(FACTORY, { ...input, bodyMarkdown: '![x](media:00000000-0000-4000-8000-000000000000)' }),
      code('VALIDATION_FAILED', /00000000-0000-4000-8000-000000000000, which is not in the media library/),
    );
    assert.equal((await ctx.handle.db.selectFrom('articles').select('article_id').execute()).length, 0, 'nothing half-written');

    const withBare = { ...input, bodyMarkdown: `${input.bodyMarkdown}\n\n![](media:${bare.id})` };
    await assert.rejects(
      ctx.services.articles.createArticle(FACTORY, { ...withBare, status: 'published' }),
      (e) => isAppError(e) && e.code === 'PICTURE_ALT_REQUIRED' && /A picture in the body has no alt text/.test(e.message),
    );
    const draft = await ctx.services.articles.createArticle(FACTORY, withBare);
    await assert.rejects(ctx.services.articles.publishArticle(FACTORY, draft.id), code('PICTURE_ALT_REQUIRED', /bare\.jpg/));
    await assert.rejects(
      ctx.services.media.remove(FACTORY, described.id),
      (e) => isAppError(e) && e.code === 'MEDIA_IN_USE' && /Convoy reaches the border/.test(e.message),
    );

    // Described in the body itself, the second picture may be published.
    const edit = await ctx.services.articles.getForEdit(draft.id);
    await ctx.services.articles.updateArticle(FACTORY, draft.id, {
      ...edit,
      bodyMarkdown: `${input.bodyMarkdown}\n\n![Trucks at the crossing](media:${bare.id} "At the crossing")`,
    });
    const live = await ctx.services.articles.publishArticle(FACTORY, draft.id);
    const page = (await ctx.app.inject(live.path)).body;
    const figures = [...page.matchAll(/<figure class="body-picture">(.*?)<\/figure>/g)].map((m) => m[1]!);
    assert.equal(figures.length, 2);
    assert.match(
      figures[0]!,
      /alt="A convoy on a desert road".*loading="lazy".*<figcaption>The convoy <span class="credit">MOD<\/span><\/figcaption>/,
    );
    assert.match(
      figures[1]!,
      /<source type="image\/webp" srcset="[^"]+\/320\.webp 320w.*alt="Trucks at the crossing".*<figcaption>At the crossing<\/figcaption>/,
    );

    // A picture's words change without the article changing: the page follows.
    await ctx.services.media.update(FACTORY, described.id, {
      alt: 'A long convoy on a desert road',
      caption: 'The convoy',
      credit: 'MOD',
      focalX: 0.5,
      focalY: 0.5,
      licenceExpires: null,
    });
    assert.match((await ctx.app.inject(live.path)).body, /alt="A long convoy on a desert road"/);
  });

  test('an author’s photo comes from the library, shown as its square crop; the picture cannot be deleted while it is', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const portrait = await aPicture(ctx, 'jane.jpg', { alt: 'Jane Smith' });
    const author = await ctx.services.authors.ensureAuthor(FACTORY, 'Jane Smith', { role: 'Defence Correspondent' });
    const edit = { name: 'Jane Smith', slug: author.slug, role: 'Defence Correspondent', bio: 'Jane covers the Army.' };
    await assert.rejects(
      ctx.services.authors.updateAuthor(FACTORY, author.id, { ...edit, photoMediaId: '00000000-0000-4000-8000-000000000000' }),
      code('VALIDATION_FAILED', /photoMediaId/),
    );
    await ctx.services.authors.updateAuthor(FACTORY, author.id, { ...edit, photoMediaId: portrait.id });

    const page = (await ctx.app.inject(`/authors/${author.slug}`)).body;
    assert.match(
      page,
      /<picture class="author-photo"><source type="image\/avif" srcset="[^"]+\/square-50-50-160\.avif 160w, [^"]+\/square-50-50-320\.avif 320w, [^"]+\/square-50-50-640\.avif 640w" sizes="6rem"\/>.*?alt="Jane Smith" width="640" height="640" loading="lazy"/,
    );
    const profile = [...page.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)]
      .map((m) => JSON.parse(m[1]!))
      .find((d) => d['@type'] === 'ProfilePage');
    assert.match(profile.mainEntity.image, /^http:\/\/despatch\.test\/media\/.*\/square-50-50-640\.jpg$/);

    await assert.rejects(
      ctx.services.media.remove(FACTORY, portrait.id),
      (e) => isAppError(e) && e.code === 'MEDIA_IN_USE' && /the profile of Jane Smith/.test(e.message),
    );
    await ctx.services.authors.updateAuthor(FACTORY, author.id, { ...edit, photoMediaId: null });
    await ctx.services.media.remove(FACTORY, portrait.id);
  });
});
