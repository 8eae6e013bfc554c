import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { anArticle, aTopic, FACTORY } from './factories.js';
import { buildTestApp, formHeaders, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn, type Browser } from './helpers/newsroom.js';

/** The seed article page: section line, headline, standfirst, body, then the page's chrome. */
const SEED = readFileSync(new URL('../demo/seed/000_080c772065630276.txt', import.meta.url), 'utf8');
const [, HEADLINE, STANDFIRST, ...REST] = SEED.split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const BODY = REST.slice(0, REST.indexOf('Related topics')).join('\n\n');

const idFrom = (location: unknown) => /\/newsroom\/articles\/([^/?#]+)/.exec(String(location))![1]!;
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
/** A button's value as the page writes it (HTML-escaped). */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/** The outlet's topics for these tests: some of those the seed article names. */
async function someTopics(ctx: TestContext) {
  const putin = await ctx.services.taxonomy.ensureTopic(FACTORY, 'Vladimir Putin', { kind: 'person', distinctive: true });
  const russia = await aTopic(ctx, { name: 'Russia', kind: 'place' });
  await aTopic(ctx, { name: 'Syria', kind: 'place' });
  await aTopic(ctx, { name: 'Islamic State', kind: 'organisation' });
  const un = await aTopic(ctx, { name: 'United Nations', kind: 'organisation', aliases: ['UN'] });
  return { putin, russia, un };
}

/** The editor's fields as the page holds them, with an edit not yet saved and the button pressed. */
function editorFields(page: string, intent: string, body = `${BODY}\n\nAn unsaved last paragraph.`): Record<string, string> {
  return {
    section: /name="section" type="text" value="([^"]*)"/.exec(page)![1]!,
    headline: HEADLINE!,
    standfirst: STANDFIRST!,
    body,
    topics: [...page.matchAll(/name="topics" type="text" value="([^"]+)"/g)].map((m) => m[1]!).join('\n'),
    version: versionOf(page),
    intent,
  };
}

forEachDatabase('newsroom: suggested topics', (database) => {
  test('an editor sees suggestions from the saved text; one click adds an existing topic and keeps the unsaved edit', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const { putin, russia, un } = await someTopics(ctx);
    const ref = await anArticle(ctx, { headline: HEADLINE, standfirst: STANDFIRST, bodyMarkdown: BODY, topics: [russia], status: 'draft' });

    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;
    assert.match(page, /<section class="nr-suggestions" id="suggested-topics"/);
    assert.match(page, new RegExp(`value="add-topic:${putin.id}"`));
    assert.match(page, new RegExp(`value="add-topic:${un.id}"`));
    assert.doesNotMatch(page, new RegExp(`value="add-topic:${russia.id}"`), 'a topic the article has is not suggested');
    assert.match(page, /Vladimir Putin<\/span> <span class="nr-suggestion-detail">named \d+ times, as “Putin”/);
    for (const proposal of [
      'kind=person&name=Barack+Obama&alias=Obama',
      'kind=person&name=Bashar+al-Assad&alias=Assad',
      'kind=place&name=Ukraine',
      'kind=place&name=Crimea',
    ])
      assert.ok(page.includes(`value="${escaped(`create-topic:${proposal}`)}"`), proposal);
    assert.match(page, /Create topic and add<span class="visually-hidden"> Barack Obama<\/span>/);

    const added = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, `add-topic:${putin.id}`));
    assert.equal(added.statusCode, 303, added.body);
    assert.equal(added.headers.location, `/newsroom/articles/${ref.id}?done=topic-added#suggested-topics`);
    const saved = await ctx.services.articles.getForEdit(ref.id);
    assert.deepEqual(saved.topics, ['Russia', 'Vladimir Putin']);
    assert.match(saved.bodyMarkdown, /An unsaved last paragraph\.$/, 'the edit typed before the click was saved with it');

    const after = (await get(ctx, editor, `/newsroom/articles/${ref.id}?done=topic-added`)).body;
    assert.match(after, /Saved, with the topic added\./);
    assert.doesNotMatch(after, new RegExp(`value="add-topic:${putin.id}"`), 'an added topic is no longer suggested');
    assert.match(after, /<input id="topic-1" name="topics" type="text" value="Vladimir Putin"/);
  });

  test('one click creates a proposed topic with its kind and alias, and adds it', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    await someTopics(ctx);
    const ref = await anArticle(ctx, { headline: HEADLINE, standfirst: STANDFIRST, bodyMarkdown: BODY, topics: [], status: 'draft' });
    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;

    const intent = 'create-topic:kind=person&name=Barack+Obama&alias=Obama';
    const created = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, intent));
    assert.equal(created.statusCode, 303, created.body);
    const obama = await ctx.services.taxonomy.getTopicBySlug('barack-obama');
    assert.equal(obama.kind, 'person');
    assert.deepEqual((await ctx.services.taxonomy.getTopicForEdit(FACTORY, obama.id)).aliases, ['Obama']);
    assert.deepEqual((await ctx.services.articles.getForEdit(ref.id)).topics, ['Barack Obama']);

    // Now one of the outlet's own: no longer proposed, not suggested either (the article has it).
    const after = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;
    assert.ok(!after.includes(escaped(intent)));
    assert.doesNotMatch(after, new RegExp(`add-topic:${obama.id}`));

    // The script's post: the same, answered in JSON with the topic it added.
    const json = await ctx.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${ref.id}`,
      headers: { ...formHeaders, cookie: editor.cookie, accept: 'application/json' },
      payload: new URLSearchParams({
        ...editorFields(after, 'create-topic:kind=place&name=Crimea', BODY),
        _csrf: editor.csrf,
      }).toString(),
    });
    assert.equal(json.statusCode, 200, json.body);
    assert.deepEqual(json.json(), { ok: true, version: Number(versionOf(after)) + 1, topic: 'Crimea' });
    assert.equal((await ctx.services.taxonomy.getTopicBySlug('crimea')).kind, 'place');
  });

  test('the buttons carry the CSRF token like every newsroom form; a forged or unreadable one changes nothing', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const { putin } = await someTopics(ctx);
    const ref = await anArticle(ctx, { headline: HEADLINE, standfirst: STANDFIRST, bodyMarkdown: BODY, topics: [], status: 'draft' });
    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;

    const forged = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, `add-topic:${putin.id}`), 'not-the-token');
    assert.equal(forged.statusCode, 403);
    const created = await post(
      ctx,
      editor,
      `/newsroom/articles/${ref.id}`,
      editorFields(page, 'create-topic:kind=person&name=Barack+Obama&alias=Obama'),
      'not-the-token',
    );
    assert.equal(created.statusCode, 403);
    await assert.rejects(ctx.services.taxonomy.getTopicBySlug('barack-obama'), /No such topic/);
    assert.deepEqual((await ctx.services.articles.getForEdit(ref.id)).topics, []);

    const unreadable = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, 'create-topic:kind=subject&name=X'));
    assert.equal(unreadable.statusCode, 422);
    assert.match(unreadable.body, /That suggestion could not be read/);
    assert.match(unreadable.body, /An unsaved last paragraph\./, 'what was typed is kept');
    assert.deepEqual((await ctx.services.articles.getForEdit(ref.id)).topics, []);
  });

  test('a contributor is offered the outlet’s topics but no new ones, and cannot create a topic by forging the button', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const writer: Browser = await signedIn(ctx, 'contributor');
    const { putin } = await someTopics(ctx);
    const made = await post(ctx, writer, '/newsroom/articles', {
      section: 'Tri-Service',
      headline: HEADLINE!,
      standfirst: STANDFIRST!,
      body: BODY,
      intent: 'save',
    });
    assert.equal(made.statusCode, 303, made.body);
    const id = idFrom(made.headers.location);
    const page = (await get(ctx, writer, `/newsroom/articles/${id}`)).body;
    assert.match(page, new RegExp(`value="add-topic:${putin.id}"`));
    assert.doesNotMatch(page, /create-topic:/, 'only those who may create topics are offered new ones');
    assert.match(page, /Editors also see new people, places and organisations to make topics of\./);

    // The permission table gives taxonomy.manage to editors and admins only.
    const refused = await post(
      ctx,
      writer,
      `/newsroom/articles/${id}`,
      editorFields(page, 'create-topic:kind=person&name=Barack+Obama&alias=Obama'),
    );
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /Your role does not allow you to manage sections, topics and series/);
    assert.match(refused.body, /An unsaved last paragraph\./, 'what was typed is kept');
    await assert.rejects(ctx.services.taxonomy.getTopicBySlug('barack-obama'), /No such topic/);

    const added = await post(ctx, writer, `/newsroom/articles/${id}`, editorFields(page, `add-topic:${putin.id}`));
    assert.equal(added.statusCode, 303, added.body);
    assert.deepEqual((await ctx.services.articles.getForEdit(id)).topics, ['Vladimir Putin']);
  });
});
