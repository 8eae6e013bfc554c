import type { Config } from '../config.js';
import type { Mailer } from './mailer.js';
import { createOutboxMailer } from './outbox-mailer.js';
import { createSmtpMailer } from './smtp-mailer.js';

export { domainOf, MailNotSent } from './mailer.js';
export type { Mail, Mailer, Sent } from './mailer.js';
export { createSmtpMailer } from './smtp-mailer.js';
export { createOutboxMailer, listOutbox, readOutboxFile } from './outbox-mailer.js';
export type { OutboxFile } from './outbox-mailer.js';

/**
 * The mailer the settings ask for: the SMTP server when SMTP_URL is set, else the outbox
 * folder; either signs with DKIM when the DKIM settings are given.
 */
export function mailerFor(
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'mailOutboxDir'> & Partial<Pick<Config, 'dkim' | 'newsletterConnections'>>,
): Mailer {
  const dkim = config.dkim ?? null;
  return config.smtpUrl
    ? createSmtpMailer({
        url: config.smtpUrl,
        from: config.mailFrom,
        dkim,
        ...(config.newsletterConnections ? { connections: config.newsletterConnections } : {}),
      })
    : createOutboxMailer({ dir: config.mailOutboxDir, from: config.mailFrom, dkim });
}
