import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FACTORY, aTopic } from '../../../test/factories.js';
import { forEachDatabase } from '../../../test/helpers/databases.js';
import { useServices } from '../../../test/helpers/services.js';

/** The seed article page: a section line, the headline, the standfirst, the body, then the page's chrome. */
const SEED = readFileSync(new URL('../../../demo/seed/000_080c772065630276.txt', import.meta.url), 'utf8');

/** The seed page as the editor holds it: headline, standfirst and the body's paragraphs. */
function seedArticle() {
  const lines = SEED.split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const [, headline, standfirst, ...rest] = lines;
  const body = rest.slice(0, rest.indexOf('Related topics')).join('\n\n');
  return { headline: headline!, standfirst: standfirst!, body };
}

forEachDatabase('topic suggestions', (database) => {
  const ctx = useServices(database);

  test('the seed article names the outlet’s topics and proposes the missing people and places', async () => {
    await ctx.services.taxonomy.ensureTopic(FACTORY, 'Vladimir Putin', { kind: 'person', distinctive: true });
    await aTopic(ctx, { name: 'Russia', kind: 'place' });
    await aTopic(ctx, { name: 'Syria', kind: 'place' });
    await aTopic(ctx, { name: 'Islamic State', kind: 'organisation' });
    await aTopic(ctx, { name: 'United Nations', kind: 'organisation', aliases: ['UN'] });
    const { headline, standfirst, body } = seedArticle();

    const { existing, proposed } = await ctx.services.suggestions.suggestTopics(body, { headline, standfirst });
    assert.deepEqual(existing.map((s) => s.name).sort(), ['Islamic State', 'Russia', 'Syria', 'United Nations', 'Vladimir Putin']);
    const byName = Object.fromEntries(existing.map((s) => [s.name, s]));
    assert.equal(byName['Vladimir Putin']!.matched, 'Putin', 'distinctive: the headline’s bare surname counts');
    assert.ok(byName['Vladimir Putin']!.count >= 8, 'every “Mr Putin” is counted');
    assert.equal(byName['United Nations']!.slug, 'united-nations');
    assert.equal(byName['Syria']!.count, 1, '“Syrian” is not Syria');

    const proposal = (name: string) => proposed.find((p) => p.name === name);
    assert.deepEqual(proposal('Barack Obama'), { name: 'Barack Obama', kind: 'person', alias: 'Obama', count: 6 });
    assert.deepEqual(proposal('Bashar al-Assad'), { name: 'Bashar al-Assad', kind: 'person', alias: 'Assad', count: 2 });
    assert.equal(proposal('Ukraine')?.kind, 'place');
    assert.equal(proposal('Ukraine')?.count, 5, '“Ukraine’s east” and “eastern Ukraine” count; “Ukrainians” does not');
    assert.equal(proposal('Crimea')?.kind, 'place');
    const names = proposed.map((p) => p.name);
    for (const taken of [
      'Putin',
      'Vladimir Putin',
      'Russia',
      'Syria',
      'Syrian',
      'UN',
      'United Nations',
      'Islamic State',
      'Mr Obama',
      'Obama',
    ])
      assert.ok(!names.includes(taken), `${taken} is not proposed`);
    assert.deepEqual(
      proposed.map((p) => p.count),
      proposed.map((p) => p.count).sort((a, b) => b - a),
      'most mentioned first',
    );

    // A topic made meanwhile is announced, so the next suggestion finds it among the outlet's own.
    await ctx.services.taxonomy.ensureTopic(FACTORY, 'Ukraine', { kind: 'place' });
    const again = await ctx.services.suggestions.suggestTopics(body, { headline, standfirst });
    assert.ok(again.existing.some((s) => s.name === 'Ukraine'));
    assert.ok(!again.proposed.some((p) => p.name === 'Ukraine'));
  });

  test('without proposals compromise is not asked; an empty text suggests nothing', async () => {
    const { headline, standfirst, body } = seedArticle();
    const only = await ctx.services.suggestions.suggestTopics(body, { headline, standfirst, propose: false });
    assert.deepEqual(only.proposed, []);
    assert.ok(only.existing.length > 0);
    assert.deepEqual(await ctx.services.suggestions.suggestTopics('', {}), { existing: [], proposed: [] });
  });

  test('a sentence-case headline is read for names; a title-case one only counts names found elsewhere', async () => {
    const sentence = await ctx.services.suggestions.suggestTopics('The talks went on.', {
      headline: 'Keir Starmer meets troops in Estonia',
      standfirst: '',
    });
    assert.deepEqual(
      sentence.proposed.map((p) => `${p.name} (${p.kind})`),
      ['Keir Starmer (person)', 'Estonia (place)'],
    );
    const title = await ctx.services.suggestions.suggestTopics('The talks went on.', {
      headline: 'Prime Minister Visits Troops Deployed Along Border',
      standfirst: '',
    });
    assert.deepEqual(title.proposed, [], 'capitals of a title-case headline are not names');
  });
});
