import type { Executor } from '../../db/schema.js';
import type { SearchTerms } from './search-query.js';

/** What the index holds of an article: its words, by field, as plain text. */
export interface SearchDocument {
  articleId: string;
  headline: string;
  standfirst: string;
  /** Its topics' names, and its section's, space separated. */
  topics: string;
  /** The body as plain text (no Markdown marks, no picture addresses). */
  body: string;
  /** What searches filter and order by, kept beside the words so no article row is read per match. */
  status: string;
  sectionId: string;
  seriesId: string | null;
  publishedAt: string | null;
  updatedAt: string;
}

/** Narrows a search to one section, topic, series or author (by slug) and a publication-time range. */
export interface SearchFilter {
  section?: string | undefined;
  topic?: string | undefined;
  series?: string | undefined;
  author?: string | undefined;
  /** Published at or after (ISO time). */
  since?: string | undefined;
  /** Published before (ISO time). */
  until?: string | undefined;
}

/** Which articles a search may return: readers see published ones; the newsroom sees every one. */
export type SearchScope = 'published' | 'all';

/** One result: the article, how well it matched (higher is better) and a passage of its text. */
export interface SearchHit {
  articleId: string;
  score: number;
  /** A passage around the matched words; matched words are wrapped in SNIPPET_MARK and SNIPPET_END. */
  snippet: string;
}

/**
 * Counting stops here: past a thousand matches the exact number tells a reader nothing, and
 * counting a common word's every match costs more than finding the best ten. A search
 * reports `total` up to TOTAL_CAP + 1, which means "more than TOTAL_CAP".
 *
 * Ranking looks at the newest TOTAL_CAP matches. Both indexes list a query's matches newest
 * first and stop after TOTAL_CAP + 1 (which gives the count as well), so a search costs the
 * same on a word in every story as on a word in a thousand, however large the archive; the
 * window is then ranked by weight (`rankWindow`). A word in fewer stories than that is ranked
 * over all of them. For a word in more, the best of the last thousand stories naming it is
 * what a news reader is after; an older story is found by adding a word or a date range.
 */
export const TOTAL_CAP = 1000;

/**
 * A page of a window of matches listed newest first: the first TOTAL_CAP ranked by score
 * (ties stay newest first, the sort being stable), and how many the window held.
 */
export function rankWindow<T extends { score: number }>(
  newestFirst: readonly T[],
  offset: number,
  limit: number,
): { page: T[]; total: number } {
  const ranked = newestFirst.slice(0, TOTAL_CAP).sort((a, b) => b.score - a.score);
  return { page: ranked.slice(offset, offset + limit), total: newestFirst.length };
}

/** Private-use characters wrapping matched words in a snippet: never in real text, turned into <mark> by the page. */
export const SNIPPET_MARK = '\uE000';
export const SNIPPET_END = '\uE001';

/**
 * Full-text search over articles: one interface, one implementation per database
 * (`sqlite-search-index.ts` on FTS5, `postgres-search-index.ts` on tsvector), both passing
 * `search-index.contract.ts`. Ranking weighs the headline above the standfirst above the
 * topics and body; words are stemmed as English.
 */
export interface SearchIndex {
  /** Adds or replaces an article's document (inside the caller's transaction when given one). */
  put(ex: Executor, doc: SearchDocument): Promise<void>;
  /** Drops an article's document. */
  remove(ex: Executor, articleId: string): Promise<void>;
  /** A page of the newest TOTAL_CAP matches, best first (ties newest first), and how many match in all (at most TOTAL_CAP + 1). */
  search(
    terms: SearchTerms,
    opts: { filter: SearchFilter; scope: SearchScope; limit: number; offset: number },
  ): Promise<{ hits: SearchHit[]; total: number }>;
  /** How many documents the index holds. */
  size(): Promise<number>;
}
