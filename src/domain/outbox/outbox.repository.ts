import type { Executor } from '../../db/schema.js';
import type { EventOutboxTable } from './outbox.table.js';

/** Records events in the caller's transaction, so they commit or roll back with the change. */
export async function insertEvents(ex: Executor, rows: EventOutboxTable[]): Promise<void> {
  if (rows.length > 0) await ex.insertInto('event_outbox').values(rows).execute();
}

/** The oldest events not yet dispatched. */
export function pendingEvents(ex: Executor, limit: number): Promise<EventOutboxTable[]> {
  return ex.selectFrom('event_outbox').selectAll().orderBy('created_at').orderBy('event_id').limit(limit).execute();
}

/** Forgets dispatched events. */
export async function deleteEvents(ex: Executor, eventIds: string[]): Promise<void> {
  if (eventIds.length > 0) await ex.deleteFrom('event_outbox').where('event_id', 'in', eventIds).execute();
}
