import { cacheBudget } from './cache-budget.js';

/**
 * Read models (what a query returned, shaped for a page) kept in memory, each tagged with
 * what it shows (`article:ID`, `section:ID`, `home` … as in `web/surrogate-keys.ts`), and
 * dropped by tag when a change makes them stale: the same tags the page cache purges by, so a
 * page rendered afresh (a cache miss, a listing's later page) costs no query for what has not
 * changed. `site` drops everything.
 */
export class TaggedMemo {
  private readonly entries = new Map<string, { value: unknown; tags: readonly string[]; bytes: number }>();
  private used = 0;
  private readonly byTag = new Map<string, Set<string>>();
  private readonly loading = new Map<string, Promise<unknown>>();
  /**
   * Moves on with every change heard: a value loaded while a change was being heard may
   * predate it, so it is returned but kept only if the generation did not move meanwhile.
   */
  private generation = 0;

  /**
   * @param maxBytes the oldest entries go beyond this many bytes (as their loaders estimate
   *   them; 1 KB each unless told), so a crawl of the whole archive cannot fill the memory.
   */
  constructor(private readonly maxBytes = cacheBudget().readModels) {}

  /** Bytes held, as estimated. */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The value under `key`, or what `load` returns (with the tags it names), kept for the
   * next caller. Callers share the value: never change it.
   */
  async get<T>(key: string, load: () => Promise<{ value: T; tags: readonly string[]; bytes?: number }>): Promise<T> {
    const found = this.entries.get(key);
    if (found) return found.value as T;
    const pending = this.loading.get(key);
    if (pending) return pending as Promise<T>;
    const began = this.generation;
    const loaded = load().then(({ value, tags, bytes }) => {
      if (this.generation === began) this.keep(key, value, tags, bytes ?? 1024);
      return value;
    });
    this.loading.set(key, loaded);
    // Whatever happens, the next caller loads afresh or finds the kept value.
    const forget = () => {
      if (this.loading.get(key) === loaded) this.loading.delete(key);
    };
    loaded.then(forget, forget);
    return loaded;
  }

  /** A change is being heard: values loaded from now until its purge are not kept. Call first, at once. */
  changing(): void {
    this.generation++;
    this.loading.clear();
  }

  /** Drops every value showing any of `tags` (`site`: all of them). */
  purge(tags: readonly string[]): void {
    if (tags.includes('site')) return this.clear();
    for (const tag of tags) for (const key of [...(this.byTag.get(tag) ?? [])]) this.forget(key);
  }

  clear(): void {
    this.entries.clear();
    this.byTag.clear();
    this.used = 0;
  }

  private keep(key: string, value: unknown, tags: readonly string[], bytes: number) {
    this.forget(key);
    if (bytes > this.maxBytes / 10) return;
    this.entries.set(key, { value, tags, bytes });
    this.used += bytes;
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) this.byTag.set(tag, (keys = new Set()));
      keys.add(key);
    }
    while (this.used > this.maxBytes) this.forget(this.entries.keys().next().value!);
  }

  private forget(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
