import { sql } from 'kysely';
import type { Executor } from './schema.js';

/**
 * SQLite's `data_version` changes when another connection (another process: the CLI, a
 * second server on the same file) commits, and never for this connection's own writes. One
 * pragma a second is all it costs.
 */
export function watchSqliteWriters(db: Executor, onChange: () => void, intervalMs: number): () => void {
  let last: number | null = null;
  let busy = false;
  const read = async () => {
    const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(db);
    return Number(rows[0]?.data_version ?? 0);
  };
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    read()
      .then((version) => {
        if (last !== null && version !== last) onChange();
        last = version;
      })
      // A failed read (the database closing) is tried again at the next tick.
      .catch(() => {})
      .finally(() => (busy = false));
  }, intervalMs);
  timer.unref();
  void read().then(
    (version) => (last ??= version),
    () => {},
  );
  return () => clearInterval(timer);
}
