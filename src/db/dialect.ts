import { PostgresAdapter, type Kysely } from 'kysely';

/**
 * Which database a Kysely instance talks to, for the few migrations that create storage only
 * one database has (full-text search: FTS5 on SQLite, tsvector on PostgreSQL). Everything
 * else is written once for both.
 */
export function dialectOf(db: Kysely<any>): 'sqlite' | 'postgres' {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
