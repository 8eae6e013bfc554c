import type { Kysely } from 'kysely';

/** "Teaser" is the one name for a headline under "More stories" (docs/GLOSSARY.md); the table takes it. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('related_headlines').renameTo('article_teasers').execute();
}
