/** A domain event written in the same transaction as the change it reports, until it is dispatched. */
export interface EventOutboxTable {
  event_id: string;
  /** The event's type, e.g. article.published (also inside payload; kept apart for reading the table). */
  type: string;
  /** The whole event as JSON. */
  payload: string;
  /** ISO-8601 UTC; pending events are dispatched oldest first. */
  created_at: string;
}
