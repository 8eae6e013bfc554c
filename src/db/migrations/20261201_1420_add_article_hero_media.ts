import type { Kysely } from 'kysely';

/** An article's hero picture from the media library (the older hero address columns stay for imported pages). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('hero_media_id', 'text', (c) => c.references('media.media_id'))
    .execute();
}
