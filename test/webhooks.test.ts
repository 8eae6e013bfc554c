import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { anArticle, aStaffMember, aTopic, FACTORY } from './factories.js';
import { buildTestApp, TEST_NOW, TEST_SITE_URL } from './helpers/app.js';
import { testClock } from './helpers/clock.js';
import { despatchInTempDir } from './helpers/cli.js';
import { forEachDatabase } from './helpers/databases.js';

/** A receiver in the test process: answers each delivery with the next status in `answers` (then 204). */
async function receiver(t: { after(fn: () => Promise<void>): void }, answers: number[] = []) {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = answers.shift() ?? 204;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'receiver is down for maintenance' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/despatch`, received };
}

forEachDatabase('webhooks', (database) => {
  test('addresses on this machine or a private network are refused, named directly or through DNS', async (t) => {
    const ctx = await buildTestApp(t, { database });
    for (const url of [
      'http://127.0.0.1:9000/hook',
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]:9000/hook',
      'http://localhost:9000/hook',
      'http://[::ffff:10.0.0.1]/hook',
    ])
      await assert.rejects(
        ctx.services.webhooks.createWebhook(FACTORY, { url, events: ['article.published'] }),
        { code: 'URL_NOT_ALLOWED' },
        url,
      );
    await assert.rejects(ctx.services.webhooks.createWebhook(FACTORY, { url: 'https://hooks.example/x', events: [] }), {
      code: 'VALIDATION_FAILED',
      message: /at least one event/,
    });
    await assert.rejects(
      ctx.services.webhooks.createWebhook(await aStaffMember(ctx, 'editor'), {
        url: 'https://hooks.example/x',
        events: ['article.published'],
      }),
      {
        code: 'FORBIDDEN',
      },
    );
    assert.deepEqual(await ctx.handle.db.selectFrom('webhooks').select('webhook_id').execute(), [], 'nothing was saved');
  });

  test('a publication is delivered, signed, to a receiver; drafts and events not asked for send nothing', async (t) => {
    const ctx = await buildTestApp(t, { database, webhooksAllowLoopback: true });
    const hook = await receiver(t);
    const created = await ctx.services.webhooks.createWebhook(FACTORY, { url: hook.url, events: ['article.published'] });
    assert.match(created.secret, /^whsec_/);
    const nato = await aTopic(ctx, { name: 'NATO' });

    await anArticle(ctx, { section: 'Army', headline: 'A draft', status: 'draft' });
    const article = await anArticle(ctx, { section: 'Army', headline: 'Reservists called up', topics: [nato] });
    assert.equal(await ctx.runner.runDue(), 1, 'one delivery: the publication (not the draft)');
    assert.equal(hook.received.length, 1);
    const { headers, body } = hook.received[0]!;
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['x-despatch-event'], 'article.published');
    // The receiver checks the signature with the secret it was given.
    const [, timestamp, signature] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(headers['x-despatch-signature']))!;
    assert.equal(Number(timestamp), Date.parse(TEST_NOW) / 1000);
    assert.equal(signature, createHmac('sha256', created.secret).update(`${timestamp}.${body}`).digest('hex'));
    const payload = JSON.parse(body);
    assert.equal(payload.event, 'article.published');
    assert.equal(payload.deliveryId, headers['x-despatch-delivery']);
    assert.equal(payload.occurredAt, new Date(TEST_NOW).toISOString());
    assert.deepEqual(payload.article, {
      id: article.id,
      url: `${TEST_SITE_URL}${article.path}`,
      headline: 'Reservists called up',
      section: { name: 'Army', slug: 'army', url: `${TEST_SITE_URL}/army` },
      topics: [{ name: 'NATO', slug: nato.slug, url: `${TEST_SITE_URL}/topics/${nato.slug}` }],
      publishedAt: payload.article.publishedAt,
      updatedAt: payload.article.updatedAt,
    });
    const [delivery] = await ctx.services.webhooks.deliveries(FACTORY, created.id);
    assert.equal(delivery!.status, 'delivered');
    assert.equal(delivery!.attempts, 1);
    assert.equal(delivery!.lastStatus, 204);

    // Not subscribed to withdrawals: a withdrawal sends nothing.
    await ctx.services.articles.unpublishArticle(FACTORY, article.id);
    assert.equal(await ctx.runner.runDue(), 0);
    assert.equal(hook.received.length, 1);
  });

  test('a receiver that fails is tried again later with the same signed body, and every answer is logged', async (t) => {
    const clock = testClock(TEST_NOW);
    const ctx = await buildTestApp(t, { database, clock, webhooksAllowLoopback: true });
    const hook = await receiver(t, [500, 503]);
    const created = await ctx.services.webhooks.createWebhook(FACTORY, {
      url: hook.url,
      events: ['article.published', 'article.unpublished'],
    });
    const article = await anArticle(ctx, { section: 'Navy', headline: 'Frigate sails' });
    await ctx.runner.runDue();
    let [delivery] = await ctx.services.webhooks.deliveries(FACTORY, created.id);
    assert.equal(delivery!.status, 'pending');
    assert.equal(delivery!.lastStatus, 500);
    assert.equal(delivery!.lastResponse, 'receiver is down for maintenance');
    assert.equal(await ctx.runner.runDue(), 0, 'not again at once: the runner backs off');
    clock.advance(31_000);
    await ctx.runner.runDue();
    clock.advance(61_000);
    await ctx.runner.runDue();
    [delivery] = await ctx.services.webhooks.deliveries(FACTORY, created.id);
    assert.equal(delivery!.status, 'delivered');
    assert.equal(delivery!.attempts, 3);
    assert.equal(hook.received.length, 3);
    assert.ok(
      hook.received.every((r) => r.body === hook.received[0]!.body),
      'the same body every time',
    );

    // A withdrawal, which this webhook asked for, says which story went.
    await ctx.services.articles.unpublishArticle(FACTORY, article.id);
    await ctx.runner.runDue();
    assert.equal(JSON.parse(hook.received.at(-1)!.body).event, 'article.unpublished');
    assert.equal(JSON.parse(hook.received.at(-1)!.body).article.id, article.id);

    await ctx.services.webhooks.removeWebhook(FACTORY, created.id);
    await assert.rejects(ctx.services.webhooks.deliveries(FACTORY, created.id), { code: 'WEBHOOK_NOT_FOUND' });
  });
});

test('despatch webhook add, list, deliveries and remove; a private address is refused with the reason', async (t) => {
  const despatch = await despatchInTempDir(t);
  const refused = await despatch('webhook', 'add', 'http://169.254.169.254/latest/', '--event', 'article.published');
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /will not send requests to http:\/\/169\.254\.169\.254\/latest\/: 169\.254\.169\.254 is a private, loopback or reserved address/,
  );
  // A public address given as a number needs no DNS lookup (this machine may have none).
  const added = await despatch(
    'webhook',
    'add',
    'http://93.184.216.34/hooks',
    '--event',
    'article.published',
    '--event',
    'article.updated',
    '--json',
  );
  assert.equal(added.code, 0, added.stderr);
  const made = JSON.parse(added.stdout) as { id: string; url: string; events: string[]; secret: string };
  assert.deepEqual(made.events, ['article.published', 'article.updated']);
  assert.match(made.secret, /^whsec_/);
  assert.match(
    (await despatch('webhook', 'list')).stdout,
    new RegExp(`^${made.id}\\thttp://93\\.184\\.216\\.34/hooks\\tarticle\\.published,article\\.updated\\t${made.secret}$`, 'm'),
  );
  assert.equal((await despatch('webhook', 'deliveries', made.id)).code, 0);
  assert.equal((await despatch('webhook', 'remove', made.id)).code, 0);
  assert.match((await despatch('webhook', 'list')).stdout, /No webhooks yet/);
  const missing = await despatch('webhook', 'add', 'http://93.184.216.34/hooks');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /needs at least one --event/);
});
