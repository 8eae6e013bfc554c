export { createOutbox } from './outbox.service.js';
export type { Outbox, Tx } from './outbox.service.js';
