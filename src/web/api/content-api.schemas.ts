import { z } from 'zod';

/**
 * The content API's shapes in zod: the query is parsed with these, and the OpenAPI document
 * (`openapi.ts`) is generated from the same schemas, so the two cannot disagree.
 */

/** What a list may hold at most per page; the default is 20. */
const MAX_LIMIT = 100;

const slug = z.string().trim().min(1).max(200);
const list = <T extends string>(allowed: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(allowed, { error: `may list only ${allowed.join(', ')}` })));

/** Every field an article has in the API; `fields` picks some, `include` adds the heavy ones. */
export const ARTICLE_FIELDS = [
  'id',
  'url',
  'slug',
  'headline',
  'standfirst',
  'kicker',
  'section',
  'series',
  'credit',
  'publishedAt',
  'updatedAt',
  'hero',
] as const;
export const ARTICLE_INCLUDES = ['authors', 'topics', 'body', 'quotes'] as const;

/** What narrows a list of articles, for `/articles` and `/search` alike. */
const articleFilters = {
  section: slug.optional().describe('a section’s slug'),
  topic: slug.optional().describe('a topic’s slug'),
  series: slug.optional().describe('a series’ slug'),
  author: slug.optional().describe('an author’s slug'),
  since: z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601)' }).optional().describe('published at or after'),
  until: z.iso.datetime({ offset: true, error: 'must be a date and time (ISO 8601)' }).optional().describe('published before'),
};

/** A whole number from a query string, between `min` and `max`. */
const count = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `may be at most ${max}`)
    .default(fallback);

/** The query `/api/v1/articles` takes; the OpenAPI document is made from this schema. */
export const articleListQuery = z.object({
  ...articleFilters,
  limit: count(1, MAX_LIMIT, 20),
  cursor: z.string().max(300).optional().describe('meta.nextCursor of the previous page'),
  fields: list(ARTICLE_FIELDS).optional().describe('the fields to return, comma separated'),
  include: list(ARTICLE_INCLUDES).optional().describe('authors, topics, body and/or quotes'),
  key: z.string().optional(),
});

/** The query `/api/v1/search` takes: a reader's query (same syntax as the site's search) and the articles list's filters. */
export const searchQuery = z.object({
  q: z.string({ error: 'is required: the words to search for' }).max(2000).describe('words, "a phrase", -excluded, prefix*'),
  ...articleFilters,
  page: count(1, 50, 1),
  limit: count(1, 50, 10),
  fields: list(ARTICLE_FIELDS).optional().describe('the fields to return, comma separated'),
  include: list(ARTICLE_INCLUDES).optional().describe('authors, topics, body and/or quotes'),
  key: z.string().optional(),
});

const link = { path: z.string(), url: z.url() };

export const namedLinkSchema = z.object({ name: z.string(), slug: z.string(), ...link });

export const apiArticleSchema = z.object({
  id: z.string(),
  url: z.url(),
  slug: z.string(),
  headline: z.string(),
  standfirst: z.string(),
  kicker: z.string(),
  section: namedLinkSchema,
  series: namedLinkSchema.nullable(),
  credit: z.string().nullable().describe('the writers as a card credits them, or the byline'),
  publishedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  hero: z.object({ url: z.url(), alt: z.string(), shareImage: z.url().optional() }).nullable(),
  authors: z
    .array(namedLinkSchema.extend({ role: z.string() }))
    .optional()
    .describe('with include=authors'),
  topics: z
    .array(namedLinkSchema.extend({ kind: z.string() }))
    .optional()
    .describe('with include=topics'),
  bodyHtml: z.string().optional().describe('with include=body'),
  quotes: z
    .array(z.object({ text: z.string(), speaker: z.string().describe('who said it, or the role they spoke for; empty when not known') }))
    .optional()
    .describe('the pull quotes, with include=quotes'),
});

export const articleListSchema = z.object({
  data: z.array(apiArticleSchema),
  meta: z.object({ limit: z.number().int(), nextCursor: z.string().nullable() }),
});

export const searchResultsSchema = z.object({
  data: z.array(
    apiArticleSchema.extend({
      snippet: z.string().describe('the passage that matched, as text'),
      snippetHtml: z.string().describe('the same passage as HTML: text escaped, matched words in <mark>'),
    }),
  ),
  meta: z.object({
    total: z.number().int().describe('how many match, counted up to 1,000'),
    totalCapped: z.boolean().describe('true when more than 1,000 match'),
    page: z.number().int(),
    limit: z.number().int(),
    hasMore: z.boolean(),
  }),
});

export const taxonomySchema = z.object({
  data: z.array(
    namedLinkSchema.extend({
      id: z.string(),
      description: z.string().optional(),
      kind: z.string().optional(),
      role: z.string().optional(),
      bio: z.string().optional(),
    }),
  ),
});

export const apiErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
