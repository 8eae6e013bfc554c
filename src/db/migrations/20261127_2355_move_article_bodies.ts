import { sql, type Kysely } from 'kysely';

/**
 * Article bodies move to a table of their own. Listings read many articles and never their
 * bodies; with the body inline, SQLite reads a page-sized row for every card.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('article_bodies')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.article_id').onDelete('cascade'))
    .addColumn('body_md', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into article_bodies (article_id, body_md) select article_id, body_md from articles`.execute(db);
  await db.schema.alterTable('articles').dropColumn('body_md').execute();
}
