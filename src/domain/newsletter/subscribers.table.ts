/** Double opt-in: pending until the address is confirmed. */
export type SubscriberStatus = 'pending' | 'confirmed' | 'unsubscribed';

export interface SubscribersTable {
  subscriber_id: string;
  /** Lower-cased address: the unique key. */
  email: string;
  status: SubscriberStatus;
  source_path: string | null;
  /** ISO-8601 UTC. */
  created_at: string;
  updated_at: string;
}
