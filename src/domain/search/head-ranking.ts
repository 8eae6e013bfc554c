import { fold, wordFinder, type Wanted } from './query-words.js';

/**
 * How SQLite's search ranks its window of newest matches: by where the query's words stand.
 * A word in the headline counts 10, in the standfirst 4, in the topics 1.5; every match has
 * the words somewhere (the body at least), so a story naming them only in its body scores 0
 * and ties go to the newest. FTS5's bm25() would rank by frequency as well, but it counts each
 * term's matches across the whole archive before scoring a single row (tens of milliseconds
 * for a phrase on a large archive), while reading the window's short fields costs little.
 * Words are compared as the index compares them (query-words.ts).
 */
const FIELD_WEIGHTS = [10, 4, 1.5] as const;

/** The headline, standfirst and topics of one match. */
export type HeadFields = readonly [headline: string, standfirst: string, topics: string];

/** A scorer for one query: each wanted word found in a field adds that field's weight. */
export function headScorer(wanted: readonly Wanted[]): (fields: HeadFields) => number {
  const find = wordFinder(wanted);
  return (fields) => {
    let score = 0;
    fields.forEach((field, i) => {
      if (!field) return;
      const found = new Set(find(fold(field)).map((m) => m.which));
      score += found.size * FIELD_WEIGHTS[i]!;
    });
    return score;
  };
}
