import assert from 'node:assert/strict';
import { brotliDecompressSync } from 'node:zlib';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'node:test';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { anArticle, aSection } from './factories.js';
import { buildTestApp, formHeaders } from './helpers/app.js';
import { forEachDatabase, TEST_DATABASE_URL } from './helpers/databases.js';
import { unusedMediaDir } from './helpers/media-dir.js';

/** What a reliability probe broke, each pinned: proxies, control characters, router errors, caches, pipes, dropped connections. */

describe('TRUST_PROXY', () => {
  test('takes a hop count or proxy addresses, never "trust everything"', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '1' }).trustProxy, 1);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,::1' }).trustProxy, ['10.0.0.5', '172.16.0.0/12', '::1']);
    for (const bad of ['true', 'yes', 'all', '*', '10.0.0.300', '10.0.0.0/33', 'proxy.internal'])
      assert.throws(() => loadConfig({ TRUST_PROXY: bad }), /TRUST_PROXY: must be 0 \(no proxy\), the number of proxies/, bad);
  });

  for (const trustProxy of [1, ['10.0.0.1']] as const) {
    test(`behind one proxy (${JSON.stringify(trustProxy)}), a made-up X-Forwarded-For does not escape the sign-up limit`, async (t) => {
      const ctx = await buildTestApp(t, { trustProxy: typeof trustProxy === 'number' ? trustProxy : [...trustProxy] });
      const statuses: number[] = [];
      for (let i = 0; i < 15; i++) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/newsletter',
          remoteAddress: '10.0.0.1',
          // The client wrote the first address; the proxy appended the one it saw.
          headers: { ...formHeaders, 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` },
          payload: `email=r${i}%40example.org`,
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses.slice(0, 10), Array(10).fill(303));
      assert.deepEqual(statuses.slice(10), Array(5).fill(429), 'the limit counts the address the proxy saw');
    });
  }
});

forEachDatabase('control characters', (database) => {
  test('a NUL or other control character in a form field is a 422 and stores nothing; CRLF is fine', async (t) => {
    const ctx = await buildTestApp(t, { database });
    for (const payload of [
      'email=a%40example.org&source=%2Fnavy%00x',
      'email=b%40example.org%01',
      'email=c%40example.org&source=%2F%C2%85',
    ]) {
      const res = await ctx.app.inject({ method: 'POST', url: '/newsletter', headers: formHeaders, payload });
      assert.equal(res.statusCode, 422, payload);
      assert.match(res.body, /control character/);
    }
    const stored = await ctx.handle.db.selectFrom('subscribers').selectAll().execute();
    assert.deepEqual(stored, []);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/newsletter',
      headers: formHeaders,
      payload: 'email=d%40example.org&source=%2Fnavy',
    });
    assert.equal(ok.statusCode, 303);
  });
});

describe('router errors', () => {
  test('a malformed percent-encoding gets the site’s 400 page with the usual headers', async (t) => {
    const ctx = await buildTestApp(t);
    const res = await ctx.app.inject('/%E0%A4%A');
    assert.equal(res.statusCode, 400);
    assert.match(String(res.headers['content-type']), /text\/html/);
    assert.match(res.body, /<h1[^>]*>Bad request<\/h1>/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });

  test('a path segment over the length limit gets the site’s 414 page with the usual headers', async (t) => {
    const ctx = await buildTestApp(t);
    const res = await ctx.app.inject(`/army/${'a'.repeat(150)}`);
    assert.equal(res.statusCode, 414);
    assert.match(res.body, /<h1[^>]*>Address too long<\/h1>/);
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    const json = await ctx.app.inject({ url: `/api/${'a'.repeat(150)}/x`, headers: { accept: 'application/json' } });
    assert.equal(json.json().error.code, 'URI_TOO_LONG');
  });
});

describe('stable answers', () => {
  test('a repeated ?page answers 404 on a cold cache and on a warm one', async (t) => {
    const ctx = await buildTestApp(t);
    const section = await aSection(ctx);
    await anArticle(ctx, { section });
    const path = `/${section.slug}`;
    assert.equal((await ctx.app.inject(`${path}?page=1&page=2`)).statusCode, 404, 'cold');
    assert.equal((await ctx.app.inject(path)).statusCode, 200);
    assert.equal((await ctx.app.inject(`${path}?page=1`)).statusCode, 200);
    assert.equal((await ctx.app.inject(`${path}?page=1&page=2`)).statusCode, 404, 'warm');
  });

  test('If-None-Match with the strong form of a weak ETag, or *, answers 304 on pages and assets', async (t) => {
    const ctx = await buildTestApp(t);
    const first = await ctx.app.inject('/');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\//);
    const strong = etag.slice(2);
    assert.equal((await ctx.app.inject({ url: '/', headers: { 'if-none-match': strong } })).statusCode, 304, 'cached page');
    assert.equal((await ctx.app.inject({ url: '/', headers: { 'if-none-match': '*' } })).statusCode, 304);
    const css = first.body.match(/href="(\/assets\/site\.[0-9a-f]+\.css)"/)![1]!;
    const asset = await ctx.app.inject(css);
    assert.match(String(asset.headers.etag), /^W\//, 'weak: the same tag names the brotli, gzip and plain forms');
    assert.equal((await ctx.app.inject({ url: css, headers: { 'if-none-match': String(asset.headers.etag).slice(2) } })).statusCode, 304);
    assert.equal((await ctx.app.inject({ url: css, headers: { 'if-none-match': '*' } })).statusCode, 304);
    assert.equal((await ctx.app.inject({ url: css, headers: { 'if-none-match': '"other"' } })).statusCode, 200);
    const br = await ctx.app.inject({ url: css, headers: { 'accept-encoding': 'gzip, br' } });
    assert.deepEqual([br.headers['content-encoding'], br.headers.vary], ['br', 'accept-encoding']);
    assert.equal(brotliDecompressSync(br.rawPayload).toString(), asset.body, 'the stylesheet, compressed once at start-up');
    assert.ok(br.rawPayload.length < asset.rawPayload.length / 3);
  });
});

test('despatch import … --json | head -n 1: the batch still finishes after the reader goes away', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-epipe-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < 4; i++) {
      const file = join(dir, `p${i}.txt`);
      await writeFile(file, `Navy\n\nFrigate ${i} returns to Devonport\n\nThe ship was away for months.\n\nCrew were met by families.\n`);
      files.push(file);
    }
    const env = { PATH: process.env.PATH, DATABASE_URL: `sqlite:${join(dir, 'site.db')}`, SITE_URL: 'https://example.org' };
    const child = spawn(
      process.execPath,
      [new URL('../bin/despatch.mjs', import.meta.url).pathname, 'import', '--create-sections', ...files, '--json'],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Read one line, then close our end of the pipe, as `head -n 1` does.
    const first = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    assert.equal(JSON.parse(first).ok, true);
    assert.equal(code, 0, `exit status (stderr: ${stderr})`);
    assert.doesNotMatch(stderr, /EPIPE/);
    const handle = await openDatabase(env.DATABASE_URL);
    try {
      const rows = await handle.db.selectFrom('articles').select('headline').orderBy('headline').execute();
      assert.deepEqual(
        rows.map((r) => r.headline),
        files.map((_, i) => `Frigate ${i} returns to Devonport`),
        'every file was imported',
      );
    } finally {
      await handle.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('/readyz answers 503 while the database cannot be reached, and the site says so with a 503', async (t) => {
  const ctx = await buildTestApp(t);
  assert.equal((await ctx.app.inject('/readyz')).statusCode, 200);
  assert.equal((await ctx.app.inject('/healthz')).statusCode, 200);
  const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const app = await buildApp({
    services: ctx.services,
    siteUrl: 'http://despatch.test',
    mediaDir: ctx.mediaDir,
    database: { ping: () => Promise.reject(down), isUnavailable: ctx.handle.isUnavailable },
  });
  t.after(() => app.close());
  const ready = await app.inject('/readyz');
  assert.equal(ready.statusCode, 503);
  assert.equal(ready.headers['cache-control'], 'no-store');
  assert.equal((await app.inject('/healthz')).statusCode, 200, 'the process itself is alive');
});

test(
  'pg_terminate_backend of every Despatch connection: the server keeps answering, in-flight queries fail as unavailable',
  { skip: TEST_DATABASE_URL ? false : 'PostgreSQL tests skipped: TEST_DATABASE_URL is not set' },
  async (t) => {
    const name = `despatch-probe-${process.pid}`;
    const schema = `t_probe_${process.pid}`;
    const ctx = await buildTestApp(t, {
      database: {
        name: 'postgres',
        open: async () => {
          const { start } = await import('../src/boot.js');
          const { silentLogger } = await import('../src/kernel/logger.js');
          const handle = await openDatabase(TEST_DATABASE_URL!, { schema, applicationName: name });
          await (
            await start(handle, { siteUrl: 'http://despatch.test', log: silentLogger, mediaDir: unusedMediaDir() })
          ).services.outbox.dispatchPending();
          return handle;
        },
      },
    });
    t.after(async () => (await import('../src/db/database.js')).dropPostgresSchema(TEST_DATABASE_URL!, schema));
    const article = await anArticle(ctx);
    assert.equal((await ctx.app.inject(article.path)).statusCode, 200);

    // A query in flight when its connection is ended fails, and is recognised as "unavailable" (503).
    const slow = ctx.handle.db.executeQuery({ sql: 'select pg_sleep(5)', parameters: [], query: { kind: 'RawNode' } } as never);
    // Its failure is caught at once: it may arrive while the killer's own queries are awaited,
    // and a rejection nobody has handled yet fails the whole test run.
    const slowFailure = slow.then(
      () => null,
      (e: unknown) => e,
    );
    const killer = await openDatabase(TEST_DATABASE_URL!, { applicationName: `${name}-killer` });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const { rows } = await killer.db.executeQuery<{ n: number }>({
        sql: 'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = $1',
        parameters: [name],
        query: { kind: 'RawNode' },
      } as never);
      assert.ok(rows[0]!.n >= 1, 'connections were terminated');
    } finally {
      await killer.close();
    }
    const failure = await slowFailure;
    assert.ok(failure !== null && ctx.handle.isUnavailable(failure), `the query in flight failed as unavailable: ${String(failure)}`);
    // The other connections' sockets close within milliseconds; the pool drops each as it does.
    await new Promise((r) => setTimeout(r, 1000));

    // The process is still here, and the next requests reconnect.
    for (let i = 0; i < 3; i++) {
      const res = await ctx.app.inject(article.path.replace(/$/, `?v=${i}`));
      assert.equal(res.statusCode, 200, `page ${i}: ${res.body.slice(0, 200)}`);
    }
    const ready = await ctx.app.inject('/readyz');
    assert.equal(ready.statusCode, 200, ready.body);
    assert.equal((await ctx.app.inject(`/${(await aSection(ctx)).slug}`)).statusCode, 200, 'writes and reads work again');
  },
);
