import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import nlp from 'compromise/two';
import type { TopicKind } from '../taxonomy/index.js';
import { articleText, suggestFor } from './suggest.js';
import { compileTopicIndex, type MatchableTopic } from './topic-matcher.js';

const SEED = readFileSync(new URL('../../../demo/seed/000_080c772065630276.txt', import.meta.url), 'utf8');
const [, HEADLINE, STANDFIRST, ...REST] = SEED.split('\n')
  .map((l) => l.trim())
  .filter(Boolean);
const BODY = REST.slice(0, REST.indexOf('Related topics')).join('\n\n');

/** The nine the issue names, as an outlet would file them. */
const NINE: Array<[string, TopicKind]> = [
  ['Vladimir Putin', 'person'],
  ['Barack Obama', 'person'],
  ['Bashar al-Assad', 'person'],
  ['Russia', 'place'],
  ['Syria', 'place'],
  ['Ukraine', 'place'],
  ['Crimea', 'place'],
  ['Islamic State', 'organisation'],
  ['United Nations', 'organisation'],
];

function suggest(topics: Array<[string, TopicKind]>, text = { headline: HEADLINE!, standfirst: STANDFIRST!, body: BODY }) {
  const index = compileTopicIndex(
    topics.map(([name, kind]): MatchableTopic => ({ id: name, slug: name, name, kind, distinctive: false, aliases: [] })),
  );
  return suggestFor(index, articleText(text.body, text), nlp);
}

test('with all nine in the topic list, the seed article names all nine and proposes none of them', () => {
  const { existing, proposed } = suggest(NINE);
  assert.deepEqual(existing.map((s) => s.name).sort(), NINE.map(([n]) => n).sort());
  const names = proposed.map((p) => p.name);
  for (const [name] of NINE) assert.ok(!names.includes(name), name);
  for (const part of ['Putin', 'Obama', 'Assad', 'UN']) assert.ok(!names.includes(part), part);
});

test('with none of them in the list, the nine are proposed, with their kinds and aliases', () => {
  const { existing, proposed } = suggest([]);
  assert.deepEqual(existing, []);
  const byName = new Map(proposed.map((p) => [p.name, p]));
  for (const [name] of NINE) assert.ok(byName.has(name), `${name} is proposed (proposed: ${[...byName.keys()].join(', ')})`);
  assert.deepEqual(byName.get('Vladimir Putin'), { name: 'Vladimir Putin', kind: 'person', alias: 'Putin', count: 8 });
  assert.deepEqual(byName.get('United Nations'), { name: 'United Nations', kind: 'organisation', alias: 'UN', count: 5 });
  assert.equal(byName.get('Russia')!.kind, 'place');
  assert.ok(!byName.has('Mr Putin') && !byName.has('Putin') && !byName.has('Syrian') && !byName.has('UN'));
});

test('titles, sentence openings and nationalities are not proposed; a name in the standfirst only is not kept', () => {
  const { proposed } = suggest([], {
    headline: 'Talks resume',
    standfirst: 'Angela Merkel was mentioned here alone.',
    body: 'Speaking in Brussels, Prime Minister Keir Starmer met Mr Starmer’s Estonian hosts.\n\nEstonian officials said so. Meanwhile the talks went on.',
  });
  assert.deepEqual(
    proposed.map((p) => `${p.name} (${p.kind}${p.alias ? `, ${p.alias}` : ''}) ×${p.count}`),
    ['Keir Starmer (person, Starmer) ×2', 'Brussels (place) ×1'],
  );
});
