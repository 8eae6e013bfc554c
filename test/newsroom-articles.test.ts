import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anArticle, FACTORY } from './factories.js';
import { buildTestApp, formHeaders, TEST_NOW } from './helpers/app.js';
import { testClock } from './helpers/clock.js';
import { forEachDatabase } from './helpers/databases.js';
import { get, post, signedIn, type Browser } from './helpers/newsroom.js';

/** The fields of a new article's form, as a person fills it in. */
const draftFields = (headline: string): Record<string, string> => ({
  section: 'Army',
  headline,
  standfirst: 'Soldiers from 3 Rifles crossed the Brecon Beacons.',
  body: 'The march took **two days**.\r\n\r\nIt rained throughout.',
  authors: 'Tom Reeve\nAnn Patel',
  topics: 'British Army, Brecon Beacons',
  'quoteText-0': 'We were soaked to the skin',
  'quoteSpeaker-0': 'Private Sam Jones',
  intent: 'save',
});

const idFrom = (location: unknown) => /\/newsroom\/articles\/([^/?]+)/.exec(String(location))![1]!;

/** The editor's hidden version field. */
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

forEachDatabase('newsroom: articles', (database) => {
  test('a contributor writes a draft through the form, sees it listed, and submits it', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const writer = await signedIn(ctx, 'contributor');
    const form = await get(ctx, writer, '/newsroom/articles/new');
    assert.equal(form.statusCode, 200);
    for (const name of ['section', 'kicker', 'headline', 'standfirst', 'body', 'authors', 'topics', 'series', 'quoteText-0', 'embargo'])
      assert.match(form.body, new RegExp(`name="${name}"`), `the form has a ${name} field`);
    assert.match(String(form.headers['content-security-policy']), /script-src 'self'/);

    const created = await post(ctx, writer, '/newsroom/articles', draftFields('Rifles complete Brecon march'));
    assert.equal(created.statusCode, 303, created.body);
    const id = idFrom(created.headers.location);
    const edit = await ctx.services.articles.getForEdit(id);
    assert.equal(edit.status, 'draft');
    assert.equal(edit.bodyMarkdown, 'The march took **two days**.\n\nIt rained throughout.', 'CRLF from the form is stored as LF');
    assert.deepEqual(edit.authors, ['Tom Reeve', 'Ann Patel']);
    assert.deepEqual(edit.topics, ['British Army', 'Brecon Beacons']);
    assert.deepEqual(edit.pullQuotes, [{ text: 'We were soaked to the skin', speaker: 'Private Sam Jones' }]);

    // Topics are a repeated field, one input each, offering the topics that exist.
    const again = (await get(ctx, writer, `/newsroom/articles/${id}`)).body;
    assert.match(again, /<input id="topic-0" name="topics" type="text" value="British Army"/);
    assert.match(again, /<input id="topic-1" name="topics" type="text" value="Brecon Beacons"/);
    assert.match(again, /<datalist id="choices-topics">(<option value="[^"]+"><\/option>)*<option value="British Army"><\/option>/);
    const list = await get(ctx, writer, '/newsroom/articles');
    assert.match(list.body, /Rifles complete Brecon march/);
    assert.match(list.body, /nr-state-writing">Draft</);

    const submitted = await post(ctx, writer, `/newsroom/articles/${id}/submit`);
    assert.equal(submitted.statusCode, 303);
    const page = await get(ctx, writer, String(submitted.headers.location));
    assert.match(page.body, /Submitted for review/);
    assert.match(page.body, /nr-state-in_review">In review/);
    assert.doesNotMatch(page.body, /action="\/newsroom\/articles\/[^"]+\/publish"/, 'a contributor is offered no publish button');
    const refused = await post(ctx, writer, `/newsroom/articles/${id}/publish`);
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /Your role does not allow you to publish articles/);
  });

  test('bad input: 422 with every field kept and each error by its field; a bad embargo time too', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const writer = await signedIn(ctx, 'contributor');
    const fields = {
      ...draftFields(''),
      standfirst: 'Kept <as typed> & all',
      embargo: 'next Tuesday',
      'quoteText-0': 'Orphan quote',
      'quoteSpeaker-0': '',
    };
    const res = await post(ctx, writer, '/newsroom/articles', fields);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, /There is a problem/);
    assert.match(res.body, /href="#embargo">Embargo: Give the embargo as a date and time\./);
    assert.match(res.body, /Kept &lt;as typed> &amp; all/);
    assert.match(res.body, /The march took \*\*two days\*\*\./);
    assert.match(res.body, /value="Orphan quote"/);

    const noHeadline = await post(ctx, writer, '/newsroom/articles', { ...draftFields(''), 'quoteSpeaker-0': '' });
    assert.equal(noHeadline.statusCode, 422);
    assert.match(noHeadline.body, /href="#headline">Headline: is required/);
    assert.match(noHeadline.body, /href="#quoteSpeaker-0">quoteSpeaker-0: is required/);
    const actor = await ctx.services.staff.actAs(writer.email);
    assert.equal((await ctx.services.articleDesk.list(actor, {})).items.length, 0, 'nothing was written');
  });

  test('two editors, one article: the second save is refused and shows both texts; nothing is lost', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const ref = await anArticle(ctx, { headline: 'Carrier leaves Portsmouth', bodyMarkdown: 'The original text.' });
    const [first, second] = [await signedIn(ctx, 'editor'), await signedIn(ctx, 'editor')];
    const pageA = await get(ctx, first, `/newsroom/articles/${ref.id}`);
    const pageB = await get(ctx, second, `/newsroom/articles/${ref.id}`);
    assert.match(pageB.body, new RegExp(`Being edited by Test editor`), 'the second editor sees who has it open');
    const base = { ...draftFields('Carrier leaves Portsmouth'), section: ref.path.split('/')[1]!, version: versionOf(pageA.body) };
    assert.equal(versionOf(pageB.body), base.version);

    const saved = await post(ctx, first, `/newsroom/articles/${ref.id}`, { ...base, body: 'First editor’s text.' });
    assert.equal(saved.statusCode, 303, saved.body);
    const clash = await post(ctx, second, `/newsroom/articles/${ref.id}`, { ...base, body: 'Second editor’s text.' });
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /Someone saved this article after you opened it/);
    assert.match(clash.body, /data-side="theirs">First editor’s text\./);
    assert.match(clash.body, /data-side="mine">Second editor’s text\./);
    assert.match(clash.body, /<textarea[^>]*name="body"[^>]*>Second editor’s text\.<\/textarea>/, 'the refused text stays in the form');
    assert.equal((await ctx.services.articles.getForEdit(ref.id)).bodyMarkdown, 'First editor’s text.');

    // Saving again after seeing both is a deliberate choice, based on their version.
    const again = await post(ctx, second, `/newsroom/articles/${ref.id}`, {
      ...base,
      body: 'Second editor’s text.',
      version: versionOf(clash.body),
    });
    assert.equal(again.statusCode, 303);
    const revisions = await get(ctx, second, `/newsroom/articles/${ref.id}/revisions`);
    assert.match(revisions.body, /First editor’s text|Saved/);
  });

  test('autosave answers JSON with the new version, and 409 JSON on a clash', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const writer = await signedIn(ctx, 'contributor');
    const id = idFrom((await post(ctx, writer, '/newsroom/articles', draftFields('Gurkhas mark anniversary'))).headers.location);
    const autosave = (version: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/newsroom/articles/${id}`,
        headers: { ...formHeaders, cookie: writer.cookie, accept: 'application/json' },
        payload: new URLSearchParams({ ...draftFields('Gurkhas mark anniversary'), version, _csrf: writer.csrf }).toString(),
      });
    const ok = await autosave('1');
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { ok: true, version: 2 });
    const stale = await autosave('1');
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
  });

  test('the preview renders the body as the reader site does, raw HTML shown as text', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const writer = await signedIn(ctx, 'contributor');
    const fields = { ...draftFields('Preview test'), body: 'Hello *world* <script>alert(1)</script>', intent: 'preview' };
    const res = await post(ctx, writer, '/newsroom/articles', fields);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<div class="article-body"><p>Hello <em>world<\/em> &lt;script&gt;alert\(1\)&lt;\/script&gt;<\/p>/);
    assert.equal(
      (await ctx.services.articleDesk.list(await ctx.services.staff.actAs(writer.email), {})).items.length,
      0,
      'a preview saves nothing',
    );
    const live = await post(ctx, writer, '/newsroom/articles/preview', { body: 'A **bold** claim' });
    assert.equal(live.statusCode, 200);
    assert.match(live.body, /<p>A <strong>bold<\/strong> claim<\/p>/);
  });

  test('an editor schedules from the form (UK time), the job publishes on time; embargo refused at the form', async (t) => {
    const clock = testClock(TEST_NOW);
    const ctx = await buildTestApp(t, { database, clock });
    const editor = await signedIn(ctx, 'editor');
    const id = idFrom(
      (await post(ctx, editor, '/newsroom/articles', { ...draftFields('Paras jump into Estonia'), embargo: '2026-11-27T12:30' })).headers
        .location,
    );
    const early = await post(ctx, editor, `/newsroom/articles/${id}/publish`);
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /under embargo until 27 November 2026, 12:30 GMT/);
    const tooSoon = await post(ctx, editor, `/newsroom/articles/${id}/schedule`, { at: '2026-11-27T12:20' });
    assert.equal(tooSoon.statusCode, 409);

    assert.equal((await post(ctx, editor, `/newsroom/articles/${id}/schedule`, { at: '2026-11-27T12:30' })).statusCode, 303);
    const page = await get(ctx, editor, `/newsroom/articles/${id}`);
    assert.match(page.body, /Scheduled for 27 November 2026, 12:30 GMT/);
    const path = '/army/paras-jump-into-estonia';
    assert.equal((await ctx.app.inject(path)).statusCode, 404);
    clock.advance(31 * 60_000);
    await ctx.runner.runDue();
    assert.equal((await ctx.app.inject(path)).statusCode, 200);
    assert.match((await ctx.app.inject('/')).body, /Paras jump into Estonia/);
  });

  test('an editor corrects a published article; the revision diff shows an edit; a restore brings text back', async (t) => {
    const clock = testClock(TEST_NOW);
    const ctx = await buildTestApp(t, { database, clock });
    const editor = await signedIn(ctx, 'editor');
    const ref = await anArticle(ctx, { section: 'Navy', headline: 'Frigate sails for the Gulf', bodyMarkdown: 'She sailed on Monday.' });
    const page = await get(ctx, editor, `/newsroom/articles/${ref.id}`);
    const base = {
      ...draftFields('Frigate sails for the Gulf'),
      section: 'Navy',
      body: 'She sailed on Tuesday.',
      version: versionOf(page.body),
    };
    clock.advance(3600_000);
    assert.equal((await post(ctx, editor, `/newsroom/articles/${ref.id}`, base)).statusCode, 303);
    const noted = await post(ctx, editor, `/newsroom/articles/${ref.id}/notes`, {
      kind: 'correction',
      body: 'She sailed on Tuesday, not Monday.',
    });
    assert.equal(noted.statusCode, 303);
    const reader = await ctx.app.inject(ref.path);
    assert.match(reader.body, /Updated <time datetime="2026-11-27T13:00:00.000Z">/);
    assert.match(reader.body, /She sailed on Tuesday, not Monday\./);

    const diff = await get(ctx, editor, `/newsroom/articles/${ref.id}/revisions/compare?from=1&to=2`);
    assert.equal(diff.statusCode, 200);
    assert.match(diff.body, /<del>Monday<\/del><ins>Tuesday<\/ins>|<del>Monday\.<\/del><ins>Tuesday\.<\/ins>/);
    const restored = await post(ctx, editor, `/newsroom/articles/${ref.id}/revisions/1/restore`, { version: '2' });
    assert.equal(restored.statusCode, 303);
    assert.equal((await ctx.services.articles.getForEdit(ref.id)).bodyMarkdown, 'She sailed on Monday.');
  });

  test('the list filters by status, section and headline, and a contributor sees only their own', async (t) => {
    const ctx = await buildTestApp(t, { database });
    const editor = await signedIn(ctx, 'editor');
    const writer: Browser = await signedIn(ctx, 'contributor');
    await anArticle(ctx, { section: 'RAF', headline: 'Typhoons over the Baltic' });
    await anArticle(ctx, { section: 'Navy', headline: 'Submarine returns to Faslane', status: 'draft' });
    await post(ctx, writer, '/newsroom/articles', draftFields('Writer’s own draft'));
    const sections = await ctx.services.taxonomy.listSections();
    const raf = sections.find((s) => s.name === 'RAF')!;

    const drafts = (await get(ctx, editor, '/newsroom/articles?state=writing')).body;
    assert.match(drafts, /Submarine returns to Faslane/);
    assert.doesNotMatch(drafts, /Typhoons over the Baltic/);
    const bySection = (await get(ctx, editor, `/newsroom/articles?section=${raf.id}`)).body;
    assert.match(bySection, /Typhoons over the Baltic/);
    assert.doesNotMatch(bySection, /Faslane/);
    const search = (await get(ctx, editor, '/newsroom/articles?q=FASLANE')).body;
    assert.match(search, /Submarine returns to Faslane/);
    assert.doesNotMatch(search, /Typhoons/);
    assert.equal((await get(ctx, editor, '/newsroom/articles?state=nonsense')).statusCode, 422);

    const own = (await get(ctx, writer, '/newsroom/articles')).body;
    assert.match(own, /Writer’s own draft/);
    assert.doesNotMatch(own, /Faslane|Typhoons/);
    const other = await ctx.services.articles.createArticle(FACTORY, {
      section: 'RAF',
      headline: 'Not yours',
      standfirst: '',
      bodyMarkdown: 'x',
    });
    assert.equal((await get(ctx, writer, `/newsroom/articles/${other.id}`)).statusCode, 403);
  });

  test('a preview link shows the draft as its page will look: noindex, never cached, expiring, revocable', async (t) => {
    const clock = testClock(TEST_NOW);
    const ctx = await buildTestApp(t, { database, clock });
    const writer = await signedIn(ctx, 'contributor');
    const id = idFrom((await post(ctx, writer, '/newsroom/articles', draftFields('Secret exercise in the Highlands'))).headers.location);
    const made = await post(ctx, writer, `/newsroom/articles/${id}/preview-link`);
    assert.equal(made.statusCode, 200);
    const url = /value="(http:\/\/despatch\.test\/preview\/[A-Za-z0-9_-]{43})"/.exec(made.body)![1]!;
    const path = new URL(url).pathname;

    const page = await ctx.app.inject(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="headline">Secret exercise in the Highlands<\/h1>/);
    assert.match(page.body, /<meta name="robots" content="noindex"\/>/);
    assert.match(page.body, /Preview: this article is not published/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.match(String(page.headers['x-robots-tag']), /noindex/);
    // Edits show at once: nothing about a preview is cached.
    const edit = await ctx.services.articles.getForEdit(id);
    await ctx.services.articles.updateArticle(await ctx.services.staff.actAs(writer.email), id, {
      ...edit,
      headline: 'Exercise in the Highlands',
    });
    assert.match((await ctx.app.inject(path)).body, /<h1 class="headline">Exercise in the Highlands<\/h1>/);

    assert.equal((await ctx.app.inject('/preview/not-a-real-token')).statusCode, 410);
    const revoked = await post(ctx, writer, `/newsroom/articles/${id}/revoke-previews`);
    assert.match(revoked.body, /One preview link revoked/);
    assert.equal((await ctx.app.inject(path)).statusCode, 410);

    const second = /value="(http:\/\/despatch\.test\/preview\/[^"]+)"/.exec(
      (await post(ctx, writer, `/newsroom/articles/${id}/preview-link`)).body,
    )![1]!;
    clock.advance(24 * 3600_000 + 1000);
    const expired = await ctx.app.inject(new URL(second).pathname);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /expired or been revoked/);
    const log = await ctx.services.audit.list(FACTORY, { subjectType: 'article', subjectId: id });
    assert.ok(log.entries.some((e) => e.action === 'article.preview_link_created'));
    assert.ok(!JSON.stringify(log.entries).includes(new URL(url).pathname.split('/')[2]!), 'the secret is not in the audit log');
  });
});
