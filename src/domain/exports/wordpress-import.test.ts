import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Actor } from '../access/index.js';
import { exportFileAt, type ExportImportOptions, type ExportItemResult } from './index.js';
import { aStaffMember, FACTORY } from '../../../test/factories.js';
import { forEachDatabase, testDatabases } from '../../../test/helpers/databases.js';
import { aJpeg, exportInFolder, exportServices, rowCount, tempFolder, WORDPRESS_FIXTURE } from '../../../test/helpers/exports.js';
import type { ServiceContext } from '../../../test/helpers/services.js';

const HARBOUR_JPG = { 'uploads/2024/05/harbour.jpg': '#264653' };

/** Imports `file` as `actor`, collecting each item's result. */
async function importWordPress(
  ctx: ServiceContext,
  file: string,
  opts: ExportImportOptions & { uploads?: string } = {},
  actor: Actor = FACTORY,
) {
  const items: ExportItemResult[] = [];
  const source = await exportFileAt(file, { platform: 'wordpress', uploads: opts.uploads ?? null });
  const summary = await ctx.services.exportImporter.importWordPress(actor, source, opts, { item: (r) => items.push(r) });
  const byRef = new Map(items.map((r) => [r.item, r]));
  return { summary, items, byRef };
}

function imported(r: ExportItemResult | undefined) {
  assert.ok(r?.outcome === 'imported', JSON.stringify(r));
  return r;
}

const COUNTED = ['articles', 'sections', 'topics', 'authors', 'media', 'redirects'] as const;
const counts = async (ctx: ServiceContext) =>
  Object.fromEntries(await Promise.all(COUNTED.map(async (t) => [t, await rowCount(ctx.handle, t)])));

forEachDatabase('WordPress import', (database) => {
  test('posts become articles: first category the section, tags topics, writers authors, the featured image the hero, old addresses redirect', async (t) => {
    const ctx = await exportServices(t, database);
    const { file } = await exportInFolder(t, WORDPRESS_FIXTURE, HARBOUR_JPG);
    const { summary, items, byRef } = await importWordPress(ctx, file);

    assert.deepEqual(
      items.map((r) => `${r.item} ${r.outcome}`),
      ['post 101 imported', 'post 102 imported', 'post 103 imported', 'post 105 imported', 'page 104 skipped', 'nav_menu_item 301 skipped'],
      'one line per item in file order; the attachment is a picture, not an item of its own',
    );
    assert.deepEqual(
      { ...summary, file: undefined },
      { platform: 'wordpress', file: undefined, imported: 4, unchanged: 0, skipped: 2, failed: 0, pictures: 1 },
    );

    const harbour = imported(byRef.get('post 101'));
    assert.equal(harbour.url, 'https://news.example/local-news/harbour-reopens', 'the old slug is kept');
    assert.equal(harbour.status, 'published');
    assert.deepEqual(harbour.redirects, ['/2024/05/01/harbour-reopens']);
    assert.ok(harbour.hero);
    const article = await ctx.services.articles.getForEdit(harbour.id);
    assert.equal(article.section, 'Local News');
    assert.deepEqual(article.topics, ['Sport', 'Harbour', 'Council'], 'later categories and tags become topics');
    assert.deepEqual(article.authors, ['Jane Doe'], 'dc:creator is the login; the author is the display name');
    assert.equal(article.headline, 'Harbour reopens after storm repairs');
    assert.equal(article.standfirst, 'Boats return to the quay after a month of work.');
    assert.equal(article.publishedAt, '2024-05-01T09:30:00.000Z', 'the original publication time, from the GMT column');
    assert.equal(article.importKey, 'wordpress:harbourherald.example:101');
    const hero = await ctx.services.media.get(article.heroMediaId!);
    assert.equal(hero.fileName, 'harbour.jpg');
    assert.equal(hero.alt, 'Fishing boats moored along the quay', "the attachment's alt text describes the picture");
    assert.equal(article.heroCaption, 'Photo: Jane Doe');
    // The body: the resized copy it shows is the same upload, so the same library picture.
    const body = article.bodyMarkdown;
    assert.ok(body.includes(`![Fishing boats moored along the quay](media:${hero.id} "The quay at first light")`), body);
    assert.match(body, /^## What was repaired$/m);
    assert.match(body, /^-\s+The north wall$/m);
    assert.match(
      body,
      /\[The old crane\]\(https:\/\/harbourherald\.example\/wp-content\/uploads\/2024\/05\/crane\.jpg\)/,
      'a picture not beside the export becomes a link',
    );
    assert.match(body, /^\*The crane, before the storm\*$/m, 'its caption stays, below the link');
    assert.doesNotMatch(body, /script|tracking|wp:|<!--|caption/);
    assert.match(body, /^Traffic on the quay road is back to normal\.$/m);
    assert.ok(
      harbour.notes.some((n) =>
        /a picture was not found, so a link to the old site \(or the picture's words\) stands in: 2024\/05\/crane\.jpg/.test(n),
      ),
      harbour.notes.join(' | '),
    );

    const page = await ctx.services.articleReader.findBySlug('harbour-reopens');
    assert.equal(page.status, 'published');
    if (page.status === 'published') assert.doesNotMatch(String(page.article.bodyHtml), /<script|tracking/);
    assert.equal(await ctx.services.articleReader.findRedirect('/2024/05/01/harbour-reopens'), '/local-news/harbour-reopens');

    const council = imported(byRef.get('post 102'));
    const quotas = await ctx.services.articles.getForEdit(council.id);
    assert.equal(quotas.headline, 'Council debates fishing quotas & harbour fees');
    assert.equal(quotas.section, 'News', 'only "Uncategorized": the default section');
    assert.deepEqual(quotas.topics, ['Fishing & Boats']);
    assert.deepEqual(quotas.authors, ['Arthur Smith']);
    assert.equal(quotas.standfirst, '');
    assert.equal(quotas.seoDescription, "Councillors debate the year's fishing quotas and harbour fees.");
    assert.match(
      quotas.bodyMarkdown,
      /^Councillors met on Thursday to debate the new quotas\. {2}\nThe meeting ran late\.$/m,
      'classic text gets its paragraphs',
    );
    assert.match(quotas.bodyMarkdown, /\(https:\/\/www\.youtube\.com\/watch\?v=quota123\)/);
    assert.match(quotas.bodyMarkdown, /\(https:\/\/www\.youtube\.com\/watch\?v=council456\)/, '[embed] becomes a link');
    assert.ok(
      quotas.bodyMarkdown.includes(`(media:${hero.id} "Photo: Jane Doe")`),
      '[gallery] shows the attachment it names, with its caption',
    );
    assert.match(quotas.bodyMarkdown, /each year \\\[sic\\\] by the ministry/);
    assert.doesNotMatch(quotas.bodyMarkdown, /contact-form|Send us your views/);
    assert.ok(council.notes.includes('left out: the [contact-form-7] shortcode'), council.notes.join(' | '));

    const draft = imported(byRef.get('post 103'));
    assert.equal(draft.status, 'draft');
    assert.deepEqual(draft.redirects, [], 'a draft has no public address to redirect from');
    assert.equal((await ctx.services.articles.getForEdit(draft.id)).publishedAt, null);
    const locked = imported(byRef.get('post 105'));
    assert.equal(locked.status, 'draft', 'a password-protected post never becomes public');
    assert.ok(locked.notes.some((n) => /password-protected/.test(n)));

    const skipped = byRef.get('page 104');
    assert.ok(skipped?.outcome === 'skipped');
    assert.match(skipped.reason, /a page: only posts become articles/);
    assert.equal(await rowCount(ctx.handle, 'authors'), 2);
  });

  test('a second run adds nothing: every post is reported unchanged', async (t) => {
    const ctx = await exportServices(t, database);
    const { file } = await exportInFolder(t, WORDPRESS_FIXTURE, HARBOUR_JPG);
    await importWordPress(ctx, file);
    const before = await counts(ctx);
    const again = await importWordPress(ctx, file);
    assert.deepEqual(await counts(ctx), before);
    assert.deepEqual(
      { ...again.summary, file: undefined },
      { platform: 'wordpress', file: undefined, imported: 0, unchanged: 4, skipped: 2, failed: 0, pictures: 0 },
    );
    const harbour = again.byRef.get('post 101');
    assert.ok(harbour?.outcome === 'unchanged');
    assert.equal(harbour.url, 'https://news.example/local-news/harbour-reopens');
  });
});

test('a featured image not beside the export is reported, and the post imports without a hero', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const { file } = await exportInFolder(t, WORDPRESS_FIXTURE);
  const { byRef, summary } = await importWordPress(ctx, file);
  const harbour = imported(byRef.get('post 101'));
  assert.equal(harbour.hero, false);
  assert.ok(
    harbour.notes.some((n) => /^featured image not found \(2024\/05\/harbour\.jpg is not beside the export\)/.test(n)),
    harbour.notes.join(' | '),
  );
  assert.equal(summary.pictures, 0);
  assert.equal(await rowCount(ctx.handle, 'media'), 0);
});

test('pictures are found in --uploads, and never outside the folders the export came with', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const { dir, file } = await exportInFolder(t, WORDPRESS_FIXTURE);
  const uploads = await tempFolder(t);
  await mkdir(join(uploads, '2024/05'), { recursive: true });
  await writeFile(join(uploads, '2024/05/harbour.jpg'), await aJpeg('#e76f51'));
  const { byRef } = await importWordPress(ctx, file, { uploads });
  assert.ok(imported(byRef.get('post 101')).hero);

  // An attachment path that climbs out of the uploads folder finds nothing, even where a file is.
  const ctx2 = await exportServices(t, testDatabases[0]!);
  await writeFile(join(dir, '..', 'secret.jpg'), await aJpeg('#000000'));
  t.after(async () => (await import('node:fs/promises')).rm(join(dir, '..', 'secret.jpg'), { force: true }));
  const xml = (await readFile(file, 'utf8'))
    .replace('<![CDATA[2024/05/harbour.jpg]]>', '<![CDATA[../secret.jpg]]>')
    .replace(/harbour(-1024x683)?\.jpg/g, 'none.jpg');
  await writeFile(file, xml);
  const climbed = await importWordPress(ctx2, file);
  assert.equal(imported(climbed.byRef.get('post 101')).hero, false);
  assert.equal(await rowCount(ctx2.handle, 'media'), 0);
});

test('--draft keeps everything a draft with no redirects; --section puts every article in one section', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const { file } = await exportInFolder(t, WORDPRESS_FIXTURE, HARBOUR_JPG);
  const { items } = await importWordPress(ctx, file, { draft: true, section: 'Archive' });
  const done = items.filter((r) => r.outcome === 'imported');
  assert.equal(done.length, 4);
  for (const r of done) {
    assert.equal(r.status, 'draft');
    assert.equal(r.section, 'Archive');
    assert.deepEqual(r.redirects, []);
  }
  assert.equal(await rowCount(ctx.handle, 'redirects'), 0);
  assert.deepEqual((await ctx.services.articles.getForEdit(done[0]!.id)).topics, ['Local News', 'Sport', 'Harbour', 'Council']);
});

test('a post that cannot become an article fails alone: the ones around it are imported', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const dir = await tempFolder(t);
  const post = (id: string, title: string, extra = '') =>
    `<item><title>${title}</title><link>https://old.example/${id}/</link><dc:creator>ed</dc:creator><guid>${id ? `https://old.example/?p=${id}` : ''}</guid>` +
    `<content:encoded><![CDATA[<p>Story ${id}.</p>]]></content:encoded>${id ? `<wp:post_id>${id}</wp:post_id>` : ''}` +
    `<wp:post_date_gmt>2024-01-0${id.slice(-1) || 1} 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>${extra}</item>`;
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><wp:base_site_url>https://old.example</wp:base_site_url>' +
    post('1', 'First story') +
    post('2', '') +
    post('', 'No id at all') +
    post('4', 'Fourth story', '<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>99</wp:meta_value></wp:postmeta>') +
    '</channel></rss>';
  await writeFile(join(dir, 'export.xml'), xml);
  const { items, summary } = await importWordPress(ctx, join(dir, 'export.xml'));
  assert.deepEqual(
    items.map((r) => `${r.item} ${r.outcome}${r.outcome === 'failed' ? ` ${r.code}` : ''}`),
    ['post 1 imported', 'post 2 failed NO_HEADLINE', 'post at line 1 failed EXPORT_ITEM_INVALID', 'post 4 imported'],
  );
  assert.equal(summary.failed, 2);
  assert.equal(await rowCount(ctx.handle, 'articles'), 2);
  const fourth = imported(items[3]);
  assert.ok(fourth.notes.includes('its featured image (attachment 99) is not in the export'));
  assert.deepEqual(fourth.authors, ['ed'], 'a login with no author entry is credited as it is');
});

test('an export that cannot be read whole is refused before anything is written: too large, a DOCTYPE (XXE, billion laughs), malformed', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const { dir, file } = await exportInFolder(t, WORDPRESS_FIXTURE, HARBOUR_JPG);
  const source = await exportFileAt(file, { platform: 'wordpress' });
  await assert.rejects(ctx.services.exportImporter.importWordPress(FACTORY, source, { maxBytes: 1000 }), {
    code: 'FILE_TOO_LARGE',
    message:
      /harbour-herald\.xml is \d+ KB, larger than the 1 KB an import reads\. Export a date range at a time, or raise the limit with --max-mb\./,
  });
  const xml = await readFile(file, 'utf8');
  const xxe = join(dir, 'xxe.xml');
  await writeFile(
    xxe,
    xml
      .replace('<rss ', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\r\n<rss ')
      .replace('Harbour reopens after storm repairs', '&xxe;'),
  );
  await assert.rejects(ctx.services.exportImporter.importWordPress(FACTORY, await exportFileAt(xxe, { platform: 'wordpress' })), {
    code: 'EXPORT_DOCTYPE_REFUSED',
  });
  const laughs = join(dir, 'laughs.xml');
  const entities = [
    '<!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
  ];
  await writeFile(
    laughs,
    xml.replace('<rss ', `<!DOCTYPE rss [${entities.join('')}]>\r\n<rss `).replace('Harbour reopens after storm repairs', '&lol9;'),
  );
  await assert.rejects(ctx.services.exportImporter.importWordPress(FACTORY, await exportFileAt(laughs, { platform: 'wordpress' })), {
    code: 'EXPORT_DOCTYPE_REFUSED',
    message: /billion laughs/,
  });
  const broken = join(dir, 'broken.xml');
  // Cut off after the second post: the first two items are well-formed, the file is not.
  await writeFile(broken, xml.slice(0, xml.indexOf('<wp:post_id>103</wp:post_id>')));
  await assert.rejects(ctx.services.exportImporter.importWordPress(FACTORY, await exportFileAt(broken, { platform: 'wordpress' })), {
    code: 'EXPORT_MALFORMED',
    message: /^The export is not well-formed XML at line \d+, column \d+: /,
  });
  assert.equal(await rowCount(ctx.handle, 'articles'), 0, 'a file refused in its first reading writes nothing');

  // What an earlier run imported stays when a later file is refused.
  await importWordPress(ctx, file);
  await assert.rejects(ctx.services.exportImporter.importWordPress(FACTORY, await exportFileAt(broken, { platform: 'wordpress' })), {
    code: 'EXPORT_MALFORMED',
  });
  assert.equal(await rowCount(ctx.handle, 'articles'), 4);
});

test('importing an export is for editors and admins: a contributor is refused', async (t) => {
  const ctx = await exportServices(t, testDatabases[0]!);
  const { file } = await exportInFolder(t, WORDPRESS_FIXTURE);
  const contributor = await aStaffMember(ctx, 'contributor');
  await assert.rejects(importWordPress(ctx, file, {}, contributor), { code: 'FORBIDDEN' });
  const editor = await aStaffMember(ctx, 'editor');
  const { summary } = await importWordPress(ctx, file, {}, editor);
  assert.equal(summary.imported, 4);
});
