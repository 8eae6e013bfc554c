import type { Kysely } from 'kysely';

/**
 * The crops of each picture (16:9 cards, square thumbnails, 1.91:1 link previews), cut around
 * its focal point. `focal_key` names the focal point they were cut for; moving it makes new
 * crops under new addresses.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media_crops')
    .addColumn('media_id', 'text', (c) => c.notNull().references('media.media_id').onDelete('cascade'))
    .addColumn('crop', 'text', (c) => c.notNull())
    .addColumn('focal_key', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_crops_pkey', ['media_id', 'crop', 'format', 'width'])
    .execute();
}
