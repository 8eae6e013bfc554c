import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate } from 'otplib';
import type { Clock } from '../src/kernel/clock.js';
import { buildTestApp, formHeaders, TEST_NOW, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn, STAFF_PASSWORD, type Browser } from './helpers/newsroom.js';

/** Two-factor sign-in: set up with a code, then password + code (each code once) or a recovery code. */

/** The secret shown on the setup page, without its grouping spaces. */
const secretOf = (html: string) => /<code class="nr-secret">([A-Z2-7 ]+)<\/code>/.exec(html)![1]!.replace(/ /g, '');

async function codeAt(secret: string, ms: number) {
  return generate({ secret, epoch: Math.floor(ms / 1000) });
}

/** Turns the second factor on for `who`; returns the secret and the recovery codes. */
async function enrol(ctx: TestContext, who: Browser, now: () => number) {
  assert.equal((await post(ctx, who, '/newsroom/account/two-factor/start')).statusCode, 303);
  const setup = await get(ctx, who, '/newsroom/account/two-factor');
  const secret = secretOf(setup.body);
  const qr = await get(ctx, who, '/newsroom/account/two-factor/qr.svg');
  assert.equal(qr.statusCode, 200);
  assert.match(String(qr.headers['content-type']), /image\/svg\+xml/);
  const wrong = await post(ctx, who, '/newsroom/account/two-factor/confirm', { code: '000000' });
  assert.equal(wrong.statusCode, 422);
  const done = await post(ctx, who, '/newsroom/account/two-factor/confirm', { code: await codeAt(secret, now()) });
  assert.equal(done.statusCode, 200);
  const codes = [...done.body.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
  assert.equal(codes.length, 10);
  return { secret, codes };
}

/** The password step: answers 200 with the code page and the second-factor cookie. */
async function passwordStep(ctx: TestContext, email: string) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/newsroom/login',
    headers: formHeaders,
    payload: new URLSearchParams({ email, password: STAFF_PASSWORD, next: '/newsroom/account' }).toString(),
  });
  assert.equal(res.statusCode, 200, 'the code page, not a session yet');
  assert.match(res.body, /<h1>Enter your code<\/h1>/);
  assert.doesNotMatch(String(res.headers['set-cookie']), /despatch_session=/);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

const codeStep = (ctx: TestContext, cookie: string, code: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/newsroom/login/code',
    headers: { ...formHeaders, cookie },
    payload: `code=${encodeURIComponent(code)}&next=%2Fnewsroom%2Faccount`,
  });

forEachDatabase('two-factor sign-in', (database) => {
  test('with a second factor, the password alone opens nothing; a code does, once; a recovery code does, once', async (t) => {
    let now = new Date(TEST_NOW).getTime();
    const clock: Clock = { now: () => new Date(now) };
    const ctx = await buildTestApp(t, { database, clock });
    const editor = await signedIn(ctx, 'editor');
    const { secret, codes } = await enrol(ctx, editor, () => now);

    now += 60_000;
    const code = await codeAt(secret, now);
    const pending = await passwordStep(ctx, editor.email);
    const ok = await codeStep(ctx, pending, code);
    assert.equal(ok.statusCode, 303);
    assert.equal(ok.headers.location, '/newsroom/account');
    assert.match(String(ok.headers['set-cookie']), /despatch_session=[A-Za-z0-9_-]{43}/);

    const replay = await codeStep(ctx, await passwordStep(ctx, editor.email), code);
    assert.equal(replay.statusCode, 401, 'the same code does not work twice');
    assert.match(replay.body, /That code is not right/);

    const recovered = await codeStep(ctx, await passwordStep(ctx, editor.email), codes[0]!.toUpperCase());
    assert.equal(recovered.statusCode, 303, 'a recovery code, in any case');
    const again = await codeStep(ctx, await passwordStep(ctx, editor.email), codes[0]!);
    assert.equal(again.statusCode, 401, 'each recovery code works once');

    const late = await passwordStep(ctx, editor.email);
    now += 6 * 60_000;
    const tooLate = await codeStep(ctx, late, await codeAt(secret, now));
    assert.equal(tooLate.statusCode, 401);
    assert.match(tooLate.body, /took too long/);

    const log = await ctx.services.audit.list((await ctx.services.staff.actAs(editor.email)) && { kind: 'system', name: 'test' }, {
      subjectId: editor.userId,
    });
    assert.ok(log.entries.some((e) => e.summary === 'Signed in with a recovery code (9 left)'));
    assert.ok(log.entries.some((e) => e.action === 'staff.two_factor_enabled'));
  });

  test('wrong codes are throttled like wrong passwords', async (t) => {
    const now = new Date(TEST_NOW).getTime();
    const ctx = await buildTestApp(t, { database, clock: { now: () => new Date(now) } });
    const editor = await signedIn(ctx, 'editor');
    await enrol(ctx, editor, () => now);
    for (let i = 0; i < 5; i++) assert.equal((await codeStep(ctx, await passwordStep(ctx, editor.email), `12345${i}`)).statusCode, 401);
    const sixth = await ctx.app.inject({
      method: 'POST',
      url: '/newsroom/login',
      headers: formHeaders,
      payload: new URLSearchParams({ email: editor.email, password: STAFF_PASSWORD }).toString(),
    });
    assert.equal(sixth.statusCode, 429);
  });

  test('when the site requires it, an admin without a second factor can only set one up', async (t) => {
    const now = new Date(TEST_NOW).getTime();
    const ctx = await buildTestApp(t, { database, clock: { now: () => new Date(now) } });
    const admin = await signedIn(ctx, 'admin');
    const saved = await post(ctx, admin, '/newsroom/settings', { outletName: 'The Garrison Wire', requireAdminTwoFactor: 'on' });
    assert.equal(saved.statusCode, 303);
    const other = await signedIn(ctx, 'admin');
    const staffPage = await get(ctx, other, '/newsroom/staff');
    assert.equal(staffPage.statusCode, 303);
    assert.equal(staffPage.headers.location, '/newsroom/account/two-factor');
    assert.equal((await post(ctx, other, '/newsroom/staff', { email: 'x@garrison.example', name: 'X', role: 'admin' })).statusCode, 403);
    const editor = await signedIn(ctx, 'editor');
    assert.equal((await get(ctx, editor, '/newsroom')).statusCode, 200, 'the rule is for admins');
    await enrol(ctx, other, () => now);
    assert.equal((await get(ctx, other, '/newsroom/staff')).statusCode, 200, 'open once it is set up');
  });

  test('turning the second factor off needs the password', async (t) => {
    const now = new Date(TEST_NOW).getTime();
    const ctx = await buildTestApp(t, { database, clock: { now: () => new Date(now) } });
    const editor = await signedIn(ctx, 'editor');
    await enrol(ctx, editor, () => now);
    const wrong = await post(ctx, editor, '/newsroom/account/two-factor/disable', { twoFactorPassword: 'not it' });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /Your password is not right/);
    const off = await post(ctx, editor, '/newsroom/account/two-factor/disable', { twoFactorPassword: STAFF_PASSWORD });
    assert.equal(off.statusCode, 303);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/newsroom/login',
      headers: formHeaders,
      payload: new URLSearchParams({ email: editor.email, password: STAFF_PASSWORD }).toString(),
    });
    assert.equal(res.statusCode, 303, 'the password alone signs in again');
  });
});
