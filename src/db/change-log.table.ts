import type { Generated } from 'kysely';

/**
 * SQLite only: what each committed write changed, for the other processes on the same file
 * (the CLI, a second server) to read. PostgreSQL sends the same through NOTIFY instead.
 */
export interface ChangeLogTable {
  /** Rising with each commit; SQLite's writers take turns, so committed ids have no gaps. */
  id: Generated<number>;
  /** The process that wrote it (it skips its own). */
  origin: string;
  /** The domain events of one transaction, as a JSON array. */
  events: string;
  /** ISO-8601 UTC; rows older than an hour are pruned. */
  created_at: string;
}
