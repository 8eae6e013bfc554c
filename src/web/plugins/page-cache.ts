import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { cacheBudget } from '../../kernel/cache-budget.js';
import type { Clock } from '../../kernel/clock.js';
import type { DomainEvent, EventBus } from '../../kernel/events.js';
import { chosenEncoding, compressLater, compressQuickly, exactly, sendEncoded } from '../encoding.js';
import { etagMatches } from '../etag.js';
import { PageStore, type StoredPage } from '../page-store.js';
import { isRenderedPage } from '../components/rendered-once.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Cache the rendered page in memory until what it shows changes: 'single' pages have one
     * entry whatever the query; 'paginated' ones one per valid `?page=N`.
     */
    pageCache?: 'single' | 'paginated';
  }
}

export interface PageCacheOptions {
  /**
   * Every change that may make a page stale: this process's events and other processes'
   * (`services.changed`). `database.changed_elsewhere` means news was lost: all pages go.
   */
  changed: EventBus;
  /** What a change made stale, as tags (`domain/webhooks` `staleKeys`); `site` drops everything. */
  staleKeys: (event: DomainEvent) => Promise<string[]>;
  /** False keeps ETags and 304s but stores nothing (benchmarks of full rendering). */
  store?: boolean;
  /** Most bytes of pages kept (CACHE_MB's share, `kernel/cache-budget.ts`); the oldest pages are dropped first. */
  maxBytes?: number;
  /**
   * When a page rendered at `now` must be rendered afresh though nothing changed: output
   * that depends on the clock ("Today, 09:30" on cards) bounds it. Never, by default.
   */
  expiresAt?: (now: number) => number;
  /** The app's clock (the one the services use); tests pass one they can move. */
  clock: Clock;
  /** Headers every answer carries (the security headers), for hits served before routing. */
  baseHeaders?: Record<string, string>;
}

/** What the cache has done, for `/metrics`. */
export interface PageCacheStats {
  hits: number;
  misses: number;
  purged: number;
  /** Pages given their best compressed forms (each once, when asked for again). */
  compressed: number;
  pages: () => number;
  bytes: () => number;
}

/**
 * Browsers and CDNs may reuse a page for a minute and serve it stale for a few more while
 * they fetch a new one: short enough that a correction or a withdrawal shows within minutes.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

/**
 * A weak ETag from the bytes about to be sent: their length and CRC-32. It only has to change
 * when they do, for one URL; it protects nothing. zlib's CRC-32 runs at several GB/s where SHA-1
 * took 17 µs of a front page's 300 µs render. With the length beside it, a changed page keeps
 * its old tag about once in four billion changes: a browser holding the older copy would keep
 * it until the page changes again. Assets keep a SHA-1 name; they are hashed once at start.
 */
const etagOf = (body: Buffer) => `W/"${body.length.toString(36)}-${crc32(body).toString(36)}"`;

/**
 * True when the client's copy is current: its If-None-Match names this ETag (weakly) or,
 * when it sends none, its If-Modified-Since is no older than the answer's Last-Modified.
 */
function isFresh(headers: IncomingHttpHeaders, etag: string, lastModified: string | null): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return etagMatches(inm, etag);
  const ims = headers['if-modified-since'];
  if (!ims || !lastModified) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

function sendCached(request: FastifyRequest, reply: FastifyReply, page: StoredPage, fresh: boolean, formsWanted: () => void) {
  reply.header('etag', page.etag).header('cache-control', page.cacheControl).header('x-cache', 'HIT');
  if (page.lastModified) reply.header('last-modified', page.lastModified);
  for (const [name, value] of page.tagHeaders) reply.header(name, value);
  if (fresh) return reply.code(304).header('vary', 'accept-encoding').send();
  const encoding = chosenEncoding(request);
  let body = page.body;
  if (encoding && body[encoding] === undefined) {
    formsWanted();
    body = { identity: body.identity, [encoding]: compressQuickly(body.identity, encoding) };
  }
  return sendEncoded(request, reply.code(200).type(page.contentType), body);
}

/** Pages waiting for their compressed forms at most (`formsWanted`). */
const COMPRESSION_QUEUE = 64;

/** The headers that name what an answer shows for a CDN (`web/surrogate-keys.ts`). */
const TAG_HEADERS = ['surrogate-key', 'cache-tag'];

/**
 * Pages vary by path, and listings by a well-formed `?page=N`. Every other query string
 * (campaign tags, cache busters) shares the entry, so none can multiply entries or push
 * real pages out. A listing asked for a malformed page is not cached at all: it answers 404.
 */
export function cacheKey(url: string, paginated: boolean): string | null {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const path = url.slice(0, q);
  if (!paginated) return path;
  const pages = new URLSearchParams(url.slice(q + 1)).getAll('page');
  // `?page=1&page=2` is no page number: not cached, so it answers 404 warm or cold.
  if (pages.length > 1) return null;
  const page = pages[0];
  if (page === undefined || page === '1') return path;
  return /^[1-9][0-9]{0,5}$/.test(page) ? `${path}?page=${page}` : null;
}

/** Accept-Encoding values seen, and what each chose: browsers send a handful of distinct ones. */
const negotiated = new Map<string, 'br' | 'gzip' | null>();
function encodingFor(header: string | undefined): 'br' | 'gzip' | null {
  if (!header) return null;
  let chosen = negotiated.get(header);
  if (chosen === undefined) {
    const pick = negotiate(header, ['br', 'gzip']);
    chosen = pick === 'br' || pick === 'gzip' ? pick : null;
    if (negotiated.size < 256) negotiated.set(header, chosen);
  }
  return chosen;
}

/**
 * Rendered pages and feeds are pure functions of (URL, published content): keep their bytes
 * in memory, tagged with what they show, and drop exactly the ones a change made stale. Every
 * HTML answer gets an ETag and 304 support.
 *
 * Hits are answered twice over: `fastPath` answers a request whose URL is a cache key before
 * Fastify routes it (the server calls it first), with headers built once per page; the
 * per-route hook below answers the rest (other query strings, `inject()` in tests).
 */
async function pageCache(app: FastifyInstance, opts: PageCacheOptions) {
  const store = new PageStore(opts.maxBytes ?? cacheBudget().pages);
  const now = () => opts.clock.now().getTime();
  const expiresAt = opts.expiresAt ?? (() => Number.POSITIVE_INFINITY);
  const stats: PageCacheStats = { hits: 0, misses: 0, purged: 0, compressed: 0, pages: () => store.size, bytes: () => store.bytes };
  const base = Object.entries(opts.baseHeaders ?? {}).flat();

  opts.changed.on(async (event) => {
    // At once, before the stale keys are read: a page being rendered now may predate the change.
    store.generation++;
    if (event.type === 'database.changed_elsewhere') {
      stats.purged += store.size;
      return store.clear();
    }
    let tags: string[];
    try {
      tags = await opts.staleKeys(event);
    } catch (err) {
      // Not knowing what went stale, drop everything rather than serve a stale page.
      store.clear();
      throw err;
    }
    stats.purged += store.purge(tags);
  });

  /** The raw headers of a hit in one form (built on first use; the Date header Node adds). */
  function rawHeaders(page: StoredPage, form: 'identity' | 'br' | 'gzip' | 'notModified'): string[] {
    return (page.raw[form] ??= headersOf(
      page,
      form,
      form === 'identity' || form === 'notModified' ? page.body.identity : page.body[form]!,
    ));
  }

  /** A hit's raw headers for `bytes`, sent in `form`. */
  function headersOf(page: StoredPage, form: 'identity' | 'br' | 'gzip' | 'notModified', bytes: Buffer): string[] {
    const headers = [...base, 'etag', page.etag, 'cache-control', page.cacheControl, 'vary', 'accept-encoding', 'x-cache', 'HIT'];
    if (page.lastModified) headers.push('last-modified', page.lastModified);
    for (const [name, value] of page.tagHeaders) headers.push(name, value);
    if (form !== 'notModified') {
      headers.push('content-type', page.contentType);
      if (form !== 'identity') headers.push('content-encoding', form);
      headers.push('content-length', String(bytes.length));
    }
    return headers;
  }

  /** Answers a cached page before routing; false when the request is not a hit (Fastify takes it). */
  function fastPath(req: IncomingMessage, res: ServerResponse): boolean {
    const method = req.method;
    if ((method !== 'GET' && method !== 'HEAD') || req.url === undefined) return false;
    const page = store.get(req.url, now());
    if (page === undefined) return false;
    stats.hits++;
    if (isFresh(req.headers, page.etag, page.lastModified)) {
      res.writeHead(304, rawHeaders(page, 'notModified'));
      res.end();
      return true;
    }
    const encoding = encodingFor(req.headers['accept-encoding']);
    if (encoding && page.body[encoding] === undefined) {
      // Asked for again before its best forms are made: compressed quickly meanwhile.
      formsWanted(req.url, page);
      const quick = compressQuickly(page.body.identity, encoding);
      res.writeHead(200, headersOf(page, encoding, quick));
      res.end(method === 'HEAD' ? undefined : quick);
      return true;
    }
    const form = encoding ?? 'identity';
    res.writeHead(200, rawHeaders(page, form));
    res.end(method === 'HEAD' ? undefined : form === 'identity' ? page.body.identity : page.body[form]);
    return true;
  }
  app.decorate('pageCacheFastPath', fastPath);
  app.decorate('pageCacheStats', stats);

  // The cache key is worked out once per request, by a hook only cached routes carry,
  // so pages that are never cached pay nothing for the lookup.
  app.decorateRequest('pageCacheKey', null);
  app.decorateRequest('pageCacheGeneration', 0);
  app.decorateReply('pageTags', null);
  app.addHook('onRoute', (route) => {
    const mode = route.config?.pageCache;
    if (!mode) return;
    const lookup = async (request: FastifyRequest, reply: FastifyReply) => {
      const key = cacheKey(request.url, mode === 'paginated');
      request.pageCacheKey = key;
      request.pageCacheGeneration = store.generation;
      const hit = key === null ? undefined : store.get(key, now());
      if (!hit) return;
      stats.hits++;
      return sendCached(request, reply, hit, isFresh(request.headers, hit.etag, hit.lastModified), () => formsWanted(key!, hit));
    };
    route.onRequest = [
      lookup,
      ...(route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]),
    ];
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
    if (reply.getHeader('x-cache') === 'HIT') return payload;
    // Pages and feeds: text, or a page rendered to bytes (`renderPage`). Anything else (files, JSON objects) passes.
    const body = typeof payload === 'string' ? Buffer.from(payload) : isRenderedPage(payload) ? payload : null;
    if (body === null) return payload;
    const etag = etagOf(body);
    reply.header('etag', etag);
    const key = request.pageCacheKey;
    const cacheable = reply.statusCode === 200 && key !== null;
    const modified = reply.getHeader('last-modified');
    const lastModified = modified === undefined ? null : String(modified);
    if (cacheable) {
      stats.misses++;
      reply.header('cache-control', PAGE_CACHE_CONTROL).header('vary', 'accept-encoding');
      const tagHeaders = TAG_HEADERS.flatMap((name): Array<[string, string]> => {
        const value = reply.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      });
      // A change heard while this page was rendered may not be in it: serve it, keep it not.
      if (opts.store !== false && request.pageCacheGeneration === store.generation)
        store.set(key, {
          body: { identity: exactly(body) },
          etag,
          contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
          cacheControl: PAGE_CACHE_CONTROL,
          lastModified,
          tagHeaders,
          // An answer that says nothing of what it shows goes with any change to the site.
          tags: reply.pageTags ?? ['site'],
          expiresAt: expiresAt(now()),
          raw: {},
        });
      reply.header('x-cache', 'MISS');
    }
    if (reply.statusCode === 200 && isFresh(request.headers, etag, lastModified)) {
      reply.code(304).removeHeader('content-length');
      return '';
    }
    // Only pages the cache may hold are compressed: they carry no secret (no session, no CSRF
    // token), so compression cannot leak one (BREACH). Newsroom pages go as they are.
    const encoding = cacheable ? chosenEncoding(request) : null;
    if (!encoding) return body;
    reply.header('content-encoding', encoding).removeHeader('content-length');
    return compressQuickly(body, encoding);
  });

  /**
   * The best compressed forms (brotli 11, gzip 9) are made once a reader asks for a kept page
   * again and takes them, not when it is first kept: they cost about 25 ms of CPU and several
   * MB of encoder memory for a 30 KB page, far more than rendering it, and a crawler's one
   * visit to each page of the archive would pay that for every page. One page at a time, off
   * the event loop, with a bounded queue (a page left out is queued by a later hit); until
   * its forms are ready, a hit that takes them is compressed quickly, as a miss is.
   */
  const compressing = new Set<StoredPage>();
  let lane = Promise.resolve();
  function formsWanted(key: string, page: StoredPage) {
    if (page.body.br !== undefined || compressing.has(page) || compressing.size >= COMPRESSION_QUEUE) return;
    compressing.add(page);
    lane = lane.then(async () => {
      try {
        if (store.holds(key, page)) {
          store.addForms(key, page, await compressLater(page.body.identity));
          stats.compressed++;
        }
      } catch {
        // A page that could not be compressed is served as it is.
      } finally {
        compressing.delete(page);
      }
    });
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Answers a cached page from the raw request before routing; false when it is not a hit. */
    pageCacheFastPath: (req: IncomingMessage, res: ServerResponse) => boolean;
    /** Hits, misses and purges so far, and the cache's size. */
    pageCacheStats: PageCacheStats;
  }
  interface FastifyRequest {
    /** This request's page-cache key; null when its page is not cached. */
    pageCacheKey: string | null;
    /** The cache's generation when this request began (see PageStore.generation). */
    pageCacheGeneration: number;
  }
  interface FastifyReply {
    /** What the answer shows, as cache tags (`tagAnswer` sets them); null: only `site`. */
    pageTags: string[] | null;
  }
}

export default fp(pageCache, { name: 'page-cache' });
