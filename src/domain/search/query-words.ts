import { stemmer } from 'stemmer';
import type { SearchTerms } from './search-query.js';

/**
 * A query's words as the indexes compare them, for the work done beside the database: ranking
 * SQLite's window (head-ranking.ts) and cutting both databases' passages (passages.ts). Lower
 * case, accents folded, Porter stems: the `stemmer` package implements the algorithm of
 * FTS5's `porter` tokenizer; PostgreSQL's `english` configuration uses its successor, which
 * stems a few words differently, so there a rare word may match without being marked.
 */

/** One word looked for: a stem, or a typed prefix (`milit*`). */
export interface Wanted {
  stem: string;
  prefix: boolean;
}

/** Lower case with accents folded; most copy is plain ASCII, which needs no decomposing. */
/** Plain ASCII: most copy is, and needs neither decomposing nor Unicode patterns. */
export const isAscii = (s: string) => !/[\u0080-\uffff]/.test(s);

export const fold = (s: string) => {
  const lower = s.toLowerCase();
  // Only letters with accents need decomposing: "£", "’" and dashes are left as they are.
  return isAscii(lower) || !ACCENTED.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}/gu, '');
};

/** Letters that decompose into a letter and its accents (Latin, Greek, Cyrillic and their extensions). */
const ACCENTED = /[\u00c0-\u024f\u0370-\u04ff\u1e00-\u1fff]/;

/** The words of the query's words and phrases, stemmed (a phrase's words each count). */
export function wantedWords(terms: SearchTerms): Wanted[] {
  const wanted = [
    ...terms.words.map((w) => (w.prefix ? { stem: fold(w.word), prefix: true } : { stem: stemmer(fold(w.word)), prefix: false })),
    ...terms.phrases.flatMap((p) => p.words.map((w) => ({ stem: stemmer(fold(w)), prefix: false }))),
  ];
  return wanted.filter((w, i) => w.stem && wanted.findIndex((o) => o.stem === w.stem && o.prefix === w.prefix) === i);
}

/** One place a wanted word stands in a text, by offsets. */
export interface WordMatch {
  at: number;
  end: number;
}

/**
 * A finder for a query's words in a folded text. A stem keeps its word's letters but for the
 * last ("armi" for "army"), so the text is first searched for each stem's first letters (a
 * fast scan) and only the words found there are stemmed; their stems are remembered, as
 * headlines and passages repeat words. `which` says which of the wanted words each match is.
 */
export function wordFinder(wanted: readonly Wanted[]): (folded: string) => Array<WordMatch & { which: number }> {
  const stems = new Map<string, string>();
  const stemOf = (token: string) => {
    let s = stems.get(token);
    if (s === undefined) stems.set(token, (s = stemmer(token)));
    return s;
  };
  const clues = [...new Set(wanted.map((w) => (w.prefix ? w.stem : w.stem.slice(0, Math.max(1, Math.min(3, w.stem.length - 1))))))];
  if (clues.length === 0) return () => [];
  // Stems and prefixes are letters and digits only (search-query.ts), so each is a plain literal here.
  // An ASCII pattern for ASCII text, several times quicker than one over Unicode's letters.
  const ascii = new RegExp(`(?<![a-z0-9])(?:${clues.join('|')})[a-z0-9]*`, 'g');
  const unicode = new RegExp(`(?<![\\p{L}\\p{N}])(?:${clues.join('|')})[\\p{L}\\p{N}]*`, 'gu');
  return (folded) => {
    const out: Array<WordMatch & { which: number }> = [];
    // Most fields hold none of the clues: a plain substring search says so before any pattern runs.
    if (!clues.some((c) => folded.includes(c))) return out;
    for (const m of folded.matchAll(isAscii(folded) ? ascii : unicode)) {
      const token = m[0];
      const which = wanted.findIndex((w) => (w.prefix ? token.startsWith(w.stem) : stemOf(token) === w.stem));
      if (which >= 0) out.push({ at: m.index, end: m.index + token.length, which });
    }
    return out;
  };
}
