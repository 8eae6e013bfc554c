import type { Kysely } from 'kysely';

/** How readers reach a writer: a public email address and an X handle (without the @); empty when not given. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('authors')
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('authors')
    .addColumn('x_handle', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}
