import type { Kysely } from 'kysely';

/** The outlet's own pages (About, Contact, Privacy, Terms): a title and a Markdown body each, at a reserved address. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_pages')
    .addColumn('slug', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_md', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
