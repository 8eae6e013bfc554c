import { sql, type Kysely } from 'kysely';

/**
 * Where an unpublished article is in the newsroom: being written, in review, or scheduled.
 * A column beside the public status rather than new status values: the reader site only ever
 * asks "published or not", and SQLite cannot change a CHECK constraint inside a migration's
 * transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('stage', 'text', (c) =>
      c
        .notNull()
        .defaultTo('writing')
        .check(sql`stage in ('writing', 'in_review', 'scheduled')`),
    )
    .execute();
  await db.schema.alterTable('articles').addColumn('review_note', 'text').execute();
}
