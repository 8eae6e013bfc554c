import { sql, type Kysely } from 'kysely';

/**
 * Corrections and update notes an editor appends to a published article: shown on its page,
 * listed at /corrections, and carried in its NewsArticle JSON-LD.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_notes')
    .addColumn('note_id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('correction', 'update')`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_notes_article_idx').on('article_notes').columns(['article_id', 'created_at']).execute();
  await db.schema.createIndex('article_notes_kind_idx').on('article_notes').columns(['kind', 'created_at']).execute();
}
