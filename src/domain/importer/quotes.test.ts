// Quote spans, attribution and pronoun resolution, seen through parsePage on small pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePage } from './page-parser.js';

/** A minimal page around the given body lines. */
const page = (...body: string[]) => ['News', 'A headline', 'A standfirst.', ...body].join('\n\n');

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
  // The speaker is the role, shown as written, never the person it is named after; the
  // spokesman named in full is a person, his description in front of his name.
  assert.deepEqual(
    parsed.quotes.map((q) => q.speaker),
    [
      'A spokesman for Mr Smith',
      'A spokesman for Mr Smith',
      'An aide to Mrs Jones',
      'A lawyer acting on behalf of Mr Smith',
      'A friend of Mr Smith',
      'Mark Lee',
      "Mr Smith's spokesman",
    ],
  );
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
