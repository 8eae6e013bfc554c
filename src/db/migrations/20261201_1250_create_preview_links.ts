import type { Kysely } from 'kysely';

/**
 * Links that show an unpublished article to someone without an account (a source checking a
 * quote, a lawyer): only the SHA-256 of the link's secret is kept; each expires and can be revoked.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('preview_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('preview_links_article_idx').on('preview_links').columns(['article_id', 'created_at']).execute();
}
