import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
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
  /** Bytes, so a hit needs no encoding or length count. */
  body: Buffer;
  etag: string;
  contentType: string;
  cacheControl: string;
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
  /** The time source, for tests. */
  now?: () => number;
}

/**
 * Browsers and CDNs may reuse a page for a minute and serve it stale for a few more while
 * they fetch a new one: short enough that a correction or a withdrawal shows within minutes.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';

// One-shot hashing: no Hash object per page. SHA-1 is fine here; an ETag only needs to change with the bytes.
const etagOf = (body: string) => `W/"${hash('sha1', body, 'base64url')}"`;

/** True when the request's If-None-Match names this ETag. */
function isFresh(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  if (!header) return false;
  return header === '*' || header.split(',').some((tag) => tag.trim() === etag);
}

function sendCached(reply: FastifyReply, page: CachedPage, fresh: boolean) {
  reply.header('etag', page.etag).header('cache-control', page.cacheControl).header('x-cache', 'HIT');
  if (fresh) return reply.code(304).send();
  return reply.code(200).type(page.contentType).header('content-length', page.body.length).send(page.body);
}

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
  const page = new URLSearchParams(url.slice(q + 1)).get('page');
  if (page === null || page === '1') return path;
  return /^[1-9][0-9]{0,5}$/.test(page) ? `${path}?page=${page}` : null;
}

const keyOf = (request: FastifyRequest) => {
  const mode = request.routeOptions.config?.pageCache;
  return mode ? cacheKey(request.url, mode === 'paginated') : null;
};

/**
 * Rendered pages are pure functions of (URL, published content): keep their bytes in memory
 * and drop them all when content changes. Every HTML answer gets an ETag and 304 support.
 */
async function pageCache(app: FastifyInstance, opts: PageCacheOptions) {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  let bytes = 0;
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const pages = new Map<string, CachedPage>();
  const forget = (key: string) => {
    const page = pages.get(key);
    if (!page) return;
    bytes -= page.body.length;
    pages.delete(key);
  };
  const clear = () => {
    pages.clear();
    bytes = 0;
  };
  opts.events.on(clear);

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const key = keyOf(request);
    const hit = key === null ? undefined : pages.get(key);
    if (!hit || key === null) return;
    if (hit.expiresAt <= now()) {
      forget(key);
      return;
    }
    return sendCached(reply, hit, isFresh(request, hit.etag));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
    if (typeof payload !== 'string' || reply.getHeader('x-cache') === 'HIT') return payload;
    const etag = etagOf(payload);
    reply.header('etag', etag);
    const key = keyOf(request);
    if (opts.store !== false && reply.statusCode === 200 && key !== null) {
      const page: CachedPage = {
        body: Buffer.from(payload),
        etag,
        contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
        cacheControl: PAGE_CACHE_CONTROL,
        expiresAt: now() + ttlMs,
      };
      reply.header('cache-control', page.cacheControl).header('x-cache', 'MISS');
      forget(key);
      // A page bigger than a tenth of the budget is served but not kept.
      if (page.body.length <= maxBytes / 10) {
        while (bytes + page.body.length > maxBytes && pages.size > 0) forget(pages.keys().next().value!);
        pages.set(key, page);
        bytes += page.body.length;
      }
    }
    if (reply.statusCode === 200 && isFresh(request, etag)) {
      reply.code(304).removeHeader('content-length');
      return '';
    }
    return payload;
  });

  app.decorate('purgePageCache', clear);
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Drops every cached page. */
    purgePageCache(): void;
  }
}

export default fp(pageCache, { name: 'page-cache' });
