// Preparing an article: paragraphs, line endings, names in capitals, headings and captions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareArticle, softenCapitals, splitParagraphs } from './article-text.js';

test('a body given as text splits on blank lines, whatever the line endings', () => {
  assert.deepEqual(splitParagraphs('One line\r\nwrapped.\r\n\r\nTwo.\n \nThree.\r'), ['One line wrapped.', 'Two.', 'Three.']);
});

test('names in capitals become ordinary names; acronyms, labels and all-capital lines do not', () => {
  assert.equal(softenCapitals('By MARTIN HOLLOWAY, Defence Editor'), 'By Martin Holloway, Defence Editor');
  assert.equal(softenCapitals('Sir NICHOLAS ASHDOWN spoke to the BBC and NATO.'), 'Sir Nicholas Ashdown spoke to the BBC and NATO.');
  assert.equal(
    softenCapitals("Gunner SEAN O'BRIEN met Mr MCBRIDE and Major FENWICK-LOWE."),
    "Gunner Sean O'Brien met Mr McBride and Major Fenwick-Lowe.",
  );
  assert.equal(softenCapitals('PROUD: Veteran JOAN MERRIMAN, 68, said'), 'PROUD: Veteran Joan Merriman, 68, said');
  assert.equal(softenCapitals('HOSTILE WATERS'), 'HOSTILE WATERS');
  assert.equal(softenCapitals('The RAF and MOD UK said so.'), 'The RAF and MOD UK said so.');
});

test('cross-heads and captions are marked, so a pronoun never reaches back to them', () => {
  const { body } = prepareArticle({
    body: [
      'Hostile Waters Ahead',
      'By SARAH PENDLE',
      'PROUD: Veteran JOAN MERRIMAN at the march',
      'Pictured: the frigate in Plymouth',
      'The frigate sailed on Monday.',
    ],
  });
  assert.deepEqual(
    body.map((p) => p.kind),
    ['heading', 'caption', 'caption', 'caption', 'text'],
  );
});

test('words in capitals for emphasis are left alone', () => {
  assert.equal(
    softenCapitals('It was a GREAT DAY for Britain, and a DO NOT DISTURB sign hung on the door.'),
    'It was a GREAT DAY for Britain, and a DO NOT DISTURB sign hung on the door.',
  );
});
