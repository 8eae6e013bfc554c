import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import { FACTORY, aSection, aTopic } from '../../../test/factories.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

forEachDatabase('taxonomy service', (database) => {
  const ctx = useServices(database);

  test('a section is found by its name whatever the case and spacing, and created once', async () => {
    const first = await ctx.services.taxonomy.ensureSection(FACTORY, 'Joint  Forces Command');
    const again = await ctx.services.taxonomy.ensureSection(FACTORY, '  joint forces COMMAND ');
    assert.equal(again.id, first.id);
    assert.equal(first.name, 'Joint Forces Command');
    assert.equal(first.slug, 'joint-forces-command');
  });

  test('a new section joins the navigation at once, at the end', async () => {
    const before = await ctx.services.taxonomy.listSections();
    const added = await aSection(ctx);
    const after = await ctx.services.taxonomy.listSections();
    assert.equal(after.length, before.length + 1);
    assert.equal(after.at(-1)!.id, added.id);
  });

  test('a section never takes a reader-site path, and two names with one slug get two slugs', async () => {
    const topics = await ctx.services.taxonomy.ensureSection(FACTORY, 'Topics');
    assert.equal(topics.slug, 'topics-desk');
    const and = await ctx.services.taxonomy.ensureSection(FACTORY, 'Forces & Families');
    const spelt = await ctx.services.taxonomy.ensureSection(FACTORY, 'Forces and Families');
    assert.notEqual(and.id, spelt.id);
    assert.deepEqual([and.slug, spelt.slug], ['forces-and-families', 'forces-and-families-2']);
  });

  test('an alias points at its topic; a new name makes a subject topic', async () => {
    const un = await aTopic(ctx, { name: 'United Nations Organisation', kind: 'organisation', aliases: ['UNO'] });
    assert.equal((await ctx.services.taxonomy.ensureTopic(FACTORY, 'uno')).id, un.id);
    assert.equal((await ctx.services.taxonomy.getTopicBySlug(un.slug)).kind, 'organisation');
    const fresh = await ctx.services.taxonomy.ensureTopic(FACTORY, 'Defence procurement reform');
    assert.equal(fresh.kind, 'subject');
  });

  test('names must be there and not too long', async () => {
    await assert.rejects(
      ctx.services.taxonomy.ensureSection(FACTORY, '   '),
      (e) => isAppError(e) && e.code === 'NAME_REQUIRED' && e.status === 422,
    );
    await assert.rejects(
      ctx.services.taxonomy.ensureTopic(FACTORY, 'x'.repeat(201)),
      (e) => isAppError(e) && e.code === 'NAME_TOO_LONG' && /at most 200/.test(e.message),
    );
  });

  test('a find-or-create inside a write that fails leaves nothing behind', async () => {
    await assert.rejects(
      ctx.services.outbox.transaction(async (tx) => {
        await ctx.services.taxonomy.findOrCreateSection(tx, 'Desk That Never Was');
        await ctx.services.taxonomy.findOrCreateTopic(tx, 'Topic That Never Was');
        throw new Error('the article failed to save');
      }),
      /failed to save/,
    );
    await assert.rejects(ctx.services.taxonomy.getSectionBySlug('desk-that-never-was'), (e) => isAppError(e, 'NotFound'));
    await assert.rejects(ctx.services.taxonomy.getTopicBySlug('topic-that-never-was'), (e) => isAppError(e, 'NotFound'));
  });

  test('unknown slugs are reported with their own codes', async () => {
    await assert.rejects(ctx.services.taxonomy.getSectionBySlug('no-such'), (e) => isAppError(e) && e.code === 'SECTION_NOT_FOUND');
    await assert.rejects(ctx.services.taxonomy.getTopicBySlug('no-such'), (e) => isAppError(e) && e.code === 'TOPIC_NOT_FOUND');
    await assert.rejects(ctx.services.taxonomy.getSeriesBySlug('no-such'), (e) => isAppError(e) && e.code === 'SERIES_NOT_FOUND');
  });
});
