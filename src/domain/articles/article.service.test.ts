import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import type { Role } from '../access/index.js';
import { FACTORY, aStaffMember, anArticle, aSection, eventsOf } from '../../../test/factories.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

forEachDatabase('article service', (database) => {
  const ctx = useServices(database);

  test('an article and everything it names are written together, and read back as the input that made them', async () => {
    const section = await aSection(ctx, { name: 'Navy' });
    const ref = await anArticle(ctx, {
      section,
      headline: 'HMS Example returns to Portsmouth',
      standfirst: 'The destroyer was away for seven months.',
      bodyMarkdown: 'The ship docked on *Friday*.',
      kicker: 'Exclusive',
      series: 'Dockside Diary',
      authors: ['Tom Reeve', 'Ann Patel'],
      topics: ['Royal Navy', 'Portsmouth'],
      pullQuotes: [{ text: 'It is good to be home', speaker: 'Commander Lucy Barnes' }],
      teasers: ['Carrier strike group sails for the Gulf'],
    });
    assert.equal(ref.path, '/navy/hms-example-returns-to-portsmouth');
    assert.equal(ref.status, 'published');
    const edit = await ctx.services.articles.getForEdit(ref.id);
    assert.equal(edit.section, 'Navy');
    assert.equal(edit.kicker, 'Exclusive');
    assert.equal(edit.series, 'Dockside Diary');
    assert.deepEqual(edit.authors, ['Tom Reeve', 'Ann Patel']);
    assert.deepEqual(edit.topics, ['Royal Navy', 'Portsmouth']);
    assert.deepEqual(edit.pullQuotes, [{ text: 'It is good to be home', speaker: 'Commander Lucy Barnes' }]);
    assert.deepEqual(edit.teasers, ['Carrier strike group sails for the Gulf']);
    assert.equal(edit.bodyMarkdown, 'The ship docked on *Friday*.');
  });

  test('a kicker that repeats the section name is not kept as a label of its own', async () => {
    const ref = await anArticle(ctx, { section: 'RAF', kicker: 'raf' });
    assert.equal((await ctx.services.articles.getForEdit(ref.id)).kicker, null);
  });

  test('a create that fails half-way writes nothing: no article, no new section or topic', async () => {
    await anArticle(ctx, { importKey: 'page:same-fingerprint' });
    const sections = (await ctx.services.taxonomy.listSections()).length;
    // The section and topic are created first; the article row then finds its import key taken.
    await assert.rejects(
      anArticle(ctx, { section: 'Desk Of A Failed Save', topics: ['Topic Of A Failed Save'], importKey: 'page:same-fingerprint' }),
      (e) => isAppError(e) && e.code === 'ALREADY_IMPORTED' && e.status === 409,
    );
    assert.equal((await ctx.services.taxonomy.listSections()).length, sections);
    await assert.rejects(ctx.services.taxonomy.getSectionBySlug('desk-of-a-failed-save'), (e) => isAppError(e, 'NotFound'));
    await assert.rejects(ctx.services.taxonomy.getTopicBySlug('topic-of-a-failed-save'), (e) => isAppError(e, 'NotFound'));
  });

  test('a draft’s saves raise only article.saved (nothing public changed); publishing raises article.published, keeping the first publication time', async () => {
    const draft = await anArticle(ctx, { status: 'draft' });
    const edit = await ctx.services.articles.getForEdit(draft.id);
    assert.deepEqual(
      await eventsOf(ctx, () => ctx.services.articles.updateArticle(FACTORY, draft.id, { ...edit, headline: 'Retitled draft' })),
      [{ type: 'article.saved', articleId: draft.id }],
    );
    assert.deepEqual(await eventsOf(ctx, () => ctx.services.articles.publishArticle(FACTORY, draft.id)), [
      { type: 'article.published', articleId: draft.id },
    ]);
    const firstPublished = (await ctx.services.articles.getForEdit(draft.id)).publishedAt;
    await ctx.services.articles.unpublishArticle(FACTORY, draft.id);
    await ctx.services.articles.publishArticle(FACTORY, draft.id);
    assert.equal((await ctx.services.articles.getForEdit(draft.id)).publishedAt, firstPublished);
    await assert.rejects(
      ctx.services.articles.publishArticle(FACTORY, draft.id),
      (e) => isAppError(e) && e.code === 'ALREADY_PUBLISHED' && e.status === 409,
    );
  });

  test('only a published article can be withdrawn', async () => {
    const draft = await anArticle(ctx, { status: 'draft' });
    await assert.rejects(ctx.services.articles.unpublishArticle(FACTORY, draft.id), (e) => isAppError(e) && e.code === 'NOT_PUBLISHED');
    const live = await anArticle(ctx);
    assert.deepEqual(await eventsOf(ctx, () => ctx.services.articles.unpublishArticle(FACTORY, live.id)), [
      { type: 'article.unpublished', articleId: live.id },
    ]);
    assert.equal((await ctx.services.articleReader.findBySlug(live.slug)).status, 'unpublished');
  });

  test('a new slug leaves a redirect from every old address, with no chains', async () => {
    const ref = await anArticle(ctx, { section: 'Army', headline: 'Tanks arrive in Estonia' });
    const second = await ctx.services.articles.changeSlug(FACTORY, ref.id, 'Challenger tanks arrive in Estonia');
    const third = await ctx.services.articles.changeSlug(FACTORY, ref.id, 'challenger-3-tanks-arrive');
    assert.equal(second.slug, 'challenger-tanks-arrive-in-estonia');
    assert.equal(await ctx.services.articleReader.findRedirect(ref.path), third.path, 'the first address skips the second');
    assert.equal(await ctx.services.articleReader.findRedirect(second.path), third.path);
    await ctx.services.articles.changeSlug(FACTORY, ref.id, ref.slug);
    assert.equal(await ctx.services.articleReader.findRedirect(ref.path), null, 'moving back drops the redirect that would loop');
  });

  test('a slug in use or without letters is refused', async () => {
    const a = await anArticle(ctx);
    const b = await anArticle(ctx);
    await assert.rejects(
      ctx.services.articles.changeSlug(FACTORY, b.id, a.slug),
      (e) => isAppError(e) && e.code === 'SLUG_TAKEN' && e.message.includes(a.slug),
    );
    await assert.rejects(ctx.services.articles.changeSlug(FACTORY, b.id, '!!!'), (e) => isAppError(e) && e.code === 'INVALID_SLUG');
    await assert.rejects(
      ctx.services.articles.changeSlug(FACTORY, 'no-such-id', 'anything'),
      (e) => isAppError(e) && e.code === 'ARTICLE_NOT_FOUND',
    );
  });

  test('roles are checked inside the service: contributors draft, editors publish and withdraw', async () => {
    const actors = {
      contributor: await aStaffMember(ctx, 'contributor'),
      editor: await aStaffMember(ctx, 'editor'),
      admin: await aStaffMember(ctx, 'admin'),
    };
    const staff = (role: Role) => actors[role];
    const input = {
      section: 'Army',
      headline: 'Cadets parade at Sandhurst',
      standfirst: 'A passing-out parade.',
      bodyMarkdown: 'The parade was held on Friday.',
    };
    const draft = await ctx.services.articles.createArticle(staff('contributor'), { ...input, status: 'draft' });
    await assert.rejects(
      ctx.services.articles.createArticle(staff('contributor'), { ...input, status: 'published' }),
      (e) => isAppError(e) && e.code === 'FORBIDDEN',
    );
    await assert.rejects(
      ctx.services.articles.publishArticle(staff('contributor'), draft.id),
      (e) => isAppError(e) && e.code === 'FORBIDDEN',
    );
    await assert.rejects(
      ctx.services.articles.changeSlug(await aStaffMember(ctx, 'contributor'), draft.id, 'elsewhere'),
      (e) => isAppError(e) && e.code === 'FORBIDDEN',
      "another contributor's draft",
    );
    assert.equal(
      (await ctx.services.articles.changeSlug(staff('contributor'), draft.id, 'cadets-parade')).slug,
      'cadets-parade',
      'their own draft',
    );
    const live = await ctx.services.articles.publishArticle(staff('editor'), draft.id);
    assert.equal(live.status, 'published');
    await assert.rejects(
      ctx.services.articles.unpublishArticle(staff('contributor'), draft.id),
      (e) => isAppError(e) && e.code === 'FORBIDDEN',
    );
    await ctx.services.articles.unpublishArticle(staff('admin'), draft.id);
    const log = await ctx.services.audit.list(FACTORY, { subjectType: 'article', subjectId: draft.id });
    assert.deepEqual(
      log.entries.map((e) => [e.action, e.actor]),
      [
        ['article.unpublished', `${actors.admin.name} <${actors.admin.email}>`],
        ['article.published', `${actors.editor.name} <${actors.editor.email}>`],
        ['article.slug_changed', `${actors.contributor.name} <${actors.contributor.email}>`],
        ['article.created', `${actors.contributor.name} <${actors.contributor.email}>`],
      ],
    );
  });

  test('a contributor edits their own drafts only; nobody overwrites a newer version', async () => {
    const mine = await aStaffMember(ctx, 'contributor');
    const theirs = await aStaffMember(ctx, 'contributor');
    const editor = await aStaffMember(ctx, 'editor');
    const ref = await ctx.services.articles.createArticle(mine, {
      section: 'Navy',
      headline: 'Frigate refit runs late',
      standfirst: 'The yard blames parts.',
      bodyMarkdown: 'First draft.',
    });
    assert.equal(ref.version, 1);
    const draft = await ctx.services.articles.getForEdit(ref.id);
    assert.equal(draft.baseVersion, 1);
    await assert.rejects(
      ctx.services.articles.updateArticle(theirs, ref.id, { ...draft, bodyMarkdown: 'Not yours.' }),
      (e) => isAppError(e) && e.code === 'FORBIDDEN',
    );
    const saved = await ctx.services.articles.updateArticle(mine, ref.id, { ...draft, bodyMarkdown: 'Second draft.' });
    assert.equal(saved.version, 2);

    // Two tabs opened at version 2: the first save wins, the second is refused and changes nothing.
    const tab = await ctx.services.articles.getForEdit(ref.id);
    await ctx.services.articles.updateArticle(editor, ref.id, { ...tab, bodyMarkdown: "The editor's text." });
    await assert.rejects(
      ctx.services.articles.updateArticle(mine, ref.id, { ...tab, bodyMarkdown: "The contributor's text." }),
      (e) => isAppError(e) && e.code === 'VERSION_CONFLICT' && e.status === 409 && /Your text is kept/.test(e.message),
    );
    assert.equal((await ctx.services.articles.getForEdit(ref.id)).bodyMarkdown, "The editor's text.");

    await ctx.services.articles.publishArticle(editor, ref.id);
    const live = await ctx.services.articles.getForEdit(ref.id);
    await assert.rejects(
      ctx.services.articles.updateArticle(mine, ref.id, { ...live, bodyMarkdown: 'After publication.' }),
      (e) => isAppError(e) && e.code === 'FORBIDDEN',
      'once published, only editors edit it',
    );
  });

  test('two saves based on the same version at the same moment: exactly one lands', async () => {
    const ref = await anArticle(ctx);
    const base = await ctx.services.articles.getForEdit(ref.id);
    const results = await Promise.allSettled(
      ['First', 'Second'].map((who) => ctx.services.articles.updateArticle(FACTORY, ref.id, { ...base, bodyMarkdown: `${who} wins.` })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(isAppError(refused.reason) && refused.reason.code === 'VERSION_CONFLICT');
    const after = await ctx.services.articles.getForEdit(ref.id);
    assert.equal(after.baseVersion, base.baseVersion! + 1);
  });

  test('review: the writer submits or takes back their draft, an editor sends it back with a note or publishes it', async () => {
    const writer = await aStaffMember(ctx, 'contributor');
    const other = await aStaffMember(ctx, 'contributor');
    const editor = await aStaffMember(ctx, 'editor');
    const ref = await ctx.services.articles.createArticle(writer, {
      section: 'RAF',
      headline: 'Typhoons scramble twice in a week',
      standfirst: 'QRA busy.',
      bodyMarkdown: 'Draft.',
    });
    const stage = async () =>
      await ctx.handle.db
        .selectFrom('articles')
        .select(['stage', 'review_note'])
        .where('article_id', '=', ref.id)
        .executeTakeFirstOrThrow();
    const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

    await assert.rejects(ctx.services.articles.submitForReview(other, ref.id), code('FORBIDDEN'), "not someone else's draft");
    await ctx.services.articles.submitForReview(writer, ref.id);
    assert.deepEqual(await stage(), { stage: 'in_review', review_note: null });
    await assert.rejects(ctx.services.articles.submitForReview(writer, ref.id), code('NOT_A_DRAFT_BEING_WRITTEN'));
    const edit = await ctx.services.articles.getForEdit(ref.id);
    await assert.rejects(
      ctx.services.articles.updateArticle(writer, ref.id, { ...edit, bodyMarkdown: 'Sneaky.' }),
      code('FORBIDDEN'),
      'in review, it is the editors’',
    );

    await ctx.services.articles.withdrawSubmission(writer, ref.id);
    assert.equal((await stage()).stage, 'writing');
    await ctx.services.articles.submitForReview(writer, ref.id);

    await assert.rejects(ctx.services.articles.sendBack(writer, ref.id, 'Looks fine to me'), code('FORBIDDEN'));
    await assert.rejects(ctx.services.articles.sendBack(editor, ref.id, '   '), code('VALIDATION_FAILED'));
    await ctx.services.articles.sendBack(editor, ref.id, 'Say which squadron.');
    assert.deepEqual(await stage(), { stage: 'writing', review_note: 'Say which squadron.' });
    await assert.rejects(ctx.services.articles.sendBack(editor, ref.id, 'Again'), code('NOT_IN_REVIEW'));

    await ctx.services.articles.submitForReview(writer, ref.id);
    const live = await ctx.services.articles.publishArticle(editor, ref.id);
    assert.equal(live.status, 'published');
    assert.equal((await stage()).stage, 'writing', 'a published article is out of the review queue');
    const log = await ctx.services.audit.list(FACTORY, { subjectType: 'article', subjectId: ref.id });
    assert.deepEqual(
      log.entries.map((e) => e.action),
      [
        'article.published',
        'article.submitted',
        'article.sent_back',
        'article.submitted',
        'article.submission_withdrawn',
        'article.submitted',
        'article.created',
      ],
    );
  });
});
