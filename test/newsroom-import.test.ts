import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { buildTestApp, TEST_SITE_URL, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { signedIn, type Browser } from './helpers/newsroom.js';
import { FACTORY } from './factories.js';

const SEED = new URL('../demo/seed/000_080c772065630276.txt', import.meta.url);

/** A multipart/form-data body as a browser sends it for the import form. */
function multipart(fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer }>) {
  const boundary = '----despatchtest' + Math.random().toString(16).slice(2);
  const chunks: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  for (const f of files)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      f.bytes,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(ctx: TestContext, who: Browser, fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer }>) {
  const { payload, contentType } = multipart(fields, files);
  return ctx.app.inject({
    method: 'POST',
    url: '/newsroom/import',
    headers: { 'content-type': contentType, origin: TEST_SITE_URL, cookie: who.cookie },
    payload,
  });
}

forEachDatabase('newsroom: importing pages', (database) => {
  test('a contributor uploads pages: the good one lands as their draft, the bad one is reported', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const writer = await signedIn(ctx, 'contributor');
    const page = await ctx.app.inject({ url: '/newsroom/import', headers: { cookie: writer.cookie } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.doesNotMatch(page.body, /Publish at once/, 'a contributor is not offered publishing');
    assert.doesNotMatch(page.body, /name="createSections"/, 'nor making sections');

    // A page for a section that does not exist is refused: a contributor's typo makes no section.
    const refused = await upload(ctx, writer, { _csrf: writer.csrf, createSections: 'yes' }, [
      { name: 'seed.txt', bytes: await readFile(SEED) },
    ]);
    assert.match(refused.body, /No section is called &quot;Tri-Service&quot;\./);
    assert.equal((await ctx.services.taxonomy.listSections()).length, 0);

    await ctx.services.taxonomy.ensureSection(FACTORY, 'Tri-Service');
    const res = await upload(ctx, writer, { _csrf: writer.csrf }, [
      { name: 'seed.txt', bytes: await readFile(SEED) },
      { name: 'photo.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]) },
    ]);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /1 imported, 1 failed/);
    assert.match(res.body, /Putin: Russia Considering Airstrikes Against Islamic State<\/a> imported as a draft/);
    assert.match(res.body, /photo\.jpg<\/td><td><strong>Not imported:<\/strong>[^<]*<code class="nr-action">FILE_BINARY<\/code>/);
    const id = /href="\/newsroom\/articles\/([^"]+)"/.exec(res.body.slice(res.body.indexOf('nr-import-report')))![1]!;
    const actor = await ctx.services.staff.actAs(writer.email);
    const { state } = await ctx.services.articles.openForEdit(actor, id);
    assert.equal(state.status, 'draft');
    assert.equal(state.createdBy, writer.userId, 'the writer may go on editing it');
  });

  test('an editor may publish on import; a file over 5 MB is refused while the rest import; no token, no import', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 'a');
    assert.match((await ctx.app.inject({ url: '/newsroom/import', headers: { cookie: editor.cookie } })).body, /name="createSections"/);
    const res = await upload(ctx, editor, { _csrf: editor.csrf, publish: 'yes', createSections: 'yes' }, [
      { name: 'seed.txt', bytes: await readFile(SEED) },
      { name: 'huge.txt', bytes: big },
    ]);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /imported and published/);
    assert.match(res.body, /huge\.txt<\/td><td><strong>Not imported:<\/strong>[^<]*<code class="nr-action">FILE_TOO_LARGE<\/code>/);
    assert.equal((await ctx.app.inject('/tri-service/putin-russia-considering-airstrikes-against-islamic-state')).statusCode, 200);

    const forged = await upload(ctx, editor, {}, [{ name: 'seed.txt', bytes: await readFile(SEED) }]);
    assert.equal(forged.statusCode, 403);
    const none = await upload(ctx, editor, { _csrf: editor.csrf }, []);
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /Choose one or more text files/);
  });
});
