/**
 * Finds the outlet's own topics in a text: every name and alias compiled once into a trie of
 * folded words, then one walk over the text's words, the longest name winning at each place
 * ("Islamic State" is not also "State").
 *
 * A bare surname ("Putin", the last word of a person topic's name) or an acronym (an alias in
 * capitals, or the capital initials of an organisation's name) is ambiguous on its own, so it
 * counts only when the topic is marked distinctive or its full name appears in the same text.
 */
import type { TopicKind } from '../taxonomy/index.js';
import { nameKeys, singularOf, tokenize, type Token } from './topic-text.js';

/** A topic as the matcher sees it. */
export interface MatchableTopic {
  id: string;
  slug: string;
  name: string;
  kind: TopicKind;
  /** Its bare surname or acronym alone names it. */
  distinctive: boolean;
  /** Its other names, its own left out. */
  aliases: string[];
}

/** How one name in the trie stands for its topic. */
interface Entry {
  topic: number;
  /** A bare surname or acronym: counts only when the topic is distinctive or named in full in the same text. */
  restricted: boolean;
  /** An acronym as the topic writes it ("UN", "MoD"): the text must write it so, or in capitals ("us" is not the US). */
  acronym: string | null;
  /** A surname: the text must give it a capital ("Brown", not "brown"). */
  capitalised: boolean;
}

interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  entries: Entry[] | undefined;
}

/** The outlet's topics compiled for matching; build it once per change of topics. */
export interface TopicIndex {
  topics: readonly MatchableTopic[];
  root: TrieNode;
  /** How many names (names, aliases, surnames, initials) it holds. */
  names: number;
}

/** One place in the text where a topic is named. */
export interface TopicMention {
  /** The topic's position in `index.topics`. */
  topic: number;
  /** The words it covers (`tokens[first]` up to, not including, `tokens[end]`). */
  first: number;
  end: number;
  /** Whether it was named by a bare surname or acronym. */
  restricted: boolean;
}

/** Lower-case words that belong to a surname ("Ursula von der Leyen", "Bashar al-Assad"). */
export const PARTICLES = new Set([
  'al',
  'el',
  'bin',
  'ibn',
  'ben',
  'van',
  'von',
  'der',
  'den',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'la',
  'le',
]);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
// Words an organisation's initials leave out ("Ministry of Defence" → "MD").
const MINOR_WORDS = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'to', 'at', 'a', 'an', '&']);

/** An alias written as an acronym: one word of letters (dots allowed), mostly capitals ("UN", "ISIS", "MoD", "U.S."). */
export function isAcronym(alias: string): boolean {
  if (!/^[\p{L}.&]+$/u.test(alias)) return false;
  const letters = alias.replace(/[.&]/g, '');
  const upper = [...letters].filter((c) => c !== c.toLowerCase()).length;
  return letters.length >= 2 && letters.length <= 10 && upper >= 2 && upper >= letters.length - upper;
}

/**
 * The folded words a person may be called by on their own: the last word of the name with the
 * particles before it ("von der Leyen"), and an Arabic article's name without it ("al-Assad" →
 * also "Assad"). None for a one-word name.
 */
export function surnameKeys(name: string): string[][] {
  const words = name.trim().split(/\s+/);
  while (words.length > 1 && SUFFIXES.has(words.at(-1)!.replace(/\./g, '').toLowerCase())) words.pop();
  if (words.length < 2) return [];
  let from = words.length - 1;
  while (from > 1 && PARTICLES.has(words[from - 1]!.toLowerCase())) from--;
  const out = [nameKeys(words.slice(from).join(' '))];
  const last = words.at(-1)!;
  const article = /^(?:al|el|ad|as|ash|at|az|an|ar)[-‐](.+)$/i.exec(last);
  if (article) out.push(nameKeys(article[1]!));
  if (from < words.length - 1) out.push(nameKeys(last));
  return out.filter((keys) => keys.length > 0);
}

/** An organisation's capital initials ("United Nations" → "UN"), or null when it has fewer than two. */
export function capitalInitials(name: string): string | null {
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return null;
  const initials = words
    .filter((w) => !MINOR_WORDS.has(w.toLowerCase()))
    .map((w) => w.charAt(0))
    .filter((c) => c !== c.toLowerCase());
  return initials.length >= 2 ? initials.join('') : null;
}

const sameKeys = (a: string[], b: string[]) => a.length === b.length && a.every((k, i) => k === b[i]);

/** Compiles the topics' names, aliases, surnames and initials into one trie. */
export function compileTopicIndex(topics: readonly MatchableTopic[]): TopicIndex {
  const root: TrieNode = { next: undefined, entries: undefined };
  let names = 0;
  const add = (keys: string[], entry: Entry) => {
    if (keys.length === 0) return;
    let node = root;
    for (const key of keys) {
      node.next ??= new Map();
      let child = node.next.get(key);
      if (!child) {
        child = { next: undefined, entries: undefined };
        node.next.set(key, child);
      }
      node = child;
    }
    node.entries ??= [];
    const same = node.entries.find((e) => e.topic === entry.topic);
    if (!same) {
      node.entries.push(entry);
      names++;
    } else if (same.restricted && !entry.restricted) Object.assign(same, entry);
  };
  topics.forEach((topic, i) => {
    const plain: Entry = { topic: i, restricted: false, acronym: null, capitalised: false };
    add(nameKeys(topic.name), plain);
    const surnames = topic.kind === 'person' ? surnameKeys(topic.name) : [];
    for (const alias of topic.aliases) {
      const keys = nameKeys(alias);
      if (isAcronym(alias)) add(keys, { topic: i, restricted: true, acronym: alias, capitalised: false });
      else if (surnames.some((s) => sameKeys(s, keys))) add(keys, { topic: i, restricted: true, acronym: null, capitalised: true });
      else add(keys, plain);
    }
    for (const keys of surnames) add(keys, { topic: i, restricted: true, acronym: null, capitalised: true });
    const initials = topic.kind === 'organisation' ? capitalInitials(topic.name) : null;
    if (initials) add([initials.toLowerCase()], { topic: i, restricted: true, acronym: initials, capitalised: false });
  });
  return { topics, root, names };
}

/** Whether the words as written fit an acronym's or a surname's rule (capitals). */
function writtenAs(entry: Entry, tokens: readonly Token[], first: number, end: number, text: string): boolean {
  if (entry.acronym !== null) {
    const surface = text.slice(tokens[first]!.start, tokens[end - 1]!.end);
    if (surface === entry.acronym) return true;
    const letters = surface.replace(/[^\p{L}]/gu, '');
    // Two or three letters must be capitals ("US", not "Us" or "us"); longer ones may be
    // written as a word with a capital, as many British outlets do ("Nato", "Isis").
    return letters === letters.toUpperCase() || (letters.length >= 4 && tokens[first]!.shape !== 'lower');
  }
  if (entry.capitalised) return tokens[end - 1]!.shape !== 'lower';
  return true;
}

/**
 * Walks the text once, taking at each word the longest name that `counts` (then going on after
 * it). Words marked in `skip` are passed over (already claimed by another index).
 */
export function scanMentions(
  index: TopicIndex,
  tokens: readonly Token[],
  text: string,
  counts: (entry: Entry) => boolean,
  skip?: Uint8Array,
): TopicMention[] {
  const mentions: TopicMention[] = [];
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    if (skip?.[i]) continue;
    let node: TrieNode | undefined = index.root;
    let best: TopicMention | null = null;
    for (let j = i; j < n; j++) {
      const token = tokens[j]!;
      if (j > i && (token.breakBefore || skip?.[j])) break;
      let child: TrieNode | undefined = node.next?.get(token.key);
      if (!child && node.next) {
        const singular = singularOf(token);
        if (singular) child = node.next.get(singular);
      }
      if (!child) break;
      node = child;
      if (node.entries) {
        const chosen = choose(node.entries, (e) => counts(e) && writtenAs(e, tokens, i, j + 1, text));
        if (chosen) best = { topic: chosen.topic, first: i, end: j + 1, restricted: chosen.restricted };
      }
      // A possessive ends a name: "Putin's Russia" is two.
      if (token.possessive || !node.next) break;
    }
    if (best) {
      mentions.push(best);
      i = best.end - 1;
    }
  }
  return mentions;
}

/**
 * The entry a name stands for here: a full name or alias first; else a bare surname or acronym
 * when exactly one topic answers to it (two Johnsons in one text are left unresolved).
 */
function choose(entries: readonly Entry[], ok: (e: Entry) => boolean): Entry | null {
  let restricted: Entry | null = null;
  let ambiguous = false;
  for (const e of entries) {
    if (!ok(e)) continue;
    if (!e.restricted) return e;
    if (restricted && restricted.topic !== e.topic) ambiguous = true;
    restricted ??= e;
  }
  return ambiguous ? null : restricted;
}

/**
 * Every mention of the index's topics in the text's words, by the surname-and-acronym rule: a
 * first walk finds the topics named in full, the second lets their bare surnames and acronyms
 * (and those of distinctive topics) count too.
 */
export function findTopicMentions(index: TopicIndex, tokens: readonly Token[], text: string, skip?: Uint8Array): TopicMention[] {
  const named = new Set<number>();
  for (const m of scanMentions(index, tokens, text, (e) => !e.restricted, skip)) named.add(m.topic);
  return scanMentions(index, tokens, text, (e) => !e.restricted || named.has(e.topic) || index.topics[e.topic]!.distinctive, skip);
}

/** The topics a name stands for exactly, by any of their names (full, alias, surname or initials). */
export function topicsNamed(index: TopicIndex, name: string): number[] {
  let node: TrieNode | undefined = index.root;
  for (const key of nameKeys(name)) {
    node = node.next?.get(key);
    if (!node) return [];
  }
  return node === index.root ? [] : (node.entries ?? []).map((e) => e.topic);
}

/** One of the outlet's topics found in a text. */
export interface ExistingTopicSuggestion {
  topicId: string;
  name: string;
  slug: string;
  /** How the text first names it ("Vladimir Putin", "UN"). */
  matched: string;
  /** How many times the text names it. */
  count: number;
}

/** The outlet's topics a text names, most mentioned first (then in the order the text first names them). */
export function summariseMentions(
  index: TopicIndex,
  tokens: readonly Token[],
  text: string,
  mentions: readonly TopicMention[],
): ExistingTopicSuggestion[] {
  const byTopic = new Map<number, { first: number; matched: string; count: number }>();
  for (const m of mentions) {
    const seen = byTopic.get(m.topic);
    if (seen) seen.count++;
    else byTopic.set(m.topic, { first: m.first, matched: text.slice(tokens[m.first]!.start, tokens[m.end - 1]!.end), count: 1 });
  }
  return [...byTopic.entries()]
    .sort(([, a], [, b]) => b.count - a.count || a.first - b.first)
    .map(([i, s]) => {
      const topic = index.topics[i]!;
      return { topicId: topic.id, name: topic.name, slug: topic.slug, matched: s.matched, count: s.count };
    });
}

/** The outlet's topics named in `text`: tokenises, matches and summarises in one call. */
export function matchTopics(index: TopicIndex, text: string): ExistingTopicSuggestion[] {
  const tokens = tokenize(text);
  return summariseMentions(index, tokens, text, findTopicMentions(index, tokens, text));
}
