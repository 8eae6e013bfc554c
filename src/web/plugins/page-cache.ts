import { hash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { EventBus } from '../../kernel/events.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Cache the rendered page in memory until published content changes. */
    pageCache?: boolean;
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
  /** Most pages kept; the oldest is dropped first. */
  maxEntries?: number;
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
 * Pages vary by path and `?page=N` only. Other query strings (campaign tags, cache busters)
 * share the entry, so they can neither multiply entries nor push real pages out.
 */
export function cacheKey(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const page = new URLSearchParams(url.slice(q + 1)).get('page');
  return page === null ? url.slice(0, q) : `${url.slice(0, q)}?page=${page}`;
}

/**
 * Rendered pages are pure functions of (URL, published content): keep their bytes in memory
 * and drop them all when content changes. Every HTML answer gets an ETag and 304 support.
 */
async function pageCache(app: FastifyInstance, opts: PageCacheOptions) {
  const maxEntries = opts.maxEntries ?? 2000;
  const ttlMs = opts.ttlMs ?? 60_000;
  const now = opts.now ?? Date.now;
  const pages = new Map<string, CachedPage>();
  opts.events.on(() => pages.clear());

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const key = cacheKey(request.url);
    const hit = pages.get(key);
    if (!hit) return;
    if (hit.expiresAt <= now()) {
      pages.delete(key);
      return;
    }
    return sendCached(reply, hit, isFresh(request, hit.etag));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload;
    if (typeof payload !== 'string' || reply.getHeader('x-cache') === 'HIT') return payload;
    const etag = etagOf(payload);
    reply.header('etag', etag);
    if (opts.store !== false && reply.statusCode === 200 && request.routeOptions.config?.pageCache) {
      const page: CachedPage = {
        body: Buffer.from(payload),
        etag,
        contentType: String(reply.getHeader('content-type') ?? 'text/html; charset=utf-8'),
        cacheControl: PAGE_CACHE_CONTROL,
        expiresAt: now() + ttlMs,
      };
      reply.header('cache-control', page.cacheControl).header('x-cache', 'MISS');
      if (pages.size >= maxEntries) pages.delete(pages.keys().next().value!);
      pages.set(cacheKey(request.url), page);
    }
    if (reply.statusCode === 200 && isFresh(request, etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });

  app.decorate('purgePageCache', () => pages.clear());
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Drops every cached page. */
    purgePageCache(): void;
  }
}

export default fp(pageCache, { name: 'page-cache' });
