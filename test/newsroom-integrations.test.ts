import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { anArticle, FACTORY } from './factories.js';
import { buildTestApp, formHeaders, TEST_SITE_URL, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn, type Browser } from './helpers/newsroom.js';

const HOME = '/newsroom/integrations';
/** A public address given as a number: saving it needs no DNS lookup (this machine may have none), and nothing is sent to it. */
const PUBLIC_HOOK = 'https://93.184.216.34/hook';

/** A form post with repeated fields (a group of checkboxes), which `post` cannot send. */
function postPairs(ctx: TestContext, who: Browser, url: string, pairs: Array<[string, string]>) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: { ...formHeaders, cookie: who.cookie },
    payload: new URLSearchParams([...pairs, ['_csrf', who.csrf]]).toString(),
  });
}

/** The key on the "shown once" page. */
const issuedKey = (body: string) => /<input id="issued-key"[^>]*\bvalue="([^"]+)"/.exec(body)?.[1];

/** Everything the integrations pages could write, to compare before and after. */
async function stored(ctx: TestContext) {
  const db = ctx.handle.db;
  const [keys, hooks] = await Promise.all([
    db.selectFrom('api_keys').select(['key_id', 'revoked_at']).orderBy('key_id').execute(),
    db.selectFrom('webhooks').select('webhook_id').orderBy('webhook_id').execute(),
  ]);
  return JSON.stringify({ keys, hooks });
}

forEachDatabase('newsroom: integrations', (database) => {
  test('an admin makes a Despatch API key: shown once, it opens /api/v1, the list never shows it, and revoked it stops', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    assert.match((await get(ctx, admin, '/newsroom')).body, /href="\/newsroom\/integrations">Integrations</, 'in the admin’s navigation');

    const made = await post(ctx, admin, `${HOME}/keys`, { name: 'Mobile app', api: 'content' });
    assert.equal(made.statusCode, 200);
    const key = issuedKey(made.body);
    assert.ok(key, 'the key is on the page');
    assert.match(key, /^dsp_/);
    assert.match(made.body, /it will not be shown again/);
    assert.ok(made.body.includes(`Authorization: Bearer ${key}`), 'how to send it');
    assert.ok(made.body.includes(`${TEST_SITE_URL}/api/v1`));

    const bearer = () => ctx.app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${key}` } });
    assert.equal((await bearer()).statusCode, 200, 'the shown key opens the API');

    const list = await get(ctx, admin, HOME);
    assert.equal(list.statusCode, 200);
    assert.ok(!list.body.includes(key), 'the list never shows the key again');
    assert.ok(!list.body.includes(key.slice(0, -4)), 'nor most of it');
    assert.ok(list.body.includes(`…${key.slice(-4)}`), 'only its last four characters');
    assert.match(list.body, /Mobile app/);
    assert.match(list.body, /Despatch API \(\/api\/v1\)/);
    assert.match(list.body, /Active/);

    const [listed] = await ctx.services.apiKeys.listKeys(FACTORY);
    const revoked = await post(ctx, admin, `${HOME}/keys/${listed!.id}/revoke`);
    assert.equal(revoked.statusCode, 303);
    assert.equal(revoked.headers.location, `${HOME}?done=revoked`);
    const after = await get(ctx, admin, String(revoked.headers.location));
    assert.match(after.body, /Key revoked/);
    assert.match(after.body, /Revoked <time/);
    assert.doesNotMatch(after.body, new RegExp(`${HOME}/keys/${listed!.id}/revoke`), 'no Revoke button on a revoked key');
    assert.equal((await bearer()).statusCode, 401, 'a revoked key opens nothing');
  });

  test('a Ghost-compatible key from the form opens the Ghost Content API with ?key= (and not /api/v1)', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    await anArticle(ctx, { headline: 'Frigate sails for the Gulf' });
    const made = await post(ctx, admin, `${HOME}/keys`, { name: 'Ghost theme', api: 'ghost' });
    assert.equal(made.statusCode, 200);
    const key = issuedKey(made.body);
    assert.ok(key);
    assert.match(key, /^[0-9a-f]{26}$/);
    assert.match(made.body, /it will not be shown again/);
    assert.ok(made.body.includes(`${TEST_SITE_URL}/ghost/api/content/posts/?key=${key}`), 'how a Ghost client sends it');
    assert.ok(made.body.includes(`url: '${TEST_SITE_URL}', key: '${key}'`), 'the site URL and the key for @tryghost/content-api');

    const posts = await ctx.app.inject(`/ghost/api/content/posts/?key=${key}`);
    assert.equal(posts.statusCode, 200);
    assert.equal(posts.json().posts[0].title, 'Frigate sails for the Gulf');
    assert.equal((await ctx.app.inject({ url: '/api/v1/sections', headers: { authorization: `Bearer ${key}` } })).statusCode, 401);

    const list = await get(ctx, admin, HOME);
    assert.ok(!list.body.includes(key));
    assert.match(list.body, /Ghost Content API/);
  });

  test('a key without a name comes back with what was chosen, 422, and nothing is made', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    const before = await stored(ctx);
    const bad = await post(ctx, admin, `${HOME}/keys`, { name: '   ', api: 'ghost' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /There is a problem/);
    assert.match(bad.body, /href="#name">Name: Give the key a name/);
    assert.match(bad.body, /<option value="ghost" selected>/, 'the chosen API is kept');
    assert.match(bad.body, /id="name" name="name" type="text" value=" {3}"/, 'what was typed is kept');
    assert.equal(issuedKey(bad.body), undefined);
    assert.equal(await stored(ctx), before);
  });

  for (const role of ['editor', 'contributor'] as const) {
    test(`a ${role} gets 403 on every integrations page and post, no navigation entry, and nothing changes`, async (t) => {
      const ctx = await buildTestApp(t, { database });
      const me = await signedIn(ctx, role);
      const { apiKey } = await ctx.services.apiKeys.createKey(FACTORY, 'Partner site');
      const hook = await ctx.services.webhooks.createWebhook(FACTORY, { url: PUBLIC_HOOK, events: ['article.published'] });
      const before = await stored(ctx);
      assert.doesNotMatch((await get(ctx, me, '/newsroom')).body, /Integrations/, 'no navigation entry');
      for (const url of [HOME, `${HOME}/webhooks/${hook.id}`]) {
        const res = await get(ctx, me, url);
        assert.equal(res.statusCode, 403, url);
        assert.match(res.body, /Your role does not allow you to manage API keys/);
        assert.ok(!res.body.includes(hook.secret), 'no secret on the refusal');
      }
      for (const [url, fields] of [
        [`${HOME}/keys`, { name: 'Sneaky', api: 'content' }],
        [`${HOME}/keys/${apiKey.id}/revoke`, {}],
        [`${HOME}/webhooks`, { url: PUBLIC_HOOK, events: 'article.published' }],
        [`${HOME}/webhooks/${hook.id}/remove`, {}],
      ] as const) {
        const res = await post(ctx, me, url, fields);
        assert.equal(res.statusCode, 403, url);
        assert.equal(issuedKey(res.body), undefined);
      }
      assert.equal(await stored(ctx), before, 'nothing changed');
    });
  }

  test('a post without the session’s CSRF token is refused and changes nothing', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    const { apiKey } = await ctx.services.apiKeys.createKey(FACTORY, 'Partner site');
    const before = await stored(ctx);
    for (const [url, fields] of [
      [`${HOME}/keys`, { name: 'Forged', api: 'content' }],
      [`${HOME}/keys/${apiKey.id}/revoke`, {}],
      [`${HOME}/webhooks`, { url: PUBLIC_HOOK, events: 'article.published' }],
    ] as const) {
      const res = await post(ctx, admin, url, fields, '');
      assert.equal(res.statusCode, 403, url);
      assert.match(res.body, /This form has expired/);
    }
    assert.equal(await stored(ctx), before);
  });

  test('a webhook to this machine, a bad address or no event comes back with what was typed, 422, and nothing is stored', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const admin = await signedIn(ctx, 'admin');
    const before = await stored(ctx);

    const loopback = await postPairs(ctx, admin, `${HOME}/webhooks`, [
      ['url', 'http://127.0.0.1/'],
      ['events', 'article.updated'],
      ['events', 'article.unpublished'],
    ]);
    assert.equal(loopback.statusCode, 422);
    assert.match(
      loopback.body,
      /Despatch will not send requests to http:\/\/127\.0\.0\.1\/: 127\.0\.0\.1 is a private, loopback or reserved address/,
    );
    assert.match(loopback.body, /id="url" name="url" type="url" value="http:\/\/127\.0\.0\.1\/"/, 'the address typed is kept');
    assert.match(loopback.body, /value="article\.updated" checked/, 'the events ticked stay ticked');
    assert.match(loopback.body, /value="article\.unpublished" checked/);
    assert.doesNotMatch(loopback.body, /value="article\.published" checked/, 'and the others stay clear');

    const notAnAddress = await post(ctx, admin, `${HOME}/webhooks`, { url: 'hooks here please', events: 'article.published' });
    assert.equal(notAnAddress.statusCode, 422);
    assert.match(notAnAddress.body, /it is not a web address/);
    assert.match(notAnAddress.body, /value="hooks here please"/);

    const noEvent = await post(ctx, admin, `${HOME}/webhooks`, { url: PUBLIC_HOOK });
    assert.equal(noEvent.statusCode, 422);
    assert.match(noEvent.body, /href="#events">Events: Choose at least one event\./);
    assert.match(noEvent.body, /id="events-error"/);
    assert.match(noEvent.body, /value="https:\/\/93\.184\.216\.34\/hook"/);

    const unknownEvent = await post(ctx, admin, `${HOME}/webhooks`, { url: PUBLIC_HOOK, events: 'article.deleted' });
    assert.equal(unknownEvent.statusCode, 422);
    assert.match(unknownEvent.body, /href="#events">Events: may be article\.published/);

    assert.equal(await stored(ctx), before, 'nothing stored');
  });

  test('a webhook added from the form shows its secret, receives a publication, and its page shows the delivery; then it is removed', async (t) => {
    const ctx = await buildTestApp(t, { database, webhooksAllowLoopback: true });
    const admin = await signedIn(ctx, 'admin');
    const received: string[] = [];
    // The receiver answers with markup, which the deliveries page must show as text.
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200, { 'content-type': 'text/html' }).end('<b>thanks</b><script>alert(1)</script>');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    t.after(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/despatch`;

    const added = await postPairs(ctx, admin, `${HOME}/webhooks`, [
      ['url', url],
      ['events', 'article.published'],
      ['events', 'article.unpublished'],
    ]);
    assert.equal(added.statusCode, 200, added.body.slice(0, 500));
    const [hook] = await ctx.services.webhooks.listWebhooks(FACTORY);
    assert.ok(hook);
    assert.deepEqual(hook.events, ['article.published', 'article.unpublished']);
    assert.ok(added.body.includes(hook.secret), 'the secret is shown after adding');
    assert.match(added.body, /X-Despatch-Signature/);

    const list = await get(ctx, admin, HOME);
    assert.ok(list.body.includes(url));
    assert.match(list.body, new RegExp(`href="${HOME}/webhooks/${hook.id}"`));

    await anArticle(ctx, { headline: 'Reservists called up' });
    assert.equal(await ctx.runner.runDue(), 1);
    assert.equal(received.length, 1);
    assert.equal(JSON.parse(received[0]!).event, 'article.published');

    const page = await get(ctx, admin, `${HOME}/webhooks/${hook.id}`);
    assert.equal(page.statusCode, 200);
    const row = /<tbody>([\s\S]*?)<\/tbody>/.exec(page.body)?.[1] ?? '';
    assert.match(row, /<code>article\.published<\/code>/);
    assert.match(row, /<td>delivered<\/td>/);
    assert.match(row, /<td>1<\/td><td>200<\/td>/, 'one attempt, answered 200');
    assert.match(row, /<time datetime="[^"]+">27 November 2026, /, 'the time in UK terms');
    assert.match(row, /&lt;b>thanks&lt;\/b>&lt;script>alert\(1\)&lt;\/script>/, 'the answer is escaped');
    assert.doesNotMatch(page.body, /<script>alert/, 'never markup');
    assert.match(page.body, /<details class="nr-details"><summary>Signing secret<\/summary>/);
    assert.ok(page.body.includes(hook.secret), 'the secret, inside the details');

    const removed = await post(ctx, admin, `${HOME}/webhooks/${hook.id}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal(removed.headers.location, `${HOME}?done=removed`);
    const after = await get(ctx, admin, String(removed.headers.location));
    assert.match(after.body, /Webhook removed/);
    assert.ok(!after.body.includes(url));
    assert.equal((await get(ctx, admin, `${HOME}/webhooks/${hook.id}`)).statusCode, 404);
  });
});

test('an unknown key or webhook answers 404 to an admin', async (t) => {
  const ctx = await buildTestApp(t);
  const admin = await signedIn(ctx, 'admin');
  assert.equal((await post(ctx, admin, `${HOME}/keys/no-such-key/revoke`)).statusCode, 404);
  assert.equal((await post(ctx, admin, `${HOME}/webhooks/no-such-hook/remove`)).statusCode, 404);
  assert.equal((await get(ctx, admin, `${HOME}/webhooks/no-such-hook`)).statusCode, 404);
});
