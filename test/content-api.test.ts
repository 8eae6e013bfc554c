import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle, anAuthor, aSeries, aTopic, FACTORY } from './factories.js';
import { buildTestApp, TEST_SITE_URL, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';

const hoursBefore = (h: number) => new Date(Date.parse('2026-11-27T12:00:00Z') - h * 3600_000).toISOString();

async function withKey(ctx: TestContext) {
  const { key } = await ctx.services.apiKeys.createKey(FACTORY, 'Tests');
  const get = (url: string) => ctx.app.inject({ url, headers: { authorization: `Bearer ${key}` } });
  return { key, get };
}

forEachDatabase('the content API', (database) => {
  test('no key, a wrong key, a revoked key or a Ghost key: 401 in JSON', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const none = await ctx.app.inject('/api/v1/articles');
    assert.equal(none.statusCode, 401);
    assert.deepEqual(none.json(), { error: { code: 'UNAUTHENTICATED', message: 'An API key is needed: send Authorization: Bearer KEY.' } });
    const { key, apiKey } = await ctx.services.apiKeys.createKey(FACTORY, 'Soon revoked');
    const ghost = await ctx.services.apiKeys.createKey(FACTORY, 'Ghost', { ghost: true });
    assert.equal((await ctx.app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${key}` } })).statusCode, 200);
    assert.equal((await ctx.app.inject(`/api/v1/sections?key=${key}`)).statusCode, 200, 'or as ?key=');
    assert.equal((await ctx.app.inject(`/api/v1/sections?key=${ghost.key}`)).statusCode, 401, 'a Ghost key opens only the Ghost API');
    await ctx.services.apiKeys.revokeKey(FACTORY, apiKey.id);
    const revoked = await ctx.app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${key}` } });
    assert.equal(revoked.statusCode, 401);
    assert.match(revoked.json().error.message, /not valid/);
  });

  test('articles: newest first, filtered, paged by cursor without repeats, fields and include as asked', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { get } = await withKey(ctx);
    const nato = await aTopic(ctx, { name: 'NATO' });
    const brief = await aSeries(ctx, { name: 'Battlefield Brief' });
    const marsh = await anAuthor(ctx, { name: 'Eleanor Marsh' });
    const refs = [];
    for (let i = 1; i <= 5; i++)
      refs.push(
        await anArticle(ctx, {
          section: i % 2 ? 'Army' : 'Navy',
          headline: `Story ${i}`,
          topics: i <= 3 ? [nato] : [],
          series: i === 4 ? brief : null,
          authors: i === 5 ? [marsh] : [],
          publishedAt: hoursBefore(10 - i),
        }),
      );
    await anArticle(ctx, { section: 'Army', headline: 'A draft', status: 'draft' });

    const first = await get('/api/v1/articles?limit=2');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'private, no-store');
    const body = first.json();
    assert.deepEqual(
      body.data.map((a: { headline: string }) => a.headline),
      ['Story 5', 'Story 4'],
    );
    assert.equal(body.data[0].url, `${TEST_SITE_URL}${refs[4]!.path}`);
    assert.deepEqual(body.data[0].section, { name: 'Army', slug: 'army', path: '/army', url: `${TEST_SITE_URL}/army` });
    assert.equal(body.data[0].authors, undefined, 'authors only when included');
    // A story published between the pages changes nothing on the next one.
    await anArticle(ctx, { section: 'Army', headline: 'Story 6', publishedAt: hoursBefore(1) });
    const second = (await get(`/api/v1/articles?limit=2&cursor=${body.meta.nextCursor}`)).json();
    assert.deepEqual(
      second.data.map((a: { headline: string }) => a.headline),
      ['Story 3', 'Story 2'],
    );
    const third = (await get(`/api/v1/articles?limit=2&cursor=${second.meta.nextCursor}`)).json();
    assert.deepEqual(
      third.data.map((a: { headline: string }) => a.headline),
      ['Story 1'],
    );
    assert.equal(third.meta.nextCursor, null, 'the last page says so');

    const titles = async (query: string) =>
      (await get(`/api/v1/articles?${query}`)).json().data.map((a: { headline: string }) => a.headline);
    assert.deepEqual(await titles('section=navy'), ['Story 4', 'Story 2']);
    assert.deepEqual(await titles(`topic=${nato.slug}`), ['Story 3', 'Story 2', 'Story 1']);
    assert.deepEqual(await titles(`series=${brief.slug}`), ['Story 4']);
    assert.deepEqual(await titles(`author=${marsh.slug}`), ['Story 5']);
    assert.deepEqual(await titles(`since=${hoursBefore(7)}&until=${hoursBefore(5)}`), ['Story 4', 'Story 3']);

    const picked = (await get('/api/v1/articles?limit=1&fields=id,headline&include=authors,topics,body')).json().data[0];
    assert.deepEqual(Object.keys(picked).sort(), ['authors', 'bodyHtml', 'headline', 'id', 'topics']);
    assert.equal(picked.headline, 'Story 6');

    const one = (await get(`/api/v1/articles/${refs[4]!.id}`)).json().data;
    assert.deepEqual(one.authors, [
      { name: 'Eleanor Marsh', slug: marsh.slug, role: '', path: `/authors/${marsh.slug}`, url: `${TEST_SITE_URL}/authors/${marsh.slug}` },
    ]);
    assert.match(one.bodyHtml, /^<p>/);
  });

  test('bad queries are refused with the reason; unknown filters and articles are 404', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { get } = await withKey(ctx);
    await anArticle(ctx, { section: 'Army' });
    for (const [query, message] of [
      ['limit=0', /limit must be at least 1/],
      ['limit=1000', /limit may be at most 100/],
      ['limit=ten', /limit must be a number/],
      ['since=yesterday', /since must be a date and time/],
      ['fields=headline,password', /fields/],
      ['include=everything', /include/],
      ['cursor=not-a-cursor', /cursor/],
    ] as const) {
      const res = await get(`/api/v1/articles?${query}`);
      assert.equal(res.statusCode, 422, query);
      assert.equal(res.json().error.code, 'VALIDATION_FAILED', query);
      assert.match(res.json().error.message, message, query);
    }
    assert.equal((await get('/api/v1/articles?section=no-such-desk')).statusCode, 404);
    const missing = await get('/api/v1/articles/no-such-id');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'ARTICLE_NOT_FOUND');
  });

  test('sections, topics, series and authors list with their addresses', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { get } = await withKey(ctx);
    const topic = await aTopic(ctx, { name: 'NATO', kind: 'organisation' });
    await aSeries(ctx, { name: 'Battlefield Brief' });
    await anAuthor(ctx, { name: 'Eleanor Marsh', role: 'Defence correspondent' });
    await anArticle(ctx, { section: 'Army' });
    assert.deepEqual(
      (await get('/api/v1/sections')).json().data.map((s: { slug: string; url: string }) => [s.slug, s.url]),
      [['army', `${TEST_SITE_URL}/army`]],
    );
    const topics = (await get('/api/v1/topics')).json().data;
    assert.deepEqual(topics[0], {
      id: topic.id,
      name: 'NATO',
      slug: topic.slug,
      kind: 'organisation',
      description: '',
      path: `/topics/${topic.slug}`,
      url: `${TEST_SITE_URL}/topics/${topic.slug}`,
    });
    assert.equal((await get('/api/v1/series')).json().data[0].name, 'Battlefield Brief');
    assert.equal((await get('/api/v1/authors')).json().data[0].role, 'Defence correspondent');
  });
});
