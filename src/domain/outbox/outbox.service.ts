import type { Executor } from '../../db/schema.js';
import type { Clock } from '../../kernel/clock.js';
import type { DomainEvent, EventBus } from '../../kernel/events.js';
import { newId } from '../../kernel/ids.js';
import type { Logger } from '../../kernel/logger.js';
import { deleteEvents, insertEvents, pendingEvents } from './outbox.repository.js';

/**
 * One write in progress: the transaction to run every query in, and a way to record the
 * events the write causes. Service methods that join a caller's write take one as their
 * first argument; only `transaction()` makes one, so a write can never run outside it.
 */
export interface Tx {
  /** The open transaction. */
  readonly db: Executor;
  /** Records an event; it is written with the change and dispatched after commit. */
  emit(event: DomainEvent): void;
}

/** How a service writes: one transaction, its events recorded in it, dispatched after commit. */
export interface Outbox {
  /**
   * Runs `work` in one transaction. Events it records are written to the outbox in the same
   * transaction and dispatched once it commits; if the process dies in between, the next
   * start dispatches them (`dispatchPending`). On any error nothing is written.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Dispatches events left behind by a process that died after commit; returns how many. */
  dispatchPending(): Promise<number>;
}

/** How many times a transaction may fail to begin on a dropped connection before the error stands. */
const BEGIN_TRIES = 3;

export function createOutbox(deps: {
  db: Executor;
  events: EventBus;
  clock: Clock;
  log: Logger;
  /** True for errors that mean "the database could not be reached" (a connection the server ended). */
  isUnavailable?: (err: unknown) => boolean;
  /**
   * Tells other processes on the database what the transaction changed, from inside it, so
   * the news goes out with the commit (`db/change-feed.ts`); none in a process alone.
   */
  announce?: (trx: Executor, events: readonly DomainEvent[]) => Promise<void>;
}): Outbox {
  const { db, events, clock, log } = deps;

  /** Runs the listeners, then forgets the events (delivery is at least once); false if they could not be forgotten. */
  async function dispatch(rows: Array<{ event_id: string; event: DomainEvent }>): Promise<boolean> {
    for (const row of rows) await events.emit(row.event);
    try {
      await deleteEvents(
        db,
        rows.map((r) => r.event_id),
      );
      return true;
    } catch (err) {
      // The events were delivered; left in the table they are delivered once more on the next start.
      log.error({ err }, 'could not clear dispatched events from the outbox');
      return false;
    }
  }

  return {
    async transaction(work) {
      let recorded: Array<{ event_id: string; event: DomainEvent }> = [];
      let started = false;
      const attempt = () =>
        db.transaction().execute(async (trx) => {
          started = true;
          recorded = [];
          const value = await work({ db: trx, emit: (event) => recorded.push({ event_id: newId(), event }) });
          const at = clock.now().toISOString();
          await insertEvents(
            trx,
            recorded.map((r) => ({ event_id: r.event_id, type: r.event.type, payload: JSON.stringify(r.event), created_at: at })),
          );
          if (recorded.length > 0)
            await deps.announce?.(
              trx,
              recorded.map((r) => r.event),
            );
          return value;
        });
      let result;
      for (let tries = 1; ; tries++) {
        try {
          result = await attempt();
          break;
        } catch (err) {
          // Pooled connections the server ended (a restart, a failover) fail at BEGIN, before
          // any work ran: trying again on a fresh connection is safe, a few times (several
          // idle connections may have died at once). Once work has started, a retry could
          // repeat a write whose commit did land, so the error stands.
          if (started || tries >= BEGIN_TRIES || !deps.isUnavailable?.(err)) throw err;
          log.warn({ err }, 'a transaction could not begin on a dropped connection; trying again');
        }
      }
      if (recorded.length > 0) await dispatch(recorded);
      return result;
    },

    async dispatchPending() {
      let total = 0;
      for (;;) {
        const rows = await pendingEvents(db, 100);
        if (rows.length === 0) return total;
        const cleared = await dispatch(rows.map((r) => ({ event_id: r.event_id, event: JSON.parse(r.payload) as DomainEvent })));
        total += rows.length;
        // Rows that cannot be cleared would come back forever; the next start tries again.
        if (!cleared) return total;
      }
    },
  };
}
