import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { systemActor } from '../src/domain/access/index.js';
import { openDatabase } from '../src/db/database.js';
import type { Clock } from '../src/kernel/clock.js';
import { buildTestApp, createTestContext, formHeaders, TEST_NOW } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn, signInWithForm, STAFF_PASSWORD } from './helpers/newsroom.js';

/** Attacks on sign-in, sessions and forms, each expected to fail and change nothing. */

const run = promisify(execFile);
const SIGN_IN_ONCE = new URL('./fixtures/sign-in-once.ts', import.meta.url).pathname;

const login = (email: string, password: string, ip = '203.0.113.5') => ({
  method: 'POST' as const,
  url: '/newsroom/login',
  remoteAddress: ip,
  headers: formHeaders,
  payload: new URLSearchParams({ email, password, next: '/newsroom' }).toString(),
});

forEachDatabase('newsroom security', (database) => {
  test('a forged cross-site post, or one without the session’s token, is refused and changes nothing', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    const name = async () => (await ctx.services.site.getSiteForEdit(systemActor('test'))).outletName;
    const before = await name();
    const payload = new URLSearchParams({ outletName: 'Hijacked', _csrf: admin.csrf }).toString();
    const crossSite = await ctx.app.inject({
      method: 'POST',
      url: '/newsroom/settings',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', cookie: admin.cookie },
      payload,
    });
    assert.equal(crossSite.statusCode, 403);
    const withoutToken = await post(ctx, admin, '/newsroom/settings', { outletName: 'Hijacked' }, '');
    assert.equal(withoutToken.statusCode, 403);
    assert.match(withoutToken.body, /This form has expired/);
    const otherToken = await post(ctx, admin, '/newsroom/settings', { outletName: 'Hijacked' }, (await signedIn(ctx, 'admin')).csrf);
    assert.equal(otherToken.statusCode, 403, "another session's token does not fit");
    assert.equal(await name(), before);
  });

  test('the session cookie is HttpOnly and SameSite=Lax, its id changes at every sign-in, and a stolen id dies with sign-out everywhere', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const res = await ctx.app.inject(login(editor.email, STAFF_PASSWORD));
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^despatch_session=[A-Za-z0-9_-]{43}; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/);
    assert.notEqual(cookie.split(';')[0], editor.cookie, 'a new id at sign-in');
    const stolen = editor.cookie;
    assert.equal((await get(ctx, editor, '/newsroom')).statusCode, 200);
    const out = await post(ctx, editor, '/newsroom/account/sign-out-everywhere');
    assert.equal(out.statusCode, 303);
    const replay = await ctx.app.inject({ url: '/newsroom', headers: { cookie: stolen } });
    assert.equal(replay.statusCode, 401, 'the stolen id no longer works');
    const other = await ctx.app.inject({ url: '/newsroom', headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(other.statusCode, 401, 'nor does any other session of the account');
  });

  test('on an https site the cookie is Secure with the __Host- prefix', async (t) => {
    const ctx = await buildTestApp(t, { database, siteUrl: 'https://news.example' });
    await ctx.services.staff.createUser(systemActor('test'), {
      email: 'sec@garrison.example',
      name: 'Sec',
      role: 'editor',
      password: STAFF_PASSWORD,
    });
    const res = await ctx.app.inject({
      ...login('sec@garrison.example', STAFF_PASSWORD),
      headers: { ...formHeaders, origin: 'https://news.example' },
    });
    assert.match(
      String(res.headers['set-cookie']),
      /^__Host-despatch_session=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; Secure; SameSite=Lax$/,
    );
  });

  test('known and unknown addresses get the same answer', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const known = await ctx.app.inject(login(editor.email, 'a wrong password here'));
    const unknown = await ctx.app.inject(login('nobody.at.all@garrison.example', 'a wrong password here'));
    assert.equal(known.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    const message = (html: string) => /<div class="error-summary"[^]*?<\/div>/.exec(html)?.[0];
    assert.equal(message(known.body), message(unknown.body));
    assert.match(message(known.body)!, /do not match an account/);
  });

  test('after a sign-in the browser goes back where it was, but never to another site', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    for (const [next, expected] of [
      ['/newsroom/account', '/newsroom/account'],
      ['https://evil.example/', '/newsroom'],
      ['//evil.example/newsroom', '/newsroom'],
      ['/newsroom\\@evil.example', '/newsroom'],
      ['/army', '/newsroom'],
    ]) {
      const res = await ctx.app.inject({
        ...login(editor.email, STAFF_PASSWORD),
        payload: new URLSearchParams({ email: editor.email, password: STAFF_PASSWORD, next: next! }).toString(),
      });
      assert.equal(res.headers.location, expected, next);
    }
  });

  test('sessions end after 12 idle hours and 7 days in all', async (t) => {
    let now = new Date(TEST_NOW).getTime();
    const clock: Clock = { now: () => new Date(now) };
    const ctx = await buildTestApp(t, { database, clock });
    const editor = await signedIn(ctx, 'editor');
    now += 11 * 3600_000;
    assert.equal((await get(ctx, editor, '/newsroom')).statusCode, 200, 'used after 11 hours');
    now += 11 * 3600_000;
    assert.equal((await get(ctx, editor, '/newsroom')).statusCode, 200, 'and again 11 hours later');
    now += 12 * 3600_000 + 1000;
    assert.equal((await get(ctx, editor, '/newsroom')).statusCode, 401, '12 idle hours end it');

    const busy = await signedIn(ctx, 'editor');
    for (let hours = 0; hours < 7 * 24 - 6; hours += 6) {
      now += 6 * 3600_000;
      assert.equal((await get(ctx, busy, '/newsroom')).statusCode, 200);
    }
    now += 12 * 3600_000;
    assert.equal((await get(ctx, busy, '/newsroom')).statusCode, 401, 'seven days end it, however busy');
  });

  test('an invitation link sets a password once, then works no more', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    const invite = await post(ctx, admin, '/newsroom/staff', {
      email: 'reporter@garrison.example',
      name: 'Rita Reporter',
      role: 'contributor',
    });
    assert.equal(invite.statusCode, 200);
    assert.match(invite.body, /We emailed an invitation to Rita Reporter at reporter@garrison\.example/);
    assert.doesNotMatch(invite.body, /newsroom\/password\//, 'a link that went by mail is not shown');
    const [mail] = await ctx.sentMail();
    assert.equal(mail?.to && 'text' in mail.to ? mail.to.text : null, 'reporter@garrison.example');
    assert.equal(mail?.subject, 'Despatch: your newsroom account');
    const link = /(http:\/\/despatch\.test\/newsroom\/password\/[A-Za-z0-9_-]+)/.exec(mail?.text ?? '')![1]!;
    const path = new URL(link).pathname;
    const page = await ctx.app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    assert.match(page.body, /Welcome to the newsroom, Rita Reporter/);
    const weak = await ctx.app.inject({ method: 'POST', url: path, headers: formHeaders, payload: 'password=password12345' });
    assert.equal(weak.statusCode, 422);
    assert.match(weak.body, /most common ones/);
    const set = await ctx.app.inject({
      method: 'POST',
      url: path,
      headers: formHeaders,
      payload: `password=${encodeURIComponent(STAFF_PASSWORD)}`,
    });
    assert.equal(set.statusCode, 200);
    assert.match(set.body, /Your password is saved/);
    assert.ok(await signInWithForm(ctx, 'reporter@garrison.example', STAFF_PASSWORD));
    const again = await ctx.app.inject(path);
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /expired or has been used already/);
  });
});

test('the 6th wrong password in a minute is throttled for that account from a second process too', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'despatch-throttle-'));
  const url = `sqlite:${join(dir, 'site.db')}`;
  const first = await createTestContext({ database: { name: 'sqlite', open: () => openDatabase(url) } });
  try {
    await first.services.staff.createUser(systemActor('test'), {
      email: 'target@garrison.example',
      name: 'Target',
      role: 'editor',
      password: STAFF_PASSWORD,
    });
    for (let i = 0; i < 5; i++) {
      const res = await first.app.inject(login('target@garrison.example', `guess number ${i}`));
      assert.equal(res.statusCode, 401);
    }
    // Another process, with its own connection and its own memory, tries the right password.
    const other = (ip: string) =>
      run(process.execPath, ['--import', 'tsx', SIGN_IN_ONCE, url, 'target@garrison.example', STAFF_PASSWORD, ip]).then(
        (r) => JSON.parse(r.stdout) as { status: number; retryAfter: string | null },
      );
    const sixth = await other('203.0.113.5');
    assert.equal(sixth.status, 429, 'refused even with the right password');
    assert.ok(Number(sixth.retryAfter) > 0);
    const elsewhere = await other('198.51.100.77');
    assert.equal(elsewhere.status, 303, 'the real editor, from their own network, is not locked out');
  } finally {
    await first.close();
    await rm(dir, { recursive: true, force: true });
  }
});

forEachDatabase('password reset requests', (database) => {
  test('the same answer for any address; a known one is emailed a reset link; limited per address and per network address', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const ask = (email: string, ip = '203.0.113.50') =>
      ctx.app.inject({
        method: 'POST',
        url: '/newsroom/forgot',
        remoteAddress: ip,
        headers: formHeaders,
        payload: `email=${encodeURIComponent(email)}`,
      });
    const known = await ask(editor.email);
    const unknown = await ask('nobody.here@garrison.example');
    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    const answer = (html: string) => /<p class="lede" role="status">([^<]+)<\/p>/.exec(html)?.[1];
    assert.equal(answer(known.body), answer(unknown.body));
    const requests = async () =>
      (
        await ctx.handle.db
          .selectFrom('audit_log')
          .select('action')
          .where('action', '=', 'staff.reset_requested')
          .where('subject_id', '=', editor.userId)
          .execute()
      ).length;
    assert.equal(await requests(), 1, 'the admins see the request in the audit log');
    const mail = await ctx.sentMail();
    assert.deepEqual(
      mail.map((m) => (m.to && 'text' in m.to ? m.to.text : '')),
      [editor.email],
      'only the known address is written to',
    );
    assert.equal(mail[0]?.subject, 'Despatch: reset your newsroom password');
    const link = /http:\/\/despatch\.test(\/newsroom\/password\/[A-Za-z0-9_-]+)/.exec(mail[0]?.text ?? '')![1]!;
    const page = await ctx.app.inject(link);
    assert.equal(page.statusCode, 200, 'the emailed link opens the page to choose a password');
    for (let i = 0; i < 5; i++) assert.equal((await ask(editor.email, `198.51.100.${i}`)).statusCode, 200);
    assert.equal(await requests(), 3, 'at most three requests a day for one address are acted on');
    assert.equal((await ctx.sentMail()).length, 3, 'and at most three emails go to it');
    for (let i = 0; i < 8; i++) await ask(`someone${i}@garrison.example`);
    const flood = await ask('one.more@garrison.example');
    assert.equal(flood.statusCode, 429, 'ten requests an hour from one network address');
    assert.ok(Number(flood.headers['retry-after']) > 0);
  });
});
