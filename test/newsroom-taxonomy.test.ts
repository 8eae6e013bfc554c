import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle, anAuthor, aSeries, aTopic } from './factories.js';
import { buildTestApp } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn } from './helpers/newsroom.js';

forEachDatabase('newsroom: sections, topics, series and authors', (database) => {
  test('an editor merges two topics from the form: the old topic page answers 301 to the survivor', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const keep = await aTopic(ctx, { name: 'Royal Navy' });
    const fold = await aTopic(ctx, { name: 'RN' });
    const story = await anArticle(ctx, { headline: 'Destroyer sails', topics: [fold] });
    assert.equal((await ctx.app.inject(`/topics/${fold.slug}`)).statusCode, 200);

    const list = await get(ctx, editor, '/newsroom/topics');
    assert.match(list.body, new RegExp(`href="/newsroom/topics/${fold.id}">RN<`));
    const page = await get(ctx, editor, `/newsroom/topics/${fold.id}`);
    assert.match(page.body, /Merge into another topic/);
    const merged = await post(ctx, editor, `/newsroom/topics/${fold.id}/merge`, { into: keep.id });
    assert.equal(merged.statusCode, 303);
    assert.equal(merged.headers.location, `/newsroom/topics/${keep.id}?done=merged`);

    const old = await ctx.app.inject(`/topics/${fold.slug}`);
    assert.equal(old.statusCode, 301);
    assert.equal(old.headers.location, `/topics/${keep.slug}`);
    assert.match((await ctx.app.inject(`/topics/${keep.slug}`)).body, /Destroyer sails/);
    assert.match((await ctx.app.inject(story.path)).body, /href="\/topics\/royal-navy">Royal Navy</);
  });

  test('bad input on a topic comes back inline with what was typed; a taken name is refused', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const topic = await aTopic(ctx, { name: 'Ukraine' });
    await aTopic(ctx, { name: 'Russia' });
    const bad = await post(ctx, editor, `/newsroom/topics/${topic.id}`, {
      name: '',
      slug: 'ukraine',
      kind: 'place',
      description: 'Kept text',
      aliases: '',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#name">Name: is required/);
    assert.match(bad.body, /Kept text/);
    const taken = await post(ctx, editor, `/newsroom/topics/${topic.id}`, {
      name: 'Ukraine',
      slug: 'ukraine',
      kind: 'place',
      description: '',
      aliases: 'russia',
    });
    assert.equal(taken.statusCode, 409);
    assert.match(taken.body, /&quot;russia&quot; already names the topic Russia: merge the two topics instead\./);
  });

  test('an editor marks a topic distinctive with the form’s checkbox, and unticks it; a refused save keeps the tick', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const topic = await aTopic(ctx, { name: 'North Atlantic Treaty Organization', kind: 'organisation', aliases: ['NATO'] });
    const checkbox = /<input type="checkbox" id="distinctive" name="distinctive" value="on"( checked)?/;
    const page = await get(ctx, editor, `/newsroom/topics/${topic.id}`);
    assert.match(
      page.body,
      /<label for="distinctive">Distinctive: a bare surname or acronym alone is enough \(e\.g\. Putin, NATO\)<\/label>/,
    );
    assert.equal(checkbox.exec(page.body)?.[1], undefined, 'not distinctive to begin with');
    const fields = { name: topic.name, slug: topic.slug, kind: 'organisation', description: '', aliases: 'NATO' };

    assert.equal((await post(ctx, editor, `/newsroom/topics/${topic.id}`, { ...fields, distinctive: 'on' })).statusCode, 303);
    assert.equal((await ctx.services.taxonomy.getTopic(topic.id)).distinctive, true);
    assert.equal(checkbox.exec((await get(ctx, editor, `/newsroom/topics/${topic.id}`)).body)?.[1], ' checked');

    const refused = await post(ctx, editor, `/newsroom/topics/${topic.id}`, { ...fields, name: '', distinctive: 'on' });
    assert.equal(refused.statusCode, 422);
    assert.equal(checkbox.exec(refused.body)?.[1], ' checked', 'what was ticked stays ticked');

    // An unticked checkbox is not posted at all.
    assert.equal((await post(ctx, editor, `/newsroom/topics/${topic.id}`, fields)).statusCode, 303);
    assert.equal((await ctx.services.taxonomy.getTopic(topic.id)).distinctive, false);
  });

  test('a series lists its channels on its page; an author’s new address redirects and their profile shows', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const series = await aSeries(ctx, { name: 'Battlefield Brief' });
    await anArticle(ctx, { series });
    const saved = await post(ctx, editor, `/newsroom/series/${series.id}`, {
      name: 'Battlefield Brief',
      slug: series.slug,
      description: 'Weekly.',
      'channelName-0': 'YouTube',
      'channelUrl-0': 'https://www.youtube.com/@garrison',
    });
    assert.equal(saved.statusCode, 303);
    assert.match(
      (await ctx.app.inject(`/series/${series.slug}`)).body,
      /Watch on <a href="https:\/\/www.youtube.com\/@garrison">YouTube<\/a>/,
    );
    const badChannel = await post(ctx, editor, `/newsroom/series/${series.id}`, {
      name: 'Battlefield Brief',
      slug: series.slug,
      'channelName-0': 'Bad',
      'channelUrl-0': 'javascript:alert(1)',
    });
    assert.equal(badChannel.statusCode, 422);
    assert.match(badChannel.body, /href="#channelUrl-0"/);

    const author = await anAuthor(ctx, { name: 'Ann Patel' });
    await anArticle(ctx, { authors: [author] });
    const moved = await post(ctx, editor, `/newsroom/authors/${author.id}`, {
      name: 'Ann Patel',
      slug: 'ann-patel-navy',
      role: 'Navy Correspondent',
      bio: 'Ann covers the Royal Navy.',
      photoUrl: '/assets/logo.png',
    });
    assert.equal(moved.statusCode, 303);
    const old = await ctx.app.inject(`/authors/${author.slug}`);
    assert.equal(old.statusCode, 301);
    const profile = (await ctx.app.inject('/authors/ann-patel-navy')).body;
    assert.match(profile, /Navy Correspondent/);
    assert.match(profile, /Ann covers the Royal Navy\./);
    assert.match(profile, /<img class="author-photo" src="\/assets\/logo.png"/);
    assert.doesNotMatch(profile, /class="author-links"/, 'no contact links until some are given');

    // How readers reach her: checked, then shown as plain links and told to search engines.
    const bad = await post(ctx, editor, `/newsroom/authors/${author.id}`, {
      name: 'Ann Patel',
      slug: 'ann-patel-navy',
      email: 'ann at garrison',
      xHandle: '@ann-patel!',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /href="#email"[^>]*>[^<]*is not an email address/);
    assert.match(bad.body, /href="#xHandle"[^>]*>[^<]*is not an X handle/);
    assert.match(bad.body, /value="ann at garrison"/, 'what was typed is kept');
    const good = await post(ctx, editor, `/newsroom/authors/${author.id}`, {
      name: 'Ann Patel',
      slug: 'ann-patel-navy',
      role: 'Navy Correspondent',
      email: 'ann.patel@garrison.example',
      xHandle: '@AnnPatelNavy',
    });
    assert.equal(good.statusCode, 303);
    const full = (await ctx.app.inject('/authors/ann-patel-navy')).body;
    assert.match(full, /<a href="mailto:ann\.patel@garrison\.example">Email Ann Patel<\/a>/);
    assert.match(full, /<a href="https:\/\/x\.com\/AnnPatelNavy" rel="me noopener">@AnnPatelNavy on X<\/a>/);
    const person = [...full.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)]
      .map((m) => JSON.parse(m[1]!))
      .find((b) => b['@type'] === 'ProfilePage').mainEntity;
    assert.equal(person.email, 'ann.patel@garrison.example');
    assert.deepEqual(person.sameAs, ['https://x.com/AnnPatelNavy']);
  });

  test('contributors cannot open these pages', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const contributor = await signedIn(ctx, 'contributor');
    const topic = await aTopic(ctx);
    for (const url of ['/newsroom/sections', '/newsroom/topics', `/newsroom/topics/${topic.id}`, '/newsroom/authors'])
      assert.equal((await get(ctx, contributor, url)).statusCode, 403, url);
    assert.equal((await post(ctx, contributor, `/newsroom/topics/${topic.id}/merge`, { into: topic.id })).statusCode, 403);
  });
});
