import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import GhostContentApiModule, { type GhostAPI, type GhostContentAPIOptions } from '@tryghost/content-api';
import { anArticle, anAuthor, aTopic, FACTORY } from './factories.js';
import { buildTestApp, TEST_SITE_URL, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';

// The package is CommonJS (`module.exports = GhostContentAPI`), while its types declare an ES default export.
const GhostContentAPI = GhostContentApiModule as unknown as (options: GhostContentAPIOptions) => GhostAPI;

const hoursBefore = (h: number) => new Date(Date.parse('2026-11-27T12:00:00Z') - h * 3600_000).toISOString();

/** A small outlet: five stories over two sections, with topics and writers, and a draft. */
async function anOutlet(ctx: TestContext) {
  const nato = await aTopic(ctx, { name: 'NATO' });
  const ukraine = await aTopic(ctx, { name: 'Ukraine' });
  const marsh = await anAuthor(ctx, { name: 'Eleanor Marsh', bio: 'Defence correspondent.' });
  const price = await anAuthor(ctx, { name: 'Tom Price' });
  const stories = [];
  for (let i = 1; i <= 5; i++)
    stories.push(
      await anArticle(ctx, {
        section: i % 2 ? 'Army' : 'Navy',
        headline: `Story ${i}`,
        standfirst: `What happened in story ${i}.`,
        bodyMarkdown: `First paragraph of story ${i} & more.\n\nSecond paragraph, with *emphasis*.`,
        topics: i <= 3 ? [nato] : i === 4 ? [ukraine] : [],
        authors: i === 5 ? [marsh, price] : i === 2 ? [price] : [],
        publishedAt: hoursBefore(10 - i),
      }),
    );
  await anArticle(ctx, { section: 'Army', headline: 'A draft nobody may see', status: 'draft' });
  const { key } = await ctx.services.apiKeys.createKey(FACTORY, 'Ghost front end', { ghost: true });
  return { key, stories, nato, marsh };
}

forEachDatabase('the Ghost-compatible Content API', (database) => {
  test('Ghost’s own client lists posts, tags and authors, reads a post by slug, and reads settings', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { key, stories } = await anOutlet(ctx);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const api = GhostContentAPI({ url: `http://127.0.0.1:${port}`, key, version: 'v5.0' });

    const posts = await api.posts.browse({ limit: 2, include: ['tags', 'authors'] });
    assert.deepEqual(
      posts.map((p) => p.title),
      ['Story 5', 'Story 4'],
      'newest first, two to a page',
    );
    assert.deepEqual(posts.meta.pagination, { page: 1, limit: 2, pages: 3, total: 5, next: 2, prev: null });
    const [five] = posts;
    assert.equal(five!.slug, 'story-5');
    assert.equal(five!.url, `${TEST_SITE_URL}/army/story-5`);
    assert.equal(five!.custom_excerpt, 'What happened in story 5.');
    assert.match(five!.html!, /<p>First paragraph of story 5 &amp; more\.<\/p>/);
    assert.equal(five!.published_at, hoursBefore(5).replace('Z', '+00:00'));
    assert.equal(five!.primary_tag?.slug, 'army', 'the section is the primary tag');
    assert.deepEqual(
      five!.authors?.map((a) => a.name),
      ['Eleanor Marsh', 'Tom Price'],
    );
    assert.equal(five!.primary_author?.slug, 'eleanor-marsh');

    const second = await api.posts.browse({ limit: 2, page: 3 });
    assert.deepEqual(
      second.map((p) => p.title),
      ['Story 1'],
    );
    assert.equal(second.meta.pagination.prev, 2);

    const tags = await api.tags.browse({ limit: 'all', include: 'count.posts' });
    assert.deepEqual(
      tags.map((tag) => [tag.slug, tag.count?.posts]),
      [
        ['army', 3],
        ['navy', 2],
        ['nato', 3],
        ['ukraine', 1],
      ],
    );
    const authors = await api.authors.browse({ include: 'count.posts' });
    assert.deepEqual(authors.map((a) => [a.slug, a.count?.posts]).sort(), [
      ['eleanor-marsh', 1],
      ['tom-price', 2],
    ]);

    const one = await api.posts.read({ slug: 'story-3' }, { include: 'tags' });
    assert.equal(one.id, stories[2]!.id);
    assert.equal(one.title, 'Story 3');
    assert.deepEqual(
      one.tags?.map((tag) => tag.name),
      ['Army', 'NATO'],
    );
    assert.equal((await api.posts.read({ id: stories[0]!.id })).title, 'Story 1');

    const settings = await api.settings.browse();
    assert.equal(settings.lang, 'en-GB');
    assert.equal(settings.url, `${TEST_SITE_URL}/`);
    assert.ok(
      settings.navigation?.some((n) => n.label === 'Army'),
      'the sections are the navigation',
    );

    const pages = await api.pages.browse();
    assert.deepEqual(pages.map((p) => p.slug).sort(), ['about', 'contact', 'privacy', 'terms']);

    // Ghost's client turns Ghost's error shape into an Error named by its type.
    await assert.rejects(api.posts.read({ slug: 'a-draft-nobody-may-see' }), { name: 'NotFoundError', message: 'Post not found.' });
    const wrong = GhostContentAPI({ url: `http://127.0.0.1:${port}`, key: '0123456789abcdef0123456789', version: 'v5.0' });
    await assert.rejects(wrong.posts.browse(), { name: 'UnauthorizedError', message: 'Unknown Content API Key' });
  });

  test('filters on tag, author, slug, featured and dates, combined with + and , as Ghost’s NQL does', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { key } = await anOutlet(ctx);
    const titles = async (filter: string) => {
      const res = await ctx.app.inject(`/ghost/api/content/posts/?key=${key}&limit=all&filter=${encodeURIComponent(filter)}`);
      assert.equal(res.statusCode, 200, `${filter}: ${res.body}`);
      return (res.json().posts as Array<{ title: string }>).map((p) => p.title);
    };
    assert.deepEqual(await titles('tag:nato'), ['Story 3', 'Story 2', 'Story 1']);
    assert.deepEqual(await titles('tag:navy'), ['Story 4', 'Story 2'], 'a section is a tag');
    assert.deepEqual(await titles('tags:[ukraine,navy]'), ['Story 4', 'Story 2']);
    assert.deepEqual(await titles('tag:-nato'), ['Story 5', 'Story 4']);
    assert.deepEqual(await titles('primary_tag:army+tag:nato'), ['Story 3', 'Story 1']);
    assert.deepEqual(await titles('author:tom-price'), ['Story 5', 'Story 2']);
    assert.deepEqual(await titles('authors.slug:[eleanor-marsh]'), ['Story 5']);
    assert.deepEqual(await titles('slug:story-1,slug:story-4'), ['Story 4', 'Story 1'], 'comma is "or"');
    assert.deepEqual(await titles('slug:-[story-1,story-2,story-3]'), ['Story 5', 'Story 4']);
    assert.deepEqual(await titles('featured:true'), [], 'Despatch has no featured stories');
    assert.deepEqual((await titles('featured:false')).length, 5);
    assert.deepEqual(await titles(`published_at:>'${hoursBefore(7).slice(0, 19).replace('T', ' ')}'`), ['Story 5', 'Story 4']);
    assert.deepEqual(await titles(`published_at:<=${hoursBefore(8)}`), ['Story 2', 'Story 1']);
    assert.deepEqual(await titles('(tag:navy,author:eleanor-marsh)+slug:-story-2'), ['Story 5', 'Story 4'], 'parentheses group');

    const ordered = await ctx.app.inject(`/ghost/api/content/posts/?key=${key}&order=${encodeURIComponent('published_at asc')}&limit=2`);
    assert.deepEqual(
      ordered.json().posts.map((p: { title: string }) => p.title),
      ['Story 1', 'Story 2'],
    );
  });

  test('fields, formats and include shape each post as asked', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { key } = await anOutlet(ctx);
    const get = (qs: string) => ctx.app.inject(`/ghost/api/content/posts/slug/story-2/?key=${key}&${qs}`);
    const slim = (await get('fields=id,title,url,nonsense')).json().posts[0];
    assert.deepEqual(Object.keys(slim), ['id', 'title', 'url'], 'unknown fields are ignored, as Ghost ignores them');
    const text = (await get('formats=plaintext&fields=plaintext,html')).json().posts[0];
    assert.deepEqual(text, { plaintext: 'First paragraph of story 2 & more.\n\nSecond paragraph, with emphasis.' });
    const bare = (await get('')).json().posts[0];
    assert.equal(bare.tags, undefined, 'relations only when included');
    assert.equal(bare.authors, undefined);
    assert.equal(bare.featured, false);
    assert.equal(bare.visibility, 'public');
    assert.equal(bare.reading_time, 1);
    const both = (await get('include=authors,tags')).json().posts[0];
    assert.deepEqual(
      both.tags.map((tag: { slug: string }) => tag.slug),
      ['navy', 'nato'],
    );
    assert.equal(both.authors[0].url, `${TEST_SITE_URL}/authors/tom-price`);
  });

  test('errors take Ghost’s shape and status: no key, a Despatch key, a bad filter, a bad limit, an unknown address', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { key } = await anOutlet(ctx);
    const despatchKey = (await ctx.services.apiKeys.createKey(FACTORY, 'Despatch app')).key;
    const cases: Array<[string, number, string, RegExp]> = [
      ['/ghost/api/content/posts/', 403, 'NoPermissionError', /Authorization failed/],
      [`/ghost/api/content/posts/?key=${despatchKey}`, 401, 'UnauthorizedError', /^Unknown Content API Key$/],
      [`/ghost/api/content/posts/?key=${key}&filter=tag:`, 400, 'BadRequestError', /^Error parsing filter: a value was expected/],
      [`/ghost/api/content/posts/?key=${key}&filter=colour:red`, 400, 'BadRequestError', /cannot filter posts on "colour"/],
      [`/ghost/api/content/tags/?key=${key}&filter=colour:red`, 400, 'BadRequestError', /cannot filter on "colour"/],
      [`/ghost/api/content/posts/?key=${key}&limit=0`, 422, 'ValidationError', /limit/],
      [`/ghost/api/content/posts/?key=${key}&order=colour`, 422, 'ValidationError', /order/],
      [`/ghost/api/content/posts/no-such-id/?key=${key}`, 404, 'NotFoundError', /^Post not found\.$/],
      [`/ghost/api/content/tags/slug/nope/?key=${key}`, 404, 'NotFoundError', /^Tag not found\.$/],
      [`/ghost/api/content/members/?key=${key}`, 404, 'NotFoundError', /could not find/],
    ];
    for (const [url, status, type, message] of cases) {
      const res = await ctx.app.inject(url);
      assert.equal(res.statusCode, status, `${url}: ${res.body}`);
      const [error] = res.json().errors;
      assert.equal(error.type, type, url);
      assert.match(error.message, message, url);
      assert.equal(res.json().error, undefined, 'never Despatch’s own error shape here');
    }
  });

  test('drafts never appear; pages, tags and authors page as Ghost pages them', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { key, marsh } = await anOutlet(ctx);
    const all = await ctx.app.inject(`/ghost/api/content/posts/?key=${key}&limit=all&fields=title`);
    assert.ok(!all.body.includes('draft'));
    assert.equal(all.json().meta.pagination.total, 5);
    const tags = await ctx.app.inject(`/ghost/api/content/tags/?key=${key}&limit=3&page=2`);
    assert.deepEqual(tags.json().meta.pagination, { page: 2, limit: 3, pages: 2, total: 4, next: null, prev: 1 });
    assert.deepEqual(
      tags.json().tags.map((tag: { slug: string }) => tag.slug),
      ['ukraine'],
    );
    const author = await ctx.app.inject(`/ghost/api/content/authors/${marsh.id}/?key=${key}`);
    assert.equal(author.json().authors[0].bio, 'Defence correspondent.');
    const about = await ctx.app.inject(`/ghost/api/content/pages/slug/about/?key=${key}&formats=html`);
    assert.equal(about.statusCode, 200);
    assert.match(about.json().pages[0].html, /<p>/);
    assert.equal(about.json().pages[0].url, `${TEST_SITE_URL}/about`);
    assert.equal(about.headers['cache-control'], 'private, no-store');
    assert.equal(about.headers['content-version'], 'v6.0');
    // Older clients put the version in the path.
    assert.equal((await ctx.app.inject(`/ghost/api/v4/content/posts/?key=${key}`)).statusCode, 200);
  });
});
