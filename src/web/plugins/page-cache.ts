import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../../kernel/clock.js';
import { chosenEncoding, compressLater, compressQuickly, sendEncoded, type EncodedBody } from '../encoding.js';
import { etagMatches } from '../etag.js';
import type { EventBus } from '../../kernel/events.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Cache the rendered page in memory until published content changes: 'single' pages
     * have one entry whatever the query; 'paginated' ones one per valid `?page=N`.
     */
    pageCache?: 'single' | 'paginated';
  }
}

interface CachedPage {
  /** Bytes, so a hit needs no encoding or length count; brotli and gzip forms follow within milliseconds. */
  body: EncodedBody;
  etag: string;
  contentType: string;
  cacheControl: string;
  /** The answer's Last-Modified (feeds give one), replayed on hits and compared with If-Modified-Since. */
  lastModified: string | null;
  /** Headers naming what the answer shows for a CDN (Surrogate-Key, Cache-Tag), replayed on hits. */
  tags: Array<[string, string]>;
  expiresAt: number;
}

export interface PageCacheOptions {
  events: EventBus;
  /** False keeps ETags and 304s but stores nothing (benchmarks of full rendering). */
  store?: boolean;
  /** Most bytes of pages kept; the oldest pages are dropped first. */
  maxBytes?: number;
  /**
   * How long a page is kept even without an event. Writes from another process (the
   * `despatch import` command, another instance) raise no event here, so pages must age out.
   */
  ttlMs?: number;
  /** The app's clock (the one the services use); tests pass one they can move. */
  clock: Clock;
}

/**
 * Browsers and CDNs may reuse a page for a minute and serve it stale for a few more while
 * they fetch a new one: short enough that a correction or a withdrawal shows within minutes.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

// One-shot hashing: no Hash object per page. SHA-1 is fine here; an ETag only needs to change with the bytes.
const etagOf = (body: string) => `W/"${hash('sha1', body, 'base64url')}"`;

/**
 * True when the client's copy is current: its If-None-Match names this ETag (weakly) or,
 * when it sends none, its If-Modified-Since is no older than the answer's Last-Modified.
 */
function isFresh(request: FastifyRequest, etag: string, lastModified: string | null): boolean {
  const inm = request.headers['if-none-match'];
  if (inm !== undefined) return etagMatches(inm, etag);
  const ims = request.headers['if-modified-since'];
  if (!ims || !lastModified) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

function sendCached(request: FastifyRequest, reply: FastifyReply, page: CachedPage, fresh: boolean) {
  reply.header('etag', page.etag).header('cache-control', page.cacheControl).header('x-cache', 'HIT');
  if (page.lastModified) reply.header('last-modified', page.lastModified);
  for (const [name, value] of page.tags) reply.header(name, value);
  if (fresh) return reply.code(304).header('vary', 'accept-encoding').send();
  return sendEncoded(request, reply.code(200).type(page.contentType), page.body);
}

/** The headers that name what an answer shows for a CDN (`web/surrogate-keys.ts`). */
const TAG_HEADERS = ['surrogate-key', 'cache-tag'];

/** A page's size in the cache: all its forms. */
const sizeOf = (page: CachedPage) => page.body.identity.length + (page.body.br?.length ?? 0) + (page.body.gzip?.length ?? 0);

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

/**
 * Rendered pages are pure functions of (URL, published content): keep their bytes in memory
 * and drop them all when content changes. Every HTML answer gets an ETag and 304 support.
 */
async function pageCache(app: FastifyInstance, opts: PageCacheOptions) {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  let bytes = 0;
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = () => opts.clock.now().getTime();
  const pages = new Map<string, CachedPage>();
  const forget = (key: string) => {
    const page = pages.get(key);
    if (!page) return;
    bytes -= sizeOf(page);
    pages.delete(key);
  };
  const clear = () => {
    pages.clear();
    bytes = 0;
  };
  // A draft's save changes no public page.
  opts.events.on((event) => {
    if (event.type !== 'article.saved') clear();
  });

  // The cache key is worked out once per request, by a hook only cached routes carry,
  // so pages that are never cached pay nothing for the lookup.
  app.decorateRequest('pageCacheKey', null);
  app.addHook('onRoute', (route) => {
    const mode = route.config?.pageCache;
    if (!mode) return;
    const lookup = async (request: FastifyRequest, reply: FastifyReply) => {
      const key = cacheKey(request.url, mode === 'paginated');
      request.pageCacheKey = key;
      const hit = key === null ? undefined : pages.get(key);
      if (!hit || key === null) return;
      if (hit.expiresAt <= now()) return forget(key);
      return sendCached(request, reply, hit, isFresh(request, hit.etag, hit.lastModified));
    };
    route.onRequest = [
      lookup,
      ...(route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]),
    ];
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
    if (typeof payload !== 'string' || reply.getHeader('x-cache') === 'HIT') return payload;
    const etag = etagOf(payload);
    reply.header('etag', etag);
    const key = request.pageCacheKey;
    const cacheable = reply.statusCode === 200 && key !== null;
    const body = Buffer.from(payload);
    const modified = reply.getHeader('last-modified');
    const lastModified = modified === undefined ? null : String(modified);
    if (cacheable) {
      reply.header('cache-control', PAGE_CACHE_CONTROL).header('vary', 'accept-encoding');
      const tags = TAG_HEADERS.flatMap((name): Array<[string, string]> => {
        const value = reply.getHeader(name);
        return value === undefined ? [] : [[name, String(value)]];
      });
      if (opts.store !== false)
        store(key, body, etag, String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'), lastModified, tags);
      reply.header('x-cache', 'MISS');
    }
    if (reply.statusCode === 200 && isFresh(request, etag, lastModified)) {
      reply.code(304).removeHeader('content-length');
      return '';
    }
    // Only pages the cache may hold are compressed: they carry no secret (no session, no CSRF
    // token), so compression cannot leak one (BREACH). Newsroom pages go as they are.
    const encoding = cacheable ? chosenEncoding(request) : null;
    if (!encoding) return payload;
    reply.header('content-encoding', encoding).removeHeader('content-length');
    return compressQuickly(body, encoding);
  });

  function store(key: string, body: Buffer, etag: string, contentType: string, lastModified: string | null, tags: Array<[string, string]>) {
    const page: CachedPage = {
      body: { identity: body },
      etag,
      contentType,
      cacheControl: PAGE_CACHE_CONTROL,
      lastModified,
      tags,
      expiresAt: now() + ttlMs,
    };
    forget(key);
    // A page bigger than a tenth of the budget is served but not kept.
    if (body.length > maxBytes / 10) return;
    while (bytes + body.length > maxBytes && pages.size > 0) forget(pages.keys().next().value!);
    pages.set(key, page);
    bytes += body.length;
    // The best compressed forms are made off the event loop; until they are ready, hits go uncompressed.
    compressLater(body).then(
      (forms) => {
        if (pages.get(key) !== page) return; // purged or replaced meanwhile
        page.body.br = forms.br;
        page.body.gzip = forms.gzip;
        bytes += forms.br.length + forms.gzip.length;
        // The forms count against the budget too: the oldest pages make room, never this one.
        for (const oldest of pages.keys()) {
          if (bytes <= maxBytes || oldest === key) break;
          forget(oldest);
        }
      },
      () => {}, // a page that could not be compressed is served as it is
    );
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's page-cache key; null when its page is not cached. */
    pageCacheKey: string | null;
  }
}

export default fp(pageCache, { name: 'page-cache' });
