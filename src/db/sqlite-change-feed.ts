import { sql } from 'kysely';
import type { DomainEvent } from '../kernel/events.js';
import type { ChangeFeed } from './change-feed.js';
import type { Executor } from './schema.js';

/** Rows older than this are pruned; a process that slept longer starts afresh. */
const KEEP_MS = 3600_000;
/** Prune once in this many announcements: a cheap indexed delete, rarely. */
const PRUNE_EVERY = 200;

/**
 * The change log on one SQLite file. Listening costs one `pragma data_version` a tick: it
 * changes only when another connection commits, and only then are the log's new rows read.
 * Committed ids have no gaps (SQLite's writers take turns), so a gap means rows were pruned
 * before they were read, and the listener is told it lost some.
 */
export function sqliteChangeFeed(db: Executor, origin: string, pollMs: number): ChangeFeed {
  let announced = 0;
  return {
    async announce(trx, events) {
      if (events.length === 0) return;
      const now = new Date();
      await trx
        .insertInto('change_log')
        .values({ origin, events: JSON.stringify(events), created_at: now.toISOString() })
        .execute();
      if (++announced % PRUNE_EVERY === 0)
        await trx
          .deleteFrom('change_log')
          .where('created_at', '<', new Date(now.getTime() - KEEP_MS).toISOString())
          .execute();
    },

    async listen(handlers) {
      const version = async () => Number((await sql<{ data_version: number }>`pragma data_version`.execute(db)).rows[0]?.data_version ?? 0);
      const newest = async () =>
        (
          await db
            .selectFrom('change_log')
            .select((eb) => eb.fn.max('id').as('id'))
            .executeTakeFirst()
        )?.id ?? 0;
      let seenVersion = await version();
      let last = Number(await newest());
      let busy = false;
      const tick = async () => {
        const v = await version();
        if (v === seenVersion) return;
        seenVersion = v;
        const rows = await db.selectFrom('change_log').select(['id', 'origin', 'events']).where('id', '>', last).orderBy('id').execute();
        if (rows.length === 0) return; // a write that changed nothing kept in memory (a session, a job)
        const gap = rows[0]!.id !== last + 1;
        last = rows[rows.length - 1]!.id;
        if (gap) return handlers.onLost();
        const events = rows.filter((r) => r.origin !== origin).flatMap((r) => JSON.parse(r.events) as DomainEvent[]);
        if (events.length > 0) handlers.onEvents(events);
      };
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        tick()
          // A failed read is tried again at the next tick; a closed database is not read again.
          .catch((err: unknown) => {
            if (err instanceof Error && /destroyed/.test(err.message)) clearInterval(timer);
          })
          .finally(() => (busy = false));
      }, pollMs);
      timer.unref();
      return async () => clearInterval(timer);
    },
  };
}
