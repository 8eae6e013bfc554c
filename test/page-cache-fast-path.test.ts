import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { brotliDecompressSync } from 'node:zlib';
import { anArticle } from './factories.js';
import { buildTestApp } from './helpers/app.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Headers that differ between any two answers (the time, the connection). */
const comparable = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name)));

test('a cached page answered before routing carries the same headers and bytes as one answered by the app', async (t) => {
  const ctx = await buildTestApp(t);
  const story = await anArticle(ctx, { section: 'Army', headline: 'Reservists called up' });
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (ctx.app.server.address() as AddressInfo).port;

  for (const path of ['/', story.path, '/army', '/rss.xml']) {
    const miss = await get(port, path);
    assert.equal(miss.headers['x-cache'], 'MISS', path);
    const hit = await get(port, path);
    assert.equal(hit.headers['x-cache'], 'HIT', path);
    // The same request through Fastify's own path (inject never goes through the server).
    const routed = await ctx.app.inject(path);
    assert.equal(routed.headers['x-cache'], 'HIT');
    assert.deepEqual(comparable(hit.headers), comparable(routed.headers as IncomingHttpHeaders), `${path}: headers`);
    assert.equal(hit.body.toString(), routed.body, `${path}: body`);
    assert.equal(hit.body.toString(), miss.body.toString(), `${path}: the bytes rendered`);
    assert.match(String(hit.headers['content-security-policy']), /script-src 'none'/, 'the security headers are there');
  }

  // 304 for a current ETag, HEAD without a body, brotli.
  const page = await get(port, story.path);
  const notModified = await get(port, story.path, { 'if-none-match': String(page.headers.etag) });
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
  assert.equal(notModified.headers.etag, page.headers.etag);
  const head = await get(port, story.path, {}, 'HEAD');
  assert.deepEqual([head.status, head.body.length, head.headers['content-length']], [200, 0, page.headers['content-length']]);
  // Asked for with brotli, a hit is compressed quickly at once, then at its best once the cache has made its forms.
  const quick = await get(port, story.path, { 'accept-encoding': 'gzip, deflate, br' });
  assert.deepEqual([quick.headers['x-cache'], quick.headers['content-encoding']], ['HIT', 'br']);
  assert.equal(brotliDecompressSync(quick.body).toString(), page.body.toString());
  for (let waited = 0; ctx.app.pageCacheStats.compressed === 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  assert.equal(ctx.app.pageCacheStats.compressed, 1);
  const br = await get(port, story.path, { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(Number(br.headers['content-length']), br.body.length);
  assert.equal(brotliDecompressSync(br.body).toString(), page.body.toString());
  const routedBr = await ctx.app.inject({ url: story.path, headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.deepEqual(comparable(br.headers), comparable(routedBr.headers as IncomingHttpHeaders), 'brotli: headers');

  // Another query string is not a cache key: the app answers it, from the same entry.
  const tagged = await get(port, `${story.path}?utm_source=newsletter`);
  assert.equal(tagged.headers['x-cache'], 'HIT');
  // A POST to a cached page's address is never answered from the cache.
  const post = await get(port, story.path, {}, 'POST');
  assert.notEqual(post.headers['x-cache'], 'HIT');
});
