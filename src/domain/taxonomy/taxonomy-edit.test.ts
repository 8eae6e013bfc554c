import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../../kernel/errors.js';
import { FACTORY, anArticle, anAuthor, aSection, aSeries, aTopic } from '../../../test/factories.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;

forEachDatabase('editing sections, topics, series and authors', (database) => {
  const ctx = useServices(database);
  const redirect = (path: string) => ctx.services.articleReader.findRedirect(path);

  test('a section renamed and moved keeps a redirect from its old address', async () => {
    const section = await aSection(ctx, { name: 'Reserves' });
    const edited = await ctx.services.taxonomy.updateSection(FACTORY, section.id, {
      name: 'Reserve Forces',
      slug: 'reserve-forces',
      description: 'The part-time army, navy and air force.',
      position: 7,
    });
    assert.equal(edited.slug, 'reserve-forces');
    assert.equal(await redirect('/reserves'), '/reserve-forces');
    const again = await ctx.services.taxonomy.getSectionForEdit(FACTORY, section.id);
    assert.deepEqual([again.description, again.position], ['The part-time army, navy and air force.', 7]);
    await assert.rejects(
      ctx.services.taxonomy.updateSection(FACTORY, section.id, { name: 'Reserve Forces', slug: 'topics', description: '', position: 7 }),
      code('INVALID_SLUG'),
    );
    const other = await aSection(ctx, { name: 'Veterans' });
    await assert.rejects(
      ctx.services.taxonomy.updateSection(FACTORY, other.id, { name: 'reserve  forces', slug: 'veterans', description: '', position: 1 }),
      code('NAME_TAKEN'),
    );
    await assert.rejects(
      ctx.services.taxonomy.updateSection(FACTORY, other.id, { name: 'Veterans', slug: 'reserve-forces', description: '', position: 1 }),
      code('SLUG_TAKEN'),
    );
  });

  test('a topic’s kind, description and aliases are edited; an alias another topic answers to is refused', async () => {
    const topic = await aTopic(ctx, { name: 'Ministry of Defence' });
    const other = await aTopic(ctx, { name: 'NATO' });
    const edited = await ctx.services.taxonomy.updateTopic(FACTORY, topic.id, {
      name: 'Ministry of Defence',
      slug: topic.slug,
      kind: 'organisation',
      description: 'The UK government department.',
      aliases: ['MOD', 'MoD '],
    });
    assert.equal(edited.kind, 'organisation');
    assert.deepEqual((await ctx.services.taxonomy.getTopicForEdit(FACTORY, topic.id)).aliases, ['MOD']);
    // An article tagged "MoD" now lands on the topic.
    const tagged = await anArticle(ctx, { topics: ['mod'] });
    assert.deepEqual((await ctx.services.articles.getForEdit(tagged.id)).topics, ['Ministry of Defence']);
    await assert.rejects(
      ctx.services.taxonomy.updateTopic(FACTORY, other.id, {
        name: 'NATO',
        slug: other.slug,
        kind: 'organisation',
        description: '',
        aliases: ['MOD'],
      }),
      (e) => isAppError(e) && e.code === 'NAME_TAKEN' && /merge the two topics/.test(e.message),
    );
    await assert.rejects(
      ctx.services.taxonomy.updateTopic(FACTORY, other.id, { name: 'NATO', slug: other.slug, kind: 'alien' as never, description: '' }),
      code('VALIDATION_FAILED'),
    );
  });

  test('a topic is marked distinctive; an edit that leaves the flag out keeps it; suggestions list every alias', async () => {
    const topic = await aTopic(ctx, { name: 'Volodymyr Zelensky', kind: 'person', aliases: ['Zelensky', 'President Zelensky'] });
    assert.equal(topic.distinctive, false, 'topics start as not distinctive');
    const edit = {
      name: topic.name,
      slug: topic.slug,
      kind: 'person' as const,
      description: '',
      aliases: ['Zelensky', 'President Zelensky'],
    };
    assert.equal((await ctx.services.taxonomy.updateTopic(FACTORY, topic.id, { ...edit, distinctive: true })).distinctive, true);
    assert.equal((await ctx.services.taxonomy.getTopicForEdit(FACTORY, topic.id)).distinctive, true);
    await ctx.services.taxonomy.updateTopic(FACTORY, topic.id, { ...edit, description: 'President of Ukraine.' });
    assert.equal((await ctx.services.taxonomy.getTopic(topic.id)).distinctive, true, 'left out, the flag stays');
    await ctx.services.taxonomy.updateTopic(FACTORY, topic.id, { ...edit, distinctive: false });
    assert.equal((await ctx.services.taxonomy.getTopic(topic.id)).distinctive, false);
    const listed = (await ctx.services.taxonomy.listTopicsWithAliases()).find((t) => t.id === topic.id)!;
    assert.deepEqual(listed.aliases, ['President Zelensky', 'Zelensky'], 'its own name is not an alias');
    await assert.rejects(
      ctx.services.taxonomy.updateTopic(FACTORY, topic.id, { ...edit, distinctive: 'yes' as never }),
      code('VALIDATION_FAILED'),
    );
  });

  test('merging two topics moves their articles once, keeps the names as aliases, and redirects the old page', async () => {
    const keep = await aTopic(ctx, { name: 'Royal Air Force' });
    const fold = await aTopic(ctx, { name: 'The RAF' });
    const both = await anArticle(ctx, { topics: [fold, keep] });
    const onlyOld = await anArticle(ctx, { topics: [fold] });
    const events: string[] = [];
    const stop = ctx.services.events.on((e) => void events.push(e.type));
    const { moved } = await ctx.services.taxonomy.mergeTopics(FACTORY, fold.id, keep.id);
    stop();
    assert.equal(moved, 2);
    assert.deepEqual(events, ['topic.merged']);
    assert.deepEqual((await ctx.services.articles.getForEdit(both.id)).topics, ['Royal Air Force'], 'tagged once');
    assert.deepEqual((await ctx.services.articles.getForEdit(onlyOld.id)).topics, ['Royal Air Force']);
    assert.equal(await redirect(`/topics/${fold.slug}`), `/topics/${keep.slug}`);
    await assert.rejects(ctx.services.taxonomy.getTopicForEdit(FACTORY, fold.id), code('TOPIC_NOT_FOUND'));
    assert.deepEqual((await ctx.services.taxonomy.getTopicForEdit(FACTORY, keep.id)).aliases, ['The RAF']);
    const later = await anArticle(ctx, { topics: ['the raf'] });
    assert.deepEqual((await ctx.services.articles.getForEdit(later.id)).topics, ['Royal Air Force'], 'the old name finds the survivor');
    await assert.rejects(ctx.services.taxonomy.mergeTopics(FACTORY, keep.id, keep.id), code('VALIDATION_FAILED'));
  });

  test('a series lists where it is watched; an author gets a role, bio, photo and a new address', async () => {
    const series = await aSeries(ctx, { name: 'Battlefield Brief' });
    const edited = await ctx.services.taxonomy.updateSeries(FACTORY, series.id, {
      name: 'Battlefield Brief',
      slug: 'battlefield-brief',
      description: 'Our weekly look at the front lines.',
      channels: [{ name: 'YouTube', url: 'https://www.youtube.com/@example' }],
    });
    assert.deepEqual(edited.channels, [{ name: 'YouTube', url: 'https://www.youtube.com/@example' }]);
    await assert.rejects(
      ctx.services.taxonomy.updateSeries(FACTORY, series.id, {
        name: 'BB',
        slug: 'bb',
        description: '',
        channels: [{ name: 'Bad', url: 'javascript:alert(1)' }],
      }),
      code('VALIDATION_FAILED'),
    );

    const author = await anAuthor(ctx, { name: 'Tom Reeve' });
    const updated = await ctx.services.authors.updateAuthor(FACTORY, author.id, {
      name: 'Tom Reeve',
      slug: 'tom-reeve-defence',
      role: 'Defence Correspondent',
      bio: 'Tom has reported on the armed forces since 2009.',
      photoUrl: '/media/tom.jpg',
    });
    assert.deepEqual([updated.role, updated.photoUrl], ['Defence Correspondent', '/media/tom.jpg']);
    assert.equal(await redirect(`/authors/${author.slug}`), '/authors/tom-reeve-defence');
  });

  test('contributors may not edit any of these', async () => {
    await ctx.services.staff.createUser(FACTORY, { email: 'tax.contrib@garrison.example', name: 'C', role: 'contributor' });
    const contributor = await ctx.services.staff.actAs('tax.contrib@garrison.example');
    const section = await aSection(ctx);
    const topic = await aTopic(ctx);
    const author = await anAuthor(ctx);
    await assert.rejects(
      ctx.services.taxonomy.updateSection(contributor, section.id, { name: 'X', slug: 'x', description: '', position: 0 }),
      code('FORBIDDEN'),
    );
    await assert.rejects(ctx.services.taxonomy.mergeTopics(contributor, topic.id, topic.id), code('FORBIDDEN'));
    await assert.rejects(ctx.services.authors.updateAuthor(contributor, author.id, { name: 'X', slug: 'x' }), code('FORBIDDEN'));
  });
});
