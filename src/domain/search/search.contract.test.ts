import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle, anAuthor, aSeries, aTopic, FACTORY } from '../../../test/factories.js';
import { buildTestApp, TEST_NOW, type TestContext } from '../../../test/helpers/app.js';
import { writeArchive } from '../../../test/helpers/archive.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { newId } from '../../kernel/ids.js';
import { SNIPPET_END, SNIPPET_MARK, TOTAL_CAP } from './index.js';

/**
 * The search contract: one suite, run on SQLite (FTS5) and PostgreSQL (tsvector), through
 * the search service as the app builds it, with articles written by the article service.
 */

const hoursBefore = (h: number) => new Date(Date.parse(TEST_NOW) - h * 3600_000).toISOString();

async function headlines(ctx: TestContext, q: string, filter = {}) {
  const results = await ctx.services.search.search({ q, filter, perPage: 50 });
  const views = await ctx.services.articleReader.feedEntries(results.hits.map((h) => ({ id: h.articleId })));
  return views.map((v) => v.headline);
}

const story = (headline: string, extra: Parameters<typeof anArticle>[1] = {}) => ({
  headline,
  standfirst: 'A report from our defence staff.',
  bodyMarkdown: 'Troops from three regiments took part in the exercise.',
  section: 'Army',
  ...extra,
});

/**
 * `count` published stories, one an hour back from TEST_NOW (story 0 the newest), written
 * straight into the tables as an archive's import would be, then indexed by the service.
 * `words(i)` gives story i's headline and body. Returns the ids, newest first.
 */
async function anArchive(ctx: TestContext, count: number, words: (i: number) => { headline: string; body: string }): Promise<string[]> {
  const section = await ctx.services.taxonomy.ensureSection(FACTORY, 'Navy');
  const ids = Array.from({ length: count }, () => newId());
  await writeArchive(
    ctx.handle.db,
    ids.map((id, i) => ({
      id,
      slug: `archive-story-${i}`,
      sectionId: section.id,
      standfirst: 'From the archive.',
      at: hoursBefore(i + 1),
      ...words(i),
    })),
  );
  await ctx.services.search.rebuild();
  return ids;
}

forEachDatabase('search contract', (database) => {
  test('the headline outweighs the standfirst, which outweighs the topics and the body', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await anArticle(
      ctx,
      story('Body mention', { bodyMarkdown: 'Officials briefed on the Trident programme at length.', publishedAt: hoursBefore(1) }),
    );
    await anArticle(ctx, story('Topic mention', { topics: ['Trident'], publishedAt: hoursBefore(2) }));
    await anArticle(ctx, story('Standfirst mention', { standfirst: 'What the Trident review means.', publishedAt: hoursBefore(3) }));
    await anArticle(ctx, story('Trident renewal vote passes', { publishedAt: hoursBefore(4) }));
    await anArticle(ctx, story('Unrelated story'));
    const found = await headlines(ctx, 'trident');
    assert.equal(found.length, 4);
    assert.deepEqual(found.slice(0, 2), ['Trident renewal vote passes', 'Standfirst mention']);
    assert.deepEqual(found.slice(2).sort(), ['Body mention', 'Topic mention']);
  });

  test('English stemming, phrases, exclusion and prefixes', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await anArticle(
      ctx,
      story('Soldiers patrolling the border', { bodyMarkdown: 'The air strikes began at dawn near the Ukraine border.' }),
    );
    await anArticle(ctx, story('A soldier patrols alone', { bodyMarkdown: 'Air defences held; the strikes came later.' }));
    await anArticle(ctx, story('Militia disarmed', { bodyMarkdown: 'Military observers watched the drone flights.' }));
    await anArticle(ctx, story('Drone maker expands', { bodyMarkdown: 'New drone factories in Ukraine and Poland.' }));
    assert.deepEqual(
      (await headlines(ctx, 'soldier patrol')).sort(),
      ['A soldier patrols alone', 'Soldiers patrolling the border'],
      'stems',
    );
    assert.deepEqual(await headlines(ctx, '"air strikes"'), ['Soldiers patrolling the border'], 'a phrase is words side by side');
    assert.deepEqual(await headlines(ctx, 'drone -ukraine'), ['Militia disarmed'], 'an excluded word');
    assert.deepEqual((await headlines(ctx, 'milit*')).sort(), ['Militia disarmed'], 'a prefix');
    assert.deepEqual(await headlines(ctx, '“air strikes”'), ['Soldiers patrolling the border'], 'curly quotes are quotes too');
    await anArticle(ctx, story('F-35 squadron formed', { bodyMarkdown: 'The F-35B jets arrived at Marham.' }));
    assert.deepEqual(await headlines(ctx, 'F-35'), ['F-35 squadron formed'], 'a hyphenated name, parsed as the documents were');
  });

  test('filters by section, topic, series, author and publication time', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const nato = await aTopic(ctx, { name: 'NATO' });
    const brief = await aSeries(ctx, { name: 'Battlefield Brief' });
    const marsh = await anAuthor(ctx, { name: 'Eleanor Marsh' });
    await anArticle(ctx, story('Exercise in Estonia', { section: 'Army', topics: [nato], publishedAt: hoursBefore(30) }));
    await anArticle(ctx, story('Exercise at sea', { section: 'Navy', series: brief, publishedAt: hoursBefore(20) }));
    await anArticle(ctx, story('Exercise over the North Sea', { section: 'RAF', authors: [marsh], publishedAt: hoursBefore(10) }));
    assert.deepEqual(await headlines(ctx, 'exercise', { section: 'navy' }), ['Exercise at sea']);
    assert.deepEqual(await headlines(ctx, 'exercise', { topic: 'nato' }), ['Exercise in Estonia']);
    assert.deepEqual(await headlines(ctx, 'exercise', { series: 'battlefield-brief' }), ['Exercise at sea']);
    assert.deepEqual(await headlines(ctx, 'exercise', { author: 'eleanor-marsh' }), ['Exercise over the North Sea']);
    assert.deepEqual(await headlines(ctx, 'exercise', { since: hoursBefore(25), until: hoursBefore(15) }), ['Exercise at sea']);
    assert.deepEqual(await headlines(ctx, 'exercise', { section: 'no-such-section' }), []);
  });

  test('snippets mark the matched words; pages of results neither repeat nor skip', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await anArticle(
      ctx,
      story('Carrier sails', {
        bodyMarkdown: 'The carrier left Portsmouth on Tuesday. Her escorts included two frigates and a submarine.',
      }),
    );
    const [hit] = (await ctx.services.search.search({ q: 'frigates' })).hits;
    assert.ok(hit!.snippet.includes(`${SNIPPET_MARK}frigates${SNIPPET_END}`), hit!.snippet);
    assert.ok(!hit!.snippet.includes('<'), 'plain text: the page does the marking up');

    for (let i = 0; i < 7; i++) await anArticle(ctx, story(`Convoy report ${i}`, { publishedAt: hoursBefore(i + 1) }));
    const first = await ctx.services.search.search({ q: 'convoy', perPage: 3 });
    assert.equal(first.total, 7);
    assert.equal(first.hasMore, true);
    const pages = [first];
    for (let page = 2; page <= 3; page++) pages.push(await ctx.services.search.search({ q: 'convoy', perPage: 3, page }));
    const ids = pages.flatMap((p) => p.hits.map((h) => h.articleId));
    assert.equal(ids.length, 7);
    assert.equal(new Set(ids).size, 7);
    assert.equal(pages[2]!.hasMore, false);
  });

  test('never stale and never a draft: publish, update, unpublish and renames are searched as they stand', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const draft = await anArticle(ctx, story('Secret draft about hovercraft', { status: 'draft' }));
    assert.deepEqual(await headlines(ctx, 'hovercraft'), [], 'a draft is not public');
    await ctx.services.articles.publishArticle(FACTORY, draft.id);
    assert.deepEqual(await headlines(ctx, 'hovercraft'), ['Secret draft about hovercraft']);

    const edit = await ctx.services.articles.getForEdit(draft.id);
    await ctx.services.articles.updateArticle(FACTORY, draft.id, {
      ...edit,
      headline: 'Amphibious craft trials',
      bodyMarkdown: 'Landing craft.',
    });
    assert.deepEqual(await headlines(ctx, 'hovercraft'), [], 'the old words are gone');
    assert.deepEqual(await headlines(ctx, 'amphibious'), ['Amphibious craft trials']);

    await ctx.services.articles.unpublishArticle(FACTORY, draft.id);
    assert.deepEqual(await headlines(ctx, 'amphibious'), []);

    const topic = await aTopic(ctx, { name: 'Sea King' });
    await anArticle(ctx, story('Helicopter retired', { topics: [topic] }));
    const forEdit = await ctx.services.taxonomy.getTopicForEdit(FACTORY, topic.id);
    await ctx.services.taxonomy.updateTopic(FACTORY, topic.id, { ...forEdit, name: 'Westland Sea King' });
    assert.deepEqual(await headlines(ctx, 'westland'), ['Helicopter retired'], 'a renamed topic is searched by its new name');
  });

  test('bad syntax never fails: it falls back to plain words; an overlong query is cut, not refused', async (t) => {
    const ctx = await buildTestApp(t, { database });
    await anArticle(ctx, story('Typhoon jets scrambled', { bodyMarkdown: 'Two Typhoon jets met the bombers (over the sea).' }));
    for (const q of [
      '"typhoon',
      'typhoon AND',
      'typhoon OR NOT (',
      '*typhoon',
      'typhoon -',
      'jets:typhoon',
      "typhoon' OR '' --",
      '(typhoon)',
      '{jets}^',
    ])
      assert.deepEqual(await headlines(ctx, q), ['Typhoon jets scrambled'], q);
    for (const q of ['', '   ', '-typhoon', '"', '***', '()'])
      assert.deepEqual((await ctx.services.search.search({ q })).hits, [], `${JSON.stringify(q)} finds nothing, quietly`);
    // Past the first 200 characters nothing counts: the word that would match nothing is never read.
    assert.deepEqual(await headlines(ctx, `typhoon ${' '.repeat(5000)} nowhere`), ['Typhoon jets scrambled']);
  });

  test('past a thousand matches, the newest thousand are ranked and paged; older ones are reached by date', async (t) => {
    const ctx = await buildTestApp(t, { database });
    // 3,000 stories an hour apart: every other one names a kestrel in its body (1,500 matches),
    // story 100 in its headline too, and story 2,990 (far older) in its headline alone; every
    // fiftieth names an osprey (60 matches, fewer than a window).
    const ids = await anArchive(ctx, 3000, (i) => ({
      headline: i === 100 || i === 2990 ? `Kestrel sighting number ${i}` : `Archive story ${i}`,
      body: `${i % 2 === 0 ? 'A kestrel hovered over the range.' : 'Nothing was seen.'} ${i % 50 === 0 ? 'An osprey nested nearby.' : ''}`,
    }));
    const newestEven = new Set(ids.filter((_, i) => i % 2 === 0).slice(0, TOTAL_CAP));

    const first = await ctx.services.search.search({ q: 'kestrel', perPage: 50 });
    assert.equal(first.total, TOTAL_CAP);
    assert.equal(first.totalCapped, true);
    assert.equal(first.hits[0]?.articleId, ids[100], 'the headline match among the newest thousand ranks first');
    assert.equal(first.hits[1]?.articleId, ids[0], 'then the newest');
    const seen = new Set<string>();
    for (let page = 1; ; page++) {
      const res = await ctx.services.search.search({ q: 'kestrel', perPage: 50, page });
      for (const h of res.hits) seen.add(h.articleId);
      if (!res.hasMore) {
        assert.equal(page, TOTAL_CAP / 50, 'pages stop at the window');
        break;
      }
    }
    assert.equal(seen.size, TOTAL_CAP, 'no page repeats or skips a story');
    assert.deepEqual(
      [...seen].filter((id) => !newestEven.has(id)),
      [],
      'only the newest thousand matches are ranked',
    );

    // Before story 1,000's time, the older matches (999 of them) are all ranked: the old headline first.
    const until = hoursBefore(1000 + 1);
    const older = await ctx.services.search.search({ q: 'kestrel', filter: { until }, perPage: 50 });
    assert.equal(older.total, 999);
    assert.equal(older.totalCapped, false);
    assert.equal(older.hits[0]?.articleId, ids[2990]);
    assert.equal(older.hits[1]?.articleId, ids[1002]);

    // Fewer matches than a window: every one, newest first, wherever it lies in the archive.
    const rare = await ctx.services.search.search({ q: 'osprey', perPage: 50, page: 2 });
    assert.equal(rare.total, 60);
    assert.deepEqual(
      rare.hits.map((h) => h.articleId),
      ids.filter((_, i) => i % 50 === 0).slice(50),
    );
  });
});
