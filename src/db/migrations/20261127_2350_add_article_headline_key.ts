import type { Kysely } from 'kysely';

/** The key teaser headlines match on (case and spacing ignored), and its index. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('headline_key', 'text').execute();
  // Frozen copy of nameKey() as it was when this migration was written.
  const key = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  const rows = await db.selectFrom('articles').select(['article_id', 'headline']).execute();
  for (const row of rows) {
    await db
      .updateTable('articles')
      .set({ headline_key: key(row.headline) })
      .where('article_id', '=', row.article_id)
      .execute();
  }
  await db.schema.createIndex('articles_headline_key_idx').on('articles').column('headline_key').execute();
}
