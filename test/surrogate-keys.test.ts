import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle, anAuthor, aSeries, aTopic } from './factories.js';
import { buildTestApp } from './helpers/app.js';

test('every page and feed names what it shows for a CDN, cached answers too', async (t) => {
  const ctx = await buildTestApp(t);
  const topic = await aTopic(ctx, { name: 'NATO' });
  const series = await aSeries(ctx, { name: 'Battlefield Brief' });
  const writer = await anAuthor(ctx, { name: 'Eleanor Marsh' });
  const article = await anArticle(ctx, { section: 'Army', topics: [topic], series, authors: [writer] });
  const army = await ctx.services.taxonomy.getSectionBySlug('army');
  const expected: Array<[path: string, keys: string]> = [
    ['/', 'site home'],
    [article.path, `site article:${article.id} section:${army.id}`],
    ['/army', `site section:${army.id}`],
    [`/topics/${topic.slug}`, `site topic:${topic.id}`],
    [`/series/${series.slug}`, `site series:${series.id}`],
    [`/authors/${writer.slug}`, `site author:${writer.id}`],
    ['/corrections', 'site corrections'],
    ['/about', 'site page:about'],
    ['/rss.xml', 'site home'],
    ['/army/atom.xml', `site section:${army.id}`],
    [`/topics/${topic.slug}/feed.json`, `site topic:${topic.id}`],
    ['/corrections/rss.xml', 'site corrections'],
  ];
  for (const [path, keys] of expected) {
    const miss = await ctx.app.inject(path);
    assert.equal(miss.statusCode, 200, path);
    assert.equal(miss.headers['x-cache'], 'MISS', path);
    assert.equal(miss.headers['surrogate-key'], keys, `${path}: Surrogate-Key`);
    assert.equal(miss.headers['cache-tag'], keys.replaceAll(' ', ','), `${path}: Cache-Tag`);
    const hit = await ctx.app.inject(path);
    assert.equal(hit.headers['x-cache'], 'HIT', path);
    assert.equal(hit.headers['surrogate-key'], keys, `${path}: replayed on a hit`);
    assert.equal(hit.headers['cache-tag'], keys.replaceAll(' ', ','), `${path}: replayed on a hit`);
  }
  // The newsroom is never cached anywhere, so it names nothing.
  assert.equal((await ctx.app.inject('/newsroom/login')).headers['surrogate-key'], undefined);
});
