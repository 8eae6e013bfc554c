import type { Kysely } from 'kysely';

/**
 * Which articles use which pictures, and how (as the hero, or inside the body): rewritten
 * with each save, so a picture in use can never be deleted from under an article.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_media')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.media_id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_media_pkey', ['article_id', 'media_id', 'role'])
    .execute();
  await db.schema.createIndex('article_media_media_idx').on('article_media').column('media_id').execute();
}
