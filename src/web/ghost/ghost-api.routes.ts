import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  largestOf,
  renderBody,
  sectionPath,
  type ArticleCondition,
  type ArticleOrder,
  type ArticleView,
} from '../../domain/articles/index.js';
import type { Author } from '../../domain/people/index.js';
import { SITE_PAGE_SLUGS } from '../../domain/site/index.js';
import { AppError } from '../../kernel/errors.js';
import { allowCors, perKeyRateLimit, presentedKey } from '../api/api-access.js';
import type { ReaderDeps } from '../reader/reader-context.js';
import { authorOf, NO_SOCIAL_META, pageOf, pick, postOf, tagOfSection, tagOfTopic, type PostOptions } from './ghost-shapes.js';
import { FilterSyntaxError, matchesNql, parseNql, type NqlNode } from './nql.js';

/** Ghost's default page size, and the most one page holds (Ghost 6 caps `limit=all` the same way for posts). */
const DEFAULT_LIMIT = 15;
const MAX_LIMIT = 100;

/** The Content API version Despatch answers as (Ghost sends its own in `Content-Version`). */
const CONTENT_VERSION = 'v6.0';

const csv = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/** Ghost's browse parameters. Unknown ones are ignored, as Ghost ignores them. */
const browseQuery = z.object({
  key: z.string().optional(),
  limit: z
    .union([z.literal('all'), z.coerce.number().int().min(1)], { error: 'must be a whole number of at least 1, or "all"' })
    .optional(),
  page: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').default(1),
  filter: z.string().optional(),
  include: z.string().optional(),
  fields: z.string().optional(),
  formats: z.string().optional(),
  order: z.string().optional(),
});
type BrowseQuery = z.infer<typeof browseQuery>;

function parseQuery(request: FastifyRequest): BrowseQuery {
  const parsed = browseQuery.safeParse(request.query ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? 'query');
  throw new AppError('VALIDATION_FAILED', `Validation error: ${field} ${issue.message}.`, { [field]: issue.message });
}

/** Runs `work`, answering a filter it cannot read as Ghost does: 400, "Error parsing filter". */
function readingFilter<T>(work: () => T): T {
  try {
    return work();
  } catch (e) {
    if (e instanceof FilterSyntaxError) throw new AppError('FILTER_INVALID', `Error parsing filter: ${e.message}.`);
    throw e;
  }
}

const parseFilter = (filter: string | undefined): NqlNode | null => (filter ? readingFilter(() => parseNql(filter)) : null);

/** Runs an in-memory filter, answering a field it cannot filter on as a bad filter. */
function filtered<T>(items: T[], node: NqlNode | null, fieldsOf: (item: T) => Record<string, string | number | boolean | null>): T[] {
  return node ? readingFilter(() => items.filter((item) => matchesNql(node, fieldsOf(item)))) : items;
}

const asDate = (value: string): string => {
  const ms = Date.parse(value.includes('T') || value.length <= 10 ? value : value.replace(' ', 'T') + 'Z');
  if (Number.isNaN(ms)) throw new FilterSyntaxError(`"${value}" is not a date`);
  return new Date(ms).toISOString();
};

/**
 * A filter on posts as a condition on articles. A tag is a section or a topic (a post's
 * primary tag is its section); `featured` is false for every article (Despatch has no
 * featured flag: the front page leads with the newest story).
 */
export function postCondition(node: NqlNode): ArticleCondition {
  if ('and' in node) return { all: node.and.map(postCondition) };
  if ('or' in node) return { any: node.or.map(postCondition) };
  const { field, op, values } = node;
  const negate = (c: ArticleCondition): ArticleCondition => (op === '!=' ? { not: c } : c);
  const equality = () => {
    if (op !== '=' && op !== '!=') throw new FilterSyntaxError(`"${field}" cannot be compared with ${op}`);
  };
  switch (field) {
    case 'tag':
    case 'tags':
    case 'tags.slug':
      equality();
      return negate({
        any: [
          { field: 'section', in: values },
          { field: 'topic', in: values },
        ],
      });
    case 'primary_tag':
    case 'primary_tag.slug':
      equality();
      return negate({ field: 'section', in: values });
    case 'author':
    case 'authors':
    case 'authors.slug':
    case 'primary_author':
    case 'primary_author.slug':
      equality();
      return negate({ field: 'author', in: values });
    case 'slug':
    case 'id':
      equality();
      return negate({ field, in: values });
    case 'featured':
    case 'visibility':
    case 'status': {
      equality();
      const truth = field === 'featured' ? 'false' : field === 'visibility' ? 'public' : 'published';
      const hit = values.some((v) => v.toLowerCase() === truth);
      return { constant: op === '=' ? hit : !hit };
    }
    case 'published_at':
    case 'updated_at': {
      const column = field === 'published_at' ? 'publishedAt' : 'updatedAt';
      if (op === '=' || op === '!=') {
        const at = asDate(values[0]!);
        const exact: ArticleCondition = {
          all: [
            { field: column, op: '>=', value: at },
            { field: column, op: '<=', value: at },
          ],
        };
        return negate(exact);
      }
      return { field: column, op, value: asDate(values[0]!) };
    }
    default:
      throw new FilterSyntaxError(`cannot filter posts on "${field}"`);
  }
}

function postOrder(order: string | undefined): ArticleOrder {
  if (!order) return { by: 'publishedAt', direction: 'desc' };
  const [field, dir = 'desc', ...rest] = order.trim().split(/\s+/);
  const by = ({ published_at: 'publishedAt', created_at: 'publishedAt', updated_at: 'updatedAt', title: 'headline' } as const)[
    field as 'published_at'
  ];
  const direction = dir.toLowerCase();
  if (!by || rest.length > 0 || (direction !== 'asc' && direction !== 'desc'))
    throw new AppError('VALIDATION_FAILED', `Validation error: order "${order}" is not one Despatch can sort by.`, {
      order: 'may be published_at, updated_at or title, then asc or desc',
    });
  return { by, direction };
}

/** Ghost's `meta.pagination`. */
function pagination(page: number, limit: number | 'all', total: number) {
  const size = limit === 'all' ? Math.max(total, 1) : limit;
  const pages = Math.max(1, Math.ceil(total / size));
  return { page, limit, pages, total, next: page < pages ? page + 1 : null, prev: page > 1 ? page - 1 : null };
}

/** A page of an in-memory list, as Ghost pages it. */
function pageOfList<T>(items: T[], q: BrowseQuery) {
  const limit = q.limit ?? DEFAULT_LIMIT;
  const size = limit === 'all' ? items.length : limit;
  return { items: items.slice((q.page - 1) * size, q.page * size), meta: { pagination: pagination(q.page, limit, items.length) } };
}

/** A page's id: stable, and of the length Ghost's object ids have. */
const pageId = (slug: string) => createHash('sha1').update(`despatch-page:${slug}`).digest('hex').slice(0, 24);

/**
 * `/ghost/api/content/…`: Ghost's Content API over Despatch's content, for front ends and
 * clients built for Ghost (`@tryghost/content-api` among them). Keys are the Ghost-shaped
 * ones (`despatch api-key create NAME --ghost`), sent as `?key=`. Errors take Ghost's shape,
 * `{ errors: [{ message, type, … }] }`, set by the errors plugin for every path under
 * `/ghost/api/`. See docs/GHOST-API.md for the mapping.
 */
export async function ghostApiRoutes(app: FastifyInstance, deps: ReaderDeps & { corsOrigins: string[] | '*' }) {
  const { services, siteUrl } = deps;
  allowCors(app, deps.corsOrigins, 'Accept-Version, Content-Type');
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS') throw new AppError('FORBIDDEN', 'This origin may not call the API from a browser.');
    const key = presentedKey(request);
    // Ghost's answers: no key is "not allowed" (403), a key it does not know "unauthorised" (401).
    if (!key) throw new AppError('FORBIDDEN', 'Authorization failed: a Content API key is needed (?key=…).');
    if (!(await services.apiKeys.authenticate(key, 'ghost'))) throw new AppError('UNAUTHENTICATED', 'Unknown Content API Key');
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'private, no-store').header('content-version', CONTENT_VERSION);
    return payload;
  });

  /** Registers a GET under every prefix Ghost clients use (v5 and later send none), with and without the trailing slash. */
  function get(path: string, handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) {
    for (const prefix of ['/ghost/api/content', '/ghost/api/v4/content', '/ghost/api/v3/content', '/ghost/api/canary/content'])
      for (const slash of ['/', '']) app.get(`${prefix}${path}${slash}`, perKeyRateLimit, handler);
  }
  app.options('/ghost/api/*', async () => undefined);

  // ------------------------------------------------------------------ lookups shared by the shapes

  async function tagIndex() {
    const [sections, topics] = await Promise.all([services.taxonomy.listSections(), services.taxonomy.listTopics()]);
    return { sections: new Map(sections.map((s) => [s.slug, s])), topics: new Map(topics.map((t) => [t.slug, t])) };
  }

  async function photosOf(authors: Author[]): Promise<Map<string, string>> {
    const ids = authors.flatMap((a) => (a.photoMediaId ? [a.photoMediaId] : []));
    const pictures = await services.media.pictures(ids, { full: false, crops: ['square'] });
    const out = new Map<string, string>();
    for (const a of authors) {
      const square = a.photoMediaId ? pictures.get(a.photoMediaId)?.crops.square : undefined;
      const url = square ? largestOf(square)?.url : undefined;
      if (url) out.set(a.id, url);
    }
    return out;
  }

  function postOptions(q: BrowseQuery): PostOptions {
    const formats = new Set(csv(q.formats));
    if (formats.size === 0) formats.add('html');
    return { include: new Set(csv(q.include)), formats };
  }

  async function postsJson(views: ArticleView[], q: BrowseQuery) {
    const opts = postOptions(q);
    const fields = q.fields ? csv(q.fields) : null;
    const [tags, authors] = await Promise.all([
      opts.include.has('tags') ? tagIndex() : null,
      opts.include.has('authors') ? services.authors.listAuthors() : null,
    ]);
    const bySlug = new Map((authors ?? []).map((a) => [a.slug, a]));
    const photos = authors ? await photosOf(authors) : new Map<string, string>();
    return views.map((v) => {
      const relations = {
        tags: tags
          ? [
              tagOfSection(
                siteUrl,
                tags.sections.get(v.section.slug) ?? { id: v.sectionId, name: v.section.name, slug: v.section.slug, description: '' },
              ),
              // A topic that shares its section's slug is that tag already.
              ...v.topics
                .filter((t) => t.slug !== v.section.slug)
                .flatMap((t) => {
                  const topic = tags.topics.get(t.slug);
                  return topic ? [tagOfTopic(siteUrl, topic)] : [];
                }),
            ]
          : [],
        authors: v.authors.flatMap((p) => {
          const a = bySlug.get(p.slug);
          return a ? [authorOf(siteUrl, a, photos.get(a.id) ?? null)] : [];
        }),
      };
      return pick(postOf(siteUrl, v, relations, opts), fields);
    });
  }

  // ------------------------------------------------------------------ posts

  get('/posts', async (request) => {
    const q = parseQuery(request);
    const node = parseFilter(q.filter);
    const condition: ArticleCondition = node ? readingFilter(() => postCondition(node)) : { constant: true };
    const limit =
      q.limit === 'all' || q.limit === undefined ? (q.limit === 'all' ? MAX_LIMIT : DEFAULT_LIMIT) : Math.min(q.limit, MAX_LIMIT);
    const { items, total } = await services.articleReader.matching(condition, postOrder(q.order), limit, (q.page - 1) * limit);
    return { posts: await postsJson(items, q), meta: { pagination: pagination(q.page, limit, total) } };
  });

  async function onePost(request: FastifyRequest, condition: ArticleCondition) {
    const q = parseQuery(request);
    const { items } = await services.articleReader.matching(condition, { by: 'publishedAt', direction: 'desc' }, 1, 0);
    if (items.length === 0) throw new AppError('ARTICLE_NOT_FOUND', 'Post not found.');
    return { posts: await postsJson(items, q) };
  }
  get('/posts/slug/:slug', (request) => onePost(request, { field: 'slug', in: [(request.params as { slug: string }).slug] }));
  get('/posts/:id', (request) => onePost(request, { field: 'id', in: [(request.params as { id: string }).id] }));

  // ------------------------------------------------------------------ pages (the outlet's own)

  async function allPages(q: BrowseQuery) {
    const opts = postOptions(q);
    const pages = await Promise.all(SITE_PAGE_SLUGS.map((slug) => services.site.getPage(slug)));
    return pages.map((p) => ({
      slug: p.slug,
      json: pageOf(
        siteUrl,
        {
          id: pageId(p.slug),
          slug: p.slug,
          title: p.title,
          path: p.path,
          updatedAt: p.updatedAt,
          html: String(renderBody(p.bodyMarkdown)),
        },
        opts,
      ),
    }));
  }

  get('/pages', async (request) => {
    const q = parseQuery(request);
    const node = parseFilter(q.filter);
    const pages = filtered(await allPages(q), node, (p) => ({
      slug: p.slug,
      id: p.json.id as string,
      featured: false,
      visibility: 'public',
      status: 'published',
    }));
    const { items, meta } = pageOfList(pages, q);
    const fields = q.fields ? csv(q.fields) : null;
    return { pages: items.map((p) => pick(p.json, fields)), meta };
  });
  async function onePage(request: FastifyRequest, match: (p: { slug: string; json: Record<string, unknown> }) => boolean) {
    const q = parseQuery(request);
    const page = (await allPages(q)).find(match);
    if (!page) throw new AppError('PAGE_NOT_FOUND', 'Page not found.');
    return { pages: [pick(page.json, q.fields ? csv(q.fields) : null)] };
  }
  get('/pages/slug/:slug', (request) => onePage(request, (p) => p.slug === (request.params as { slug: string }).slug));
  get('/pages/:id', (request) => onePage(request, (p) => p.json.id === (request.params as { id: string }).id));

  // ------------------------------------------------------------------ tags (sections, then topics)

  async function allTags(q: BrowseQuery) {
    const withCount = csv(q.include).includes('count.posts');
    const [sections, topics, counts] = await Promise.all([
      services.taxonomy.listSections(),
      services.taxonomy.listTopics(),
      withCount ? services.articleReader.publishedCounts() : null,
    ]);
    const sectionSlugs = new Set(sections.map((s) => s.slug));
    return [
      ...sections.map((s) => tagOfSection(siteUrl, s, counts ? (counts.sections.get(s.id) ?? 0) : undefined)),
      // A topic sharing a section's slug would be a second tag with the same address: the section stands for both.
      ...topics
        .filter((t) => !sectionSlugs.has(t.slug))
        .map((t) => tagOfTopic(siteUrl, t, counts ? (counts.topics.get(t.id) ?? 0) : undefined)),
    ];
  }
  const tagFields = (t: Record<string, unknown>) => ({
    id: t.id as string,
    slug: t.slug as string,
    name: t.name as string,
    visibility: 'public',
    'count.posts': ((t.count as { posts?: number } | undefined)?.posts ?? null) as number | null,
  });

  get('/tags', async (request) => {
    const q = parseQuery(request);
    const tags = filtered(await allTags(q), parseFilter(q.filter), tagFields);
    const { items, meta } = pageOfList(tags, q);
    const fields = q.fields ? csv(q.fields) : null;
    return { tags: items.map((t) => pick(t, fields)), meta };
  });
  async function oneTag(request: FastifyRequest, match: (t: Record<string, unknown>) => boolean) {
    const q = parseQuery(request);
    const tag = (await allTags(q)).find(match);
    if (!tag) throw new AppError('TOPIC_NOT_FOUND', 'Tag not found.');
    return { tags: [pick(tag, q.fields ? csv(q.fields) : null)] };
  }
  get('/tags/slug/:slug', (request) => oneTag(request, (t) => t.slug === (request.params as { slug: string }).slug));
  get('/tags/:id', (request) => oneTag(request, (t) => t.id === (request.params as { id: string }).id));

  // ------------------------------------------------------------------ authors

  async function allAuthors(q: BrowseQuery) {
    const withCount = csv(q.include).includes('count.posts');
    const [authors, counts] = await Promise.all([
      services.authors.listAuthors(),
      withCount ? services.articleReader.publishedCounts() : null,
    ]);
    const photos = await photosOf(authors);
    return authors.map((a) => authorOf(siteUrl, a, photos.get(a.id) ?? null, counts ? (counts.authors.get(a.id) ?? 0) : undefined));
  }
  const authorFields = (a: Record<string, unknown>) => ({
    id: a.id as string,
    slug: a.slug as string,
    name: a.name as string,
    'count.posts': ((a.count as { posts?: number } | undefined)?.posts ?? null) as number | null,
  });

  get('/authors', async (request) => {
    const q = parseQuery(request);
    const authors = filtered(await allAuthors(q), parseFilter(q.filter), authorFields);
    const { items, meta } = pageOfList(authors, q);
    const fields = q.fields ? csv(q.fields) : null;
    return { authors: items.map((a) => pick(a, fields)), meta };
  });
  async function oneAuthor(request: FastifyRequest, match: (a: Record<string, unknown>) => boolean) {
    const q = parseQuery(request);
    const author = (await allAuthors(q)).find(match);
    if (!author) throw new AppError('AUTHOR_NOT_FOUND', 'Author not found.');
    return { authors: [pick(author, q.fields ? csv(q.fields) : null)] };
  }
  get('/authors/slug/:slug', (request) => oneAuthor(request, (a) => a.slug === (request.params as { slug: string }).slug));
  get('/authors/:id', (request) => oneAuthor(request, (a) => a.id === (request.params as { id: string }).id));

  // ------------------------------------------------------------------ settings

  get('/settings', async () => {
    const [site, sections] = await Promise.all([services.site.getSite(), services.taxonomy.listSections()]);
    const logos = await services.media.pictures(site.logoMediaId ? [site.logoMediaId] : [], { full: true, crops: [] });
    const full = site.logoMediaId ? logos.get(site.logoMediaId)?.full : undefined;
    const logo = full ? largestOf(full)?.url : undefined;
    return {
      settings: {
        title: site.outletName,
        description: site.description || site.tagline || null,
        logo: logo ? siteUrl + logo : null,
        icon: null,
        // The masthead's navy.
        accent_color: '#14213d',
        cover_image: null,
        facebook: null,
        twitter: null,
        lang: 'en-GB',
        locale: 'en-GB',
        timezone: 'Europe/London',
        codeinjection_head: null,
        codeinjection_foot: null,
        navigation: sections.map((s) => ({ label: s.name, url: siteUrl + sectionPath(s.slug) })),
        secondary_navigation: site.pages.map((p) => ({ label: p.title, url: siteUrl + p.path })),
        ...NO_SOCIAL_META,
        members_support_address: null,
        url: siteUrl + '/',
      },
      meta: {},
    };
  });
}
