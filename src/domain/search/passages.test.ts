import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headScorer } from './head-ranking.js';
import { wantedWords } from './query-words.js';
import { passageOf } from './passages.js';
import { SNIPPET_END, SNIPPET_MARK } from './search-index.js';
import { parseSearchQuery } from './search-query.js';

const wanted = (q: string) => wantedWords(parseSearchQuery(q));
const plain = (s: string) => s.replaceAll(SNIPPET_MARK, '[').replaceAll(SNIPPET_END, ']');

const FILLER = 'The ministry said the review would report next spring after talks with allies. '.repeat(8);

test('a passage marks the stemmed words where most of them stand, with ellipses where the body goes on', () => {
  const body = `${FILLER}Soldiers patrolled the border as the army recruited more soldiers for the winter. ${FILLER}`;
  const out = plain(passageOf(body, wanted('soldier armies')));
  assert.match(out, /^…/);
  assert.match(out, /…$/);
  assert.match(out, /\[Soldiers\] patrolled the border as the \[army\] recruited more \[soldiers\]/);
  assert.equal(out.match(/\[/g)?.length, 3);
  // Thirty words, no more (the ellipses aside).
  assert.equal(out.replace(/…/g, '').match(/[\p{L}\p{N}]+/gu)?.length, 30);
});

test('a passage starts a few whole words before its first match, fills its words at the end, and a short body is shown whole', () => {
  const early = plain(passageOf(`Yesterday in Tallinn the frigate docked. ${FILLER}`, wanted('frigate')));
  assert.match(early, /^…in Tallinn the \[frigate\] docked\. The ministry/);
  const late = plain(passageOf(`${FILLER}In Tallinn on Tuesday the frigate docked.`, wanted('frigate')));
  assert.match(late, /^…[^…]+In Tallinn on Tuesday the \[frigate\] docked\.$/);
  assert.equal(late.match(/[\p{L}\p{N}]+/gu)?.length, 30);
  assert.equal(plain(passageOf('A short note.', wanted('note'))), 'A short [note].');
  assert.equal(plain(passageOf('Nothing here matches.', wanted('frigate'))), 'Nothing here matches.');
});

test('prefixes, phrase words and accented text are marked; a word that only starts alike is not', () => {
  assert.equal(plain(passageOf('Military and militia units met.', wanted('milit*'))), '[Military] and [militia] units met.');
  assert.equal(plain(passageOf('The Royal Navy sailed.', wanted('"royal navy"'))), 'The [Royal] [Navy] sailed.');
  assert.equal(plain(passageOf('Talks in Kraków ended.', wanted('krakow'))), 'Talks in [Kraków] ended.');
  assert.equal(plain(passageOf('A troupe performed for the troops.', wanted('troops'))), 'A troupe performed for the [troops].');
});

test('the ranking counts each wanted word once per field: headline 10, standfirst 4, topics 1.5', () => {
  const score = headScorer(wanted('army recruitment'));
  assert.equal(score(['Army recruitment falls', '', '']), 20);
  assert.equal(score(['Army news', 'Recruiting armies', 'Army']), 10 + 4 + 4 + 1.5);
  assert.equal(score(['Navy news', 'Nothing here', 'Navy']), 0);
});
