import type { Kysely } from 'kysely';

/** Each published article's "More stories", worked out when it (or a neighbour) is published, not per page view. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('related_articles')
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('related_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('score', 'real', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_articles_pk', ['article_id', 'position'])
    .execute();
  // Unpublishing an article drops it from every list that names it.
  await db.schema.createIndex('related_articles_related_idx').on('related_articles').column('related_id').execute();
}
