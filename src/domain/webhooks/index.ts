export { createWebhookService, signDelivery, WEBHOOK_DELIVER_JOB } from './webhook.service.js';
export type { Webhook, WebhookDelivery, WebhookService } from './webhook.service.js';
export { WEBHOOK_EVENTS } from './webhooks.table.js';
export type { WebhookEvent } from './webhooks.table.js';
export { CDN_PURGE_JOB, createCdnPurge, staleKeys } from './cdn-purge.js';
