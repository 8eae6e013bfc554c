import assert from 'node:assert/strict';
import { test } from 'node:test';
import nlp from 'compromise';
import { findEntities, lexiconVerdict, type Nlp } from './name-finder.js';

// The full build, parsed with first: compromise's own tagger compiles its rules in place before
// this module picks the rules about names from them.
const compromise = nlp as unknown as Nlp;
nlp('Mr Putin met Barack Obama.').people();

const TEXT = 'Mr Putin met Barack Obama at the United Nations in New York, and Kevin Trask, who sits on the committee, said so.';

test('people, places and organisations are read as compromise’s views read them, after its own tagger ran', () => {
  const found = findEntities(compromise, TEXT, 100);
  assert.deepEqual(
    found.map((m) => `${m.kind}: ${m.words.map((w) => w.text).join(' ')}`),
    ['person: Mr Putin', 'person: Barack Obama', 'person: Kevin Trask', 'place: New York', 'organisation: United Nations'],
  );
  for (const m of found) for (const w of m.words) assert.equal(TEXT.slice(w.start - 100, w.start - 100 + w.text.length), w.text);
  assert.ok(found[0]!.words[0]!.sentenceStart && !found[1]!.words[0]!.sentenceStart);
  assert.ok(found[0]!.words[0]!.tags.includes('Honorific'));
  // Its full parse still works after this module built its rules from the same model.
  assert.deepEqual(nlp(TEXT).people().out('array'), ['Mr Putin', 'Barack Obama', 'Kevin Trask,']);
});

test('the lexicon settles places and organisations it knows as nothing else, and words that are no name', () => {
  const verdict = (key: string, opens = false) => lexiconVerdict(compromise, key, opens);
  assert.deepEqual(
    ['syria', 'new york', 'nato', 'united nations'].map((k) => verdict(k)),
    ['place', 'place', 'organisation', 'organisation'],
  );
  assert.deepEqual(
    ['during', 'monday', 'us'].map((k) => verdict(k)),
    ['none', 'none', 'none'],
  );
  assert.equal(verdict('speaking', true), 'none', 'opening a sentence, a word the lexicon knows but not as a name');
  assert.equal(verdict('speaking'), null, 'inside one, its capital may be a name’s');
  assert.equal(verdict('mark', true), null, 'a given name');
  assert.equal(verdict('okafor'), null, 'unknown: the tagger decides in context');
});
