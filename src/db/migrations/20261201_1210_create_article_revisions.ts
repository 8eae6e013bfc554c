import type { Kysely } from 'kysely';

/**
 * Every saved state of an article once it has been in review or published: a JSON snapshot of
 * what the editor can change (headline, standfirst, body, topics …), one per version, so any
 * two can be compared and any one restored.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_revisions')
    .addColumn('revision_id', 'text', (c) => c.primaryKey())
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.article_id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_label', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_revisions_version_key', ['article_id', 'version'])
    .execute();
}
