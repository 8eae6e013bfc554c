import assert from 'node:assert/strict';
import { test } from 'node:test';
import nlp from 'compromise/two';
import { lexiconVerdict } from './name-finder.js';
import { findEntitiesIn, nameWindows } from './name-windows.js';
import { articleText, suggestFor } from './suggest.js';
import { compileTopicIndex, findTopicMentions, type MatchableTopic } from './topic-matcher.js';
import { tokenize } from './topic-text.js';

const PUTIN: MatchableTopic = {
  id: 'putin',
  slug: 'vladimir-putin',
  name: 'Vladimir Putin',
  kind: 'person',
  distinctive: true,
  aliases: [],
};

/** What compromise is given of `body` when the outlet has `topics`, and what it finds there. */
function windowsOf(body: string, topics: MatchableTopic[] = []) {
  const article = articleText(body, { headline: 'Talks resume' });
  const tokens = tokenize(article.text);
  const claimed = new Uint8Array(tokens.length);
  for (const m of findTopicMentions(compileTopicIndex(topics), tokens, article.text)) claimed.fill(1, m.first, m.end);
  const windows = nameWindows(article.text, tokens, claimed, article.ner, (key, opens) => lexiconVerdict(nlp, key, opens));
  return { article, windows, entities: findEntitiesIn(nlp, windows) };
}

const BODY = 'Speaking in Brussels, Mr Putin met Sergei Lavrov. Lavrov said little. Later Mr Putin and Sergei Lavrov flew to Syria.';

test('compromise reads each new name once, with its neighbours; the outlet’s names, titles and the lexicon’s places are not sent', () => {
  const { windows } = windowsOf(BODY, [PUTIN]);
  assert.equal(windows.text.split('Sergei Lavrov').length - 1, 1, windows.text);
  assert.match(windows.text, /met Sergei Lavrov\. Lavrov said/);
  for (const unsent of ['Speaking', 'Brussels', 'Syria', 'Mr Putin met'])
    assert.ok(!windows.text.includes(unsent), `${unsent}: ${windows.text}`);
  // The lexicon knows the places as nothing else.
  assert.deepEqual(
    windows.known.map((m) => `${m.kind}: ${m.words.map((w) => w.text).join(' ')}`),
    ['place: Brussels', 'place: Syria'],
  );
});

test('what compromise finds in the windows stands where it stands in the article, and every mention is counted', () => {
  const { article, entities } = windowsOf(BODY, [PUTIN]);
  assert.ok(entities.some((m) => m.kind === 'person' && m.words.map((w) => w.text).join(' ') === 'Sergei Lavrov'));
  for (const m of entities) for (const w of m.words) assert.equal(article.text.slice(w.start, w.start + w.text.length), w.text);

  const { existing, proposed } = suggestFor(compileTopicIndex([PUTIN]), articleText(BODY, { headline: 'Talks resume' }), nlp);
  assert.deepEqual(
    existing.map((s) => `${s.name}×${s.count}`),
    ['Vladimir Putin×2'],
  );
  assert.deepEqual(
    proposed.map((p) => `${p.name} (${p.kind}${p.alias ? `, ${p.alias}` : ''}) ×${p.count}`),
    ['Sergei Lavrov (person, Lavrov) ×3', 'Brussels (place) ×1', 'Syria (place) ×1'],
  );
});

test('a name first met opening a sentence is sent where it stands inside one, and counted at both', () => {
  const body = 'Mr Okafor declined to comment. A report by Mr Okafor was late.';
  assert.equal(windowsOf(body).windows.text, 'by Mr Okafor was');
  const { proposed } = suggestFor(compileTopicIndex([]), articleText(body, { headline: 'Talks resume' }), nlp);
  assert.deepEqual(proposed, [{ name: 'Okafor', kind: 'person', count: 2 }]);
});

test('an acronym is sent whatever the lexicon says of the word ("US" is not "us")', () => {
  const body = 'Officials in the US said the US would help.';
  assert.match(windowsOf(body).windows.text, /the US said/);
  const { proposed } = suggestFor(compileTopicIndex([]), articleText(body, { headline: 'Talks resume' }), nlp);
  assert.deepEqual(proposed, [{ name: 'US', kind: 'place', count: 2 }]);
});
