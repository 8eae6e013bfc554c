import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle } from './factories.js';
import { buildTestApp, formHeaders, type TestContext } from './helpers/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn, type Browser } from './helpers/newsroom.js';

const HEADLINE = 'Putin warns the West as troops gather';
const STANDFIRST = 'Convoys cross the river while talks stall.';
/** A body in Markdown with a named quote, a role-attributed one, one over two paragraphs and one nobody is credited with. */
const BODY = [
  'Russian forces moved closer to the border on Tuesday, officials in Kyiv said.',
  '"We will not allow anyone to threaten our country," said Vladimir Putin, speaking in **Moscow**.',
  'A ministry spokesperson said: "The exercises are routine and pose no threat to anyone."',
  '"The first convoy left at dawn and reached the crossing by noon.',
  '"By nightfall the second convoy had followed it across the river," said Anna Brook, a colonel in the Royal Engineers.',
  'Graffiti on the wall of the [town hall](https://example.com/hall) read "No more war in our streets tonight".',
].join('\n\n');

const PUTIN = 'We will not allow anyone to threaten our country';
const SPOKESPERSON = 'The exercises are routine and pose no threat to anyone.';
const CONVOY =
  'The first convoy left at dawn and reached the crossing by noon. By nightfall the second convoy had followed it across the river';
const GRAFFITI = 'No more war in our streets tonight';

/** Text as the page writes it in an attribute (Preact escapes `&` and `"`). */
const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
const unescaped = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

/** The button values of the suggested pull quotes, by quote text. */
function quoteButtons(page: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of page.matchAll(/name="intent" value="(add-quote:[^"]+)"/g)) {
    const value = unescaped(m[1]!);
    out.set(new URLSearchParams(value.slice('add-quote:'.length)).get('text')!, value);
  }
  return out;
}

/** The "Who said it?" field a button names. */
const fieldOf = (intent: string) => new URLSearchParams(intent.slice('add-quote:'.length)).get('field')!;

/** The editor's fields as the page holds them, with the headline and body edited (not saved) and a button pressed. */
function editorFields(page: string, intent: string, extra: Record<string, string> = {}): Record<string, string> {
  const fields: Record<string, string> = {
    section: unescaped(/name="section" type="text" value="([^"]*)"/.exec(page)![1]!),
    headline: `${HEADLINE}, edited`,
    standfirst: STANDFIRST,
    body: `${BODY}\n\nAn unsaved last paragraph.`,
    version: versionOf(page),
    intent,
    ...extra,
  };
  for (const m of page.matchAll(/name="(quote(?:Text|Speaker)-\d+)" type="text" value="([^"]*)"/g)) fields[m[1]!] = unescaped(m[2]!);
  return fields;
}

async function anArticleWithQuotes(ctx: TestContext, pullQuotes: Array<{ text: string; speaker: string }> = []) {
  return anArticle(ctx, { headline: HEADLINE, standfirst: STANDFIRST, bodyMarkdown: BODY, pullQuotes, status: 'draft' });
}

/** The stored article, as the service holds it. */
const stored = (ctx: TestContext, id: string) => ctx.services.articles.getForEdit(id);

forEachDatabase('newsroom: suggested pull quotes', (database) => {
  test('the editor lists the saved text’s quotes with their speakers, leaving out those already pull quotes', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    // Already a pull quote, typed with curly marks and no full stop: the same quote all the same.
    const ref = await anArticleWithQuotes(ctx, [{ text: '“The exercises are routine and pose no threat to anyone”', speaker: 'MoD' }]);

    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;
    assert.match(page, /<section class="nr-suggestions" id="suggested-quotes" aria-labelledby="suggested-quotes-heading">/);
    assert.match(page, /<h2 id="suggested-quotes-heading">Suggested pull quotes<\/h2>/);
    assert.match(page, /<ul class="nr-suggestion-list" aria-label="Quotes in the text">/);
    const shown = [
      ...page.matchAll(
        /<q id="suggested-quote-(\d+)" class="nr-suggestion-quote">([^<]*)<\/q> <span class="nr-suggestion-detail">([^<]*)<\/span>/g,
      ),
    ];
    assert.deepEqual(
      shown.map((m) => [m[2], m[3]]),
      [
        [PUTIN, 'Vladimir Putin'],
        [CONVOY, 'Anna Brook'],
        [GRAFFITI, 'Speaker not found'],
      ],
    );
    const buttons = quoteButtons(page);
    assert.equal(buttons.get(PUTIN), `add-quote:${new URLSearchParams({ text: PUTIN, speaker: 'Vladimir Putin' })}`);
    assert.equal(buttons.get(GRAFFITI), `add-quote:${new URLSearchParams({ text: GRAFFITI, field: 'suggestedSpeaker-2' })}`);
    assert.ok(!buttons.has(SPOKESPERSON), 'a quote already among the pull quotes is not suggested');
    // Only the quote with no speaker gets a field to type one in.
    assert.match(page, /<label for="suggestedSpeaker-2">Who said it\?<\/label><input id="suggestedSpeaker-2" name="suggestedSpeaker-2"/);
    assert.doesNotMatch(page, /suggestedSpeaker-[01]"/);
    assert.match(page, /aria-describedby="suggested-quote-0">Use as pull quote<\/button>/);

    // A role stands in for the speaker where the text names no one.
    const plain = await anArticleWithQuotes(ctx);
    const other = (await get(ctx, editor, `/newsroom/articles/${plain.id}`)).body;
    assert.ok(other.includes(`${SPOKESPERSON}</q> <span class="nr-suggestion-detail">A ministry spokesperson</span>`));
  });

  test('one click saves what was typed and adds a quote with its speaker; it is then no longer suggested', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const ref = await anArticleWithQuotes(ctx);
    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;

    const added = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, quoteButtons(page).get(PUTIN)!));
    assert.equal(added.statusCode, 303, added.body);
    assert.equal(added.headers.location, `/newsroom/articles/${ref.id}?done=quote-added#suggested-quotes`);
    const saved = await stored(ctx, ref.id);
    assert.deepEqual(saved.pullQuotes, [{ text: PUTIN, speaker: 'Vladimir Putin' }]);
    assert.equal(saved.headline, `${HEADLINE}, edited`, 'the edits typed before the click were saved with it');
    assert.match(saved.bodyMarkdown, /An unsaved last paragraph\.$/);

    const after = (await get(ctx, editor, `/newsroom/articles/${ref.id}?done=quote-added`)).body;
    assert.match(after, /Saved, with the pull quote added\./);
    assert.ok(!quoteButtons(after).has(PUTIN), 'an added quote is no longer suggested');
    assert.ok(quoteButtons(after).has(CONVOY));
    assert.ok(after.includes(`name="quoteText-0" type="text" value="${escaped(PUTIN)}"`));

    // Pressed again from a page opened earlier: saved, and the quote is not added twice.
    const again = await post(ctx, editor, `/newsroom/articles/${ref.id}`, {
      ...editorFields(after, quoteButtons(page).get(PUTIN)!),
    });
    assert.equal(again.statusCode, 303, again.body);
    assert.deepEqual((await stored(ctx, ref.id)).pullQuotes, [{ text: PUTIN, speaker: 'Vladimir Putin' }]);

    // The script's post: the same, answered in JSON with the quote it added.
    const latest = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;
    const json = await ctx.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${ref.id}`,
      headers: { ...formHeaders, cookie: editor.cookie, accept: 'application/json' },
      payload: new URLSearchParams({ ...editorFields(latest, quoteButtons(latest).get(CONVOY)!), _csrf: editor.csrf }).toString(),
    });
    assert.equal(json.statusCode, 200, json.body);
    assert.deepEqual(json.json(), { ok: true, version: Number(versionOf(latest)) + 1, quote: { text: CONVOY, speaker: 'Anna Brook' } });
    assert.deepEqual(
      (await stored(ctx, ref.id)).pullQuotes.map((q) => q.speaker),
      ['Vladimir Putin', 'Anna Brook'],
    );
  });

  test('a quote with no speaker asks who said it, stores nothing until told, then is added with the speaker typed', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const ref = await anArticleWithQuotes(ctx);
    const before = await stored(ctx, ref.id);
    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;
    const intent = quoteButtons(page).get(GRAFFITI)!;
    const field = fieldOf(intent);
    assert.equal(field, 'suggestedSpeaker-3', 'the fourth quote shown');

    const empty = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, intent, { [field]: '  ' }));
    assert.equal(empty.statusCode, 422);
    assert.ok(
      empty.body.includes(
        `<p class="field-error" id="${field}-error"><span class="visually-hidden">Error: </span>Type who said it, then add the quote again.</p>`,
      ),
    );
    assert.ok(empty.body.includes(`<a href="#${field}">Who said suggested pull quote 4: Type who said it, then add the quote again.</a>`));
    assert.match(
      empty.body,
      new RegExp(`<input id="${field}" name="${field}" type="text" value maxlength="200" aria-invalid="true"[^>]* autofocus/>`),
    );
    assert.match(empty.body, /An unsaved last paragraph\./, 'what was typed is kept');
    assert.ok(empty.body.includes(`value="${escaped(`${HEADLINE}, edited`)}"`));
    assert.deepEqual(await stored(ctx, ref.id), before, 'nothing was saved');

    const typed = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, intent, { [field]: ' Banksy ' }));
    assert.equal(typed.statusCode, 303, typed.body);
    assert.equal(typed.headers.location, `/newsroom/articles/${ref.id}?done=quote-added#suggested-quotes`);
    const saved = await stored(ctx, ref.id);
    assert.deepEqual(saved.pullQuotes, [{ text: GRAFFITI, speaker: 'Banksy' }]);
    assert.match(saved.bodyMarkdown, /An unsaved last paragraph\.$/);
  });

  test('a speaker typed beside one quote is kept when the form is refused for another reason', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const ref = await anArticleWithQuotes(ctx);
    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;
    const intent = quoteButtons(page).get(GRAFFITI)!;
    const field = fieldOf(intent);

    const refused = await post(
      ctx,
      editor,
      `/newsroom/articles/${ref.id}`,
      editorFields(page, intent, { headline: '', [field]: 'Banksy' }),
    );
    assert.equal(refused.statusCode, 422);
    assert.ok(refused.body.includes(`<input id="${field}" name="${field}" type="text" value="Banksy"`));
    assert.match(refused.body, /<a href="#headline">Headline: /);
    assert.deepEqual((await stored(ctx, ref.id)).pullQuotes, []);
  });

  test('a tampered button is refused with its code, and nothing is stored', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor: Browser = await signedIn(ctx, 'editor');
    const ref = await anArticleWithQuotes(ctx);
    const before = await stored(ctx, ref.id);
    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;

    for (const intent of [
      'add-quote:speaker=Someone',
      `add-quote:${new URLSearchParams({ text: GRAFFITI, field: 'headline' })}`,
      `add-quote:${new URLSearchParams({ text: GRAFFITI, field: 'suggestedSpeaker-99' })}`,
      `add-quote:${new URLSearchParams({ text: 'x'.repeat(2001), speaker: 'Someone' })}`,
      `add-quote:${new URLSearchParams({ text: PUTIN, speaker: ' ' })}`,
    ]) {
      const res = await post(ctx, editor, `/newsroom/articles/${ref.id}`, editorFields(page, intent));
      assert.equal(res.statusCode, 422, intent);
      assert.match(res.body, /That suggestion could not be read/);
      assert.match(res.body, /An unsaved last paragraph\./, 'what was typed is kept');
    }
    const json = await ctx.app.inject({
      method: 'POST',
      url: `/newsroom/articles/${ref.id}`,
      headers: { ...formHeaders, cookie: editor.cookie, accept: 'application/json' },
      payload: new URLSearchParams({ ...editorFields(page, 'add-quote:text='), _csrf: editor.csrf }).toString(),
    });
    assert.equal(json.statusCode, 422);
    assert.equal(json.json().error.code, 'SUGGESTION_UNREADABLE');
    assert.deepEqual(await stored(ctx, ref.id), before, 'nothing was saved');
  });

  test('the service decides who may add one: a contributor cannot add a quote to someone else’s article', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const writer = await signedIn(ctx, 'contributor');
    const ref = await anArticleWithQuotes(ctx);
    const page = (await get(ctx, editor, `/newsroom/articles/${ref.id}`)).body;

    const refused = await post(ctx, writer, `/newsroom/articles/${ref.id}`, editorFields(page, quoteButtons(page).get(PUTIN)!));
    assert.equal(refused.statusCode, 403);
    assert.deepEqual((await stored(ctx, ref.id)).pullQuotes, []);
  });
});
