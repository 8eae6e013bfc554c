/** The events a webhook may ask for. */
export const WEBHOOK_EVENTS = ['article.published', 'article.updated', 'article.unpublished'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export interface WebhooksTable {
  webhook_id: string;
  url: string;
  /** JSON array of WebhookEvent. */
  events: string;
  /** The HMAC key deliveries are signed with; shown to admins, never logged. */
  secret: string;
  created_at: string;
  created_by: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  delivery_id: string;
  webhook_id: string;
  event: WebhookEvent;
  /** The exact body sent, the same on every attempt (so its signature checks out each time). */
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  last_status: number | null;
  /** The start of the last answer (2 KB at most). */
  last_response: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}
