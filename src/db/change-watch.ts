import type { DatabaseHandle } from './database.js';
import { watchSqliteWriters } from './sqlite-change-watch.js';

/**
 * Calls `onChange` soon after another process writes to the database, so this one can drop
 * what it keeps in memory (cached pages, the section list, site settings). Its own writes
 * are announced by the outbox; this is for the CLI's imports and other instances. Returns a
 * function that stops watching.
 *
 * SQLite: its `data_version`, read every `intervalMs`. PostgreSQL: not watched yet; there a
 * change made elsewhere shows once the caches' one-minute limit passes.
 */
export function watchOtherWriters(handle: Pick<DatabaseHandle, 'db' | 'dialect'>, onChange: () => void, intervalMs = 1000): () => void {
  if (handle.dialect === 'sqlite') return watchSqliteWriters(handle.db, onChange, intervalMs);
  return () => {};
}
