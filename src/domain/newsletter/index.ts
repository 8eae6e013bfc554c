export { createSubscriberService, subscribeSchema } from './subscriber.service.js';
export type { SubscriberService } from './subscriber.service.js';
