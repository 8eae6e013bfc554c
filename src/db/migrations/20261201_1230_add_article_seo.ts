import type { Kysely } from 'kysely';

/** A title and description for search results and link previews, when they should differ from the headline and standfirst. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('seo_title', 'text').execute();
  await db.schema.alterTable('articles').addColumn('seo_description', 'text').execute();
}
