import { sql } from 'kysely';
import type { DomainEvent } from '../kernel/events.js';
import type { ChangeFeed } from './change-feed.js';
import type { DatabaseHandle } from './database.js';

/** NOTIFY's payload must stay under 8,000 bytes; a bigger batch is sent as "drop everything". */
const MAX_PAYLOAD = 7000;

interface Notice {
  origin: string;
  /** Absent when the events did not fit: listeners forget everything. */
  events?: readonly DomainEvent[];
}

/**
 * NOTIFY inside the writer's transaction: PostgreSQL delivers it when (and only if) the
 * transaction commits. The channel is named for the schema, so outlets (and test runs)
 * sharing one database never hear each other.
 */
export function postgresChangeFeed(deps: { listen: NonNullable<DatabaseHandle['listen']>; schema: string; origin: string }): ChangeFeed {
  const channel = `despatch_changes:${deps.schema}`;
  return {
    async announce(trx, events) {
      if (events.length === 0) return;
      let payload = JSON.stringify({ origin: deps.origin, events } satisfies Notice);
      if (Buffer.byteLength(payload) > MAX_PAYLOAD) payload = JSON.stringify({ origin: deps.origin } satisfies Notice);
      await sql`select pg_notify(${channel}, ${payload})`.execute(trx);
    },

    listen(handlers) {
      return deps.listen(
        channel,
        (payload) => {
          let notice: Notice;
          try {
            notice = JSON.parse(payload) as Notice;
          } catch {
            return handlers.onLost(); // not ours to read: safest to start afresh
          }
          if (notice.origin === deps.origin) return;
          if (notice.events) handlers.onEvents(notice.events);
          else handlers.onLost();
        },
        handlers.onLost,
      );
    },
  };
}
