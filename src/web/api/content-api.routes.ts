import type { FastifyInstance } from 'fastify';
import {
  authorPath,
  largestOf,
  sectionPath,
  seriesPath,
  topicPath,
  type ArticleFilter,
  type ArticleView,
} from '../../domain/articles/index.js';
import type { ApiKey } from '../../domain/api-keys/index.js';
import { AppError } from '../../kernel/errors.js';
import { parseInput } from '../../kernel/validation.js';
import { allowCors, perKeyRateLimit, presentedKey } from './api-access.js';
import { articleListQuery, searchQuery } from './content-api.schemas.js';
import { SNIPPET_END, SNIPPET_MARK } from '../../domain/search/index.js';
import { openApiDocument } from './openapi.js';
import type { ReaderDeps } from '../reader/reader-context.js';
import { escapeHtml } from '../../kernel/html-escape.js';

/** A keyset position, opaque to clients: base64url JSON of the last story's time and id. */
const cursorOf = (at: { publishedAt: string; id: string }) => Buffer.from(JSON.stringify([at.publishedAt, at.id])).toString('base64url');
function positionOf(cursor: string): { publishedAt: string; id: string } {
  try {
    const [publishedAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof publishedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(publishedAt))) return { publishedAt, id };
  } catch {
    // falls through to the refusal below
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API gave.', { cursor: 'is not a cursor this API gave' });
}

export { API_REQUESTS_PER_MINUTE } from './api-access.js';

/** A snippet without the index's match markers. */
const snippetText = (snippet: string) => snippet.replaceAll(SNIPPET_MARK, '').replaceAll(SNIPPET_END, '');
/** A snippet as HTML: its text escaped, then the markers (never in text) turned into <mark>. */
const snippetHtml = (snippet: string) => escapeHtml(snippet).replaceAll(SNIPPET_MARK, '<mark>').replaceAll(SNIPPET_END, '</mark>');

declare module 'fastify' {
  interface FastifyRequest {
    /** The content API key the request carried (set by the API's auth hook). */
    apiKey: ApiKey | null;
  }
}

/**
 * `/api/v1`: Despatch's read-only content API. Every request needs a content API key; errors
 * are `{ error: { code, message, fields? } }`. Lists are newest first, paged by an opaque
 * cursor (a keyset position: no story is repeated or skipped while others are published).
 */
export async function contentApiRoutes(app: FastifyInstance, deps: ReaderDeps & { corsOrigins: string[] | '*' }) {
  const { services, siteUrl } = deps;
  app.decorateRequest('apiKey', null);
  allowCors(app, deps.corsOrigins, 'Authorization, Accept-Version, Content-Type');
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') throw new AppError('FORBIDDEN', 'This origin may not call the API from a browser.');
    if (request.url.split('?')[0] === '/api/v1/openapi.json') return;
    const key = presentedKey(request);
    request.apiKey = key ? await services.apiKeys.authenticate(key, 'content') : null;
    if (!request.apiKey)
      throw new AppError(
        'UNAUTHENTICATED',
        key ? 'That API key is not valid (it may have been revoked).' : 'An API key is needed: send Authorization: Bearer KEY.',
      );
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    // Answers depend on the key: no shared cache may keep them.
    reply.header('cache-control', 'private, no-store');
    return payload;
  });

  const link = (path: string) => ({ path, url: siteUrl + path });

  const limited = perKeyRateLimit;

  app.options('/api/v1/*', async () => undefined);

  const document = openApiDocument(siteUrl);
  app.get('/api/v1/openapi.json', async () => document);

  function articleJson(a: ArticleView, fields: readonly string[] | undefined, include: readonly string[]) {
    const hero = a.hero ? { url: /^https?:/.test(a.hero.url) ? a.hero.url : siteUrl + a.hero.url, alt: a.hero.alt } : null;
    const og = a.hero?.crops?.og ? largestOf(a.hero.crops.og) : null;
    const all: Record<string, unknown> = {
      id: a.id,
      url: siteUrl + a.path,
      slug: a.slug,
      headline: a.headline,
      standfirst: a.standfirst,
      kicker: a.kicker,
      section: { name: a.section.name, slug: a.section.slug, ...link(sectionPath(a.section.slug)) },
      series: a.series ? { name: a.series.name, slug: a.series.slug, ...link(seriesPath(a.series.slug)) } : null,
      credit: a.credit,
      publishedAt: a.publishedAt,
      updatedAt: a.updatedAt,
      hero: hero && og ? { ...hero, shareImage: siteUrl + og.url } : hero,
    };
    const out: Record<string, unknown> = fields ? Object.fromEntries(fields.map((f) => [f, all[f]])) : all;
    if (include.includes('authors'))
      out.authors = a.authors.map((p) => ({ name: p.name, slug: p.slug, role: p.role, ...link(authorPath(p.slug)) }));
    if (include.includes('topics'))
      out.topics = a.topics.map((t) => ({ name: t.name, slug: t.slug, kind: t.kind, ...link(topicPath(t.slug)) }));
    if (include.includes('body')) out.bodyHtml = a.bodyHtml;
    if (include.includes('quotes')) out.quotes = a.pullQuotes.map((q) => ({ text: q.text, speaker: q.speaker }));
    return out;
  }

  app.get('/api/v1/articles', limited, async (request) => {
    const q = parseInput(articleListQuery, request.query);
    const filter: ArticleFilter = {
      ...(q.section ? { sectionId: (await services.taxonomy.getSectionBySlug(q.section)).id } : {}),
      ...(q.topic ? { topicId: (await services.taxonomy.getTopicBySlug(q.topic)).id } : {}),
      ...(q.series ? { seriesId: (await services.taxonomy.getSeriesBySlug(q.series)).id } : {}),
      ...(q.author ? { authorId: (await services.authors.getAuthorBySlug(q.author)).id } : {}),
      ...(q.since ? { since: new Date(q.since).toISOString() } : {}),
      ...(q.until ? { until: new Date(q.until).toISOString() } : {}),
    };
    const page = await services.articleReader.filtered(filter, q.cursor ? positionOf(q.cursor) : null, q.limit);
    const views = await services.articleReader.feedEntries(page.items);
    return {
      data: views.map((v) => articleJson(v, q.fields, q.include ?? [])),
      meta: { limit: q.limit, nextCursor: page.next ? cursorOf(page.next) : null },
    };
  });

  app.get('/api/v1/search', limited, async (request) => {
    const q = parseInput(searchQuery, request.query);
    const found = await services.search.search({
      q: q.q,
      filter: { section: q.section, topic: q.topic, series: q.series, author: q.author, since: q.since, until: q.until },
      page: q.page,
      perPage: q.limit,
    });
    const views = new Map((await services.articleReader.feedEntries(found.hits.map((h) => ({ id: h.articleId })))).map((v) => [v.id, v]));
    return {
      data: found.hits.flatMap((hit) => {
        const view = views.get(hit.articleId);
        if (!view) return [];
        return [
          { ...articleJson(view, q.fields, q.include ?? []), snippet: snippetText(hit.snippet), snippetHtml: snippetHtml(hit.snippet) },
        ];
      }),
      meta: { total: found.total, totalCapped: found.totalCapped, page: found.page, limit: found.perPage, hasMore: found.hasMore },
    };
  });

  app.get<{ Params: { id: string } }>('/api/v1/articles/:id', limited, async (request) => {
    const q = parseInput(articleListQuery.pick({ fields: true, include: true, key: true }), request.query);
    const view = await services.articleReader.publishedById(request.params.id);
    if (!view) throw new AppError('ARTICLE_NOT_FOUND', 'No published article has that id.');
    return { data: articleJson(view, q.fields, q.include ?? ['authors', 'topics', 'body', 'quotes']) };
  });

  app.get('/api/v1/sections', limited, async () => ({
    data: (await services.taxonomy.listSections()).map((s) => ({
      id: s.id,
      name: s.name,
      slug: s.slug,
      description: s.description,
      ...link(sectionPath(s.slug)),
    })),
  }));
  app.get('/api/v1/topics', limited, async () => ({
    data: (await services.taxonomy.listTopics()).map((t) => ({
      id: t.id,
      name: t.name,
      slug: t.slug,
      kind: t.kind,
      description: t.description,
      ...link(topicPath(t.slug)),
    })),
  }));
  app.get('/api/v1/series', limited, async () => ({
    data: (await services.taxonomy.listSeries()).map((s) => ({
      id: s.id,
      name: s.name,
      slug: s.slug,
      description: s.description,
      ...link(seriesPath(s.slug)),
    })),
  }));
  app.get('/api/v1/authors', limited, async () => ({
    data: (await services.authors.listAuthors()).map((a) => ({
      id: a.id,
      name: a.name,
      slug: a.slug,
      role: a.role,
      bio: a.bio,
      ...link(authorPath(a.slug)),
    })),
  }));
}
