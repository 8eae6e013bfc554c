// Quote marks: pairing, apostrophes, strays and quotes left open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findSpans, maskSpans, quoteStyle } from './quote-marks.js';

const inner = (p: string, style: 'double' | 'single' = 'double') => findSpans(p, style).map((s) => [s.inner, s.closed]);

test('straight and curly double marks pair by position', () => {
  assert.deepEqual(inner('"One," he said, “two.”'), [
    ['One,', true],
    ['two.', true],
  ]);
  // A curly mark typed the wrong way round is read by where it stands.
  assert.deepEqual(inner('”Wrong way round,” she said.'), [['Wrong way round,', true]]);
  assert.deepEqual(inner('He said:"Tight."'), [['Tight.', true]]);
});

test('a mark that closes nothing is ignored; a quote still open at the end is reported open', () => {
  assert.deepEqual(inner(`Russia said it would be an 'enormous mistake" not to.`), []);
  assert.deepEqual(inner('She said: "We will fight on.'), [['We will fight on.', false]]);
  // A new quote opening before the last one closed: the first lost its closing mark.
  assert.deepEqual(inner('“First part. “Second part.”'), [
    ['First part.', false],
    ['Second part.', true],
  ]);
});

test('in single-quote copy apostrophes are not quote marks', () => {
  assert.deepEqual(inner("He said: 'I don't know where we'll go.'", 'single'), [["I don't know where we'll go.", true]]);
  assert.deepEqual(inner("'The Marines' boats were ready,' he said.", 'single'), [["The Marines' boats were ready,", true]]);
  // A plural possessive with no closing mark after it closes the quote.
  assert.deepEqual(inner("'We thank the veterans' he said", 'single'), [['We thank the veterans', true]]);
  // Double marks inside single-quote copy are text.
  assert.deepEqual(inner(`'He called it "madness",' she said.`, 'single'), [['He called it "madness",', true]]);
});

test('the style is the one that opens more quotes', () => {
  assert.equal(quoteStyle(['"One," he said.', "It was an 'enormous mistake'."]), 'double');
  assert.equal(quoteStyle(["'One,' he said.", "'Two,' she said.", "'Three.'", 'A "scare" quote.']), 'single');
});

test('masking blanks quoted words but keeps the marks and the closing full stop', () => {
  const p = 'Mr Smith said: "Tell Mr Jones no." He left.';
  const masked = maskSpans(p, findSpans(p, 'double'));
  assert.equal(masked.length, p.length);
  assert.equal(masked, `Mr Smith said: "${' '.repeat('Tell Mr Jones no'.length)}." He left.`);
});
