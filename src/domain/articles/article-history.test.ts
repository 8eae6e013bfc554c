import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import type { Role, StaffActor } from '../access/index.js';
import { FACTORY, aStaffMember, anArticle } from '../../../test/factories.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

forEachDatabase('revisions, corrections and deleting drafts', (database) => {
  const ctx = useServices(database);
  const staffMember = (role: Role): Promise<StaffActor> => aStaffMember(ctx, role);
  const articles = () => ctx.services.articles;

  test('a draft being written keeps no revisions; from review on, every save does', async () => {
    const writer = await staffMember('contributor');
    const editor = await staffMember('editor');
    const ref = await articles().createArticle(writer, {
      section: 'Navy',
      headline: 'Minehunter crew rescue yachtsman',
      standfirst: 'Off the Cornish coast.',
      bodyMarkdown: 'The crew spotted the yacht at dawn.',
      topics: ['Royal Navy'],
    });
    let edit = await articles().getForEdit(ref.id);
    await articles().updateArticle(writer, ref.id, { ...edit, bodyMarkdown: 'The crew spotted the yacht at first light.' });
    assert.deepEqual(await articles().listRevisions(writer, ref.id), [], 'autosaves of a draft are not revisions');

    await articles().submitForReview(writer, ref.id);
    edit = await articles().getForEdit(ref.id);
    await articles().updateArticle(editor, ref.id, {
      ...edit,
      headline: 'Minehunter crew rescue lone yachtsman',
      bodyMarkdown: 'The crew of HMS Example spotted the yacht at first light.',
      topics: ['Royal Navy', 'Cornwall'],
    });
    await articles().publishArticle(editor, ref.id);
    const list = await articles().listRevisions(editor, ref.id);
    assert.deepEqual(
      list.map((r) => [r.version, r.note, r.by]),
      [
        [3, 'Saved', editor.name],
        [2, 'Submitted for review', writer.name],
      ],
      'publishing without a change adds no second copy of version 3',
    );
    assert.equal(list[0]!.headline, 'Minehunter crew rescue lone yachtsman');

    const { fields } = await articles().compareRevisions(editor, ref.id, 3, 2);
    const byField = Object.fromEntries(fields.map((f) => [f.field, f]));
    assert.equal(byField.standfirst!.changed, false);
    assert.deepEqual(
      byField.headline!.parts.filter((p) => p.change !== 'same').map((p) => [p.change, p.text.trim()]),
      [['added', 'lone']],
    );
    assert.ok(byField.body!.parts.some((p) => p.change === 'added' && /HMS Example/.test(p.text)));
    assert.ok(byField.topics!.parts.some((p) => p.change === 'added' && /Cornwall/.test(p.text)));

    // Another contributor may not read someone else's history.
    const other = await staffMember('contributor');
    await assert.rejects(articles().listRevisions(other, ref.id), code('FORBIDDEN'));
    await assert.rejects(articles().compareRevisions(editor, ref.id, 2, 9), code('REVISION_NOT_FOUND'));
  });

  test('restoring a revision saves its text as a new version, and is itself a revision', async () => {
    const editor = await staffMember('editor');
    const ref = await anArticle(ctx, { headline: 'Chinook fleet grounded for checks', bodyMarkdown: 'Original text.' });
    const v1 = await articles().getForEdit(ref.id);
    await articles().updateArticle(editor, ref.id, { ...v1, bodyMarkdown: 'A mistaken rewrite.' });
    await assert.rejects(articles().restoreRevision(editor, ref.id, 1, 1), code('VERSION_CONFLICT'), 'based on an old version');
    const restored = await articles().restoreRevision(editor, ref.id, 1, 2);
    assert.equal(restored.version, 3);
    assert.equal((await articles().getForEdit(ref.id)).bodyMarkdown, 'Original text.');
    assert.deepEqual(
      (await articles().listRevisions(editor, ref.id)).map((r) => [r.version, r.note]),
      [
        [3, 'Restored version 1'],
        [2, 'Saved'],
        [1, 'Published'],
      ],
    );
  });

  test('corrections and updates: editors only, published articles only, listed newest first', async () => {
    const editor = await staffMember('editor');
    const contributor = await staffMember('contributor');
    const ref = await anArticle(ctx, { headline: 'Reservist numbers rise for third year' });
    const seen: string[] = [];
    const stop = ctx.services.events.on((e) => void seen.push(`${e.type}:${'articleId' in e ? e.articleId : ''}`));
    try {
      await articles().addNote(editor, ref.id, { kind: 'correction', body: 'An earlier version gave the wrong year.' });
    } finally {
      stop();
    }
    assert.deepEqual(seen, [`article.updated:${ref.id}`], 'the cached page is purged');
    await articles().addNote(editor, ref.id, { kind: 'update', body: 'Figures for Scotland were added.' });
    await assert.rejects(articles().addNote(contributor, ref.id, { kind: 'correction', body: 'x' }), code('FORBIDDEN'));
    await assert.rejects(articles().addNote(editor, ref.id, { kind: 'correction', body: '  ' }), code('VALIDATION_FAILED'));
    await assert.rejects(articles().addNote(editor, ref.id, { kind: 'retraction' as never, body: 'x' }), code('VALIDATION_FAILED'));
    const draft = await anArticle(ctx, { status: 'draft' });
    await assert.rejects(articles().addNote(editor, draft.id, { kind: 'correction', body: 'Too early' }), code('NOT_PUBLISHED'));

    const corrections = await articles().listCorrections({ page: 1, perPage: 10 });
    assert.equal(corrections.items[0]?.body, 'An earlier version gave the wrong year.');
    assert.equal(corrections.items[0]?.path, ref.path);
    assert.ok(!corrections.items.some((c) => /Scotland/.test(c.body)), 'an update is not a correction');
    const log = await ctx.services.audit.list(FACTORY, { subjectType: 'article', subjectId: ref.id });
    assert.deepEqual(
      log.entries.slice(0, 2).map((e) => e.action),
      ['article.update_noted', 'article.corrected'],
    );
  });

  test('deleting: editors delete drafts never published; a published article is withdrawn instead', async () => {
    const editor = await staffMember('editor');
    const writer = await staffMember('contributor');
    const draft = await articles().createArticle(writer, { section: 'RAF', headline: 'Spiked story', standfirst: '', bodyMarkdown: 'x' });
    await assert.rejects(articles().deleteDraft(writer, draft.id), code('FORBIDDEN'));
    await articles().deleteDraft(editor, draft.id);
    await assert.rejects(articles().getForEdit(draft.id), code('ARTICLE_NOT_FOUND'));
    const live = await anArticle(ctx);
    await assert.rejects(articles().deleteDraft(editor, live.id), code('NOT_A_DRAFT'));
    await articles().unpublishArticle(editor, live.id);
    await assert.rejects(articles().deleteDraft(editor, live.id), code('NOT_A_DRAFT'), 'once published, never deleted');
  });
});
