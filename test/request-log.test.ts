import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createAppLogger, redactUrl } from '../src/kernel/app-logger.js';
import { FACTORY } from './factories.js';
import { buildTestApp } from './helpers/app.js';

/** A logger as main.ts makes it, writing its JSON lines into an array. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createAppLogger('info', stream), lines };
}

test('a key in a query string is redacted from every log line: access log, messages and errors', async (t) => {
  const { logger, lines } = capturedLogger();
  const ctx = await buildTestApp(t, { httpLogger: logger, logRequests: true });
  const { key } = await ctx.services.apiKeys.createKey(FACTORY, 'Ghost front end', { ghost: true });
  const ok = await ctx.app.inject(`/ghost/api/content/posts/?key=${key}&limit=2`);
  assert.equal(ok.statusCode, 200);
  const refused = await ctx.app.inject(`/api/v1/articles?key=${key}`);
  assert.equal(refused.statusCode, 401);
  logger.info(`fetched /ghost/api/content/tags/?limit=all&key=${key}`);
  logger.error({ err: new Error(`upstream said no to /x?key=${key}`), url: `/y?key=${key}` }, 'failed');
  await new Promise((resolve) => setImmediate(resolve));

  const all = lines.join('\n');
  assert.ok(lines.length >= 6, `request and response lines were written (${lines.length})`);
  assert.ok(!all.includes(key), 'the key appears in no line');
  const incoming = lines.map((l) => JSON.parse(l) as { msg: string; req?: { url: string } }).filter((l) => l.req);
  assert.deepEqual(
    incoming.map((l) => l.req!.url),
    ['/ghost/api/content/posts/?key=[redacted]&limit=2', '/api/v1/articles?key=[redacted]'],
  );
  assert.match(all, /fetched \/ghost\/api\/content\/tags\/\?limit=all&key=\[redacted\]/);
  assert.match(all, /upstream said no to \/x\?key=\[redacted\]/);
});

test('redactUrl: key and token parameters anywhere in the query, nothing else', () => {
  assert.equal(redactUrl('/a?key=abc'), '/a?key=[redacted]');
  assert.equal(redactUrl('/a?limit=2&KEY=abc&page=1'), '/a?limit=2&KEY=[redacted]&page=1');
  assert.equal(redactUrl('/confirm?token=xyz#top'), '/confirm?token=[redacted]#top');
  assert.equal(redactUrl('/a?monkey=1&keys=2'), '/a?monkey=1&keys=2');
});
