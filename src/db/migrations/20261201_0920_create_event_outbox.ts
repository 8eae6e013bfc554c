import type { Kysely } from 'kysely';

/** Domain events written with the change they report and dispatched after commit, so a crash loses none. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_outbox')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_outbox_created_idx').on('event_outbox').columns(['created_at', 'event_id']).execute();
}
