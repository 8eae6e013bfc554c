import assert from 'node:assert/strict';
import { test } from 'node:test';
import { systemActor } from '../src/domain/access/index.js';
import { anArticle } from './factories.js';
import { buildTestApp } from './helpers/app.js';
import { subscribed, withSmtp } from './helpers/newsletter.js';

const TOKEN = 'metrics-token-0123456789abcdef0123456789abcdef';
const EDITOR = systemActor('test editor');

/** One metric's samples from a Prometheus text page: `name{labels} value`. */
function samples(page: string, name: string): Array<{ labels: string; value: number }> {
  return [...page.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))].map((m) => ({ labels: m[1] ?? '', value: Number(m[2]) }));
}

test('/metrics is off unless a token is set, and then only for that token', async (t) => {
  const off = await buildTestApp(t);
  assert.equal((await off.app.inject('/metrics')).statusCode, 404);
  const on = await buildTestApp(t, { metricsToken: TOKEN });
  assert.equal((await on.app.inject('/metrics')).statusCode, 401);
  const wrong = await on.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN.replace('0', '1')}` } });
  assert.equal(wrong.statusCode, 401);
  assert.match(String(wrong.headers['www-authenticate']), /Bearer/);
  const right = await on.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
  assert.equal(right.statusCode, 200);
  assert.match(String(right.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  assert.equal(right.headers['cache-control'], 'no-store');
});

test('/metrics reports latency by route, the page cache, the job queue and newsletter sends', async (t) => {
  const { server, ctx } = await withSmtp(t, { metricsToken: TOKEN });
  const scrape = async () => (await ctx.app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } })).body;
  const story = await anArticle(ctx, { section: 'Army', headline: 'Reservists called up' });
  await ctx.app.inject(story.path); // rendered: a miss
  await ctx.app.inject(story.path); // a hit
  await ctx.app.inject(story.path);
  await ctx.app.inject('/no/such/page/here');

  let page = await scrape();
  const articleRoute = samples(page, 'despatch_http_request_duration_seconds_count').find((s) =>
    /route="\/:section\/:slug",method="GET",status="200"/.test(s.labels),
  );
  assert.equal(articleRoute?.value, 3, 'the article route: one render and two hits answered by the app (inject does not pass the server)');
  assert.ok(samples(page, 'despatch_http_request_duration_seconds_count').some((s) => /status="404"/.test(s.labels)));
  assert.equal(samples(page, 'despatch_page_cache_hits_total')[0]?.value, 2);
  assert.equal(samples(page, 'despatch_page_cache_misses_total')[0]?.value, 1);
  assert.equal(samples(page, 'despatch_page_cache_hit_ratio')[0]?.value, 2 / 3);
  assert.ok(samples(page, 'despatch_page_cache_entries')[0]!.value >= 1);
  assert.ok(samples(page, 'despatch_process_resident_memory_bytes')[0]!.value > 10_000_000, 'the process’s own metrics');

  // A job fell due a minute ago and nobody has run it.
  const now = ctx.services.clock.now().getTime();
  await ctx.services.jobs.enqueue(
    ctx.handle.db,
    { kind: 'test.nothing', payload: null, runAt: new Date(now - 60_000).toISOString() },
    new Date(now).toISOString(),
  );
  // A newsletter issue being sent to two readers, none sent yet.
  await subscribed(ctx, server, 'one@example.org', '&frequency=daily');
  await subscribed(ctx, server, 'two@example.org', '&frequency=daily');
  const issue = await ctx.services.issues.create(EDITOR, { subject: 'Morning briefing', intro: '', audience: 'daily' });
  await ctx.services.issues.start(EDITOR, issue.id, null);

  page = await scrape();
  const due = samples(page, 'despatch_jobs').find((s) => s.labels === '{state="due"}');
  assert.ok(due && due.value >= 1, 'the unrun job is due');
  assert.ok(samples(page, 'despatch_jobs_oldest_due_age_seconds')[0]!.value >= 60);
  const queued = samples(page, 'despatch_newsletter_recipients').find((s) => s.labels === `{issue="${issue.id}",state="queued"}`);
  assert.equal(queued?.value, 2);

  await ctx.services.newsletterSender.drain();
  page = await scrape();
  const sent = samples(page, 'despatch_newsletter_recipients').find((s) => s.labels === `{issue="${issue.id}",state="sent"}`);
  assert.ok(sent === undefined || sent.value === 2, 'sent, or finished and no longer listed');
});

test('/readyz says not ready while the database lacks a migration this build has', async (t) => {
  const ctx = await buildTestApp(t);
  assert.equal((await ctx.app.inject('/readyz')).statusCode, 200);
  const last = await ctx.handle.db
    .selectFrom('kysely_migration' as never)
    .select('name' as never)
    .orderBy('name' as never, 'desc')
    .executeTakeFirstOrThrow();
  const name = (last as { name: string }).name;
  await ctx.handle.db
    .deleteFrom('kysely_migration' as never)
    .where('name' as never, '=', name as never)
    .execute();
  const ready = await ctx.app.inject('/readyz');
  assert.equal(ready.statusCode, 503);
  assert.match(ready.body, new RegExp(name));
  assert.equal((await ctx.app.inject('/healthz')).statusCode, 200);
});
