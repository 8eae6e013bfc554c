// Whole pages through parsePage: the seed and demo articles, size worst cases and the header errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { assertInvalid } from '../../../test/helpers/assert-invalid.js';
import { bodyToMarkdown, decodePageFile, parsePage } from './page-parser.js';

// The repo keeps its own copy of the shared seed so tests work on a fresh clone.
const SEED_URL = new URL('../../../demo/seed/000_080c772065630276.txt', import.meta.url);
const seedBytes = () => new Uint8Array(readFileSync(SEED_URL));

// ---------------------------------------------------------------------------
// The seed article
// ---------------------------------------------------------------------------

test('seed: header, quotes, chrome and paragraph kinds', () => {
  const parsed = parsePage(decodePageFile(seedBytes()));

  assert.equal(parsed.section, 'Tri-Service');
  assert.equal(parsed.headline, 'Putin: Russia Considering Airstrikes Against Islamic State');
  assert.equal(parsed.series, null);
  assert.equal(
    parsed.standfirst,
    'Vladimir Putin says Russia is considering joining the US and its allies in carrying out airstrikes against Islamic State.',
  );
  assert.deepEqual(
    parsed.quotes.map(({ text, speaker }) => ({ text, speaker })),
    [
      { text: "We are thinking about it and don't exclude anything", speaker: 'Vladimir Putin' },
      {
        text: 'We must recognise that there cannot be, after so much bloodshed, so much carnage, a return to the pre-war status quo.',
        speaker: 'Barack Obama',
      },
      {
        text: "We believe it's a huge mistake to refuse to co-operate with the Syrian authorities, with the government forces, those who are bravely fighting terror face-to-face.",
        speaker: 'Vladimir Putin',
      },
    ],
  );
  assert.deepEqual(parsed.topics, []);
  assert.deepEqual(parsed.teasers, [
    'Royal Marine Commandos test drone swarm tech for coastline attacks',
    'F-35 Fury: HMS Prince of Wales makes record return to Europe',
    'Battlefield Brief | The intensifying battle for Pokrovsk',
  ]);

  assert.equal(parsed.paragraphs.length, 13);
  const texts = parsed.paragraphs.map((p) => p.text);
  for (const chrome of [/related topics/i, /newsletter/i, /watch ?us ?on/i, /Pokrovsk/, /Royal Marine/]) {
    assert.ok(!texts.some((t) => chrome.test(t)), `chrome ${chrome} leaked into the body`);
  }
  assert.ok(!texts.some((t) => /\u00a0|\s{2}|^\s|\s$/.test(t)), 'whitespace is collapsed and trimmed');

  assert.deepEqual(parsed.paragraphs[0], {
    kind: 'quote',
    text: "We are thinking about it and don't exclude anything",
    speaker: 'Vladimir Putin',
  });
  const leadIn = parsed.paragraphs.findIndex((p) => p.text.endsWith('he said:'));
  assert.equal(parsed.paragraphs[leadIn]?.kind, 'text');
  assert.equal(parsed.paragraphs[leadIn + 1]?.kind, 'quote');
  assert.equal(parsed.paragraphs[leadIn + 1]?.text, parsed.quotes[2]?.text);
  assert.deepEqual(
    parsed.quotes.map((q) => q.paragraph),
    [0, 5, leadIn + 1],
  );
  assert.equal(
    parsed.quotes[1]?.paragraph,
    texts.findIndex((t) => t.includes('Mr Obama declared:')),
  );

  // The mismatched 'enormous mistake" is a reported phrase, not a quote, and stays plain text.
  const mixed = parsed.paragraphs.find((p) => p.text.includes('enormous mistake'));
  assert.equal(mixed?.kind, 'text');
  assert.ok(mixed?.text.includes(`'enormous mistake" not to work with him, whilst Mr Obama`));
  assert.equal(parsed.paragraphs.filter((p) => p.kind === 'quote').length, 2);
});

test('demo articles: topics, teasers and quotes credited to full names', () => {
  const dir = new URL('../../../demo/articles/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
  assert.ok(files.length > 0);
  for (const file of files) {
    const parsed = parsePage(decodePageFile(new Uint8Array(readFileSync(new URL(file, dir)))));
    assert.ok(parsed.topics.length > 0, `${file}: topics`);
    assert.ok(parsed.teasers.length > 0, `${file}: teasers`);
    assert.ok(parsed.quotes.length >= 3, `${file}: ${parsed.quotes.length} quotes`);
    for (const { speaker } of parsed.quotes) {
      // "Fiona Castleton", not "Brigadier Castleton" / "Squadron Leader Tom Ashby" / "She".
      assert.match(speaker, /^\p{Lu}\p{Ll}+(?: \p{Lu}[\p{L}'’-]+)+$/u, `${file}: speaker ${speaker}`);
      assert.doesNotMatch(speaker, /^(?:Mr|Mrs|Ms|Dr|Brigadier|Major|Commander|Wing|Squadron|Lieutenant|Sir)\b/, `${file}: ${speaker}`);
    }
  }
});

test('seed: decodePageFile returns the file text unchanged', () => {
  assert.equal(decodePageFile(seedBytes()), readFileSync(SEED_URL, 'utf8'));
});

// ---------------------------------------------------------------------------
// Size worst cases (timings are measured outside the suite; here: no throw, right counts)
// ---------------------------------------------------------------------------

/** `count` copies of a short attributed quote, blank-line separated or all in one paragraph. */
function bigPage(separator: string): { text: string; count: number } {
  const line = '"Ab Cd Ef," said Mr Gh Ij.';
  const count = Math.floor((4.9 * 1024 * 1024) / (line.length + separator.length));
  return { text: `News\n\nHead\n\nStand.\n\n${Array(count).fill(line).join(separator)}\n`, count };
}

test('a ~4.9 MB page of blank-line separated quote paragraphs parses', () => {
  const { text, count } = bigPage('\n\n');
  assert.ok(count > 150_000);
  const parsed = parsePage(text);
  assert.equal(parsed.paragraphs.length, count);
  assert.equal(parsed.quotes.length, count);
  assert.deepEqual(parsed.quotes[count - 1], { text: 'Ab Cd Ef', speaker: 'Gh Ij', paragraph: count - 1 });
  assert.ok(parsed.paragraphs.every((p) => p.kind === 'quote'));
});

test('a ~4.9 MB page that is one giant paragraph parses without a RangeError', () => {
  const { text, count } = bigPage('\n');
  const parsed = parsePage(text);
  assert.equal(parsed.paragraphs.length, 1);
  assert.equal(parsed.paragraphs[0]?.kind, 'text');
  assert.equal(parsed.quotes.length, count);
  assert.equal(parsed.quotes[count - 1]?.speaker, 'Gh Ij');
  assert.equal(parsed.quotes[count - 1]?.paragraph, 0);
});

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

test('parsePage: only chrome, no headline, no standfirst', () => {
  assertInvalid(() => parsePage('Related topics\n\nUkraine'), 'ONLY_CHROME', /site chrome \("Related topics"\)/);
  assertInvalid(() => parsePage('  WatchUsOn \nTeaser'), 'ONLY_CHROME', /chrome/);
  assertInvalid(() => parsePage(''), 'NO_HEADLINE', /no headline/);
  assertInvalid(() => parsePage('News\n\u00a0\n'), 'NO_HEADLINE', /no headline/);
  assertInvalid(() => parsePage('News\nJoin Our Newsletter\nTeaser'), 'NO_HEADLINE', /no headline/);
  assertInvalid(() => parsePage('News\nHeadline'), 'NO_STANDFIRST', /no standfirst/);
  assertInvalid(() => parsePage('News\nHeadline\nRelated topics\nX'), 'NO_STANDFIRST', /no standfirst/);
});

// ---------------------------------------------------------------------------
// Markdown of the seed
// ---------------------------------------------------------------------------

const md = new MarkdownIt({ html: false });

test('bodyToMarkdown on the seed renders two blockquotes and no stray markup', () => {
  const html = md.render(bodyToMarkdown(parsePage(decodePageFile(seedBytes())).paragraphs));
  assert.equal(html.match(/<blockquote>/g)?.length, 2);
  assert.equal(html.match(/<p>/g)?.length, 13 + 2 * 2 - 2);
  assert.ok(html.includes('<p>— Vladimir Putin</p>'));
});
