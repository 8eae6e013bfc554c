import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createEventBus } from '../../kernel/events.js';
import { tagAnswer } from '../surrogate-keys.js';
import pageCache, { cacheKey } from './page-cache.js';

/** A one-route app that counts how often its page is really rendered. */
async function countingApp() {
  const events = createEventBus((err) => {
    throw err;
  });
  let clock = 0;
  let renders = 0;
  const app = Fastify();
  await app.register(pageCache, {
    changed: events,
    // Each test page shows one "story" named in its tag; `site` for anything else.
    staleKeys: async (event) => (event.type === 'article.updated' ? [`article:${event.articleId}`] : ['site']),
    // Every page expires at the next whole second of the test's clock (as pages do at UK midnight).
    expiresAt: (now) => (Math.floor(now / 1000) + 1) * 1000,
    clock: { now: () => new Date(clock) },
    maxBytes: 1000,
  });
  app.get('/page', { config: { pageCache: 'single' } }, async (_req, reply) => reply.type('text/html').send(`<p>render ${++renders}</p>`));
  app.get<{ Params: { id: string } }>('/story/:id', { config: { pageCache: 'single' } }, async (req, reply) => {
    tagAnswer(reply, [`article:${req.params.id}`]);
    return reply.type('text/html').send(`<p>story ${req.params.id}, render ${++renders}</p>`);
  });
  app.get('/list', { config: { pageCache: 'paginated' } }, async (_req, reply) =>
    reply.type('text/html').send(`<p>render ${++renders}</p>`),
  );
  app.get('/big/:n', { config: { pageCache: 'single' } }, async (_req, reply) => reply.type('text/html').send('x'.repeat(90) + ++renders));
  app.get('/uncached', async (_req, reply) => reply.type('text/html').send('<p>same every time</p>'));
  await app.ready();
  return { app, events, advance: (ms: number) => (clock += ms), renders: () => renders };
}

test('a cached page is served from memory until content changes', async () => {
  const t = await countingApp();
  const first = await t.app.inject('/page');
  assert.equal(first.headers['x-cache'], 'MISS');
  const second = await t.app.inject('/page');
  assert.equal(second.headers['x-cache'], 'HIT');
  assert.equal(second.body, first.body);
  assert.equal(t.renders(), 1);
  await t.events.emit({ type: 'article.published', articleId: 'a' });
  assert.equal((await t.app.inject('/page')).body, '<p>render 2</p>');
});

test('a page is kept until its expiry (the clock-bound labels), however long that is', async () => {
  const t = await countingApp();
  await t.app.inject('/page');
  t.advance(999);
  assert.equal((await t.app.inject('/page')).headers['x-cache'], 'HIT');
  t.advance(1);
  assert.equal((await t.app.inject('/page')).body, '<p>render 2</p>');
});

test('a change drops exactly the pages tagged with what it made stale', async () => {
  const t = await countingApp();
  for (const url of ['/story/a', '/story/b', '/page']) await t.app.inject(url);
  await t.events.emit({ type: 'article.updated', articleId: 'a' });
  assert.equal((await t.app.inject('/story/a')).headers['x-cache'], 'MISS', 'the page showing story a went');
  assert.equal((await t.app.inject('/story/b')).headers['x-cache'], 'HIT', 'story b’s page stayed');
  assert.equal((await t.app.inject('/page')).headers['x-cache'], 'HIT', 'and so did a page showing neither');
  await t.events.emit({ type: 'site.updated' });
  for (const url of ['/story/a', '/story/b', '/page'])
    assert.equal((await t.app.inject(url)).headers['x-cache'], 'MISS', `${url} after site`);
  await t.events.emit({ type: 'database.changed_elsewhere' });
  assert.equal((await t.app.inject('/page')).headers['x-cache'], 'MISS', 'news lost: everything goes');
});

test('a page rendered while a change is heard is served but not kept (it may predate the change)', async () => {
  const events = createEventBus((err) => {
    throw err;
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let renders = 0;
  const app = Fastify();
  await app.register(pageCache, { changed: events, staleKeys: async () => ['site'], clock: { now: () => new Date(0) } });
  app.get('/slow', { config: { pageCache: 'single' } }, async (_req, reply) => {
    const n = ++renders;
    if (n === 1) await gate; // the first render reads the old world, then waits
    return reply.type('text/html').send(`<p>render ${n}</p>`);
  });
  await app.ready();
  const first = app.inject('/slow');
  await new Promise((resolve) => setTimeout(resolve, 20));
  await events.emit({ type: 'site.updated' }); // the change commits mid-render
  release();
  assert.equal((await first).body, '<p>render 1</p>');
  assert.equal((await app.inject('/slow')).body, '<p>render 2</p>', 'the stale render was not kept');
  assert.equal((await app.inject('/slow')).headers['x-cache'], 'HIT');
});

test('If-None-Match with the current ETag answers 304, cached or not', async () => {
  const t = await countingApp();
  for (const url of ['/page', '/uncached']) {
    const etag = String((await t.app.inject(url)).headers.etag);
    const again = await t.app.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304, url);
    assert.equal(again.body, '');
    const stale = await t.app.inject({ url, headers: { 'if-none-match': 'W/"something-else"' } });
    assert.equal(stale.statusCode, 200, url);
  }
});

test('the cache key keeps the path, and a well-formed ?page for listings only', () => {
  assert.equal(cacheKey('/army', true), '/army');
  assert.equal(cacheKey('/army?utm_source=x&page=2&r=9', true), '/army?page=2');
  assert.equal(cacheKey('/army?utm_source=x', true), '/army');
  assert.equal(cacheKey('/army?page=1', true), '/army');
  assert.equal(cacheKey('/army?page=hello', true), null, 'a malformed page is not cached');
  assert.equal(cacheKey('/army/story?page=2', false), '/army/story', 'a single page ignores ?page');
});

test('nonsense page numbers cannot multiply entries', async () => {
  const t = await countingApp();
  await t.app.inject('/page');
  for (const q of ['?page=2', '?page=hello', '?page=99999']) assert.equal((await t.app.inject(`/page${q}`)).headers['x-cache'], 'HIT', q);
  await t.app.inject('/list?page=2');
  assert.equal((await t.app.inject('/list?page=2&utm=x')).headers['x-cache'], 'HIT');
  assert.equal(t.renders(), 2);
});

test('the cache holds at most its byte budget, dropping the oldest pages', async () => {
  const t = await countingApp();
  for (let n = 1; n <= 15; n++) await t.app.inject(`/big/${n}`);
  assert.equal((await t.app.inject('/big/15')).headers['x-cache'], 'HIT', 'the newest is kept');
  assert.equal((await t.app.inject('/big/1')).headers['x-cache'], 'MISS', 'the oldest went to make room');
});

test('query strings other than ?page share the cached entry', async () => {
  const t = await countingApp();
  await t.app.inject('/page');
  for (let i = 0; i < 5; i++) assert.equal((await t.app.inject(`/page?utm_campaign=${i}`)).headers['x-cache'], 'HIT');
  assert.equal(t.renders(), 1);
});

test('pages go compressed as the client asks (brotli, gzip, q=0 honoured), the same bytes inside, and say they vary', async () => {
  const t = await countingApp();
  const plain = await t.app.inject('/page');
  assert.equal(plain.headers['content-encoding'], undefined, 'no Accept-Encoding, no compression');
  assert.equal(plain.headers.vary, 'accept-encoding');
  const missBr = await t.app.inject({ url: '/list', headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(missBr.headers['x-cache'], 'MISS');
  assert.equal(missBr.headers['content-encoding'], 'br', 'a page rendered for this request is compressed too');
  assert.equal(brotliDecompressSync(missBr.rawPayload).toString(), '<p>render 2</p>');
  // The cache's best forms are made off the event loop; until they are ready a hit is compressed quickly.
  const hitBr = await t.app.inject({ url: '/page', headers: { 'accept-encoding': 'br' } });
  assert.deepEqual([hitBr.headers['x-cache'], hitBr.headers['content-encoding']], ['HIT', 'br']);
  assert.equal(brotliDecompressSync(hitBr.rawPayload).toString(), plain.body);
  assert.equal(Number(hitBr.headers['content-length']), hitBr.rawPayload.length);
  const hitGzip = await t.app.inject({ url: '/page', headers: { 'accept-encoding': 'br;q=0, gzip' } });
  assert.equal(hitGzip.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(hitGzip.rawPayload).toString(), plain.body);
  const refused = await t.app.inject({ url: '/page', headers: { 'accept-encoding': 'identity' } });
  assert.equal(refused.headers['content-encoding'], undefined);
  assert.equal(refused.body, plain.body);
  const notModified = await t.app.inject({
    url: '/page',
    headers: { 'accept-encoding': 'br', 'if-none-match': String(plain.headers.etag) },
  });
  assert.deepEqual([notModified.statusCode, notModified.headers.vary], [304, 'accept-encoding']);
  assert.equal(t.renders(), 2);
});

test('a kept page is compressed at its best only once a reader asks for it again wanting it, not when it is first kept', async () => {
  const t = await countingApp();
  await t.app.inject({ url: '/story/a', headers: { 'accept-encoding': 'br' } });
  // Long enough for the forms to have been made, had they been asked for when the page was kept.
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(t.app.pageCacheStats.compressed, 0, 'kept, asked for once: not compressed at its best');
  // Asked for again: compressed quickly for this reader (as a miss is), while the best forms are made.
  const first = await t.app.inject({ url: '/story/a', headers: { 'accept-encoding': 'br' } });
  assert.deepEqual([first.headers['x-cache'], first.headers['content-encoding']], ['HIT', 'br']);
  assert.equal(brotliDecompressSync(first.rawPayload).toString(), '<p>story a, render 1</p>');
  assert.equal(Number(first.headers['content-length']), first.rawPayload.length);
  for (let waited = 0; t.app.pageCacheStats.compressed === 0 && waited < 5000; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(t.app.pageCacheStats.compressed, 1);
  const later = await t.app.inject({ url: '/story/a', headers: { 'accept-encoding': 'gzip' } });
  assert.deepEqual([later.headers['x-cache'], later.headers['content-encoding']], ['HIT', 'gzip']);
  assert.equal(gunzipSync(later.rawPayload).toString(), '<p>story a, render 1</p>');
  assert.equal(t.app.pageCacheStats.compressed, 1, 'each page is compressed at its best once');
  assert.equal(t.renders(), 1);
});

test('pages the cache does not hold (the newsroom’s, with their secrets) are never compressed', async () => {
  const t = await countingApp();
  const res = await t.app.inject({ url: '/uncached', headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(res.headers['content-encoding'], undefined);
  assert.equal(res.body, '<p>same every time</p>');
});
