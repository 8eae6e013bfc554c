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
 */
export const TOTAL_CAP = 1000;

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
  /** A page of matches, best first (ties newest first), and how many match in all (at most TOTAL_CAP + 1). */
  search(
    terms: SearchTerms,
    opts: { filter: SearchFilter; scope: SearchScope; limit: number; offset: number },
  ): Promise<{ hits: SearchHit[]; total: number }>;
  /** How many documents the index holds. */
  size(): Promise<number>;
}
