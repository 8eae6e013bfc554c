import type { DomainEvent } from '../kernel/events.js';
import type { DatabaseHandle } from './database.js';
import type { Executor } from './schema.js';
import { postgresChangeFeed } from './postgres-change-feed.js';
import { sqliteChangeFeed } from './sqlite-change-feed.js';

/** What a listener hears: others' events, or that some may have been missed. */
export interface ChangeHandlers {
  /** Events another process committed (never this process's own). */
  onEvents(events: readonly DomainEvent[]): void;
  /** News may have been missed (a dropped connection, a pruned log): forget everything kept. */
  onLost(): void;
}

/**
 * How processes sharing one database tell each other what changed, so each can purge what
 * it keeps in memory (rendered pages, the section list, settings) by what changed. The
 * writer announces inside its transaction, so the news goes out exactly when the change
 * commits, and never for a change rolled back.
 *
 * PostgreSQL: NOTIFY (delivered at commit) and LISTEN on a connection of its own.
 * SQLite: a `change_log` row; the others read `data_version` a few times a second and, when
 * another connection has committed, the rows after the last they saw.
 */
export interface ChangeFeed {
  /** Records, in the writer's transaction `trx`, the events it caused. */
  announce(trx: Executor, events: readonly DomainEvent[]): Promise<void>;
  /** Starts hearing other processes' changes; resolves with a function that stops. */
  listen(handlers: ChangeHandlers): Promise<() => Promise<void>>;
}

export interface ChangeFeedOptions {
  /** This process's name in the feed (its own news is skipped). */
  origin: string;
  /** SQLite: how often `data_version` is read (default 250 ms). */
  pollMs?: number;
}

/** The one place that picks the change feed for the open database. */
export function createChangeFeed(
  handle: Pick<DatabaseHandle, 'db' | 'dialect' | 'listen' | 'migrationSchema'>,
  options: ChangeFeedOptions,
): ChangeFeed {
  if (handle.dialect === 'postgres') {
    if (!handle.listen) throw new Error('a PostgreSQL handle can listen');
    return postgresChangeFeed({ listen: handle.listen, schema: handle.migrationSchema ?? 'public', origin: options.origin });
  }
  return sqliteChangeFeed(handle.db, options.origin, options.pollMs ?? 250);
}
