import type { Config } from '../config.js';
import type { Mailer } from './mailer.js';
import { createOutboxMailer } from './outbox-mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

export { domainOf, MailNotSent } from './mailer.js';
export type { Mail, Mailer, Sent } from './mailer.js';
export { createSmtpMailer } from './smtp-mailer.js';
export { createOutboxMailer, listOutbox, readOutboxFile } from './outbox-mailer.js';
export type { OutboxFile } from './outbox-mailer.js';

/** The mailer the settings ask for: the SMTP server when SMTP_URL is set, else the outbox folder. */
export function mailerFor(config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailOutboxDir'>): Mailer {
  return config.smtpUrl
    ? createSmtpMailer({ url: config.smtpUrl, from: config.mailFrom })
    : createOutboxMailer({ dir: config.mailOutboxDir, from: config.mailFrom });
}
