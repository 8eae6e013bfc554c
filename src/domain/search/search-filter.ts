import { sql, type RawBuilder } from 'kysely';
import type { SearchFilter, SearchScope } from './search-index.js';

/**
 * The conditions on `search_documents d` that a search's filter and scope add, in SQL both
 * databases read alike (relations as `IN` subqueries over slugs), for both implementations.
 * Status, section, series and times are the document's own copies, so a match costs no
 * article read.
 */
export function filterConditions(filter: SearchFilter, scope: SearchScope): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (scope === 'published') where.push(sql`d.status = 'published'`);
  if (filter.section) where.push(sql`d.section_id in (select section_id from sections where slug = ${filter.section})`);
  if (filter.series) where.push(sql`d.series_id in (select series_id from series where slug = ${filter.series})`);
  if (filter.topic)
    where.push(
      sql`d.article_id in (select at.article_id from article_topics at join topics t on t.topic_id = at.topic_id where t.slug = ${filter.topic})`,
    );
  if (filter.author)
    where.push(
      sql`d.article_id in (select aa.article_id from article_authors aa join authors au on au.author_id = aa.author_id where au.slug = ${filter.author})`,
    );
  if (filter.since) where.push(sql`d.published_at >= ${filter.since}`);
  if (filter.until) where.push(sql`d.published_at < ${filter.until}`);
  return where;
}

/** `and c1 and c2 …`, or nothing. */
export const andAll = (conditions: RawBuilder<unknown>[]): RawBuilder<unknown> =>
  conditions.length === 0 ? sql`` : sql` and ${sql.join(conditions, sql` and `)}`;

/**
 * Newest first, drafts (no publication time) by their last change: PostgreSQL's
 * `search_documents_newest_idx`. Compared byte by byte ("C"), as ISO times and ids sort the
 * same either way and the database's language collation makes every comparison many times slower.
 */
export const RECENCY = sql`coalesce(d.published_at, d.updated_at) collate "C" desc, d.article_id collate "C"`;
