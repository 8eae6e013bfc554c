import { sql, type Kysely } from 'kysely';

/**
 * Whether a topic's bare surname or acronym alone names it in a text ("Putin", "NATO"), for
 * topic suggestions. An integer 0/1 rather than a boolean, so both databases hand back the same
 * JavaScript type; every topic starts as not distinctive.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('topics')
    .addColumn('distinctive', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`distinctive in (0, 1)`),
    )
    .execute();
}
