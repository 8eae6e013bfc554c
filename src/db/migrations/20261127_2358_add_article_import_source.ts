import type { Kysely } from 'kysely';

/** The name of the file an article was imported from: with its headline, what marks an edited page. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('import_source', 'text').execute();
}
