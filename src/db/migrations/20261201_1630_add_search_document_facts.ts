import { sql, type Kysely } from 'kysely';

/**
 * What a search filters and orders by, kept beside each search document (status, section,
 * series, publication and change times), so that a search reads no article row per match:
 * on a large archive a common word's matches number tens of thousands. Filled from the
 * articles here; kept in step by the index from then on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // One column per statement: SQLite adds columns one at a time.
  await db.schema
    .alterTable('search_documents')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .execute();
  await db.schema.alterTable('search_documents').addColumn('section_id', 'text').execute();
  await db.schema.alterTable('search_documents').addColumn('series_id', 'text').execute();
  await db.schema.alterTable('search_documents').addColumn('published_at', 'text').execute();
  await db.schema.alterTable('search_documents').addColumn('updated_at', 'text').execute();
  await sql`update search_documents set
      status = coalesce((select a.status from articles a where a.article_id = search_documents.article_id), 'draft'),
      section_id = (select a.section_id from articles a where a.article_id = search_documents.article_id),
      series_id = (select a.series_id from articles a where a.article_id = search_documents.article_id),
      published_at = (select a.published_at from articles a where a.article_id = search_documents.article_id),
      updated_at = (select a.updated_at from articles a where a.article_id = search_documents.article_id)`.execute(db);
}
