import type { Kysely } from 'kysely';

/**
 * When a scheduled draft is due to publish, and the embargo before which it may not publish
 * by any door (the form, the command line, the job runner). Both ISO-8601 UTC text, null when unset.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('scheduled_for', 'text').execute();
  await db.schema.alterTable('articles').addColumn('embargo_until', 'text').execute();
}
