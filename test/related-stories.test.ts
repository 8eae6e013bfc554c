import assert from 'node:assert/strict';
import { test } from 'node:test';
import { relatedness } from '../src/domain/search/index.js';
import { anArticle, aTopic, FACTORY } from './factories.js';
import { buildTestApp, TEST_NOW, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';

const hoursBefore = (h: number) => new Date(Date.parse(TEST_NOW) - h * 3600_000).toISOString();

async function relatedHeadlines(ctx: TestContext, articleId: string) {
  const cards = await ctx.services.articleReader.cardsByIds(await ctx.services.related.forArticle(articleId));
  return cards.map((c) => c.headline);
}

forEachDatabase('related stories', (database) => {
  test('a rare shared topic outweighs a common one and recency; worked out on publication, for neighbours too', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const defence = await aTopic(ctx, { name: 'Defence' });
    const trident = await aTopic(ctx, { name: 'Trident' });
    // "Defence" is on every story, so sharing it says little.
    for (let i = 0; i < 6; i++)
      await anArticle(ctx, { section: 'Navy', headline: `Budget story ${i}`, topics: [defence], publishedAt: hoursBefore(2 + i) });
    const older = await anArticle(ctx, {
      section: 'Army',
      headline: 'Submarine patrol extended',
      topics: [defence, trident],
      publishedAt: hoursBefore(400),
    });
    const story = await anArticle(ctx, {
      section: 'Army',
      headline: 'Warhead programme approved',
      topics: [defence, trident],
      publishedAt: hoursBefore(1),
    });
    const list = await relatedHeadlines(ctx, story.id);
    assert.equal(list[0], 'Submarine patrol extended', 'the rare topic first, though weeks older');
    assert.ok(list.length > 1 && list.slice(1).every((h) => h.startsWith('Budget story')));
    // The older story's list was worked out again when the new one was published.
    assert.equal((await relatedHeadlines(ctx, older.id))[0], 'Warhead programme approved');

    await ctx.services.articles.unpublishArticle(FACTORY, story.id);
    assert.ok(!(await relatedHeadlines(ctx, older.id)).includes('Warhead programme approved'), 'a withdrawn story leaves every list');
  });

  test('the article page: the editor’s teasers first, then related stories, topped up from the section, none twice', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const f35 = await aTopic(ctx, { name: 'F-35' });
    await anArticle(ctx, { section: 'RAF', headline: 'Lightning jets land on carrier', topics: [f35], publishedAt: hoursBefore(50) });
    await anArticle(ctx, { section: 'RAF', headline: 'Pilot training expands', publishedAt: hoursBefore(3) });
    await anArticle(ctx, { section: 'Navy', headline: 'Carrier leaves Portsmouth', publishedAt: hoursBefore(4) });
    const story = await anArticle(ctx, {
      section: 'RAF',
      headline: 'Second F-35 squadron formed',
      topics: [f35],
      teasers: ['Carrier leaves Portsmouth'],
      publishedAt: hoursBefore(1),
    });
    const page = await ctx.app.inject(story.path);
    const more = page.body.slice(page.body.indexOf('id="more-stories-heading"'));
    const order = ['Carrier leaves Portsmouth', 'Lightning jets land on carrier', 'Pilot training expands'].map((h) => more.indexOf(h));
    assert.ok(
      order.every((i) => i > 0),
      `all three shown: ${order}`,
    );
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
      'teaser, then the related story, then the section’s newest',
    );
    assert.equal(more.split('Lightning jets land on carrier').length, 2, 'once');
    assert.match(String(page.headers['surrogate-key']), /article:/);
  });
});

test('relatedness: words shared by headlines count without topics; nothing shared is not related', () => {
  const base = { status: 'published', sectionId: 's', topicIds: [], standfirst: '' };
  const story = { ...base, id: 'a', headline: 'Royal Marines train in Arctic Norway', publishedAt: TEST_NOW };
  const near = { ...base, id: 'b', headline: 'Arctic training for Royal Marines ends', publishedAt: hoursBefore(24) };
  const far = { ...base, id: 'c', headline: 'Budget talks stall in Westminster', publishedAt: hoursBefore(1) };
  const none = () => 1;
  assert.ok(relatedness(story, near, none) > 1);
  assert.equal(relatedness(story, far, none), 0);
});

test('lists worked out again after a publication are announced once stored (related.updated), and only lists that changed', async (t) => {
  const ctx = await buildTestApp(t);
  const seen: Array<{ type: string; articleIds?: string[] }> = [];
  ctx.services.events.on((event) => void seen.push(event));
  const first = await anArticle(ctx, { section: 'Army', headline: 'Drone swarm trial on Salisbury Plain', topics: ['Drones'] });
  assert.deepEqual(
    seen.filter((e) => e.type === 'related.updated'),
    [],
    'a lone story: no list changed',
  );
  const second = await anArticle(ctx, { section: 'Navy', headline: 'Navy orders drone swarm for frigates', topics: ['Drones'] });
  const announced = seen.filter((e) => e.type === 'related.updated').flatMap((e) => e.articleIds ?? []);
  assert.deepEqual(new Set(announced), new Set([first.id, second.id]), 'both lists now name the other');
  // The event drops the page showing that list from the page cache, and only it.
  for (const path of [first.path, second.path]) {
    await ctx.app.inject(path);
    assert.equal((await ctx.app.inject(path)).headers['x-cache'], 'HIT');
  }
  await ctx.services.changed.emit({ type: 'related.updated', articleIds: [first.id] });
  assert.equal((await ctx.app.inject(first.path)).headers['x-cache'], 'MISS');
  assert.equal((await ctx.app.inject(second.path)).headers['x-cache'], 'HIT');
});
