import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test, type TestContext } from 'node:test';
import { start } from '../../boot.js';
import type { DatabaseHandle } from '../../db/database.js';
import { fixedClock } from '../../kernel/clock.js';
import { isAppError } from '../../kernel/errors.js';
import { silentLogger } from '../../kernel/logger.js';
import type { ArticleService } from '../articles/index.js';
import { createImporterService } from './importer.service.js';
import { TEST_NOW } from '../../../test/helpers/app.js';
import { forEachDatabase, type TestDatabase } from '../../../test/helpers/databases.js';
import type { ServiceContext } from '../../../test/helpers/services.js';
import { FACTORY } from '../../../test/factories.js';
import { unusedMediaDir } from '../../../test/helpers/media-dir.js';

const SEED = readFileSync(new URL('../../../demo/seed/000_080c772065630276.txt', import.meta.url));
const page = (text: string) => new TextEncoder().encode(text);
/** These tests import into an empty outlet: the sections the pages name are created. */
const NEW_SECTIONS = { createSections: true } as const;

const COUNTED = ['articles', 'sections', 'topics', 'series', 'pull_quotes', 'article_teasers', 'article_topics'] as const;

async function countRows(handle: DatabaseHandle) {
  const counts = {} as Record<(typeof COUNTED)[number], number>;
  for (const table of COUNTED) {
    const row = await handle.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

/** A fresh database with services for one test, closed when the test ends: the test arranges every row it reads. */
async function freshServices(t: TestContext, database: TestDatabase): Promise<ServiceContext> {
  const mediaDir = unusedMediaDir();
  const { handle, services, runner } = await start(await database.open(), {
    siteUrl: 'https://example.org',
    log: silentLogger,
    clock: fixedClock(TEST_NOW),
    mediaDir,
  });
  t.after(() => handle.close());
  return { handle, services, runner, mediaDir };
}

forEachDatabase('text importer', (database) => {
  test('the seed becomes a published Tri-Service article with its quotes and speakers', async (t) => {
    const ctx = await freshServices(t, database);
    const result = await ctx.services.importer.importPage(FACTORY, { file: 'seed.txt', bytes: SEED }, NEW_SECTIONS);
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(result.section, 'Tri-Service');
    assert.equal(result.headline, 'Putin: Russia Considering Airstrikes Against Islamic State');
    assert.match(result.standfirst, /^Vladimir Putin says Russia is considering joining the US/);
    assert.equal(result.series, null);
    assert.equal(result.existing, false);
    assert.equal(result.url, 'https://example.org/tri-service/putin-russia-considering-airstrikes-against-islamic-state');
    assert.deepEqual(
      result.quotes.map((q) => q.speaker),
      ['Vladimir Putin', 'Barack Obama', 'Vladimir Putin'],
    );
    assert.match(result.quotes[1]!.text, /^We must recognise that there cannot be/);
    // Names the page does not list as related topics, reported for an editor (never added by themselves).
    assert.ok(
      result.proposedTopics.some((t) => t.name === 'Bashar al-Assad'),
      JSON.stringify(result.proposedTopics),
    );
    assert.ok(!result.topics.includes('Bashar al-Assad'));

    const found = await ctx.services.articleReader.findBySlug('putin-russia-considering-airstrikes-against-islamic-state');
    assert.equal(found.status, 'published');
    if (found.status !== 'published') return;
    const html = found.article.bodyHtml;
    for (const chrome of ['Related topics', 'Join Our Newsletter', 'WatchUsOn', 'Royal Marine Commandos test drone swarm'])
      assert.ok(!html.includes(chrome), `body holds chrome: ${chrome}`);
    assert.match(
      html,
      /<blockquote>\s*<p>We are thinking about it and don(?:'|&#39;)t exclude anything<\/p>\s*<footer><cite>Vladimir Putin<\/cite><\/footer><\/blockquote>/,
    );
    // Obama's words are most of their paragraph: they show there once, not again as a pull quote.
    assert.equal(html.match(/We must recognise that there cannot be/g)?.length, 1, 'the Obama quote shows once');
    assert.doesNotMatch(html, /class="pull-quote"/);
    assert.equal(found.article.pullQuotes.length, 3);
  });

  test('importing the same page twice finds the first article', async (t) => {
    const ctx = await freshServices(t, database);
    const first = await ctx.services.importer.importPage(FACTORY, { file: 'seed.txt', bytes: SEED }, NEW_SECTIONS);
    assert.ok(first.ok, JSON.stringify(first));
    assert.equal(first.existing, false);
    const before = await countRows(ctx.handle);
    const again = await ctx.services.importer.importPage(
      FACTORY,
      {
        file: 'copy.txt',
        bytes: page(SEED.toString('utf8').replace(/\n/g, '\r\n')),
      },
      NEW_SECTIONS,
    );
    assert.ok(again.ok);
    assert.equal(again.existing, true);
    assert.equal(again.id, first.id);
    assert.deepEqual(await countRows(ctx.handle), before);
  });

  test('a bad file reports a clear error, writes nothing, and the rest of the batch imports', async (t) => {
    const ctx = await freshServices(t, database);
    const before = await countRows(ctx.handle);
    const results = await ctx.services.importer.importPages(
      FACTORY,
      [
        { file: 'empty.txt', bytes: page('') },
        { file: 'binary.bin', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]) },
        { file: 'latin1.txt', bytes: new Uint8Array([0x41, 0x72, 0x6d, 0x79, 0x0a, 0xe9, 0xff]) },
        { file: 'chrome.txt', bytes: page('Related topics\n\nJoin Our Newsletter\n\nWatch Us On\n') },
        { file: 'section-only.txt', bytes: page('Army\n\n') },
        {
          file: 'good.txt',
          bytes: page(
            'Army\n\nBattlefield Brief | Why mud still matters\n\nGround conditions shape every offensive.\n\nFirst paragraph.\n\nRelated topics\nMud\n',
          ),
        },
      ],
      NEW_SECTIONS,
    );
    assert.deepEqual(
      results.map((r) => (r.ok ? 'ok' : r.code)),
      ['FILE_EMPTY', 'FILE_BINARY', 'FILE_NOT_UTF8', 'ONLY_CHROME', 'NO_HEADLINE', 'ok'],
    );
    for (const r of results.slice(0, 5)) assert.ok(!r.ok && r.error.length > 10, 'each failure says what is wrong');
    const good = results[5]!;
    assert.ok(good.ok);
    assert.equal(good.series, 'Battlefield Brief');
    assert.equal(good.headline, 'Why mud still matters');
    assert.deepEqual(good.topics, ['Mud']);
    const after = await countRows(ctx.handle);
    assert.equal(after.articles, before.articles + 1, 'only the good file wrote an article');
    assert.equal(after.series, before.series + 1);
    assert.equal(after.sections, before.sections + 1);
  });

  test('a failure inside the write leaves no half-written rows', async (t) => {
    const ctx = await freshServices(t, database);
    const before = await countRows(ctx.handle);
    // A pull quote over the length limit fails validation after section and topic names are known.
    await assert.rejects(
      ctx.services.articles.createArticle(FACTORY, {
        section: 'Brand new desk',
        headline: 'H',
        standfirst: 'S',
        bodyMarkdown: 'B',
        topics: ['Brand new topic'],
        pullQuotes: [{ text: 'x'.repeat(3000), speaker: 'Y' }],
      }),
      /pullQuotes/,
    );
    // A database-level failure mid-transaction: an author list that clashes with itself is fine, so force a duplicate import key.
    const first = await ctx.services.articles.createArticle(FACTORY, {
      section: 'Another new desk',
      headline: 'Unique',
      standfirst: 'S',
      bodyMarkdown: 'B',
      importKey: 'k1',
      status: 'published',
    });
    const mid = await countRows(ctx.handle);
    await assert.rejects(
      ctx.services.articles.createArticle(FACTORY, {
        section: 'Yet another desk',
        headline: 'Clash',
        standfirst: 'S',
        bodyMarkdown: 'B',
        topics: ['Clash topic'],
        importKey: 'k1',
      }),
      // The section and topic are written first; the article then finds its import key taken.
      (e) => isAppError(e) && e.code === 'ALREADY_IMPORTED',
    );
    assert.deepEqual(await countRows(ctx.handle), mid, 'the failed article wrote neither its section nor its topic');
    assert.equal(mid.articles, before.articles + 1);
    assert.ok(first.path.startsWith('/another-new-desk/'));
  });
});

forEachDatabase('text importer, larger pages', (database) => {
  test('a page of about a megabyte imports whole', async (t) => {
    const ctx = await freshServices(t, database);
    const paragraph = 'The exercise continued through the night as crews rotated between the vehicles and the forward base. ';
    const body = Array.from({ length: 2000 }, (_, i) => `${i}. ${paragraph.repeat(5)}`).join('\n\n');
    const result = await ctx.services.importer.importPage(
      FACTORY,
      {
        file: 'long.txt',
        bytes: page(`Army\n\nA very long report\n\nIt goes on.\n\n${body}\n`),
      },
      NEW_SECTIONS,
    );
    assert.ok(result.ok, JSON.stringify(result).slice(0, 300));
    assert.ok(body.length > 1_000_000);
    assert.equal(result.paragraphs, 2000);
  });

  test('teasers link to articles whatever their case and spacing', async (t) => {
    const ctx = await freshServices(t, database);
    await ctx.services.importer.importPage(
      FACTORY,
      {
        file: 'a.txt',
        bytes: page('Navy\n\nFrigate Returns To Plymouth\n\nHome after six months.\n\nBody.\n'),
      },
      NEW_SECTIONS,
    );
    const b = await ctx.services.importer.importPage(
      FACTORY,
      {
        file: 'b.txt',
        bytes: page('Navy\n\nDestroyer sails\n\nOff to the Gulf.\n\nBody.\n\nWatch Us On\n\nfrigate returns  to plymouth\n'),
      },
      NEW_SECTIONS,
    );
    assert.ok(b.ok);
    const found = await ctx.services.articleReader.findBySlug('destroyer-sails');
    assert.ok(found.status === 'published');
    assert.deepEqual(found.article.teasers, [{ headline: 'Frigate Returns To Plymouth', path: '/navy/frigate-returns-to-plymouth' }]);
  });
});

forEachDatabase('text importer, edited pages', (database) => {
  test('re-importing an edited page updates its article instead of adding another', async (t) => {
    const ctx = await freshServices(t, database);
    const first = await ctx.services.importer.importPage(
      FACTORY,
      { file: 'drafts/carrier.txt', bytes: page('Navy\n\nCarrier sails\n\nThe ship left port.\n\nIt sailed at dawn.\n') },
      { authors: ['Callum Reid'], topics: ['Royal Navy'], ...NEW_SECTIONS },
    );
    const second = await ctx.services.importer.importPage(
      FACTORY,
      {
        file: 'final/carrier.txt',
        bytes: page('Navy\n\nCarrier sails\n\nThe ship left Portsmouth.\n\nIt sailed at dawn, with escorts.\n'),
      },
      NEW_SECTIONS,
    );
    assert.ok(first.ok && second.ok);
    assert.equal(second.id, first.id);
    assert.equal(second.existing, true);
    assert.equal(second.updated, true);
    assert.equal(first.updated, false);
    const articles = await ctx.handle.db
      .selectFrom('articles')
      .innerJoin('article_bodies', 'article_bodies.article_id', 'articles.article_id')
      .select(['standfirst', 'body_md'])
      .execute();
    assert.equal(articles.length, 1);
    assert.equal(articles[0]!.standfirst, 'The ship left Portsmouth.');
    const found = await ctx.services.articleReader.findBySlug('carrier-sails');
    assert.ok(found.status === 'published');
    assert.match(found.article.bodyHtml, /with escorts/);
    assert.deepEqual(
      found.article.authors.map((a) => a.name),
      ['Callum Reid'],
      'what the page does not say is kept',
    );
    assert.deepEqual(
      found.article.topics.map((t) => t.name),
      ['Royal Navy'],
      'topics too',
    );
  });

  test('two different pages that share a section and headline stay two articles', async (t) => {
    const ctx = await freshServices(t, database);
    const w1 = await ctx.services.importer.importPage(
      FACTORY,
      {
        file: 'week-1.txt',
        bytes: page('Army\n\nWeek in brief\n\nMonday to Friday, week one.\n\nFirst week.\n'),
      },
      NEW_SECTIONS,
    );
    const w2 = await ctx.services.importer.importPage(
      FACTORY,
      {
        file: 'week-2.txt',
        bytes: page('Army\n\nWeek in brief\n\nMonday to Friday, week two.\n\nSecond week.\n'),
      },
      NEW_SECTIONS,
    );
    assert.ok(w1.ok && w2.ok);
    assert.notEqual(w1.id, w2.id);
    assert.equal(w2.existing, false);
    assert.equal(w2.updated, false);
  });
});

test('an unexpected failure on one file is reported for that file and the batch goes on', async () => {
  const failures: string[] = [];
  const articles = {
    findByImportKey: async () => null,
    findImportedVersion: async () => null,
    createArticle: async (_actor: unknown, input: { headline: string }) => {
      if (input.headline === 'Boom') throw new Error('disk full');
      return { id: 'id-1', slug: 'fine', path: '/army/fine', status: 'published' as const };
    },
  } as unknown as ArticleService;
  const log = { ...silentLogger, error: (fields: object) => failures.push((fields as { file: string }).file) };
  const taxonomy = { listSections: async () => [{ name: 'Army' }] } as never;
  const suggestions = { suggestTopics: async () => ({ existing: [], proposed: [] }) };
  const importer = createImporterService({ articles, siteUrl: 'https://example.org', log, taxonomy, suggestions });
  const results = await importer.importPages(FACTORY, [
    { file: 'boom.txt', bytes: page('Army\n\nBoom\n\nS.\n') },
    { file: 'fine.txt', bytes: page('Army\n\nFine\n\nS.\n') },
  ]);
  assert.deepEqual(
    results.map((r) => (r.ok ? 'ok' : r.code)),
    ['IMPORT_FAILED', 'ok'],
  );
  assert.doesNotMatch(JSON.stringify(results[0]), /disk full/, 'internals are not shown');
  assert.deepEqual(failures, ['boom.txt'], 'but they are reported');
});

forEachDatabase('text importer, unknown sections', (database) => {
  test('a section line that names no section is refused with the nearest name, unless sections may be created', async (t) => {
    const ctx = await freshServices(t, database);
    for (const name of ['Army', 'Navy', 'RAF']) await ctx.services.taxonomy.ensureSection(FACTORY, name);
    const typo = { file: 'typo.txt', bytes: page('Navvy\n\nFrigate sails\n\nOff to the Gulf.\n\nBody.\n') };
    const refused = await ctx.services.importer.importPage(FACTORY, typo);
    assert.equal(refused.ok, false);
    assert.equal(!refused.ok && refused.code, 'UNKNOWN_SECTION');
    assert.equal(
      !refused.ok && refused.error,
      'No section is called "Navvy". Did you mean "Navy"? The sections are Army, Navy, RAF. Correct the section line, or import with --create-sections to create it.',
    );
    assert.equal((await ctx.services.taxonomy.listSections()).length, 3, 'no section made');
    assert.equal((await ctx.handle.db.selectFrom('articles').select('article_id').execute()).length, 0, 'no article written');
    // Any case or spacing of an existing name is that section.
    assert.ok(
      (await ctx.services.importer.importPage(FACTORY, { file: 'ok.txt', bytes: page('navy\n\nDestroyer sails\n\nS.\n\nBody.\n') })).ok,
    );
    const created = await ctx.services.importer.importPage(FACTORY, typo, { createSections: true });
    assert.ok(created.ok);
    assert.deepEqual((await ctx.services.taxonomy.listSections()).map((s) => s.name).sort(), ['Army', 'Navvy', 'Navy', 'RAF']);
  });
});
