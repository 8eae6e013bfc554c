import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Role } from '../src/domain/access/index.js';
import { buildTestApp, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn, type Browser } from './helpers/newsroom.js';

/**
 * Every newsroom route, tried by a reader (no session) and by each role: a reader gets the
 * sign-in page (401, or 401 JSON for scripts), a role without the right gets 403, and in
 * both cases nothing in the database changes.
 */

/** Everything a newsroom action could change, to compare before and after. */
async function snapshot(ctx: TestContext) {
  const db = ctx.handle.db;
  const [users, settings, channels, links, audit, tokens] = await Promise.all([
    db.selectFrom('staff_users').select(['user_id', 'role', 'status', 'password_hash']).orderBy('user_id').execute(),
    db.selectFrom('site_settings').selectAll().orderBy('key').execute(),
    db.selectFrom('channels').select(['name', 'url']).orderBy('position').execute(),
    db.selectFrom('footer_links').select(['label', 'url']).orderBy('position').execute(),
    db.selectFrom('audit_log').select('audit_id').execute(),
    db.selectFrom('staff_tokens').select('token_hash').execute(),
  ]);
  return JSON.stringify({ users, settings, channels, links, audit: audit.length, tokens: tokens.length });
}

interface Route {
  method: 'GET' | 'POST';
  url: (target: Browser) => string;
  fields?: Record<string, string>;
  /** The roles allowed; each answers `ok` (200, or 303 after a post). */
  allowed: Role[];
  ok: number;
}

const ALL: Role[] = ['contributor', 'editor', 'admin'];
const ROUTES: Route[] = [
  { method: 'GET', url: () => '/newsroom', allowed: ALL, ok: 200 },
  { method: 'GET', url: () => '/newsroom/account', allowed: ALL, ok: 200 },
  { method: 'GET', url: () => '/newsroom/staff', allowed: ['admin'], ok: 200 },
  {
    method: 'POST',
    url: () => '/newsroom/staff',
    fields: { email: 'new.hire@garrison.example', name: 'New Hire', role: 'editor' },
    allowed: ['admin'],
    ok: 200,
  },
  { method: 'POST', url: (t) => `/newsroom/staff/${t.userId}/role`, fields: { role: 'editor' }, allowed: ['admin'], ok: 303 },
  { method: 'POST', url: (t) => `/newsroom/staff/${t.userId}/disable`, allowed: ['admin'], ok: 303 },
  { method: 'POST', url: (t) => `/newsroom/staff/${t.userId}/enable`, allowed: ['admin'], ok: 303 },
  { method: 'POST', url: (t) => `/newsroom/staff/${t.userId}/link`, allowed: ['admin'], ok: 200 },
  { method: 'GET', url: () => '/newsroom/settings', allowed: ['admin'], ok: 200 },
  { method: 'POST', url: () => '/newsroom/settings', fields: { outletName: 'Renamed Outlet' }, allowed: ['admin'], ok: 303 },
  { method: 'GET', url: () => '/newsroom/audit', allowed: ['admin'], ok: 200 },
  { method: 'POST', url: () => '/newsroom/account/password', fields: { current: 'wrong', password: 'x' }, allowed: ALL, ok: 422 },
];

forEachDatabase('newsroom access', (database) => {
  test('a reader without a session gets the sign-in page (401), or 401 JSON, on every route, and nothing changes', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const target = await signedIn(ctx, 'contributor');
    const before = await snapshot(ctx);
    for (const route of [...ROUTES, { method: 'POST' as const, url: () => '/newsroom/logout', allowed: ALL, ok: 303 }]) {
      const url = route.url(target);
      const res = route.method === 'GET' ? await get(ctx, null, url) : await post(ctx, null, url, route.fields);
      assert.equal(res.statusCode, 401, `${route.method} ${url}`);
      assert.match(res.body, /<h1>Sign in to the newsroom<\/h1>/, `${route.method} ${url} shows the sign-in form`);
      assert.equal(res.headers['cache-control'], 'no-store');
      const json = await ctx.app.inject({
        method: route.method,
        url,
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded', origin: 'http://despatch.test' },
        payload: '',
      });
      assert.equal(json.statusCode, 401);
      assert.deepEqual(json.json(), { error: { code: 'UNAUTHENTICATED', message: 'Please sign in.' } });
    }
    assert.equal(await snapshot(ctx), before, 'nothing changed');
  });

  for (const role of ALL) {
    test(`a ${role} may use exactly the routes their role allows; the others answer 403 and change nothing`, async (t) => {
      const ctx = await buildTestApp(t, { database });
      const me = await signedIn(ctx, role);
      for (const route of ROUTES) {
        // A fresh target each time, so one route's effect (a disabled account) cannot hide another's.
        const target = await signedIn(ctx, 'contributor');
        const before = await snapshot(ctx);
        const url = route.url(target);
        const res = route.method === 'GET' ? await get(ctx, me, url) : await post(ctx, me, url, route.fields);
        if (route.allowed.includes(role)) {
          assert.equal(res.statusCode, route.ok, `${role} ${route.method} ${url}: ${res.body.slice(0, 300)}`);
        } else {
          assert.equal(res.statusCode, 403, `${role} ${route.method} ${url}`);
          assert.match(res.body, /Your role does not allow you to/);
          assert.equal(await snapshot(ctx), before, `${role} ${route.method} ${url} changed nothing`);
        }
      }
    });
  }

  test('newsroom pages are never cached, indexed or framed', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    for (const url of ['/newsroom', '/newsroom/login', '/newsroom/staff', '/newsroom/nothing-here']) {
      const res = await get(ctx, admin, url);
      assert.equal(res.headers['cache-control'], 'no-store', url);
      assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow', url);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'none'/, url);
      assert.equal(res.headers['x-cache'], undefined, `${url} never goes through the page cache`);
    }
  });
});
