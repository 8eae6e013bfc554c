import type { Executor } from '../../db/schema.js';
import type { SearchDocument } from './search-index.js';

/**
 * Markdown as the words a reader sees: pictures dropped, links as their text, marks and
 * block syntax removed. Only for indexing: what a search matches, not what a page shows.
 */
export function markdownText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The documents of some articles (any status): their words by field, ready for the index. */
export async function documentsOf(ex: Executor, articleIds: string[]): Promise<SearchDocument[]> {
  if (articleIds.length === 0) return [];
  const [rows, topics] = await Promise.all([
    ex
      .selectFrom('articles')
      .innerJoin('article_bodies', 'article_bodies.article_id', 'articles.article_id')
      .innerJoin('sections', 'sections.section_id', 'articles.section_id')
      .select([
        'articles.article_id',
        'articles.headline',
        'articles.standfirst',
        'article_bodies.body_md',
        'sections.name as section',
        'articles.status',
        'articles.section_id',
        'articles.series_id',
        'articles.published_at',
        'articles.updated_at',
      ])
      .where('articles.article_id', 'in', articleIds)
      .execute(),
    ex
      .selectFrom('article_topics')
      .innerJoin('topics', 'topics.topic_id', 'article_topics.topic_id')
      .select(['article_topics.article_id', 'topics.name'])
      .where('article_topics.article_id', 'in', articleIds)
      .execute(),
  ]);
  return rows.map((r) => ({
    articleId: r.article_id,
    headline: r.headline,
    standfirst: r.standfirst,
    topics: [r.section, ...topics.filter((t) => t.article_id === r.article_id).map((t) => t.name)].join(' '),
    body: markdownText(r.body_md),
    status: r.status,
    sectionId: r.section_id,
    seriesId: r.series_id,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
  }));
}

/** Article ids in id order after `after`, `limit` at a time: a rebuild's batches. */
export async function articleIdsAfter(ex: Executor, after: string, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('articles')
    .select('article_id')
    .where('article_id', '>', after)
    .orderBy('article_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.article_id);
}

/** The articles a topic or section names (their documents hold its name). */
export async function articlesNaming(ex: Executor, ref: { topicId: string } | { sectionId: string }): Promise<string[]> {
  const rows =
    'topicId' in ref
      ? await ex.selectFrom('article_topics').select('article_id').where('topic_id', '=', ref.topicId).execute()
      : await ex.selectFrom('articles').select('article_id').where('section_id', '=', ref.sectionId).execute();
  return rows.map((r) => r.article_id);
}

/** How many articles exist (any status). */
export async function countArticles(ex: Executor): Promise<number> {
  const row = await ex
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
