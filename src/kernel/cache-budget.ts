/**
 * How much memory the reader site may keep of what it rendered and read (CACHE_MB), and how
 * that is shared. A process is meant to stay within about 150 MB of RSS (`npm start` bounds
 * its heap at 128 MB); the caches are what grows with traffic, so they get a budget of their
 * own, small by default and raised on a machine with memory to spare.
 */
export const DEFAULT_CACHE_MB = 12;

export interface CacheBudget {
  /** Rendered pages and feeds with their compressed forms (`web/page-store.ts`). */
  pages: number;
  /** Read models and the markup kept for them (`kernel/tagged-memo.ts`), as estimated. */
  readModels: number;
  /** Article bodies rendered from Markdown (`domain/articles/article-reader.service.ts`), two bytes a character. */
  bodies: number;
  /**
   * SQLite's own page cache (`PRAGMA cache_size`, `db/database.ts`). better-sqlite3 builds
   * SQLite with 16 MB a connection, which a crawl or the sitemaps fill with pages of a large
   * archive and which no budget counted; the operating system caches the file anyway, so a
   * small share costs a read from memory, not from disk.
   */
  database: number;
}

/**
 * Pages take the most: a hit costs nothing to serve. Read models come next, since a page
 * rendered afresh from them costs no query; then SQLite's pages, which spare a read from the
 * operating system's cache; rendered bodies spare only the Markdown.
 */
export function cacheBudget(mb = DEFAULT_CACHE_MB): CacheBudget {
  const bytes = mb * 1024 * 1024;
  return {
    pages: Math.floor(bytes * 0.5),
    readModels: Math.floor(bytes * 0.25),
    database: Math.floor(bytes * 0.15),
    bodies: Math.floor(bytes * 0.1),
  };
}
