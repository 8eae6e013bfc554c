import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopicKind } from '../taxonomy/index.js';
import { capitalInitials, compileTopicIndex, isAcronym, matchTopics, surnameKeys, type MatchableTopic } from './topic-matcher.js';
import { isTitleCase, plainBody, tokenize } from './topic-text.js';

const topic = (name: string, kind: TopicKind, extra: Partial<MatchableTopic> = {}): MatchableTopic => ({
  id: `id-${name}`,
  slug: name.toLowerCase().replace(/\W+/g, '-'),
  name,
  kind,
  distinctive: false,
  aliases: [],
  ...extra,
});

/** What `text` names, as "Name×count (as matched)". */
function found(topics: MatchableTopic[], text: string): string[] {
  return matchTopics(compileTopicIndex(topics), text).map((s) => `${s.name}×${s.count} (${s.matched})`);
}

test('the longest name wins: "Islamic State" is not also "State"', () => {
  const topics = [topic('Islamic State', 'organisation'), topic('State', 'subject'), topic('Royal Navy', 'organisation')];
  assert.deepEqual(found(topics, 'Islamic State fighters fled. The State Department said the Royal Navy was ready.'), [
    'Islamic State×1 (Islamic State)',
    'State×1 (State)',
    'Royal Navy×1 (Royal Navy)',
  ]);
});

test('aliases name their topic, and the most mentioned topic comes first', () => {
  const topics = [topic('Royal Marines', 'organisation', { aliases: ['Royal Marine Commandos'] }), topic('Drones', 'subject')];
  assert.deepEqual(found(topics, 'Drones flew. Royal Marine Commandos tested them; the Royal Marines said so.'), [
    'Royal Marines×2 (Royal Marine Commandos)',
    'Drones×1 (Drones)',
  ]);
});

test('case and accents are folded; a name never spans a sentence or clause', () => {
  const topics = [topic('Recep Tayyip Erdoğan', 'person'), topic('Zürich', 'place'), topic('New York', 'place')];
  assert.deepEqual(found(topics, 'RECEP TAYYIP ERDOGAN flew to zurich. It was new. York was not.'), [
    'Recep Tayyip Erdoğan×1 (RECEP TAYYIP ERDOGAN)',
    'Zürich×1 (zurich)',
  ]);
  assert.deepEqual(found(topics, 'New, York'), []);
});

test('possessives and plurals name the topic; a possessive ends a name', () => {
  const topics = [topic('Vladimir Putin', 'person'), topic('Russia', 'place'), topic('Drone', 'subject'), topic('Militia', 'subject')];
  assert.deepEqual(found(topics, "Vladimir Putin’s Russia sent drones. Russia's militias and Putin's drone."), [
    'Vladimir Putin×2 (Vladimir Putin)',
    'Russia×2 (Russia)',
    'Drone×2 (drones)',
    'Militia×1 (militias)',
  ]);
});

test('a bare surname counts only when the full name is in the text, or the topic is distinctive', () => {
  const obama = topic('Barack Obama', 'person');
  assert.deepEqual(found([obama], 'Mr Obama spoke at the UN.'), [], 'the surname alone, not distinctive');
  assert.deepEqual(found([obama], 'Barack Obama arrived. Later Mr Obama spoke.'), ['Barack Obama×2 (Barack Obama)']);
  assert.deepEqual(found([{ ...obama, distinctive: true }], 'Mr Obama spoke.'), ['Barack Obama×1 (Obama)']);
  // An alias that is the surname follows the same rule.
  const putin = topic('Vladimir Putin', 'person', { aliases: ['Putin', 'President Putin'] });
  assert.deepEqual(found([putin], 'Putin said no.'), []);
  assert.deepEqual(found([putin], 'President Putin said no.'), ['Vladimir Putin×1 (President Putin)'], 'a longer alias is a full name');
  // A surname written in lower case is a word, not the person.
  assert.deepEqual(found([{ ...topic('Theresa May', 'person'), distinctive: true }], 'It may rain.'), []);
  // "al-Assad" and "Assad" both stand for Bashar al-Assad once he is named in full.
  assert.deepEqual(found([topic('Bashar al-Assad', 'person')], 'Assad stayed. Bashar al-Assad spoke; al-Assad left.'), [
    'Bashar al-Assad×3 (Assad)',
  ]);
  // Two people sharing a surname leave the bare surname unresolved.
  const johnsons = [topic('Boris Johnson', 'person'), topic('Lyndon Johnson', 'person')];
  assert.deepEqual(found(johnsons, 'Boris Johnson met Lyndon Johnson. Johnson left.'), [
    'Boris Johnson×1 (Boris Johnson)',
    'Lyndon Johnson×1 (Lyndon Johnson)',
  ]);
});

test('an acronym counts only when the full name is in the text, or the topic is distinctive; it must be written in capitals', () => {
  const un = topic('United Nations', 'organisation');
  assert.deepEqual(found([un], 'The UN said so.'), [], 'initials alone');
  assert.deepEqual(found([un], 'The United Nations met. The UN said so.'), ['United Nations×2 (United Nations)']);
  const us = topic('United States', 'place', { aliases: ['US'], distinctive: true });
  assert.deepEqual(found([us], 'Join us, said the US.'), ['United States×1 (US)'], '"us" is not the US');
  const mod = topic('Ministry of Defence', 'organisation', { aliases: ['MoD'] });
  assert.deepEqual(found([mod], 'The MoD said.'), []);
  assert.deepEqual(found([{ ...mod, distinctive: true }], 'The MoD said. The MOD said.'), ['Ministry of Defence×2 (MoD)']);
  const nato = topic('North Atlantic Treaty Organization', 'organisation', { aliases: ['NATO'], distinctive: true });
  assert.deepEqual(found([nato], 'Nato jets and NATO ships; nato is lower case.'), ['North Atlantic Treaty Organization×2 (Nato)']);
  // A topic whose own name is an acronym is named by it, distinctive or not.
  assert.deepEqual(found([topic('NATO', 'organisation')], 'NATO met.'), ['NATO×1 (NATO)']);
});

test('the helpers: surnames, initials, acronyms, title case and plain Markdown', () => {
  assert.deepEqual(surnameKeys('Vladimir Putin'), [['putin']]);
  assert.deepEqual(surnameKeys('Bashar al-Assad'), [['al', 'assad'], ['assad']]);
  assert.deepEqual(surnameKeys('Martin Luther King Jr.'), [['king']]);
  assert.deepEqual(surnameKeys('Madonna'), []);
  assert.equal(capitalInitials('United Nations'), 'UN');
  assert.equal(capitalInitials('Ministry of Defence'), 'MD');
  assert.equal(capitalInitials('NATO'), null);
  assert.deepEqual(['UN', 'ISIS', 'MoD', 'U.S.', 'Nato', 'F-35B', 'NatWest'].map(isAcronym), [true, true, true, true, false, false, false]);
  assert.equal(isTitleCase('Putin: Russia Considering Airstrikes Against Islamic State'), true);
  assert.equal(isTitleCase('Russia considers airstrikes against Islamic State'), false);
  assert.equal(plainBody('See **[the MoD](https://example.org/mod)**.\n\n![A ship](media:abc)\n> Quoted'), 'See the MoD.\n\n \nQuoted');
  assert.deepEqual(
    tokenize('George W. Bush met Gen. Smith. Then').map((t) => [t.key, t.breakBefore]),
    [
      ['george', true],
      ['w', false],
      ['bush', false],
      ['met', false],
      ['gen', false],
      ['smith', false],
      ['then', true],
    ],
  );
});
