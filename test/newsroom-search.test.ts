import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle } from './factories.js';
import { buildTestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn } from './helpers/newsroom.js';

forEachDatabase('the newsroom’s search', (database) => {
  test('the article list searches every word of every article, drafts included, for staff only; readers never see drafts', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const writer = await signedIn(ctx, 'contributor');
    await anArticle(ctx, {
      section: 'Navy',
      headline: 'Boat returns',
      bodyMarkdown: 'HMS Vigilant docked at Faslane after patrol.',
      status: 'draft',
    });
    await anArticle(ctx, { section: 'Navy', headline: 'Frigate refit', bodyMarkdown: 'The refit at Rosyth is on time.' });

    const found = (await get(ctx, editor, '/newsroom/articles?q=vigilant+patrol')).body;
    assert.match(found, /Boat returns/, 'a draft found by words in its body');
    assert.doesNotMatch(found, /Frigate refit/);
    assert.match((await get(ctx, editor, '/newsroom/articles?q=%22rosyth%22')).body, /Frigate refit/);

    // A draft saved through the editor is searchable at once, by its new words.
    const created = await post(ctx, writer, '/newsroom/articles', {
      section: 'Army',
      headline: 'Writer’s piece on Salisbury Plain',
      standfirst: 'Tanks on the plain.',
      body: 'Challenger crews trained through the night near Tidworth.',
      intent: 'save',
    });
    assert.equal(created.statusCode, 303, created.body);
    assert.match((await get(ctx, writer, '/newsroom/articles?q=tidworth')).body, /Salisbury Plain/);
    assert.doesNotMatch(
      (await get(ctx, writer, '/newsroom/articles?q=vigilant')).body,
      /Boat returns/,
      'a contributor sees only their own',
    );

    const reader = await ctx.app.inject('/search?q=vigilant');
    assert.doesNotMatch(reader.body, /Boat returns/, 'the public search never shows a draft');
    assert.doesNotMatch((await ctx.app.inject('/search?q=tidworth')).body, /Salisbury Plain/);
  });
});
