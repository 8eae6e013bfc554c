import type { Kysely } from 'kysely';

/** Where a series is watched ("Watch on YouTube", "Forces TV"): a JSON list of {name, url}, empty by default. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('series')
    .addColumn('channels', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
