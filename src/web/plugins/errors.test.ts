import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { ERROR_CODES, type ErrorCode } from '../../kernel/error-codes.js';
import { AppError } from '../../kernel/errors.js';
import errors from './errors.js';

/** An app whose `/api/fail/:code` and `/fail/:code` throw the AppError named by the path. */
async function failingApp() {
  const app = Fastify();
  await app.register(errors, {
    findRedirect: async () => null,
    isUnavailable: (err) => err instanceof Error && err.message.includes('Connection terminated'),
    headers: { 'x-content-type-options': 'nosniff' },
    renderPage: (_req, reply, status, title, message) => reply.code(status).type('text/html').send(`<h1>${title}</h1><p>${message}</p>`),
  });
  const fail = async (request: { params: unknown }) => {
    const code = (request.params as { code: string }).code as ErrorCode;
    throw new AppError(code, `failed with ${code}`);
  };
  app.get('/api/fail/:code', fail);
  app.get('/fail/:code', fail);
  app.get('/newsroom/fail/:code', fail);
  app.get('/db-down', async () => {
    throw Object.assign(new Error('Connection terminated unexpectedly'), {});
  });
  app.get('/crash', async () => {
    throw new Error('secret connection string postgres://user:pw@db');
  });
  await app.ready();
  return app;
}

test('each error code answers with its status and, as JSON, carries its code', async () => {
  const app = await failingApp();
  for (const [code, status] of Object.entries(ERROR_CODES)) {
    if (status >= 500) continue; // 5xx never shows the message; checked below
    const res = await app.inject(`/api/fail/${code}`);
    assert.equal(res.statusCode, status, code);
    assert.deepEqual(res.json(), { error: { code, message: `failed with ${code}` } });
  }
});

test('a browser gets the error page; a script asking for JSON gets JSON', async () => {
  const app = await failingApp();
  const page = await app.inject({ url: '/fail/ARTICLE_NOT_FOUND', headers: { accept: 'text/html,application/xhtml+xml' } });
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /<h1>Page not found<\/h1>/);
  // A reader is told the page is not there, not which lookup failed; the newsroom keeps the precise words.
  assert.match(page.body, /We could not find that page/);
  assert.doesNotMatch(page.body, /failed with/);
  const newsroom = await app.inject({ url: '/newsroom/fail/MEDIA_NOT_FOUND', headers: { accept: 'text/html' } });
  assert.match(newsroom.body, /failed with MEDIA_NOT_FOUND/);
  const json = await app.inject({ url: '/fail/SLUG_TAKEN', headers: { accept: 'application/json' } });
  assert.equal(json.statusCode, 409);
  assert.equal(json.json().error.code, 'SLUG_TAKEN');
});

test('a database that cannot be reached answers 503 with Retry-After, not 500', async () => {
  const app = await failingApp();
  const res = await app.inject({ url: '/db-down', headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 503);
  assert.equal(res.headers['retry-after'], '5');
  assert.equal(res.json().error.code, 'DATABASE_UNAVAILABLE');
  assert.doesNotMatch(res.body, /Connection terminated/);
});

test('an unexpected failure is a 500 with a code and no internals', async () => {
  const app = await failingApp();
  const res = await app.inject({ url: '/crash', headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 500);
  assert.equal(res.json().error.code, 'INTERNAL_ERROR');
  assert.doesNotMatch(res.body, /postgres|secret|pw/);
  const missing = await app.inject({ url: '/nowhere', headers: { accept: 'application/json' } });
  assert.deepEqual(missing.json().error.code, 'PAGE_NOT_FOUND');
});
