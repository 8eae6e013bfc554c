import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { anArticle } from './factories.js';
import { buildTestApp, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, postMultipart, signedIn, type Browser } from './helpers/newsroom.js';

/** The library's upload form with these files. */
const upload = (ctx: TestContext, who: Browser, files: Array<{ name: string; bytes: Buffer }>) =>
  postMultipart(
    ctx,
    who,
    '/newsroom/media',
    {},
    files.map((f) => ({ field: 'files', type: 'image/png', ...f })),
  );

const photo = () =>
  sharp({ create: { width: 800, height: 500, channels: 3, background: '#3d5a80' } })
    .jpeg()
    .toBuffer();

forEachDatabase('newsroom: the media library', (database) => {
  test('upload several files at once: good ones are added, an SVG named .png is refused by name with the reason', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const res = await upload(ctx, editor, [
      { name: 'harrier.jpg', bytes: await photo() },
      { name: 'logo.png', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') },
    ]);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /harrier\.jpg<\/a> added: give it alt text/);
    assert.match(res.body, /<strong>logo\.png<\/strong> not added: This file is an SVG drawing/);
    await ctx.runner.runDue();
    const grid = await get(ctx, editor, '/newsroom/media');
    assert.match(grid.body, /<img src="\/media\/i\/[0-9a-f]{2}\/[0-9a-f]{64}\/320\.webp" alt="No alt text yet: harrier\.jpg"/);
    assert.match(grid.body, /Needs alt text/);
  });

  test('alt text, caption, credit and focal point are saved; bad values come back inline; search finds them', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const actor = await ctx.services.staff.actAs(editor.email);
    const { item } = await ctx.services.media.addImage(actor, { file: 'IMG_2231.jpg', bytes: await photo() });
    const bad = await post(ctx, editor, `/newsroom/media/${item.id}`, {
      alt: 'A Chinook',
      caption: '',
      credit: '',
      focalX: '150',
      focalY: '40',
      licenceExpires: 'soon',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#focalX">Focal point across: must be from 0 to 100/);
    assert.match(bad.body, /href="#licenceExpires">Licence expires: must be a date/);
    assert.match(bad.body, /A Chinook/, 'what was typed is kept');

    const ok = await post(ctx, editor, `/newsroom/media/${item.id}`, {
      alt: 'A Chinook lands on HMS Queen Elizabeth',
      caption: 'Deck landing trials',
      credit: 'LPhot Jane Doe / MOD',
      focalX: '30',
      focalY: '60',
      licenceExpires: '2027-06-30',
    });
    assert.equal(ok.statusCode, 303);
    const saved = await ctx.services.media.get(item.id);
    assert.deepEqual(
      [saved.alt, saved.credit, saved.focal, saved.licenceExpiresAt],
      ['A Chinook lands on HMS Queen Elizabeth', 'LPhot Jane Doe / MOD', { x: 0.3, y: 0.6 }, '2027-06-30T23:59:59.999Z'],
    );
    await ctx.runner.runDue();
    const page = (await get(ctx, editor, `/newsroom/media/${item.id}`)).body;
    assert.ok(
      page.includes(`value="![A Chinook lands on HMS Queen Elizabeth](media:${item.id})"`),
      'the Markdown that shows it in a body, ready to copy',
    );
    assert.match(page, /<line id="focal-v" x1="30" x2="30"/, 'the crosshair where the focal point is');
    assert.ok(page.includes(`href="/newsroom/articles/new?hero=${item.id}"`));
    const around = (await get(ctx, editor, `/newsroom/articles/new?hero=${item.id}`)).body;
    assert.match(around, new RegExp(`<option value="${item.id}" selected>A Chinook lands`), 'a new article with it as the hero');
    const unknown = (await get(ctx, editor, '/newsroom/articles/new?hero=00000000-0000-4000-8000-000000000000')).body;
    assert.doesNotMatch(unknown, /<option value="[^"]+" selected>/, 'an unknown picture is not offered');
    assert.match((await get(ctx, editor, '/newsroom/media?q=chinook+queen')).body, /IMG_2231\.jpg/);
    assert.doesNotMatch((await get(ctx, editor, '/newsroom/media?q=typhoon')).body, /IMG_2231\.jpg/);
  });

  test('a contributor edits their own pictures only; deleting is for editors, and refused while an article uses it', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const [writer, editor] = [await signedIn(ctx, 'contributor'), await signedIn(ctx, 'editor')];
    const editorActor = await ctx.services.staff.actAs(editor.email);
    const writerActor = await ctx.services.staff.actAs(writer.email);
    const { item: theirs } = await ctx.services.media.addImage(editorActor, { file: 'editors.jpg', bytes: await photo() });
    const mine = (
      await ctx.services.media.addImage(writerActor, {
        file: 'mine.png',
        bytes: await sharp({ create: { width: 50, height: 50, channels: 3, background: '#999' } })
          .png()
          .toBuffer(),
      })
    ).item;
    const fields = { alt: 'x', caption: '', credit: '', focalX: '50', focalY: '50', licenceExpires: '' };
    assert.equal((await post(ctx, writer, `/newsroom/media/${theirs.id}`, fields)).statusCode, 403);
    assert.equal((await post(ctx, writer, `/newsroom/media/${mine.id}`, fields)).statusCode, 303);
    assert.equal((await post(ctx, writer, `/newsroom/media/${mine.id}/delete`)).statusCode, 403);

    // An article leads with the editor's picture.
    await anArticle(ctx, { headline: 'Carrier sails for the Pacific', status: 'draft', heroMediaId: theirs.id });
    const refused = await post(ctx, editor, `/newsroom/media/${theirs.id}/delete`);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /This picture is used by “Carrier sails for the Pacific”/);
    assert.equal((await ctx.services.media.get(theirs.id)).id, theirs.id, 'still there');

    const gone = await post(ctx, editor, `/newsroom/media/${mine.id}/delete`);
    assert.equal(gone.statusCode, 303);
    assert.equal((await get(ctx, editor, `/newsroom/media/${mine.id}`)).statusCode, 404);
  });
});
