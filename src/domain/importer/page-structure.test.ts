// Lines -> header, paragraphs and chrome, seen through parsePage (the page's structure is only observable there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePage } from './page-parser.js';

// The repo keeps its own copy of the shared seed so tests work on a fresh clone.
const SEED_URL = new URL('../../../demo/seed/000_080c772065630276.txt', import.meta.url);

/** A minimal page around the given body lines. */
const page = (...body: string[]) => ['News', 'A headline', 'A standfirst.', ...body].join('\n\n');

// ---------------------------------------------------------------------------
// Lines and paragraphs
// ---------------------------------------------------------------------------

test('CRLF input parses like LF input', () => {
  const lf = readFileSync(SEED_URL, 'utf8').replace(/\r\n/g, '\n');
  assert.deepEqual(parsePage(lf.replace(/\n/g, '\r\n')), parsePage(lf));
  const small = parsePage('News\r\nHead\r\nStand.\r\n\r\nFirst.\r\nSecond.\r\n\r\nThird.\r\n');
  assert.equal(small.headline, 'Head');
  assert.deepEqual(
    small.paragraphs.map((p) => p.text),
    ['First. Second.', 'Third.'],
  );
});

test('consecutive body lines join into one paragraph; blank and NBSP-only lines separate them', () => {
  const parsed = parsePage('News\nHead\nStand.\nStraight after\nthe standfirst.\n\nOne\n  two  \nthree.\n \u00a0 \nFour.\n\n\n\nFive.');
  assert.equal(parsed.standfirst, 'Stand.');
  assert.deepEqual(
    parsed.paragraphs.map((p) => p.text),
    ['Straight after the standfirst.', 'One two three.', 'Four.', 'Five.'],
  );
});

test('a chrome line ends the body even inside a block; topics are the following lines', () => {
  const parsed = parsePage(
    'News\nHead\nStand.\n\nFirst body line\nlast body line\nRelated topics\nUkraine\nRussia\n\nJoin our newsletter\n\nTeaser one\nTeaser two',
  );
  assert.deepEqual(parsed.paragraphs, [{ kind: 'text', text: 'First body line last body line' }]);
  assert.deepEqual(parsed.topics, ['Ukraine', 'Russia']);
  assert.deepEqual(parsed.teasers, ['Teaser one', 'Teaser two']);
});

test('a quote wrapped across two lines of one paragraph is found', () => {
  const parsed = parsePage(page('"We will not retreat from\nthis position," said General Sir Nick Carter.', 'Next paragraph.'));
  assert.deepEqual(
    parsed.quotes.map(({ text, speaker, paragraph }) => ({ text, speaker, paragraph })),
    [{ text: 'We will not retreat from this position', speaker: 'Nick Carter', paragraph: 0 }],
  );
  assert.deepEqual(parsed.paragraphs[0], { kind: 'quote', text: 'We will not retreat from this position', speaker: 'Nick Carter' });
  assert.equal(parsed.paragraphs.length, 2);
});

test('NBSP-only lines separate paragraphs and NBSP runs collapse', () => {
  const parsed = parsePage('News\n\u00a0\nHead\n \u00a0 \nStand.\n\u00a0\nOne\u00a0\u00a0 two.\u00a0\n\u00a0\u00a0\nThree.');
  assert.equal(parsed.headline, 'Head');
  assert.equal(parsed.standfirst, 'Stand.');
  assert.deepEqual(parsed.paragraphs, [
    { kind: 'text', text: 'One two.' },
    { kind: 'text', text: 'Three.' },
  ]);
});

test('series prefix is split from the headline', () => {
  const parsed = parsePage('Land\nBattlefield Brief | The intensifying battle for Pokrovsk\nStand.');
  assert.equal(parsed.series, 'Battlefield Brief');
  assert.equal(parsed.headline, 'The intensifying battle for Pokrovsk');
});

// ---------------------------------------------------------------------------
// Chrome
// ---------------------------------------------------------------------------

test('RELATED TOPICS lists topic names, trimmed and deduplicated', () => {
  const parsed = parsePage(page('Body.', 'RELATED TOPICS', '  Ukraine ', 'Russia', 'ukraine', 'Join our newsletter', 'Teaser one'));
  assert.deepEqual(parsed.paragraphs, [{ kind: 'text', text: 'Body.' }]);
  assert.deepEqual(parsed.topics, ['Ukraine', 'Russia']);
  assert.deepEqual(parsed.teasers, ['Teaser one']);
});

test('"Watch Us On" with spaces starts the teasers; chrome may come in any order', () => {
  const parsed = parsePage(page('Body.', 'Watch Us On', 'Teaser A', 'Related Topics', 'Navy', 'join  OUR newsletter', 'Teaser B'));
  assert.deepEqual(
    parsed.paragraphs.map((p) => p.text),
    ['Body.'],
  );
  assert.deepEqual(parsed.teasers, ['Teaser A', 'Teaser B']);
  assert.deepEqual(parsed.topics, ['Navy']);
  assert.deepEqual(parsePage(page('Body.', 'WATCH US ON', 'T')).teasers, ['T']);
});
