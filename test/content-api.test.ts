import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadConfig } from '../src/config.js';
import { API_REQUESTS_PER_MINUTE } from '../src/web/api/content-api.routes.js';
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
    assert.deepEqual(one.quotes, [], 'the pull quotes, by default on one article (none here)');
    const quoted = await anArticle(ctx, {
      section: 'Army',
      headline: 'Army chief on readiness',
      bodyMarkdown: '"We are ready," General Sir Roly Walker said.',
      pullQuotes: [{ text: 'We are ready', speaker: 'General Sir Roly Walker' }],
    });
    assert.deepEqual((await get(`/api/v1/articles/${quoted.id}?include=quotes&fields=id`)).json().data, {
      id: quoted.id,
      quotes: [{ text: 'We are ready', speaker: 'General Sir Roly Walker' }],
    });
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

test('the OpenAPI 3.1 document is public and describes what the API answers', async (t) => {
  const ctx = await buildTestApp(t);
  const { get } = await withKey(ctx);
  const article = await anArticle(ctx, { section: 'Army', topics: ['NATO'] });
  const res = await ctx.app.inject('/api/v1/openapi.json');
  assert.equal(res.statusCode, 200, 'no key needed to read the documentation');
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.equal(doc.servers[0].url, `${TEST_SITE_URL}/api/v1`);
  const params = doc.paths['/articles'].get.parameters as Array<{ name: string; schema: Record<string, unknown> }>;
  assert.deepEqual(
    params.map((p) => p.name),
    ['section', 'topic', 'series', 'author', 'since', 'until', 'limit', 'cursor', 'fields', 'include'],
    'every query parameter the schema parses, and no key parameter',
  );
  assert.equal(params.find((p) => p.name === 'limit')!.schema.maximum, 100);
  // Real answers validate against the schemas the document gives for them.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const schemaFor = (path: string) => doc.paths[path].get.responses['200'].content['application/json'].schema;
  for (const [path, url] of [
    ['/articles', '/api/v1/articles?include=authors,topics,body'],
    ['/articles/{id}', `/api/v1/articles/${article.id}`],
    ['/sections', '/api/v1/sections'],
    ['/topics', '/api/v1/topics'],
    ['/search', '/api/v1/search?q=troops&include=authors'],
  ] as const) {
    const validate = ajv.compile(schemaFor(path));
    assert.ok(validate((await get(url)).json()), `${url}: ${ajv.errorsText(validate.errors)}`);
  }
  const error = ajv.compile(doc.paths['/articles'].get.responses['401'].content['application/json'].schema);
  assert.ok(error((await ctx.app.inject('/api/v1/articles')).json()));
});

test('browsers on the configured origins may call the API; others are not told they may', async (t) => {
  const ctx = await buildTestApp(t, { apiCorsOrigins: ['https://app.garrison.example'] });
  const { key } = await ctx.services.apiKeys.createKey(FACTORY, 'App');
  const preflight = await ctx.app.inject({
    method: 'OPTIONS',
    url: '/api/v1/articles',
    headers: {
      origin: 'https://app.garrison.example',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
  });
  assert.equal(preflight.statusCode, 204);
  assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.garrison.example');
  assert.match(String(preflight.headers['access-control-allow-headers']), /Authorization/);
  const call = await ctx.app.inject({
    url: '/api/v1/sections',
    headers: { origin: 'https://app.garrison.example', authorization: `Bearer ${key}` },
  });
  assert.equal(call.statusCode, 200);
  assert.equal(call.headers['access-control-allow-origin'], 'https://app.garrison.example');
  assert.match(String(call.headers.vary), /Origin/);

  const stranger = await ctx.app.inject({ method: 'OPTIONS', url: '/api/v1/articles', headers: { origin: 'https://evil.example' } });
  assert.equal(stranger.statusCode, 403);
  assert.equal(stranger.headers['access-control-allow-origin'], undefined);
  const strangerCall = await ctx.app.inject({
    url: '/api/v1/sections',
    headers: { origin: 'https://evil.example', authorization: `Bearer ${key}` },
  });
  assert.equal(strangerCall.headers['access-control-allow-origin'], undefined, 'the browser will not hand the answer to that page');
});

test('each key has its own allowance of requests a minute', async (t) => {
  const ctx = await buildTestApp(t);
  const busy = await withKey(ctx);
  const calm = await withKey(ctx);
  const statuses = new Map<number, number>();
  for (let i = 0; i <= API_REQUESTS_PER_MINUTE; i++) {
    const status = (await busy.get('/api/v1/sections')).statusCode;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries(statuses), { 200: API_REQUESTS_PER_MINUTE, 429: 1 });
  const refused = await busy.get('/api/v1/sections');
  assert.equal(refused.json().error.code, 'RATE_LIMITED');
  assert.equal((await calm.get('/api/v1/sections')).statusCode, 200, 'another key is not held back');
});

test('API_CORS_ORIGINS: none by default, a list of origins, or *; anything else is a clear configuration error', () => {
  assert.deepEqual(loadConfig({}).apiCorsOrigins, []);
  assert.deepEqual(loadConfig({ API_CORS_ORIGINS: 'https://app.example, https://m.example/' }).apiCorsOrigins, [
    'https://app.example',
    'https://m.example',
  ]);
  assert.equal(loadConfig({ API_CORS_ORIGINS: '*' }).apiCorsOrigins, '*');
  assert.throws(() => loadConfig({ API_CORS_ORIGINS: 'app.example' }), /API_CORS_ORIGINS: "app\.example" is not an origin/);
  assert.throws(() => loadConfig({ API_CORS_ORIGINS: 'https://app.example/path' }), /is not an origin/);
});
