export { createSubscriberService, subscribeSchema, NEWSLETTER_SWEEP_JOB } from './subscriber.service.js';
export type { LinkCheck, SignUpOrigin, SubscriberService, SubscriberView } from './subscriber.service.js';
export { createSubscriberAdmin } from './subscriber-admin.service.js';
export type { SubscriberAdmin, SubscriberList, SubscriberRow } from './subscriber-admin.service.js';
export { createIssueService, NEWSLETTER_START_JOB } from './issue.service.js';
export type { IssueService, IssueView, Progress } from './issue.service.js';
export { createNewsletterSender, DEFAULT_SENDER } from './sender.js';
export type { NewsletterSender, SenderSettings } from './sender.js';
export { buildEdition } from './edition-builder.js';
