import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SEARCHES_PER_MINUTE } from '../src/web/reader/search.routes.js';
import { anArticle } from './factories.js';
import { buildTestApp } from './helpers/app.js';

test('every reader page has a search box that works without JavaScript: a GET form to /search', async (t) => {
  const ctx = await buildTestApp(t);
  const ref = await anArticle(ctx, { section: 'Army', headline: 'Reservists called up' });
  for (const path of ['/', ref.path, '/army', '/search']) {
    const page = await ctx.app.inject(path);
    assert.equal(page.statusCode, 200, path);
    assert.match(page.body, /<form class="masthead-search" role="search" action="\/search" method="get">/, path);
    assert.match(
      page.body,
      /<label for="masthead-q" class="visually-hidden">Search stories<\/label><input id="masthead-q" type="search" name="q"/,
      path,
    );
  }
});

test('/search: results with marked passages, the query kept in the box, never indexed, and pages of results', async (t) => {
  const ctx = await buildTestApp(t);
  await anArticle(ctx, {
    section: 'Navy',
    headline: 'Frigate sails for the Gulf',
    bodyMarkdown: 'The frigate left Portsmouth with <b>two</b> helicopters & a crew of 180.',
  });
  for (let i = 0; i < 12; i++) await anArticle(ctx, { section: 'Army', headline: `Convoy report ${i}` });

  const res = await ctx.app.inject('/search?q=frigate+helicopters');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-robots-tag'], 'noindex');
  assert.match(res.body, /<meta name="robots" content="noindex"/);
  assert.match(res.body, /<h1>Search results for “frigate helicopters”<\/h1>/);
  assert.match(res.body, /value="frigate helicopters"/);
  assert.match(res.body, /1 story found/);
  assert.match(res.body, /<a href="\/navy\/frigate-sails-for-the-gulf">Frigate sails for the Gulf<\/a>/);
  assert.match(res.body, /<mark>frigate<\/mark>/i);
  assert.match(res.body, /&lt;b>two&lt;\/b>|&lt;b&gt;two&lt;\/b&gt;/, 'text from the article stays text');
  assert.ok(!res.body.includes('<b>two</b>'));

  const first = await ctx.app.inject('/search?q=convoy&section=army');
  assert.match(first.body, /12 stories found/);
  assert.equal((first.body.match(/<li><p class="kicker">/g) ?? []).length, 10);
  assert.match(first.body, /href="\/search\?q=convoy&amp;section=army&amp;page=2" rel="next"/);
  const second = await ctx.app.inject('/search?q=convoy&section=army&page=2');
  assert.equal((second.body.match(/<li><p class="kicker">/g) ?? []).length, 2);
  assert.match(second.body, /rel="prev"/);
  assert.match((await ctx.app.inject('/search?q=convoy&section=navy')).body, /No stories match/);
});

test('/search never fails on what a reader types: odd syntax, bad pages, unknown filters, an empty box', async (t) => {
  const ctx = await buildTestApp(t);
  await anArticle(ctx, { section: 'RAF', headline: 'Typhoon jets scrambled' });
  for (const qs of [
    'q=%22typhoon',
    'q=typhoon+AND+(',
    'q=typhoon&page=-4',
    'q=typhoon&page=zebra',
    'q=typhoon&section=..%2F..',
    'q=typhoon&from=yesterday',
    `q=typhoon+${'x'.repeat(3000)}`,
    'q[]=typhoon',
  ]) {
    const res = await ctx.app.inject(`/search?${qs}`);
    assert.equal(res.statusCode, 200, qs);
  }
  assert.match((await ctx.app.inject('/search?q=%22typhoon')).body, /Typhoon jets scrambled/);
  const empty = await ctx.app.inject('/search');
  assert.equal(empty.statusCode, 200);
  assert.match(empty.body, /<h1>Search<\/h1>/);
  assert.ok(!empty.body.includes('No stories match'), 'an empty box is not a failed search');
});

test('/search is rate limited per address', async (t) => {
  const ctx = await buildTestApp(t);
  for (let i = 0; i < SEARCHES_PER_MINUTE; i++) assert.equal((await ctx.app.inject('/search?q=x')).statusCode, 200);
  const limited = await ctx.app.inject('/search?q=x');
  assert.equal(limited.statusCode, 429);
  const other = await ctx.app.inject({ url: '/search?q=x', remoteAddress: '192.0.2.7' });
  assert.equal(other.statusCode, 200, 'another reader is not held back');
});
