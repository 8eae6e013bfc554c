/**
 * New topics to propose: the people, places and organisations the NLP library compromise finds
 * (`name-finder.ts`), tidied ("Mr Putin's" → "Putin"), merged ("Putin" into "Vladimir Putin"),
 * stripped of what the outlet already has a topic for, and counted with the same matcher as
 * topics, over the whole text (compromise may have read only some of each name's mentions).
 */
import {
  capitalInitials,
  compileTopicIndex,
  findTopicMentions,
  PARTICLES,
  surnameKeys,
  topicsNamed,
  type MatchableTopic,
  type TopicIndex,
} from './topic-matcher.js';
import type { EntityMention, ProposedKind } from './name-finder.js';
import { nameKeys, type Token } from './topic-text.js';

/** A topic the outlet does not have yet, for an editor to create with one click. */
export interface ProposedTopic {
  name: string;
  kind: ProposedKind;
  /** Another name the text uses for it: a person's surname, an organisation's acronym. */
  alias?: string;
  /** How many times the text names it. */
  count: number;
}

/** Titles and honorifics before a name ("President Obama", "Mr Putin", "Prime Minister …"), folded. */
export const TITLES = new Set(
  (
    'mr mrs ms miss mx dr sir dame lord lady president vice prime minister secretary chancellor foreign defence defense ' +
    'general gen colonel col major maj captain capt admiral adm commander lieutenant lt sergeant sgt brigadier marshal ' +
    'king queen prince princess sheikh emir pope senator sen governor mayor ambassador chief premier the former late'
  ).split(' '),
);
/** Lower-case words that may sit inside a name ("Bank of England", "Bashar al-Assad"): a surname's particles and a few more. */
export const INNER = new Set(['of', 'the', 'and', 'for', ...PARTICLES]);
// Compass adjectives before a place ("eastern Ukraine" is Ukraine).
const COMPASS = /^(?:north|south)?-?(?:east|west)?ern$|^central$/i;
// What a word is tagged when it is not a name, whatever its capital says.
const NOT_A_NAME = ['Verb', 'Gerund', 'Adverb', 'Pronoun', 'Determiner', 'Preposition', 'Conjunction', 'QuestionWord', 'Expression'];

const startsLower = (w: string) => {
  const c = w.charAt(0);
  return c.toLowerCase() === c && c.toUpperCase() !== c;
};

/** A mention tidied into a name, or null when nothing name-like is left. */
interface Tidied {
  name: string;
  key: string;
  kind: ProposedKind;
  start: number;
  /** A sentence starts with it (and no title stood before it): its capital may be the sentence's. */
  sentenceStart: boolean;
  /** Its one word's tags, for telling a sentence's first word from a name. */
  tags: string[];
}

function tidy(mention: EntityMention, text: string): Tidied | null {
  const words = mention.words.map((w) => ({ ...w, text: w.text.replace(/['’]s$/i, '').replace(/['’]$/, '') }));
  let titled = false;
  while (words.length > 1 && (TITLES.has(words[0]!.text.toLowerCase().replace(/\.$/, '')) || words[0]!.tags.includes('Honorific'))) {
    words.shift();
    titled = true;
  }
  if (words.length === 1 && (TITLES.has(words[0]!.text.toLowerCase()) || words[0]!.tags.includes('Honorific'))) return null;
  // "eastern Ukraine", and "Eastern Ukraine" opening a sentence, are Ukraine.
  while (words.length > 1 && (startsLower(words[0]!.text) || (COMPASS.test(words[0]!.text) && words[0]!.sentenceStart))) words.shift();
  // "Syrian government", "Syrian territory": what is left is an adjective, dropped below.
  let trailing = false;
  while (words.length > 1 && startsLower(words.at(-1)!.text) && !INNER.has(words.at(-1)!.text)) {
    words.pop();
    trailing = true;
  }
  if (words.length === 0 || startsLower(words[0]!.text)) return null;
  if (words.some((w) => startsLower(w.text) && !INNER.has(w.text.toLowerCase()))) return null;
  const first = words[0]!;
  const last = words.at(-1)!;
  const name = text
    .slice(first.start, last.start + last.text.length)
    .replace(/\s+/g, ' ')
    .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}.]+$/gu, '');
  const key = nameKeys(name).join(' ');
  if (!key) return null;
  if (words.length === 1) {
    // A nationality is not a topic ("Syrian" from "the Syrian government").
    if (first.tags.includes('Demonym') || first.tags.includes('Adjective')) return null;
    if (trailing && /(?:ian|ean|ese|ish|an|i)$/i.test(first.text)) return null;
  }
  return { name, key, kind: mention.kind, start: first.start, sentenceStart: first.sentenceStart && !titled, tags: first.tags };
}

interface Group {
  name: string;
  key: string;
  words: number;
  kinds: Map<ProposedKind, number>;
  mentions: Tidied[];
  alias?: string;
  mergedInto?: Group;
}

/** The regions of the text a suggestion reads, by offset: headline, standfirst and body. */
export interface TextRegions {
  headline: [number, number];
  standfirst: [number, number];
  body: [number, number];
}

/**
 * Topics to propose from compromise's `mentions` of `text`: tidied, merged, without those the
 * outlet has (`index`, by any name), counted over the words not already claimed by its topics
 * (`claimed`), kept when named at least once in the body or headline, most mentioned first.
 */
export function proposeTopics(
  index: TopicIndex,
  text: string,
  tokens: readonly Token[],
  regions: TextRegions,
  mentions: readonly EntityMention[],
  claimed: Uint8Array,
): ProposedTopic[] {
  const groups = new Map<string, Group>();
  for (const mention of mentions) {
    const t = tidy(mention, text);
    if (!t) continue;
    let g = groups.get(t.key);
    if (!g) {
      g = { name: t.name, key: t.key, words: t.key.split(' ').length, kinds: new Map(), mentions: [] };
      groups.set(t.key, g);
    }
    g.kinds.set(t.kind, (g.kinds.get(t.kind) ?? 0) + 1);
    g.mentions.push(t);
  }

  // A capitalised word that only ever opens a sentence, and is written in lower case elsewhere
  // or tagged as something other than a name, is the sentence's capital, not a name.
  const lowerElsewhere = new Set(tokens.filter((t) => t.shape === 'lower').map((t) => t.key));
  for (const [key, g] of groups)
    if (
      g.words === 1 &&
      g.mentions.every((m) => m.sentenceStart) &&
      (lowerElsewhere.has(key) || g.mentions.some((m) => m.tags.some((tag) => NOT_A_NAME.includes(tag))))
    )
      groups.delete(key);

  // "Putin" and "Mr Putin" are Vladimir Putin when the text names him in full; "UN" is the
  // United Nations when both appear. A surname two people share stays apart.
  const all = [...groups.values()];
  const surnameOf = new Map<string, Group[]>();
  const initialsOf = new Map<string, Group>();
  for (const g of all) {
    if (g.words < 2) continue;
    if (kindOf(g) === 'person') for (const keys of surnameKeys(g.name)) push(surnameOf, keys.join(' '), g);
    const initials = capitalInitials(g.name);
    if (initials && kindOf(g) !== 'person') initialsOf.set(initials, g);
  }
  for (const g of all) {
    const people = kindOf(g) === 'person' ? surnameOf.get(g.key) : undefined;
    const target = people?.length === 1 ? people[0]! : g.words === 1 ? initialsOf.get(g.name) : undefined;
    if (target && target !== g) {
      target.mentions.push(...g.mentions);
      for (const [k, n] of g.kinds) target.kinds.set(k, (target.kinds.get(k) ?? 0) + n);
      target.alias ??= g.name;
      g.mergedInto = target;
    }
  }
  const candidates = all.filter((g) => !g.mergedInto && topicsNamed(index, g.name).length === 0);
  if (candidates.length === 0) return [];

  // Counted by the same walk as topics, over the words the outlet's topics have not claimed.
  const proposals: MatchableTopic[] = candidates.map((g, i) => {
    const kind = kindOf(g);
    const alias = g.alias ?? (kind === 'person' ? defaultSurname(g.name) : undefined);
    g.alias = alias && topicsNamed(index, alias).length === 0 && nameKeys(alias).join(' ') !== g.key ? alias : undefined;
    return { id: String(i), slug: '', name: g.name, kind, distinctive: false, aliases: g.alias ? [g.alias] : [] };
  });
  const counted = compileTopicIndex(proposals);
  const stats = candidates.map(() => ({ count: 0, inBodyOrHeadline: 0, first: Infinity }));
  for (const m of findTopicMentions(counted, tokens, text, claimed)) {
    const s = stats[m.topic]!;
    const at = tokens[m.first]!.start;
    s.count++;
    s.first = Math.min(s.first, at);
    if (within(at, regions.body) || within(at, regions.headline)) s.inBodyOrHeadline++;
  }
  return candidates
    .map((g, i) => ({ g, s: stats[i]! }))
    .filter(({ s }) => s.inBodyOrHeadline > 0)
    .sort((a, b) => b.s.count - a.s.count || a.s.first - b.s.first)
    .map(({ g, s }) => ({ name: g.name, kind: kindOf(g), ...(g.alias ? { alias: g.alias } : {}), count: s.count }));
}

const within = (at: number, [from, to]: [number, number]) => at >= from && at < to;

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The kind most of a name's mentions were found as (the first found on a tie). */
function kindOf(g: Group): ProposedKind {
  let best: ProposedKind = 'person';
  let most = -1;
  for (const [kind, n] of g.kinds)
    if (n > most) {
      best = kind;
      most = n;
    }
  return best;
}

/** A person's surname as an alias ("Barack Obama" → "Obama", "Bashar al-Assad" → "Assad"). */
function defaultSurname(name: string): string | undefined {
  const words = name.split(' ');
  if (words.length < 2) return undefined;
  const last = words.at(-1)!;
  return /^(?:al|el|ad|as|ash|at|az|an|ar)[-‐](.+)$/i.exec(last)?.[1] ?? last;
}
