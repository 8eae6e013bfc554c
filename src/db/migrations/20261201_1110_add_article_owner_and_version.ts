import type { Kysely } from 'kysely';

/**
 * Who created an article (a contributor may edit only their own drafts) and a version that
 * every save increments, so a save based on an older version is refused instead of
 * overwriting someone else's work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('created_by', 'text', (c) => c.references('staff_users.user_id').onDelete('set null'))
    .execute();
  await db.schema
    .alterTable('articles')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}
