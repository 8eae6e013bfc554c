export { createSentMailService } from './sent-mail.service.js';
export type { OutboxMessage, OutboxSummary, SentMailService } from './sent-mail.service.js';
