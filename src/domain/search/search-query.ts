/**
 * What a reader types into the search box, understood once for both databases: words,
 * `"exact phrases"`, `-excluded` words and `prefix*` words. Nothing a reader types reaches a
 * database's own query syntax: each index compiles this structure, and every word is only
 * letters and digits. Bad syntax never fails; an unclosed quote, a lone `-` or `*`, stray
 * punctuation all fall back to plain words.
 */

/** A query as the indexes take it. */
export interface SearchTerms {
  /** Words every result has (stemmed by the index); `prefix` words match any word they begin. */
  words: Array<{ word: string; prefix: boolean }>;
  /**
   * Phrases every result has, word for word, in order (each at least two words), with the
   * text they came from: PostgreSQL parses "F-35" its own way and must see it as typed.
   */
  phrases: Array<{ words: string[]; text: string }>;
  /** Words no result has. */
  excluded: string[];
}

/** Longest query considered (characters); the rest is ignored, not refused. */
export const MAX_QUERY_LENGTH = 200;
/** Most words (in all parts) a query uses; more make a slow query and no better results. */
const MAX_WORDS = 12;
/** A prefix shorter than this would match half the dictionary. */
const MIN_PREFIX = 2;

/**
 * English words too common to search for (the Snowball list PostgreSQL's `english`
 * configuration drops): dropped from a query's loose words on both databases, so "and", "or"
 * and "not" typed as operators fall back to nothing rather than to words every story has.
 * Phrases keep them ("war of words").
 */
const STOP_WORDS = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself ' +
    'they them their theirs themselves what which who whom this that these those am is are was were be been being have has had having ' +
    'do does did doing a an the and but if or because as until while of at by for with about against between into through during ' +
    'before after above below to from up down in out on off over under again further then once here there when where why how all any ' +
    'both each few more most other some such no nor not only own same so than too very s t can will just don should now'
  ).split(' '),
);

/** The words of a piece of text: runs of letters and digits, lower-cased. */
const wordsOf = (text: string) =>
  (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).slice(0, MAX_WORDS);

/** Parses a reader's query; never throws. */
export function parseSearchQuery(raw: string): SearchTerms {
  const text = raw.slice(0, MAX_QUERY_LENGTH);
  const out: SearchTerms = { words: [], phrases: [], excluded: [] };
  let budget = MAX_WORDS;
  const take = (n: number) => {
    const ok = budget >= n;
    if (ok) budget -= n;
    return ok;
  };
  // A phrase is text between a pair of straight or curly double quotes; an unpaired quote is plain text.
  const pattern = /["“”]([^"“”]*)["“”]|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[1] !== undefined) {
      const words = wordsOf(match[1]);
      if (words.length === 1 && take(1)) out.words.push({ word: words[0]!, prefix: false });
      else if (words.length > 1 && take(words.length)) out.phrases.push({ words, text: words.join(' ') });
      continue;
    }
    const token = match[2]!;
    const excluded = /^-[\p{L}\p{N}]/u.test(token);
    const prefix = /[\p{L}\p{N}]\*$/u.test(token);
    const words = wordsOf(token);
    if (excluded && words.length === 1) {
      if (take(1)) out.excluded.push(words[0]!);
      continue;
    }
    // "F-35", "al-Assad" or "U.K." is one token of several words, as the index splits it: a
    // phrase. Other punctuation ("headline:typhoon", "(typhoon)") only separates words.
    if (words.length > 1 && !prefix && /^[\p{L}\p{N}]+(?:[-'’.][\p{L}\p{N}]+)+\.?$/u.test(token)) {
      if (take(words.length)) out.phrases.push({ words, text: token.replace(/\.$/, '') });
      continue;
    }
    for (const [i, word] of words.entries()) {
      if (STOP_WORDS.has(word) || !take(1)) continue;
      const isPrefix = prefix && i === words.length - 1 && word.length >= MIN_PREFIX;
      if (!out.words.some((w) => w.word === word && w.prefix === isPrefix)) out.words.push({ word, prefix: isPrefix });
    }
  }
  return out;
}

/** True when a query has something to find (exclusions alone match nothing useful). */
export const isSearchable = (terms: SearchTerms): boolean => terms.words.length > 0 || terms.phrases.length > 0;

/** The words of a text worth comparing (no stop words, none shorter than three letters), crudely singular. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text
    .toLowerCase()
    .normalize('NFKC')
    .match(/[\p{L}\p{N}]+/gu) ?? [])
    if (word.length >= 3 && !STOP_WORDS.has(word))
      out.add(word.length > 4 && word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1) : word);
  return out;
}
