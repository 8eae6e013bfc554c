import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database, Executor } from '../../db/schema.js';

/**
 * A condition on published articles that callers can combine freely (and, or, not): what a
 * filter language such as Ghost's NQL compiles to. Each leaf names the reader's vocabulary
 * (slugs, not ids), so a condition can be built from a query string without lookups.
 */
export type ArticleCondition =
  | { all: ArticleCondition[] }
  | { any: ArticleCondition[] }
  | { not: ArticleCondition }
  | { field: 'id' | 'slug' | 'section' | 'topic' | 'author' | 'series'; in: string[] }
  | { field: 'publishedAt' | 'updatedAt'; op: '<' | '<=' | '>' | '>='; value: string }
  | { constant: boolean };

/** Which way a list of matching articles runs. */
export type ArticleOrder = { by: 'publishedAt' | 'updatedAt' | 'headline'; direction: 'asc' | 'desc' };

// Comparisons rather than bare literals: PostgreSQL wants a boolean where SQLite takes 1 or 0.
const ALWAYS = sql<SqlBool>`1 = 1`;
const NEVER = sql<SqlBool>`1 = 0`;

type ArticlesScope = ExpressionBuilder<Database, 'articles'>;

const COLUMNS = { publishedAt: 'articles.published_at', updatedAt: 'articles.updated_at', headline: 'articles.headline' } as const;

/**
 * The SQL for a condition. Relations are `IN (subquery)` tests rather than joins, so an
 * article matching a condition twice (two of its topics) is still one row.
 */
function compile(ex: Executor, eb: ArticlesScope, c: ArticleCondition): Expression<SqlBool> {
  if ('all' in c) return eb.and(c.all.map((part) => compile(ex, eb, part)));
  if ('any' in c) return eb.or(c.any.map((part) => compile(ex, eb, part)));
  if ('not' in c) return eb.not(compile(ex, eb, c.not));
  if ('constant' in c) return c.constant ? ALWAYS : NEVER;
  if ('op' in c) return eb(COLUMNS[c.field], c.op, c.value);
  // An empty list matches nothing (and `IN ()` is not valid SQL).
  if (c.in.length === 0) return NEVER;
  switch (c.field) {
    case 'id':
      return eb('articles.article_id', 'in', c.in);
    case 'slug':
      return eb('articles.slug', 'in', c.in);
    case 'section':
      return eb('articles.section_id', 'in', ex.selectFrom('sections').select('section_id').where('slug', 'in', c.in));
    case 'series':
      return eb('articles.series_id', 'in', ex.selectFrom('series').select('series_id').where('slug', 'in', c.in));
    case 'topic':
      return eb(
        'articles.article_id',
        'in',
        ex
          .selectFrom('article_topics')
          .innerJoin('topics', 'topics.topic_id', 'article_topics.topic_id')
          .select('article_topics.article_id')
          .where('topics.slug', 'in', c.in),
      );
    case 'author':
      return eb(
        'articles.article_id',
        'in',
        ex
          .selectFrom('article_authors')
          .innerJoin('authors', 'authors.author_id', 'article_authors.author_id')
          .select('article_authors.article_id')
          .where('authors.slug', 'in', c.in),
      );
  }
}

/** One page of the published articles matching `condition`, in `order`, and how many match in all. */
export async function matchingArticles(
  ex: Executor,
  condition: ArticleCondition,
  order: ArticleOrder,
  limit: number,
  offset: number,
): Promise<{ ids: string[]; total: number }> {
  const base = ex
    .selectFrom('articles')
    .where('articles.status', '=', 'published')
    .where((eb) => compile(ex, eb, condition));
  const [rows, count] = await Promise.all([
    base
      .select('articles.article_id')
      .orderBy(COLUMNS[order.by], order.direction)
      // Ties broken by id, so pages never overlap.
      .orderBy('articles.article_id')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
  ]);
  return { ids: rows.map((r) => r.article_id), total: Number(count?.n ?? 0) };
}

/** How many published articles each section, topic and author has: what a tag or author list counts. */
export async function publishedCounts(
  ex: Executor,
): Promise<{ sections: Map<string, number>; topics: Map<string, number>; authors: Map<string, number> }> {
  const [sections, topics, authors] = await Promise.all([
    ex
      .selectFrom('articles')
      .select(['section_id as id', (eb) => eb.fn.countAll().as('n')])
      .where('status', '=', 'published')
      .groupBy('section_id')
      .execute(),
    ex
      .selectFrom('article_topics')
      .innerJoin('articles', 'articles.article_id', 'article_topics.article_id')
      .select(['article_topics.topic_id as id', (eb) => eb.fn.countAll().as('n')])
      .where('articles.status', '=', 'published')
      .groupBy('article_topics.topic_id')
      .execute(),
    ex
      .selectFrom('article_authors')
      .innerJoin('articles', 'articles.article_id', 'article_authors.article_id')
      .select(['article_authors.author_id as id', (eb) => eb.fn.countAll().as('n')])
      .where('articles.status', '=', 'published')
      .groupBy('article_authors.author_id')
      .execute(),
  ]);
  const toMap = (rows: Array<{ id: string; n: unknown }>) => new Map(rows.map((r) => [r.id, Number(r.n)]));
  return { sections: toMap(sections), topics: toMap(topics), authors: toMap(authors) };
}
