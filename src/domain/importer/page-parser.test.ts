import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { AppError } from '../../kernel/errors.js';
import { MAX_PAGE_BYTES, bodyToMarkdown, decodePageFile, parsePage, type ParsedParagraph } from './page-parser.js';

// The repo keeps its own copy of the shared seed so tests work on a fresh clone.
const SEED_URL = new URL('../../../demo/seed/000_080c772065630276.txt', import.meta.url);
const seedBytes = () => new Uint8Array(readFileSync(SEED_URL));
const utf8 = (s: string) => new TextEncoder().encode(s);

/** Asserts `fn` throws a Validation AppError with `code` and a message matching `message`. */
function assertInvalid(fn: () => unknown, code: string, message: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof AppError, 'expected an AppError');
    assert.equal(e.kind, 'Validation');
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

/** A minimal page around the given body lines. */
const page = (...body: string[]) => ['News', 'A headline', 'A standfirst.', ...body].join('\n\n');

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

// ---------------------------------------------------------------------------
// Quotes
// ---------------------------------------------------------------------------

test('curly quotes with a dash attribution make a quote paragraph', () => {
  const parsed = parsePage(page('“We will hold the line” — General Sir Patrick Sanders.', '“Steady,” – Jane Doe'));
  assert.deepEqual(parsed.paragraphs, [
    { kind: 'quote', text: 'We will hold the line', speaker: 'Patrick Sanders' },
    { kind: 'quote', text: 'Steady', speaker: 'Jane Doe' },
  ]);
  assert.deepEqual(
    parsed.quotes.map((q) => q.paragraph),
    [0, 1],
  );
});

test('"…," said Name and "…," Name said drop the comma and resolve titles', () => {
  const parsed = parsePage(
    page(
      'Theresa May arrived in Brussels on Monday.',
      '"We will leave on time," said Mrs May.',
      '“Nothing is agreed,” Mr Barnier said, before leaving.',
      '"Is this the end?" asked Dr Jones.',
    ),
  );
  assert.deepEqual(
    parsed.quotes.map(({ text, speaker, paragraph }) => ({ text, speaker, paragraph })),
    [
      { text: 'We will leave on time', speaker: 'Theresa May', paragraph: 1 },
      { text: 'Nothing is agreed', speaker: 'Mr Barnier', paragraph: 2 },
      { text: 'Is this the end?', speaker: 'Dr Jones', paragraph: 3 },
    ],
  );
  // A paragraph that is only the quote and its attribution is a quote paragraph; with more, text.
  assert.deepEqual(
    parsed.paragraphs.map((p) => p.kind),
    ['text', 'quote', 'text', 'quote'],
  );
});

test('Name said: "…" keeps the final full stop inside the quote', () => {
  const parsed = parsePage(
    page('Talks with Boris Johnson stalled.', 'Later, Mr Johnson told reporters: "We are not there yet."', 'Sara Khan said: “Wait.”'),
  );
  assert.deepEqual(
    parsed.quotes.map(({ text, speaker }) => ({ text, speaker })),
    [
      { text: 'We are not there yet.', speaker: 'Boris Johnson' },
      { text: 'Wait.', speaker: 'Sara Khan' },
    ],
  );
});

test('a "she said:" lead-in turns the next quote-only paragraph into a quote, resolved by subject and gender', () => {
  const parsed = parsePage(
    page(
      'Prime Minister Theresa May met Donald Trump.',
      'Mr Trump greeted Mrs May at the door. Afterwards, she said:',
      '"It was a productive meeting."',
      'He then warned:',
      '“Deals take time.”',
    ),
  );
  assert.deepEqual(parsed.paragraphs[2], { kind: 'quote', text: 'It was a productive meeting.', speaker: 'Theresa May' });
  // "He" with no one named in its paragraph reaches back to the last sentence whose subject is a man
  // ("Afterwards, she said:" has a pronoun subject and is skipped).
  assert.deepEqual(parsed.paragraphs[4], { kind: 'quote', text: 'Deals take time.', speaker: 'Donald Trump' });
  assert.equal(parsed.quotes.length, 2);
});

test('unattributed, scare and mismatched quotes are not recorded and do not crash', () => {
  const parsed = parsePage(
    page(
      'The so-called "peace plan" failed.',
      `Officials called it an 'enormous mistake" and left.`,
      `Both 'sides" agreed on 'terms" later.`,
      '"Unattributed words."',
      '"Unclosed, said Mr X.',
      'Putin: Russia considering strikes',
    ),
  );
  assert.deepEqual(parsed.quotes, []);
  assert.ok(parsed.paragraphs.every((p) => p.kind === 'text'));
  assert.equal(parsed.paragraphs.length, 6);
});

test('a paragraph that is only "…," said Name. or "…," Name said. is a quote paragraph', () => {
  const parsed = parsePage(
    page(
      '"We hold the ridge," said John Smith.',
      '“The line is quiet,” Jane Doe said.',
      '"Not alone," said John Smith, adding that help was coming.',
      'Before it, "we wait," said John Smith.',
    ),
  );
  assert.deepEqual(parsed.paragraphs.slice(0, 2), [
    { kind: 'quote', text: 'We hold the ridge', speaker: 'John Smith' },
    { kind: 'quote', text: 'The line is quiet', speaker: 'Jane Doe' },
  ]);
  // Anything else in the paragraph keeps it a text paragraph; the quote is still recorded.
  assert.equal(parsed.paragraphs[2]?.kind, 'text');
  assert.equal(parsed.paragraphs[3]?.kind, 'text');
  assert.deepEqual(
    parsed.quotes.map((q) => q.paragraph),
    [0, 1, 2, 3],
  );
});

test('a name after a preposition or in a noun phrase is not the speaker', () => {
  const parsed = parsePage(
    page(
      'John Smith and Mary Jones were not at the hearing.',
      'A spokesman for Mr Smith said: "No comment."',
      '"No comment," said a spokesman for Mr Smith.',
      'An aide to Mrs Jones said: "She is travelling."',
      'A lawyer acting on behalf of Mr Smith told reporters: "We will appeal."',
      'A friend of Mr Smith said, "He is fine."',
      '"We are reviewing it," said Foreign Office spokesman Mark Lee.',
      'Mr Smith\'s spokesman said: "Nothing to add."',
    ),
  );
  assert.deepEqual(parsed.quotes, []);
  // The same shapes with the person as the subject are still attributed.
  const ok = parsePage(page('Speaking on behalf of Mr Smith, Ms Lee said: "No comment."', '"Later," said Mr Smith, a friend of Ms Lee.'));
  assert.deepEqual(
    ok.quotes.map((q) => q.speaker),
    ['Ms Lee', 'Mr Smith'],
  );
});

test('he/she resolve to the subject, not the first or last name mentioned', () => {
  const intro = 'Barack Obama met Vladimir Putin in New York.';
  const asked = parsePage(page(intro, 'Asked about Mr Obama, Mr Putin said little. Later he said:', '"We will see."'));
  assert.deepEqual(asked.paragraphs[2], { kind: 'quote', text: 'We will see.', speaker: 'Vladimir Putin' });

  const after = parsePage(page(intro, 'Mr Putin urged restraint. After meeting Mr Obama, he said:', '"Patience."'));
  assert.deepEqual(after.paragraphs[2], { kind: 'quote', text: 'Patience.', speaker: 'Vladimir Putin' });

  const speaking = parsePage(page(intro, 'Mr Putin left early. Speaking after Mr Obama, he said: "Enough."'));
  assert.deepEqual(
    speaking.quotes.map((q) => q.speaker),
    ['Vladimir Putin'],
  );

  const titled = parsePage(page('Defence Secretary Jane Doe visited the base. Later she said:', '"Morale is high."'));
  assert.deepEqual(titled.paragraphs[1], { kind: 'quote', text: 'Morale is high.', speaker: 'Jane Doe' });

  const coordinated = parsePage(page('Barack Obama praised Vladimir Putin, and he said: "It went well."'));
  assert.deepEqual(
    coordinated.quotes.map((q) => q.speaker),
    ['Barack Obama'],
  );

  const byName = parsePage(page('Hannah Greaves, a researcher, said the plan was welcome. She said:', '"It is a start."'));
  assert.deepEqual(
    byName.quotes.map((q) => q.speaker),
    ['Hannah Greaves'],
  );
});

test('an ambiguous or unnamed subject gives no quote rather than a guess', () => {
  const parsed = parsePage(
    page(
      'Barack Obama met Vladimir Putin in New York.',
      'Mr Obama and Mr Putin talked for an hour. He said:',
      '"It was useful."',
      'The Russian President then left. He said:',
      '"Goodbye."',
    ),
  );
  assert.deepEqual(parsed.quotes, []);
  assert.equal(parsed.paragraphs[2]?.kind, 'text');
  assert.equal(parsed.paragraphs[4]?.kind, 'text');
});

test('a lead-in followed by a non-quote paragraph does not create a quote', () => {
  const parsed = parsePage(page('Dr Ann Lee said:', 'Nothing quoted here.'));
  assert.deepEqual(parsed.quotes, []);
  assert.equal(parsed.paragraphs[1]?.kind, 'text');
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

test('decodePageFile: empty and whitespace-only files', () => {
  assertInvalid(() => decodePageFile(new Uint8Array()), 'FILE_EMPTY', /empty/);
  assertInvalid(() => decodePageFile(utf8(' \n\t\r\n\u00a0 \f')), 'FILE_EMPTY', /only whitespace/);
});

test('decodePageFile: over 5 MB is rejected, exactly 5 MB is accepted', () => {
  assertInvalid(() => decodePageFile(new Uint8Array(MAX_PAGE_BYTES + 1).fill(0x61)), 'FILE_TOO_LARGE', /5 MB/);
  assert.equal(decodePageFile(new Uint8Array(MAX_PAGE_BYTES).fill(0x61)).length, MAX_PAGE_BYTES);
});

test('decodePageFile: NUL and other control bytes mean binary', () => {
  assertInvalid(() => decodePageFile(utf8('abc\u0000def')), 'FILE_BINARY', /NUL byte .* at byte 3/);
  assertInvalid(() => decodePageFile(utf8('abc\u0007')), 'FILE_BINARY', /control character \(0x07\)/);
  assertInvalid(() => decodePageFile(utf8('abc\u0085')), 'FILE_BINARY', /control character/);
  assert.equal(decodePageFile(utf8('a\tb\fc\r\nd')), 'a\tb\fc\r\nd');
});

test('decodePageFile: invalid UTF-8 and BOM handling', () => {
  assertInvalid(() => decodePageFile(new Uint8Array([0xff, 0xfe, 0x41])), 'FILE_NOT_UTF8', /not valid UTF-8/);
  assert.equal(decodePageFile(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Hi “there”')])), 'Hi “there”');
});

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
// Markdown
// ---------------------------------------------------------------------------

const md = new MarkdownIt({ html: false });
const unescapeHtml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

test('bodyToMarkdown: Markdown syntax survives as literal text', () => {
  const hostile = [
    '# not a heading',
    '1. not a list',
    '2) nor this',
    '<script>alert(1)</script>',
    '*stars*',
    '[x](javascript:alert(1))',
    '- dash',
    '+ plus',
    '> not a quote',
    '_under_ and `code` and ~~strike~~',
    '&copy; and \\escaped\\',
    '---',
    '![img](http://e.x/a.png)',
    'line one\n# sneaky heading',
  ];
  const paragraphs: ParsedParagraph[] = hostile.map((text) => ({ kind: 'text', text }));
  const html = md.render(bodyToMarkdown(paragraphs));

  for (const banned of ['<script', '<a', '<h1', '<ol', '<ul', '<em', '<strong', '<code', '<s>', '<hr', '<img', '<blockquote', '©']) {
    assert.ok(!html.includes(banned), `rendered HTML contains ${banned}:\n${html}`);
  }
  const rendered = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => unescapeHtml(m[1] ?? ''));
  assert.deepEqual(
    rendered,
    hostile.map((t) => t.replace(/\s+/g, ' ')),
  );
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
});

test('bodyToMarkdown: quote paragraphs become blockquotes with an em-dash cite line', () => {
  const paragraphs: ParsedParagraph[] = [
    { kind: 'text', text: 'Mr Putin said:' },
    { kind: 'quote', text: "We believe it's a huge mistake *really*", speaker: 'Vladimir Putin' },
  ];
  const markdown = bodyToMarkdown(paragraphs);
  assert.equal(markdown, "Mr Putin said:\n\n> We believe it's a huge mistake \\*really\\*\n>\n> — Vladimir Putin");
  const html = md.render(markdown);
  assert.match(html, /<blockquote>\s*<p>We believe it's a huge mistake \*really\*<\/p>\s*<p>— Vladimir Putin<\/p>\s*<\/blockquote>/);
  assert.equal(bodyToMarkdown([]), '');
});

test('bodyToMarkdown on the seed renders two blockquotes and no stray markup', () => {
  const html = md.render(bodyToMarkdown(parsePage(decodePageFile(seedBytes())).paragraphs));
  assert.equal(html.match(/<blockquote>/g)?.length, 2);
  assert.equal(html.match(/<p>/g)?.length, 13 + 2 * 2 - 2);
  assert.ok(html.includes('<p>— Vladimir Putin</p>'));
});
