import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { MAX_SEARCH_PAGE, type SearchFilter } from '../../domain/search/index.js';
import { sendPage } from '../render.js';
import { loadChrome, type ReaderDeps } from './reader-context.js';
import { SearchPage } from './search.page.js';

/** Searches one address may run a minute: plenty for a reader, a brake on a scraper. */
export const SEARCHES_PER_MINUTE = 60;
const PER_PAGE = 10;

const slug = z
  .string()
  .trim()
  .max(200)
  .regex(/^[a-z0-9-]*$/)
  .optional()
  .catch(undefined);
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .optional()
  .catch(undefined);

/**
 * What `/search` reads from its address. Nothing here is refused: a reader's mistake (a bad
 * page number, an unknown filter) falls back to the default, as the query itself does.
 */
export const searchPageQuery = z.object({
  q: z.string().max(2000).catch('').default(''),
  section: slug,
  topic: slug,
  series: slug,
  author: slug,
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE).catch(1).default(1),
});
export type SearchPageQuery = z.infer<typeof searchPageQuery>;

/** The filter a parsed query asks for; `to` includes its whole day. */
export function filterOf(q: SearchPageQuery): SearchFilter {
  return {
    section: q.section || undefined,
    topic: q.topic || undefined,
    series: q.series || undefined,
    author: q.author || undefined,
    since: q.from ? `${q.from}T00:00:00.000Z` : undefined,
    until: q.to ? new Date(Date.parse(`${q.to}T00:00:00.000Z`) + 86_400_000).toISOString() : undefined,
  };
}

/** The address of another page of the same search. */
function pageAddress(q: SearchPageQuery, page: number): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'section', 'topic', 'series', 'author', 'from', 'to'] as const) if (q[key]) params.set(key, q[key]);
  if (page > 1) params.set('page', String(page));
  return `/search?${params}`;
}

/** Each address has its own allowance of searches. */
export const perAddressSearchLimit = {
  config: { rateLimit: { max: SEARCHES_PER_MINUTE, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => request.ip } },
};

/** `/search`: the reader site's search page. Never cached by the page cache (every query differs) and never indexed. */
export async function searchRoutes(app: FastifyInstance, deps: ReaderDeps) {
  const { services } = deps;
  app.get('/search', perAddressSearchLimit, async (request, reply) => {
    const q = searchPageQuery.parse(request.query ?? {});
    const [chrome, found] = await Promise.all([
      loadChrome(deps),
      services.search.search({ q: q.q, filter: filterOf(q), page: q.page, perPage: PER_PAGE }),
    ]);
    const cards = await services.articleReader.cardsByIds(found.hits.map((h) => h.articleId));
    const snippets = new Map(found.hits.map((h) => [h.articleId, h.snippet]));
    const empty = found.terms.words.length === 0 && found.terms.phrases.length === 0;
    // Results change with every publication; a shared cache may keep them a minute.
    reply.header('cache-control', 'public, max-age=60').header('x-robots-tag', 'noindex');
    return sendPage(
      reply,
      SearchPage({
        chrome,
        q: q.q.slice(0, 200),
        section: q.section ?? '',
        results: cards.map((card) => ({ card, snippet: snippets.get(card.id) ?? '' })),
        total: found.total,
        totalCapped: found.totalCapped,
        page: found.page,
        prev: found.page > 1 ? pageAddress(q, found.page - 1) : null,
        next: found.hasMore ? pageAddress(q, found.page + 1) : null,
        empty,
      }),
    );
  });
}
