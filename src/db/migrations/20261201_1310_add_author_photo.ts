import type { Kysely } from 'kysely';

/** An author's photograph (its address; the media library fills it), shown on their profile. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('authors').addColumn('photo_url', 'text').execute();
}
