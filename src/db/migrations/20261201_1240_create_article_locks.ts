import type { Kysely } from 'kysely';

/**
 * Who has an article open in the editor, until when: a soft lock, so others see "being edited
 * by …". It never blocks a save (versions do that); it lapses on its own if a browser vanishes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_locks')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.article_id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('staff_users.user_id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
