import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSearchable, parseSearchQuery } from './search-query.js';

test('a query: words, phrases, exclusions and prefixes; everything else is words', () => {
  assert.deepEqual(parseSearchQuery('Typhoon "air strikes" -Ukraine milit*'), {
    words: [
      { word: 'typhoon', prefix: false },
      { word: 'milit', prefix: true },
    ],
    phrases: [{ words: ['air', 'strikes'], text: 'air strikes' }],
    excluded: ['ukraine'],
  });
  assert.deepEqual(parseSearchQuery('F-35 al-Assad (drones)').phrases, [
    { words: ['f', '35'], text: 'F-35' },
    { words: ['al', 'assad'], text: 'al-Assad' },
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
  assert.deepEqual(
    parseSearchQuery('"war of words"').phrases,
    [{ words: ['war', 'of', 'words'], text: 'war of words' }],
    'phrases keep every word',
  );
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

test('past a thousand matches the total says "more than 1,000" and paging still goes on', async () => {
  const { createSearchService, TOTAL_CAP } = await import('./index.js');
  const { silentLogger } = await import('../../kernel/logger.js');
  // An index answering as both real ones do when a word matches thousands: a page and a count cut at TOTAL_CAP + 1.
  const index = {
    put: async () => {},
    remove: async () => {},
    size: async () => 5000,
    search: async () => ({ hits: [{ articleId: 'a', score: 1, snippet: '' }], total: TOTAL_CAP + 1 }),
  };
  const service = createSearchService({ db: undefined as never, index, log: silentLogger });
  const found = await service.search({ q: 'troops', page: 3 });
  assert.equal(found.total, 1000);
  assert.equal(found.totalCapped, true);
  assert.equal(found.hasMore, true);
  const exact = await createSearchService({
    db: undefined as never,
    index: { ...index, search: async () => ({ hits: [], total: 25 }) },
    log: silentLogger,
  }).search({ q: 'x', page: 3 });
  assert.deepEqual([exact.total, exact.totalCapped, exact.hasMore], [25, false, false]);
});
