// Pull quotes from an article's quotes: which are offered, and the speaker each prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteKey, shownSpeaker, suggestPullQuotes } from './index.js';

test('the speaker shown is the person, else the role with a capital, else none', () => {
  assert.equal(shownSpeaker({ speaker: 'Vladimir Putin', description: 'Russian President' }), 'Vladimir Putin');
  assert.equal(shownSpeaker({ speaker: null, description: 'a ministry spokesperson' }), 'A ministry spokesperson');
  assert.equal(shownSpeaker({ speaker: null, description: '  ' }), null);
  assert.equal(shownSpeaker({ speaker: null, description: null }), null);
});

test('named, role-attributed, multi-paragraph and unattributed quotes are offered in order, each with its first paragraph', () => {
  const found = suggestPullQuotes({
    headline: 'Putin warns the West',
    standfirst: 'Troops gather as talks stall.',
    body: [
      'Russian forces moved closer to the border on Tuesday.',
      '"We will not allow anyone to threaten our country," said Vladimir Putin.',
      'A ministry spokesperson said: "The exercises are routine and pose no threat to anyone."',
      '"The first convoy left at dawn and reached the crossing by noon.',
      '"By nightfall the second convoy had followed it across the river," said Anna Brook, a colonel in the Royal Engineers.',
      'Graffiti on the town hall read "No more war in our streets tonight".',
    ],
  });
  assert.deepEqual(
    found.map((q) => [q.text, q.speaker, q.reason, q.paragraph]),
    [
      ['We will not allow anyone to threaten our country', 'Vladimir Putin', 'named', 1],
      ['The exercises are routine and pose no threat to anyone.', 'A ministry spokesperson', 'role', 2],
      [
        'The first convoy left at dawn and reached the crossing by noon. By nightfall the second convoy had followed it across the river',
        'Anna Brook',
        'named',
        3,
      ],
      ['No more war in our streets tonight', null, 'unattributed', 5],
    ],
  );
  assert.ok(found[0]!.confidence > 0.9);
  assert.equal(found[3]!.confidence, 0, 'no speaker, no confidence in one');
});

test('too short to stand alone, too long to save, or said twice: offered at most once, within the schema’s limits', () => {
  const long = Array.from({ length: 300 }, () => 'steady').join(' ');
  const found = suggestPullQuotes({
    body: [
      '"A disgrace," said Jane Hale.',
      `"${long}," said Jane Hale.`,
      '"We stand ready to help the people of the region," said Jane Hale.',
      'Later she repeated it: “We stand ready to help the people of the region,” said Jane Hale.',
    ],
  });
  assert.deepEqual(
    found.map((q) => q.text),
    ['We stand ready to help the people of the region'],
  );
});

test('a quote’s key ignores marks, spacing, case and closing punctuation', () => {
  assert.equal(quoteKey('“We stand  ready.”'), quoteKey('we stand ready'));
  assert.notEqual(quoteKey('We stand ready'), quoteKey('We stand ready now'));
});
