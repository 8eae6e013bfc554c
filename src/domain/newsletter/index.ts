export { createSubscriberService, subscribeSchema, NEWSLETTER_SWEEP_JOB } from './subscriber.service.js';
export type { LinkCheck, SignUpOrigin, SubscriberService, SubscriberView } from './subscriber.service.js';
export { createSubscriberAdmin } from './subscriber-admin.service.js';
export type { SubscriberAdmin, SubscriberList, SubscriberRow } from './subscriber-admin.service.js';
