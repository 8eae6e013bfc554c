import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { FACTORY } from './factories.js';
import { get, post, postMultipart, signedIn } from './helpers/newsroom.js';
import { buildTestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { isAppError } from '../src/kernel/errors.js';

const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

forEachDatabase('a library picture as an article’s hero', (database) => {
  test('no publication without alt text; the page shows a <picture> with every size; the picture cannot be deleted while used', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const bytes = await sharp({ create: { width: 1400, height: 788, channels: 3, background: '#264653' } })
      .jpeg()
      .toBuffer();
    const { item } = await ctx.services.media.addImage(
      FACTORY,
      { file: 'carrier.jpg', bytes },
      { caption: 'The carrier at sea', credit: 'Royal Navy' },
    );
    await ctx.runner.runDue();

    const input = {
      section: 'Navy',
      headline: 'Carrier strike group sails',
      standfirst: 'Eight ships left Portsmouth.',
      bodyMarkdown: 'They sailed at dawn.',
      heroMediaId: item.id,
      heroCaption: 'HMS Prince of Wales leaves Portsmouth',
    };
    await assert.rejects(ctx.services.articles.createArticle(FACTORY, { ...input, status: 'published' }), code('HERO_ALT_REQUIRED'));
    const draft = await ctx.services.articles.createArticle(FACTORY, input);
    await assert.rejects(
      ctx.services.articles.publishArticle(FACTORY, draft.id),
      (e) => isAppError(e) && e.code === 'HERO_ALT_REQUIRED' && /no alt text yet/.test(e.message),
    );
    await assert.rejects(ctx.services.articles.scheduleArticle(FACTORY, draft.id, '2030-01-01T09:00:00Z'), code('HERO_ALT_REQUIRED'));
    await assert.rejects(
      ctx.services.articles.createArticle(FACTORY, { ...input, headline: 'Another', heroMediaId: 'no-such-picture' }),
      (e) => isAppError(e) && e.code === 'VALIDATION_FAILED' && e.fields.heroMediaId === 'is not in the media library',
    );

    await ctx.services.media.update(FACTORY, item.id, {
      alt: 'HMS Prince of Wales at sea',
      caption: 'The carrier at sea',
      credit: 'Royal Navy',
      focalX: 0.5,
      focalY: 0.5,
      licenceExpires: null,
    });
    const live = await ctx.services.articles.publishArticle(FACTORY, draft.id);
    const page = (await ctx.app.inject(live.path)).body;
    const picture = /<picture>(.*?)<\/picture>/.exec(page)?.[1] ?? '';
    assert.match(
      picture,
      /<source type="image\/avif" srcset="\/media\/i\/[^ ]+\/320\.avif 320w, [^"]+\/1400\.avif 1400w" sizes="\(min-width: 64rem\) 42rem, 100vw"\/>/,
    );
    assert.match(picture, /<source type="image\/webp" srcset="[^"]+1400\.webp 1400w"/);
    assert.match(
      picture,
      /<img src="\/media\/i\/[^"]+\/960\.jpg" srcset="[^"]+320\.jpg 320w, [^"]+1400\.jpg 1400w" sizes="[^"]+" alt="HMS Prince of Wales at sea" width="1400" height="788" fetch[pP]riority="high" decoding="async"\/>/,
    );
    assert.doesNotMatch(picture, /loading="lazy"/, 'the lead picture is not lazy');
    assert.match(
      page,
      /<figcaption>HMS Prince of Wales leaves Portsmouth<span class="credit"> Royal Navy<\/span><\/figcaption>/,
      'the article’s caption, the picture’s credit',
    );

    await assert.rejects(
      ctx.services.media.remove(FACTORY, item.id),
      (e) => isAppError(e) && e.code === 'MEDIA_IN_USE' && /“Carrier strike group sails”/.test(e.message),
    );
    // Without the picture, the article no longer holds it.
    const edit = await ctx.services.articles.getForEdit(draft.id);
    await ctx.services.articles.updateArticle(FACTORY, draft.id, { ...edit, heroMediaId: null });
    await ctx.services.media.remove(FACTORY, item.id);
  });

  test('the editor offers the library’s pictures as the hero; a picture without alt text cannot be published from the form', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const bytes = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#e76f51' } })
      .jpeg()
      .toBuffer();
    const { item } = await ctx.services.media.addImage(FACTORY, { file: 'typhoon.jpg', bytes });
    await ctx.runner.runDue();
    const blank = await get(ctx, editor, '/newsroom/articles/new');
    assert.match(blank.body, new RegExp(`<option value="${item.id}">typhoon\\.jpg: no alt text yet</option>`));
    const created = await post(ctx, editor, '/newsroom/articles', {
      section: 'RAF',
      headline: 'Typhoons meet Russian jets',
      standfirst: '',
      body: 'Two Typhoons were scrambled.',
      heroMediaId: item.id,
      heroCaption: 'A Typhoon over the Baltic',
    });
    assert.equal(created.statusCode, 303);
    const id = /\/newsroom\/articles\/([^?]+)/.exec(String(created.headers.location))![1]!;
    const refused = await post(ctx, editor, `/newsroom/articles/${id}/publish`);
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /The hero picture has no alt text yet/);
    const edit = await get(ctx, editor, `/newsroom/articles/${id}`);
    assert.match(edit.body, new RegExp(`<option value="${item.id}" selected>`));
    assert.match(edit.body, /name="heroCaption" type="text" value="A Typhoon over the Baltic"/);
  });

  test('a picture uploaded from the editor joins the library and becomes the hero; a refused file keeps everything typed', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const writer = await signedIn(ctx, 'contributor');
    const fields = {
      section: 'Army',
      headline: 'Challenger 3 tanks arrive',
      standfirst: 'The first were delivered to Tidworth.',
      body: 'The first tanks arrived on Monday.',
      authors: ['Jane Smith', 'Tom Price'],
      topics: ['Challenger 3', 'British Army'],
      heroUploadAlt: 'A Challenger 3 tank on Salisbury Plain',
    };
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refused = await postMultipart(ctx, writer, '/newsroom/articles', fields, [
      { field: 'heroUpload', name: 'tank.png', bytes: svg, type: 'image/png' },
    ]);
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /id="heroUpload-error"[^>]*>.*?(JPEG, PNG, WebP|not a picture|SVG)/s);
    assert.match(refused.body, /name="headline" type="text" value="Challenger 3 tanks arrive"/);
    assert.match(refused.body, /name="heroUploadAlt" type="text" value="A Challenger 3 tank on Salisbury Plain"/);
    assert.equal((await ctx.handle.db.selectFrom('articles').select('article_id').execute()).length, 0);
    assert.equal((await ctx.handle.db.selectFrom('media').select('media_id').execute()).length, 0);

    const bytes = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#606c38' } })
      .jpeg()
      .toBuffer();
    const created = await postMultipart(ctx, writer, '/newsroom/articles', fields, [
      { field: 'heroUpload', name: 'tank.jpg', bytes, type: 'image/jpeg' },
    ]);
    assert.equal(created.statusCode, 303, created.body.slice(0, 300));
    const id = /\/newsroom\/articles\/([^?]+)/.exec(String(created.headers.location))![1]!;
    const saved = await ctx.services.articles.getForEdit(id);
    assert.deepEqual([saved.headline, saved.authors, saved.topics], [fields.headline, fields.authors, fields.topics]);
    const hero = await ctx.services.media.get(saved.heroMediaId!);
    assert.deepEqual([hero.fileName, hero.alt, hero.width], ['tank.jpg', 'A Challenger 3 tank on Salisbury Plain', 900]);
    const library = await ctx.services.audit.list(FACTORY, { subjectType: 'media', subjectId: hero.id });
    assert.deepEqual(
      library.entries.map((e) => e.action),
      ['media.uploaded'],
    );

    // The same form saved again without a file keeps the hero.
    const edit = await get(ctx, writer, `/newsroom/articles/${id}`);
    assert.match(
      edit.body,
      /<form[^>]+enctype="multipart\/form-data"[^>]*id="article-editor"|<form[^>]+id="article-editor"[^>]*enctype="multipart\/form-data"/,
    );
    const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!;
    const resaved = await postMultipart(
      ctx,
      writer,
      `/newsroom/articles/${id}`,
      { ...fields, heroUploadAlt: '', heroMediaId: hero.id, version },
      [],
    );
    assert.equal(resaved.statusCode, 303);
    assert.equal((await ctx.services.articles.getForEdit(id)).heroMediaId, hero.id);
  });
});
