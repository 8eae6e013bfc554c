/**
 * How much memory the reader site may keep of what it rendered and read (CACHE_MB), and how
 * that is shared. A process is meant to stay within about 150 MB of RSS (`npm start` bounds
 * its heap at 128 MB); the caches are what grows with traffic, so they get a budget of their
 * own, small by default and raised on a machine with memory to spare.
 */
export const DEFAULT_CACHE_MB = 16;

export interface CacheBudget {
  /** Rendered pages and feeds with their compressed forms (`web/page-store.ts`). */
  pages: number;
  /** Read models and the markup kept for them (`kernel/tagged-memo.ts`), as estimated. */
  readModels: number;
  /** Article bodies rendered from Markdown (`domain/articles/article-reader.service.ts`), two bytes a character. */
  bodies: number;
}

/**
 * Pages take the most: a hit costs nothing to serve. Read models come next, since a page
 * rendered afresh from them costs no query; rendered bodies spare only the Markdown.
 */
export function cacheBudget(mb = DEFAULT_CACHE_MB): CacheBudget {
  const bytes = mb * 1024 * 1024;
  return { pages: Math.floor(bytes * 0.6), readModels: Math.floor(bytes * 0.3), bodies: Math.floor(bytes * 0.1) };
}
