import type { Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * The change log other processes on one SQLite file read to purge what they keep in memory.
 * PostgreSQL needs no table: the same news travels by NOTIFY, committed with the write.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  await db.schema
    .createTable('change_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}
