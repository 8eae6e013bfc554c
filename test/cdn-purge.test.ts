import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { anArticle, anAuthor, aTopic, FACTORY } from './factories.js';
import { buildTestApp } from './helpers/app.js';

/** A CDN's purge endpoint in the test process, recording what it is told. */
async function purgeEndpoint(t: { after(fn: () => Promise<void>): void }) {
  const calls: Array<{ headers: IncomingHttpHeaders; keys: string[] }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ headers: req.headers, keys: (JSON.parse(body) as { keys: string[] }).keys });
      res.writeHead(200).end('{"status":"ok"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/purge`, calls };
}

test('a publication tells the CDN exactly the keys its pages carry; a draft’s edit tells it nothing; settings drop everything', async (t) => {
  const cdn = await purgeEndpoint(t);
  const ctx = await buildTestApp(t, { cdnPurgeUrl: cdn.url, webhooksAllowLoopback: true });
  const topic = await aTopic(ctx, { name: 'NATO' });
  const writer = await anAuthor(ctx, { name: 'Eleanor Marsh' });
  const article = await anArticle(ctx, { section: 'Army', topics: [topic], authors: [writer] });
  const army = await ctx.services.taxonomy.getSectionBySlug('army');
  await ctx.runner.runDue();
  // Making the section dropped `site` (the navigation changed); the publication, its own keys.
  assert.ok(cdn.calls.some((c) => c.keys.length === 1 && c.keys[0] === 'site'));
  const published = cdn.calls.find((c) => c.keys.includes(`article:${article.id}`))!;
  assert.deepEqual(
    [...published.keys].sort(),
    [`article:${article.id}`, `author:${writer.id}`, 'home', `section:${army.id}`, `topic:${topic.id}`].sort(),
  );
  assert.equal(published.headers['surrogate-key'], published.keys.join(' '));
  // Every key the pages showing the story carry is among those purged, bar `site` and
  // `related:ID` (purged when that story's "More stories" list changes, not by this publication).
  const purged = new Set(cdn.calls.flatMap((c) => c.keys));
  for (const path of [article.path, '/', '/army', `/topics/${topic.slug}`, `/authors/${writer.slug}`, '/rss.xml']) {
    const keys = String((await ctx.app.inject(path)).headers['surrogate-key'])
      .split(' ')
      .filter((k) => k !== 'site' && !k.startsWith('related:'));
    assert.ok(
      keys.every((k) => purged.has(k)),
      `${path}: ${keys.join(' ')}`,
    );
  }

  const before = cdn.calls.length;
  const draft = await anArticle(ctx, { section: 'Army', status: 'draft' });
  const edit = await ctx.services.articles.getForEdit(draft.id);
  await ctx.services.articles.updateArticle(FACTORY, draft.id, { ...edit, headline: 'Still a draft' });
  await ctx.runner.runDue();
  assert.equal(cdn.calls.length, before, 'drafts are on no public page');

  await ctx.services.site.updateSite(FACTORY, { outletName: 'The Garrison Wire' });
  await ctx.runner.runDue();
  assert.deepEqual(cdn.calls.at(-1)!.keys, ['site']);
});

test('the purge hook goes through the same address check as webhooks: loopback is refused unless allowed', async (t) => {
  const cdn = await purgeEndpoint(t);
  const ctx = await buildTestApp(t, { cdnPurgeUrl: cdn.url });
  await anArticle(ctx, { section: 'Army' });
  await ctx.runner.runDue();
  assert.equal(cdn.calls.length, 0, 'nothing reached this machine');
  const job = await ctx.handle.db
    .selectFrom('jobs')
    .select(['status', 'last_error'])
    .where('kind', '=', 'cdn.purge')
    .executeTakeFirstOrThrow();
  assert.equal(job.status, 'pending', 'tried again later, in case the address is fixed');
  assert.match(String(job.last_error), /private, loopback or reserved address/);
});

test('without CDN_PURGE_URL nothing is queued', async (t) => {
  const ctx = await buildTestApp(t);
  await anArticle(ctx, { section: 'Army' });
  assert.deepEqual(await ctx.handle.db.selectFrom('jobs').select('kind').where('kind', '=', 'cdn.purge').execute(), []);
});
