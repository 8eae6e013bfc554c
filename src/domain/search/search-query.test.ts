import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSearchable, parseSearchQuery } from './search-query.js';

test('a query: words, phrases, exclusions and prefixes; everything else is words', () => {
  assert.deepEqual(parseSearchQuery('Typhoon "air strikes" -Ukraine milit*'), {
    words: [
      { word: 'typhoon', prefix: false },
      { word: 'milit', prefix: true },
    ],
    phrases: [['air', 'strikes']],
    excluded: ['ukraine'],
  });
  assert.deepEqual(parseSearchQuery('F-35 al-Assad (drones)').phrases, [
    ['f', '35'],
    ['al', 'assad'],
  ]);
  assert.deepEqual(parseSearchQuery('(drones)').words, [{ word: 'drones', prefix: false }]);
  assert.deepEqual(
    parseSearchQuery('"unclosed phrase').words.map((w) => w.word),
    ['unclosed', 'phrase'],
  );
  assert.deepEqual(parseSearchQuery('m*').words, [{ word: 'm', prefix: false }], 'a one-letter prefix is a word');
  assert.deepEqual(
    parseSearchQuery('war AND peace OR NOT the').words.map((w) => w.word),
    ['war', 'peace'],
    'operators and stop words drop out',
  );
  assert.deepEqual(parseSearchQuery('"war of words"').phrases, [['war', 'of', 'words']], 'phrases keep every word');
});

test('queries are bounded: 200 characters, 12 words', () => {
  const many = parseSearchQuery(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '));
  assert.equal(many.words.length, 12);
  assert.equal(parseSearchQuery(`${'a'.repeat(300)} tail`).words.length, 1);
});

test('only exclusions, only punctuation or nothing is not searchable', () => {
  for (const q of ['', '-drones', '"" ()', '***', 'the and or']) assert.equal(isSearchable(parseSearchQuery(q)), false, q);
  assert.equal(isSearchable(parseSearchQuery('drones -ukraine')), true);
});
