// The quote service over the whole test set (test/fixtures/quotes): the thresholds the outlet
// asked for, counted the way `scripts/quote-report.ts` counts them (run it to see each failure).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findQuotes } from './index.js';
import { PATTERNS, loadQuoteSet, scoreArticle, tally, type Outcome } from '../../../test/fixtures/quotes/quote-set.js';

const articles = loadQuoteSet();
const outcomes: Outcome[] = articles.flatMap(
  (a) => scoreArticle(a, findQuotes({ headline: a.headline, standfirst: a.standfirst, body: a.body })).outcomes,
);

test('the set is the size and mix the issue asks for', () => {
  const { byPattern, overall } = tally(outcomes);
  assert.ok(overall.expected >= 120, `${overall.expected} quotes`);
  const least: Partial<Record<(typeof PATTERNS)[number], number>> = {
    'multi-paragraph': 15,
    apposition: 10,
    'quoted-as': 8,
    'follow-on': 10,
    pronoun: 10,
    descriptive: 8,
    capitals: 4,
    interrupted: 10,
    unknown: 5,
  };
  for (const [pattern, n] of Object.entries(least)) {
    assert.ok((byPattern.get(pattern as (typeof PATTERNS)[number])?.expected ?? 0) >= n, `${pattern}: at least ${n}`);
  }
  const roles = (byPattern.get('role')?.expected ?? 0) + (byPattern.get('role-holder')?.expected ?? 0);
  assert.ok(roles >= 15, `roles: ${roles}`);
  // Five or more articles with a title-case headline, which must never become a speaker.
  const titleCase = articles.filter(
    (a) => a.headline.split(' ').filter((w) => /^\p{Lu}/u.test(w)).length >= 3 && !/\s\p{Ll}{4,}/u.test(a.headline),
  );
  assert.ok(titleCase.length >= 5, `${titleCase.length} title-case headlines`);
});

test('speaker right on at least 95% of expected quotes, wrong on at most 2%', () => {
  const { overall } = tally(outcomes);
  const failures = outcomes
    .filter((o) => o.verdict !== 'right')
    .map((o) => `${o.verdict} ${o.file}: "${o.expected.starts}" -> ${o.offered?.speaker ?? o.offered?.description ?? '-'}`);
  assert.ok(overall.right / overall.expected >= 0.95, `right ${overall.right}/${overall.expected}\n${failures.join('\n')}`);
  assert.ok(overall.wrong / overall.expected <= 0.02, `wrong ${overall.wrong}/${overall.expected}\n${failures.join('\n')}`);
});

test('no headline word is ever given as a speaker', () => {
  for (const a of articles) {
    const headlineWords = new Set(a.headline.split(/\s+/).filter((w) => /^\p{Lu}\p{Ll}+$/u.test(w)));
    for (const q of findQuotes({ headline: a.headline, standfirst: a.standfirst, body: a.body })) {
      if (!q.speaker) continue;
      // A speaker may share a word with the headline only if the body or standfirst names them too.
      const named = q.speaker.split(' ').every((w) => !headlineWords.has(w) || `${a.standfirst}\n${a.body}`.includes(w));
      assert.ok(named, `${a.file}: ${q.speaker}`);
    }
  }
});

test('an article saved with Windows line endings reads the same as with Unix ones', () => {
  const crlf = articles.find((a) => a.body.includes('\r\n'));
  assert.ok(crlf, 'the set holds a CRLF article');
  const lf = { ...crlf, body: crlf.body.replace(/\r\n/g, '\n') };
  assert.deepEqual(findQuotes(crlf), findQuotes(lf));
});
