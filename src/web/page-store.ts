import type { EncodedBody } from './encoding.js';

/** One cached answer: its bytes in every form made so far, and what it shows. */
export interface StoredPage {
  /** Bytes, so a hit needs no encoding or length count; brotli and gzip forms follow within milliseconds. */
  body: EncodedBody;
  etag: string;
  contentType: string;
  cacheControl: string;
  /** The answer's Last-Modified (feeds give one), replayed on hits and compared with If-Modified-Since. */
  lastModified: string | null;
  /** Headers naming what the answer shows for a CDN (Surrogate-Key, Cache-Tag), replayed on hits. */
  tagHeaders: Array<[string, string]>;
  /** What it shows (`site`, `home`, `article:ID` …): a purge of any of them drops it. */
  tags: readonly string[];
  /** When it must be rendered afresh whatever happens (its "Today" labels turn into dates at midnight). */
  expiresAt: number;
  /** Headers for the fast path, built once per form on first use (`web/plugins/page-cache.ts`). */
  raw: Partial<Record<'identity' | 'br' | 'gzip' | 'notModified', string[]>>;
}

/** A page's size in the cache: all its forms. */
const sizeOf = (page: StoredPage) => page.body.identity.length + (page.body.br?.length ?? 0) + (page.body.gzip?.length ?? 0);

/**
 * Rendered pages by cache key, indexed by tag, within a byte budget (the oldest go first).
 * `purge(['article:ID'])` drops exactly the pages showing that story; `site` drops all.
 */
export class PageStore {
  private readonly pages = new Map<string, StoredPage>();
  private readonly byTag = new Map<string, Set<string>>();
  private used = 0;
  /**
   * Moves on with every change heard. A page rendered while a change was being heard may
   * show the world before it: it is stored only if the generation did not move meanwhile.
   */
  generation = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.pages.size;
  }

  /** The page under `key`, unless it has expired (then it is dropped). */
  get(key: string, now: number): StoredPage | undefined {
    const page = this.pages.get(key);
    if (page === undefined) return undefined;
    if (page.expiresAt > now) return page;
    this.forget(key);
    return undefined;
  }

  /** Keeps `page` under `key`, replacing what was there; false when it is too big to keep. */
  set(key: string, page: StoredPage): boolean {
    this.forget(key);
    // A page bigger than a tenth of the budget is served but not kept.
    if (sizeOf(page) > this.maxBytes / 10) return false;
    this.pages.set(key, page);
    this.used += sizeOf(page);
    for (const tag of page.tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    this.makeRoom(key);
    return true;
  }

  /** True while `page` is the one kept under `key` (not purged, dropped or replaced). */
  holds(key: string, page: StoredPage): boolean {
    return this.pages.get(key) === page;
  }

  /** Adds the compressed forms made for the page under `key`, if it is still that page. */
  addForms(key: string, page: StoredPage, forms: { br: Buffer; gzip: Buffer }): void {
    if (!this.holds(key, page)) return; // purged or replaced meanwhile
    page.body.br = forms.br;
    page.body.gzip = forms.gzip;
    page.raw = {};
    this.used += forms.br.length + forms.gzip.length;
    this.makeRoom(key);
  }

  /** Drops every page showing any of `tags`; returns how many. */
  purge(tags: readonly string[]): number {
    if (tags.includes('site')) {
      const count = this.pages.size;
      this.clear();
      return count;
    }
    let count = 0;
    for (const tag of tags)
      for (const key of [...(this.byTag.get(tag) ?? [])]) {
        this.forget(key);
        count++;
      }
    return count;
  }

  clear(): void {
    this.pages.clear();
    this.byTag.clear();
    this.used = 0;
  }

  /** The oldest pages make room within the budget, never `keep`. */
  private makeRoom(keep: string) {
    for (const oldest of this.pages.keys()) {
      if (this.used <= this.maxBytes) break;
      if (oldest !== keep) this.forget(oldest);
    }
  }

  private forget(key: string) {
    const page = this.pages.get(key);
    if (!page) return;
    this.used -= sizeOf(page);
    this.pages.delete(key);
    for (const tag of page.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
