import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle, FACTORY } from './factories.js';
import { buildTestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';

forEachDatabase('the search API', (database) => {
  test('/api/v1/search: best match first, the matched passage as text and as escaped HTML, paged, drafts never', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const { key } = await ctx.services.apiKeys.createKey(FACTORY, 'Search app');
    const get = (qs: string) => ctx.app.inject({ url: `/api/v1/search?${qs}`, headers: { authorization: `Bearer ${key}` } });
    await anArticle(ctx, {
      section: 'Navy',
      headline: 'Minehunters return to Faslane',
      bodyMarkdown: 'The minehunters came home after six months & a "refit".',
    });
    await anArticle(ctx, { section: 'Navy', headline: 'Refit delays', bodyMarkdown: 'One of the minehunters is still in dock.' });
    await anArticle(ctx, { section: 'Navy', headline: 'Minehunters draft', status: 'draft' });

    const res = await get('q=minehunters&limit=1');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.meta.total, 2, 'the draft is not found');
    assert.deepEqual(body.meta, { total: 2, totalCapped: false, page: 1, limit: 1, hasMore: true });
    assert.equal(body.data[0].headline, 'Minehunters return to Faslane', 'the headline match ranks first');
    assert.match(body.data[0].snippet, /The minehunters came home after six months & a "refit/);
    assert.match(body.data[0].snippetHtml, /The <mark>minehunters<\/mark> came home after six months &#38; a &#34;refit/);
    const next = (await get('q=minehunters&limit=1&page=2')).json();
    assert.equal(next.data[0].headline, 'Refit delays');
    assert.equal(next.meta.hasMore, false);

    assert.deepEqual((await get('q=minehunters&section=army')).json().data, []);
    const missing = await get('');
    assert.equal(missing.statusCode, 422);
    assert.match(missing.json().error.message, /q/);
    assert.equal((await ctx.app.inject('/api/v1/search?q=minehunters')).statusCode, 401, 'a key is needed');
  });
});
