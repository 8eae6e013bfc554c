import type { Kysely } from 'kysely';

/** An author's photograph from the media library (shown as its square crop); the older address column stays. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('authors')
    .addColumn('photo_media_id', 'text', (c) => c.references('media.media_id'))
    .execute();
}
