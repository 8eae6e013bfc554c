import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { exportFileAt, type ExportItemResult } from './index.js';
import { FACTORY } from '../../../test/factories.js';
import { forEachDatabase, testDatabases } from '../../../test/helpers/databases.js';
import { exportInFolder, exportServices, GHOST_FIXTURE, rowCount } from '../../../test/helpers/exports.js';
import type { ServiceContext } from '../../../test/helpers/services.js';

const PICTURES = {
  'content/images/2024/05/lighthouse.jpg': '#1d3557',
  'content/images/2024/05/lamp-room.jpg': '#f4a261',
  'content/images/2024/06/regatta.jpg': '#2a9d8f',
};

const LEXICAL = 'post 6650f0a1c3b2a10001a1b001';
const MOBILEDOC = 'post 6650f0a1c3b2a10001a1b002';
const HTML = 'post 6650f0a1c3b2a10001a1b003';
const DRAFT = 'post 6650f0a1c3b2a10001a1b004';
const MEMBERS = 'post 6650f0a1c3b2a10001a1b005';
const PAGE = 'page 6650f0a1c3b2a10001a1b006';

async function importGhost(ctx: ServiceContext, file: string) {
  const items: ExportItemResult[] = [];
  const summary = await ctx.services.exportImporter.importGhost(
    FACTORY,
    await exportFileAt(file, { platform: 'ghost' }),
    {},
    { item: (r) => items.push(r) },
  );
  return { summary, items, byRef: new Map(items.map((r) => [r.item, r])) };
}

function imported(r: ExportItemResult | undefined) {
  assert.ok(r?.outcome === 'imported', JSON.stringify(r));
  return r;
}

forEachDatabase('Ghost import', (database) => {
  test('posts in Lexical, Mobiledoc and HTML become articles: primary tag the section, other public tags topics, authors in order', async (t) => {
    const ctx = await exportServices(t, database);
    const { file } = await exportInFolder(t, GHOST_FIXTURE, PICTURES);
    const { summary, items, byRef } = await importGhost(ctx, file);
    assert.deepEqual(
      items.map((r) => `${r.item} ${r.outcome}`),
      [`${LEXICAL} imported`, `${MOBILEDOC} imported`, `${HTML} imported`, `${DRAFT} imported`, `${MEMBERS} imported`, `${PAGE} skipped`],
    );
    assert.deepEqual(
      { ...summary, file: undefined },
      { platform: 'ghost', file: undefined, imported: 5, unchanged: 0, skipped: 1, failed: 0, pictures: 3 },
    );

    // Lexical, with a feature image beside the export.
    const lighthouse = imported(byRef.get(LEXICAL));
    assert.equal(lighthouse.url, 'https://news.example/coast/lighthouse-keeper-retires');
    assert.deepEqual(lighthouse.redirects, ['/lighthouse-keeper-retires'], "Ghost's /slug/ address redirects");
    assert.ok(lighthouse.notes.includes('left out: a paywall card'), lighthouse.notes.join(' | '));
    const a = await ctx.services.articles.getForEdit(lighthouse.id);
    assert.equal(a.section, 'Coast');
    assert.deepEqual(a.topics, ['People'], 'the internal #tag is not a topic');
    assert.deepEqual(a.authors, ['Morag Campbell']);
    assert.equal(a.standfirst, 'A farewell on the headland.');
    assert.equal(a.publishedAt, '2024-05-03T09:15:00.000Z');
    assert.equal(a.seoTitle, 'Lighthouse keeper retires');
    assert.equal(a.seoDescription, 'After forty years the keeper hands over the light.');
    assert.equal(a.importKey, 'ghost:2f7a1c1e-1d7b-4c5e-9a40-8f9e0c7a1001');
    const hero = await ctx.services.media.get(a.heroMediaId!);
    assert.equal(hero.fileName, 'lighthouse.jpg');
    assert.equal(hero.alt, 'The lighthouse on the headland');
    assert.equal(a.heroCaption, 'Photo: Coastal Trust');
    assert.match(
      a.bodyMarkdown,
      /^The lighthouse keeper retired on \*\*Friday\*\* after forty years, \[\*the trust\*\]\(https:\/\/trust\.example\/news\) said\.$/m,
    );
    assert.match(a.bodyMarkdown, /^## Forty years of light$/m);
    assert.match(a.bodyMarkdown, /^-\s+Storms logged: 212$/m);
    assert.match(a.bodyMarkdown, /^> It was never lonely\.$/m);
    assert.match(a.bodyMarkdown, /^!\[The lamp room at dusk\]\(media:[0-9a-f-]{36} "The lamp room"\)$/m);
    assert.match(a.bodyMarkdown, /^From the archive\.$/m);
    assert.doesNotMatch(a.bodyMarkdown, /alert|script/);

    // Mobiledoc, with two authors in Ghost's order; its picture is not beside the export.
    const fishing = imported(byRef.get(MOBILEDOC));
    const m = await ctx.services.articles.getForEdit(fishing.id);
    assert.equal(m.section, 'Fishing', 'the internal tag does not count as the primary one');
    assert.deepEqual(m.authors, ['Morag Campbell', 'Ewan Ross']);
    assert.match(
      m.bodyMarkdown,
      /^Fishing crews welcomed the \[annual report\]\(https:\/\/fisheries\.example\/report\) on \*\*Tuesday\*\*\.$/m,
    );
    // Ghost's export does not say where the site was, so a missing picture keeps its words, not a link.
    assert.match(m.bodyMarkdown, /^Nets drying on the harbour wall\n\n\*Nets drying\*$/m);
    assert.ok(
      fishing.notes.some((n) => /a picture was not found.*2023\/11\/nets\.jpg is not beside the export/.test(n)),
      fishing.notes.join(' | '),
    );
    assert.match(m.bodyMarkdown, /^1\.\s+Mackerel\n2\.\s+Herring$/m);
    assert.match(m.bodyMarkdown, /^## Catch figures$/m);
    assert.match(m.bodyMarkdown, /^The catch rose by \*a third\*\.$/m);

    // HTML: preferred when the post has it (its Lexical here is empty); a resized picture finds its upload.
    const regatta = imported(byRef.get(HTML));
    const h = await ctx.services.articles.getForEdit(regatta.id);
    assert.equal(h.section, 'Sport');
    assert.deepEqual(h.authors, ['Ewan Ross']);
    assert.match(h.bodyMarkdown, /^The regatta returns on \*Saturday\* with forty boats\.$/m);
    assert.match(h.bodyMarkdown, /^!\[Sails in the bay\]\(media:[0-9a-f-]{36} "Last year's race"\)$/m);
    assert.match(h.bodyMarkdown, /^\[Embedded content from www\.youtube\.com\]\(https:\/\/www\.youtube\.com\/embed\/regatta\)$/m);
    assert.match(h.bodyMarkdown, /^\[Enter the regatta\]\(https:\/\/regatta\.example\/entries\)$/m);
    assert.equal(regatta.pictures, 1, 'the bookmark card’s thumbnail is not a picture of the article');

    const draft = imported(byRef.get(DRAFT));
    assert.equal(draft.status, 'draft');
    assert.equal(draft.section, 'News', 'a post without tags goes to the default section');
    const members = imported(byRef.get(MEMBERS));
    assert.equal(members.status, 'draft', 'paid-members text never becomes public');
    assert.ok(members.notes.some((n) => /for paid readers only in Ghost/.test(n)));
    assert.deepEqual(members.redirects, []);
    const page = byRef.get(PAGE);
    assert.ok(page?.outcome === 'skipped');

    const rendered = await ctx.services.articleReader.findBySlug('regatta-returns');
    assert.equal(rendered.status, 'published');
    if (rendered.status === 'published') assert.doesNotMatch(String(rendered.article.bodyHtml), /<iframe|<script/);
  });

  test('a second run adds nothing', async (t) => {
    const ctx = await exportServices(t, database);
    const { file } = await exportInFolder(t, GHOST_FIXTURE, PICTURES);
    await importGhost(ctx, file);
    const before = await Promise.all(
      (['articles', 'sections', 'topics', 'authors', 'media', 'redirects'] as const).map((x) => rowCount(ctx.handle, x)),
    );
    const { summary } = await importGhost(ctx, file);
    assert.deepEqual(
      { ...summary, file: undefined },
      { platform: 'ghost', file: undefined, imported: 0, unchanged: 5, skipped: 1, failed: 0, pictures: 0 },
    );
    assert.deepEqual(
      await Promise.all((['articles', 'sections', 'topics', 'authors', 'media', 'redirects'] as const).map((x) => rowCount(ctx.handle, x))),
      before,
    );
  });
});

test('a post whose document is broken fails alone; malformed JSON is refused with its line before anything is written', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const { dir, file } = await exportInFolder(t, GHOST_FIXTURE);
  const doc = JSON.parse(await readFile(file, 'utf8')) as { db: Array<{ data: { posts: Array<Record<string, unknown>> } }> };
  doc.db[0]!.data.posts[1]!.mobiledoc = '{"version": "0.3.1", "sections": [';
  const oneBroken = join(dir, 'one-broken.json');
  await writeFile(oneBroken, JSON.stringify(doc, null, 2));
  const { items, summary } = await importGhost(ctx, oneBroken);
  const failed = items.find((r) => r.item === MOBILEDOC);
  assert.ok(failed?.outcome === 'failed');
  assert.equal(failed.code, 'EXPORT_ITEM_INVALID');
  assert.match(failed.error, /Mobiledoc content is not valid JSON/);
  assert.equal(summary.imported, 4, 'the posts around it are imported');

  const ctx2 = await exportServices(t, testDatabases[0]!);
  const text = await readFile(file, 'utf8');
  const malformed = join(dir, 'malformed.json');
  await writeFile(malformed, text.replace('"title": "Regatta returns to the bay",', '"title": "Regatta returns to the bay"'));
  await assert.rejects(ctx2.services.exportImporter.importGhost(FACTORY, await exportFileAt(malformed, { platform: 'ghost' })), {
    code: 'EXPORT_MALFORMED',
    message: /^The export is not valid JSON at line \d+, column \d+: /,
  });
  assert.equal(await rowCount(ctx2.handle, 'articles'), 0);
});

test('a Ghost export over the size limit is refused before it is read', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const { file } = await exportInFolder(t, GHOST_FIXTURE);
  await assert.rejects(
    ctx.services.exportImporter.importGhost(FACTORY, await exportFileAt(file, { platform: 'ghost' }), { maxBytes: 2048 }),
    {
      code: 'FILE_TOO_LARGE',
      message: /coast-chronicle\.json is \d+ KB, larger than the 2 KB an import reads/,
    },
  );
  assert.equal(await rowCount(ctx.handle, 'articles'), 0);
});
